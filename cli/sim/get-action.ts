// What `shipshape sim get KIND [NAME]` does: resolve the kind as kubectl does, read one object
// or list them (namespace, -A, -l), and print the server's Table as text, or YAML, JSON or names
// like `kubectl get -o`. An empty list says `No resources found in <ns> namespace.` on stderr.

import type { KubeObject } from '../../lib/k8s/types.ts';
import { toYaml } from '../../lib/k8s/yaml.ts';
import type { ApiServer } from '../../lib/sim/api/api-server.ts';
import type { ResourceInfo } from '../../lib/sim/api/resources.ts';
import { toTable } from '../../lib/sim/printers/registry.ts';
import { renderTable } from '../../lib/sim/printers/render-table.ts';
import { UsageError } from '../errors.ts';
import type { CliIo } from '../output.ts';
import { formatObjectName, notFoundError, resolveServedKind } from './resolve-kind.ts';
import { type SimOptions, withSimCluster } from './session.ts';

/** `-o` values of `sim get`. */
export const GET_OUTPUTS = ['wide', 'yaml', 'json', 'name'] as const;

/** Everything `sim get` was asked to do. */
export interface GetRequest extends SimOptions {
  readonly kind: string;
  readonly name?: string | undefined;
  readonly namespace?: string | undefined;
  readonly allNamespaces?: boolean | undefined;
  readonly output?: (typeof GET_OUTPUTS)[number] | undefined;
  readonly selector?: string | undefined;
  readonly showLabels?: boolean | undefined;
  readonly noHeaders?: boolean | undefined;
  /** Keep metadata.managedFields in YAML and JSON output. @default false */
  readonly showManagedFields?: boolean | undefined;
}

/** Sorts keys deeply, as kubectl's printers marshal objects. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
  return out;
}

/** Splits `deploy/web` into kind and name; a NAME argument beside it is a usage error. */
export function splitKindArgument(kind: string, name: string | undefined): { kind: string; name: string | undefined } {
  const slash = kind.indexOf('/');
  if (slash < 0) return { kind, name };
  if (name !== undefined) throw new UsageError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'shipshape sim get resource/<resource_name>' instead of 'shipshape sim get resource resource/<resource_name>')`);
  return { kind: kind.slice(0, slash), name: kind.slice(slash + 1) };
}

function readObjects(api: ApiServer, info: ResourceInfo, request: GetRequest, namespace: string | undefined, name: string | undefined): { items: KubeObject[]; resourceVersion: string } {
  if (name !== undefined) {
    const obj = api.tryGet({ apiVersion: info.apiVersion, kind: info.kind, namespace, name });
    if (!obj) throw notFoundError(api, info, name, namespace);
    return { items: [obj], resourceVersion: obj.metadata.resourceVersion ?? '' };
  }
  const list = api.list({ apiVersion: info.apiVersion, kind: info.kind, namespace, labelSelector: request.selector });
  return { items: list.items, resourceVersion: list.metadata.resourceVersion };
}

function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata.managedFields) return obj;
  const { managedFields: _, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

function formatObjects(objects: readonly KubeObject[], single: boolean, format: 'yaml' | 'json', showManagedFields: boolean): string {
  const items = showManagedFields ? objects : objects.map(withoutManagedFields);
  const value = sortKeysDeep(single ? items[0] : { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
  return format === 'json' ? `${JSON.stringify(value, null, 4)}\n` : toYaml(value);
}

/** Runs `shipshape sim get`. */
export async function runGet(request: GetRequest, io: CliIo): Promise<void> {
  const { kind, name } = splitKindArgument(request.kind, request.name);
  await withSimCluster(request, io, { command: 'get', settle: 'read' }, (cluster) => {
    const api = cluster.api;
    const info = resolveServedKind(api, kind);
    const allNamespaces = info.namespaced && request.allNamespaces === true && name === undefined;
    const namespace = !info.namespaced || allNamespaces ? undefined : (request.namespace ?? 'default');
    const { items, resourceVersion } = readObjects(api, info, request, namespace, name);
    if (items.length === 0) {
      io.stderr(namespace === undefined ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
      return;
    }
    switch (request.output) {
      case 'yaml':
      case 'json':
        io.stdout(formatObjects(items, name !== undefined, request.output, request.showManagedFields === true));
        return;
      case 'name':
        io.stdout(items.map((o) => `${formatObjectName(info, o.metadata.name ?? '')}\n`).join(''));
        return;
      default: {
        const table = toTable(info, items, { resourceVersion }, 'Metadata', cluster.clock.nowMillis(), { crds: api });
        io.stdout(renderTable(table, { wide: request.output === 'wide', showNamespace: allNamespaces, showLabels: request.showLabels === true, noHeaders: request.noHeaders === true }));
      }
    }
  });
}
