// What a user types for a kind (`po`, `deployments`, `Deployment`, `deployment.apps`, `widgets`)
// resolved as kubectl does: built-in kinds first, then the custom kinds the cluster's CRDs serve.
// Also the kubectl-like "not found" errors that name what does exist.

import { ShipshapeError } from '../../lib/k8s/errors.ts';
import { resolveKindName } from '../../lib/k8s/kinds.ts';
import type { ApiServer } from '../../lib/sim/api/api-server.ts';
import type { ResourceInfo } from '../../lib/sim/api/resources.ts';

/** The served kind `name` means. @throws ShipshapeError `the server doesn't have a resource type "foo"` */
export function resolveServedKind(api: ApiServer, name: string): ResourceInfo {
  const builtin = resolveKindName(name);
  if (builtin) return api.resources.findKind(builtin.apiVersion, builtin.kind);
  const lower = name.toLowerCase();
  const dot = lower.indexOf('.');
  const base = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? undefined : lower.slice(dot + 1);
  const custom = api.servedKinds().filter((r) => r.custom && (group === undefined || r.group === group));
  const found =
    custom.find((r) => r.plural === base || r.singular === base || r.shortNames.includes(base)) ?? custom.find((r) => r.kind.toLowerCase() === base);
  if (found) return found;
  throw new ShipshapeError(`the server doesn't have a resource type "${name}"`, { hint: 'kinds are named as kubectl names them: pods, po, deployments, deploy, deployment.apps, nodes, svc, …' });
}

/** `deployments.apps`, `pods`: the resource as kubectl names it in messages. */
export function qualifiedResource(info: ResourceInfo): string {
  return info.group === '' ? info.plural : `${info.plural}.${info.group}`;
}

/** `deployment.apps/web`, `pod/web-1`: the `-o name` form. */
export function formatObjectName(info: ResourceInfo, name: string): string {
  const kind = info.kind.toLowerCase();
  return `${info.group === '' ? kind : `${kind}.${info.group}`}/${name}`;
}

/** `a, b, c` (at most 10, then how many in all), or `none`. */
export function listNames(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  return names.length > 10 ? `${names.slice(0, 10).join(', ')}, … (${names.length} in all)` : names.join(', ');
}

/** `pods "web" not found in namespace "shop"; pods there: a, b`, or for cluster kinds `nodes "node-9" not found; nodes: node-1, node-2`. */
export function notFoundError(api: ApiServer, info: ResourceInfo, name: string, namespace: string | undefined): ShipshapeError {
  const names = api
    .list({ apiVersion: info.apiVersion, kind: info.kind, namespace })
    .items.map((o) => o.metadata.name ?? '')
    .sort();
  const resource = qualifiedResource(info);
  if (info.namespaced) return new ShipshapeError(`${resource} "${name}" not found in namespace "${namespace}"; ${info.plural} there: ${listNames(names)}`);
  return new ShipshapeError(`${resource} "${name}" not found; ${info.plural}: ${listNames(names)}`);
}
