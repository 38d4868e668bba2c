// Which Ingress backend a request reaches, per the Ingress spec as ingress-nginx applies it: the
// rules of the exact host, else of a matching wildcard host (`*.example.com`, one label), else the
// host-less rules; then the longest matching path (Exact wins a tie with Prefix; Prefix matches
// whole path elements; ImplementationSpecific is a plain prefix); then the default backend.

import type { KubeObject } from '../../k8s/types.ts';

type Obj = Record<string, any>;

/** The backend a request goes to. */
export interface IngressRoute {
  readonly ingress: KubeObject;
  readonly serviceName: string;
  /** The Service port, by number or by name. */
  readonly port: { readonly number?: number; readonly name?: string };
  /** The matched rule path, or undefined for a default backend. */
  readonly path: string | undefined;
}

/** No backend for the request; `reason` is a sentence for the error message. */
export interface NoRoute {
  readonly reason: string;
}

interface Candidate {
  readonly ingress: KubeObject;
  readonly path: Obj;
}

function hostMatches(ruleHost: string, host: string): 'exact' | 'wildcard' | undefined {
  const rule = ruleHost.toLowerCase();
  if (rule === host) return 'exact';
  if (rule.startsWith('*.')) {
    const dot = host.indexOf('.');
    if (dot > 0 && host.slice(dot) === rule.slice(1)) return 'wildcard';
  }
  return undefined;
}

/** How long a match `path` is for `requestPath`, or -1 when it does not match. */
function matchLength(path: Obj, requestPath: string): number {
  const p = typeof path.path === 'string' && path.path !== '' ? (path.path as string) : '/';
  const type = path.pathType ?? 'ImplementationSpecific';
  if (type === 'Exact') return p === requestPath ? p.length : -1;
  if (type === 'Prefix') {
    const prefix = p.replace(/\/+$/, '');
    if (prefix === '') return 0;
    return requestPath === prefix || requestPath.startsWith(`${prefix}/`) ? prefix.length : -1;
  }
  return requestPath.startsWith(p) ? p.length : -1;
}

function routeOf(ingress: KubeObject, backend: Obj | undefined, path: string | undefined): IngressRoute | undefined {
  const service = backend?.service as Obj | undefined;
  if (!service?.name) return undefined;
  const port = (service.port ?? {}) as Obj;
  return { ingress, serviceName: service.name as string, port: { ...(typeof port.number === 'number' ? { number: port.number } : {}), ...(port.name ? { name: port.name as string } : {}) }, path };
}

function byAge(a: KubeObject, b: KubeObject): number {
  const ka = `${a.metadata.creationTimestamp ?? ''} ${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}`;
  const kb = `${b.metadata.creationTimestamp ?? ''} ${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Finds the backend for a request to `host` (undefined when the request named an IP address)
 * and `requestPath` among the served Ingresses (oldest first wins a conflict).
 */
export function matchIngressRoute(ingresses: readonly KubeObject[], host: string | undefined, requestPath: string): IngressRoute | NoRoute {
  const sorted = [...ingresses].sort(byAge);
  const exact: Candidate[] = [];
  const wildcard: Candidate[] = [];
  const hostless: Candidate[] = [];
  const owners: Record<'exact' | 'wildcard' | 'hostless', KubeObject[]> = { exact: [], wildcard: [], hostless: [] };
  for (const ingress of sorted) {
    for (const rule of (((ingress as Obj).spec?.rules ?? []) as Obj[])) {
      const ruleHost = typeof rule.host === 'string' ? rule.host : '';
      const kind = ruleHost === '' ? 'hostless' : host === undefined ? undefined : hostMatches(ruleHost, host);
      if (!kind) continue;
      owners[kind].push(ingress);
      const list = kind === 'exact' ? exact : kind === 'wildcard' ? wildcard : hostless;
      for (const path of (rule.http?.paths ?? []) as Obj[]) list.push({ ingress, path });
    }
  }
  const level = owners.exact.length > 0 ? 'exact' : owners.wildcard.length > 0 ? 'wildcard' : owners.hostless.length > 0 ? 'hostless' : undefined;
  const candidates = level === 'exact' ? exact : level === 'wildcard' ? wildcard : hostless;
  let best: { candidate: Candidate; length: number; exact: boolean } | undefined;
  for (const candidate of candidates) {
    const length = matchLength(candidate.path, requestPath);
    if (length < 0) continue;
    const isExact = candidate.path.pathType === 'Exact';
    if (!best || length > best.length || (length === best.length && isExact && !best.exact)) best = { candidate, length, exact: isExact };
  }
  if (best) {
    const route = routeOf(best.candidate.ingress, best.candidate.path.backend, best.candidate.path.path ?? '/');
    if (route) return route;
  }
  // No path matched: the default backend of an Ingress holding these rules, else a catch-all Ingress.
  for (const ingress of level ? owners[level] : []) {
    const route = routeOf(ingress, (ingress as Obj).spec?.defaultBackend, undefined);
    if (route) return route;
  }
  for (const ingress of sorted) {
    if ((((ingress as Obj).spec?.rules ?? []) as unknown[]).length > 0) continue;
    const route = routeOf(ingress, (ingress as Obj).spec?.defaultBackend, undefined);
    if (route) return route;
  }
  const target = host === undefined ? 'requests without a host name' : `host ${host}`;
  if (!level) return { reason: `no Ingress rule serves ${target} and no Ingress has a catch-all default backend` };
  return { reason: `no Ingress path for ${target} matches ${requestPath} and there is no default backend` };
}

/** True when the result is a route. */
export function isRoute(result: IngressRoute | NoRoute): result is IngressRoute {
  return 'serviceName' in result;
}
