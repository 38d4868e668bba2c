// Kubernetes API paths, parsed: `/api/v1/namespaces/ns/pods/name/log`,
// `/apis/apps/v1/deployments`, discovery and OpenAPI paths. Only parsing here; what to do
// with a route is the handlers' business.

/** A resource request: which kind (by plural), where, and which verb-ish target. */
export interface ResourceRoute {
  readonly type: 'resource';
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  /** Set for namespaced paths (`/namespaces/{ns}/…`). */
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
  readonly subresource?: string | undefined;
}

/** A non-resource path. */
export type InfoRoute =
  | { readonly type: 'version' }
  | { readonly type: 'api-versions' }
  | { readonly type: 'api-groups' }
  | { readonly type: 'group-version'; readonly group: string; readonly version: string }
  | { readonly type: 'group'; readonly group: string }
  | { readonly type: 'openapi-v3-root' }
  | { readonly type: 'openapi-v3'; readonly group: string; readonly version: string }
  | { readonly type: 'openapi-v2' }
  | { readonly type: 'health'; readonly check: string };

export type Route = ResourceRoute | InfoRoute;

/** Parses a request path (without the query); undefined for paths the server does not serve. */
export function parseRoute(pathname: string): Route | undefined {
  const parts: string[] = [];
  for (const p of pathname.split('/')) if (p !== '') parts.push(p.includes('%') ? decodeURIComponent(p) : p);
  if (parts.length === 0) return undefined;
  const [head, ...rest] = parts as [string, ...string[]];
  if (head === 'version' && rest.length === 0) return { type: 'version' };
  if ((head === 'healthz' || head === 'readyz' || head === 'livez') && rest.length <= 1) return { type: 'health', check: head };
  if (head === 'openapi') {
    if (rest[0] === 'v2' && rest.length === 1) return { type: 'openapi-v2' };
    if (rest[0] === 'v3' && rest.length === 1) return { type: 'openapi-v3-root' };
    if (rest[0] === 'v3' && rest[1] === 'api' && rest.length === 3) return { type: 'openapi-v3', group: '', version: rest[2]! };
    if (rest[0] === 'v3' && rest[1] === 'apis' && rest.length === 4) return { type: 'openapi-v3', group: rest[2]!, version: rest[3]! };
    return undefined;
  }
  if (head === 'api') {
    if (rest.length === 0) return { type: 'api-versions' };
    const [version, ...tail] = rest as [string, ...string[]];
    if (tail.length === 0) return { type: 'group-version', group: '', version };
    return resourceRoute('', version, tail);
  }
  if (head === 'apis') {
    if (rest.length === 0) return { type: 'api-groups' };
    if (rest.length === 1) return { type: 'group', group: rest[0]! };
    const [group, version, ...tail] = rest as [string, string, ...string[]];
    if (tail.length === 0) return { type: 'group-version', group, version };
    return resourceRoute(group, version, tail);
  }
  return undefined;
}

function resourceRoute(group: string, version: string, tail: string[]): ResourceRoute | undefined {
  // namespaces/{ns}/{plural}[/{name}[/{sub}]] — but `namespaces/{name}[/{sub}]` is the Namespace itself.
  // The Namespace's own subresources look like a namespaced collection: tell them apart.
  if (tail[0] === 'namespaces' && tail.length === 3 && (tail[2] === 'status' || tail[2] === 'finalize')) {
    return { type: 'resource', group, version, plural: 'namespaces', name: tail[1], subresource: tail[2] };
  }
  if (tail[0] === 'namespaces' && tail.length >= 3) {
    const [, namespace, plural, name, subresource, ...extra] = tail;
    if (extra.length > 0) return undefined;
    return { type: 'resource', group, version, plural: plural!, namespace, name, subresource };
  }
  const [plural, name, subresource, ...extra] = tail;
  if (extra.length > 0 || !plural) return undefined;
  return { type: 'resource', group, version, plural, name, subresource };
}
