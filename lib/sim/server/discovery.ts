// Discovery as kubectl and client-node read it (kube-api-compat.md §3): legacy APIVersions,
// APIGroupList and per-version APIResourceLists, and the aggregated APIGroupDiscoveryList
// (whose exact Content-Type kubectl requires). Built from the resources the server serves now.

import type { ResourceInfo } from '../api/resources.ts';

/** The Content-Type kubectl requires on aggregated discovery. */
export const AGGREGATED_DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface Subresource {
  name: string;
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

function subresourcesOf(r: ResourceInfo): Subresource[] {
  const out: Subresource[] = [];
  if (r.hasStatus) out.push({ name: 'status', kind: r.kind, verbs: ['get', 'patch', 'update'] });
  if (r.scale) out.push({ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] });
  if (r.kind === 'Pod' && r.group === '') {
    out.push({ name: 'log', kind: 'Pod', verbs: ['get'] });
    out.push({ name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] });
    out.push({ name: 'binding', kind: 'Binding', verbs: ['create'] });
  }
  return out;
}

function groupVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** Groups and their versions, in preference order (first served version preferred). */
function groupsOf(resources: readonly ResourceInfo[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of resources) {
    const versions = groups.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    groups.set(r.group, versions);
  }
  // Prefer v2 over v1 for autoscaling, as a real server does (autoscaling/v2 is preferred).
  const auto = groups.get('autoscaling');
  if (auto) auto.sort((a, b) => b.localeCompare(a));
  return groups;
}

/** `GET /api` (legacy). */
export function apiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** `GET /apis` (legacy). */
export function apiGroupList(resources: readonly ResourceInfo[]): unknown {
  const groups = [...groupsOf(resources)].filter(([g]) => g !== '');
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map(([name, versions]) => ({
      name,
      versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
    })),
  };
}

/** `GET /apis/<group>` (legacy), or undefined for an unknown group. */
export function apiGroup(resources: readonly ResourceInfo[], group: string): unknown {
  const versions = groupsOf(resources).get(group);
  if (!versions) return undefined;
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: group,
    versions: versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${group}/${versions[0]}`, version: versions[0] },
  };
}

/** `GET /api/v1` or `/apis/<g>/<v>`: an APIResourceList, or undefined when not served. */
export function apiResourceList(resources: readonly ResourceInfo[], group: string, version: string): unknown {
  const served = resources.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  const list: unknown[] = [];
  for (const r of served) {
    list.push({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: VERBS,
      ...(r.shortNames.length > 0 ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length > 0 ? { categories: r.categories } : {}),
    });
    for (const sub of subresourcesOf(r)) {
      list.push({
        name: `${r.plural}/${sub.name}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(sub.group !== undefined ? { group: sub.group, version: sub.version } : {}),
        kind: sub.kind,
        verbs: sub.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources: list };
}

/** Aggregated discovery for `/api` (core) or `/apis` (every other group). */
export function aggregatedDiscovery(resources: readonly ResourceInfo[], core: boolean): unknown {
  const groups = [...groupsOf(resources)].filter(([g]) => (core ? g === '' : g !== ''));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map(([group, versions]) => ({
      metadata: { name: group },
      versions: versions.map((version) => ({
        version,
        freshness: 'Current',
        resources: resources
          .filter((r) => r.group === group && r.version === version)
          .map((r) => ({
            resource: r.plural,
            responseKind: { group, version, kind: r.kind },
            scope: r.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: r.singular,
            verbs: VERBS,
            ...(r.shortNames.length > 0 ? { shortNames: r.shortNames } : {}),
            ...(r.categories.length > 0 ? { categories: r.categories } : {}),
            ...(subresourcesOf(r).length > 0
              ? {
                  subresources: subresourcesOf(r).map((s) => ({
                    subresource: s.name,
                    responseKind: { group: s.group ?? group, version: s.version ?? version, kind: s.kind },
                    verbs: s.verbs,
                  })),
                }
              : {}),
          })),
      })),
    })),
  };
}

/** True when an Accept header asks for aggregated discovery. */
export function wantsAggregated(accept: string | undefined): boolean {
  return !!accept && accept.includes('as=APIGroupDiscoveryList');
}
