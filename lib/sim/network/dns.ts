// Cluster DNS as CoreDNS serves it: `<svc>.<ns>.svc.cluster.local` answers a Service's ClusterIP
// (the ready pod IPs for a headless one, a CNAME for an ExternalName), and
// `<hostname>.<svc>.<ns>.svc.cluster.local` a pod behind a headless Service (StatefulSet pods).
// lookup() searches short names like a pod's resolv.conf (ndots 5). No SRV, PTR or pod-IP names.

import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';
import { serviceEndpointsOf, type ServiceEndpoint } from './service-endpoints.ts';

type Obj = Record<string, any>;

/** The cluster's DNS domain. */
export const CLUSTER_DOMAIN = 'cluster.local';

const SERVICE_SUFFIX = `.svc.${CLUSTER_DOMAIN}`;
const NDOTS = 5;

/** What a cluster DNS name answers. */
export type DnsAnswer =
  /** A Service: its ClusterIP, or the ready pod IPs of a headless Service (sorted). */
  | { readonly type: 'Service'; readonly name: string; readonly service: KubeObject; readonly headless: boolean; readonly addresses: string[] }
  /** An ExternalName Service: a CNAME to a name outside the cluster. */
  | { readonly type: 'ExternalName'; readonly name: string; readonly service: KubeObject; readonly target: string }
  /** One pod behind a headless Service. */
  | { readonly type: 'Pod'; readonly name: string; readonly service: KubeObject; readonly endpoint: ServiceEndpoint; readonly addresses: string[] };

/** `<svc>.<ns>.svc.cluster.local`. */
export function serviceDnsName(service: KubeObject): string {
  return `${service.metadata.name ?? ''}.${service.metadata.namespace ?? 'default'}${SERVICE_SUFFIX}`;
}

/** `<hostname>.<subdomain>.<ns>.svc.cluster.local` for a pod with both set (StatefulSet pods), else undefined. */
export function podDnsName(pod: KubeObject): string | undefined {
  const spec = ((pod as Obj).spec ?? {}) as Obj;
  if (!spec.hostname || !spec.subdomain) return undefined;
  return `${spec.hostname}.${spec.subdomain}.${pod.metadata.namespace ?? 'default'}${SERVICE_SUFFIX}`;
}

/** True when `name` is inside the cluster's service domain. */
export function isClusterName(name: string): boolean {
  return normalize(name).endsWith(SERVICE_SUFFIX);
}

/** The names a pod in `namespace` queries for `name`, in order (resolv.conf search list, ndots 5). */
export function searchNames(name: string, namespace: string): string[] {
  if (name.endsWith('.')) return [normalize(name)];
  const lower = name.toLowerCase();
  const searched = [`${namespace}${SERVICE_SUFFIX}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN].map((domain) => `${lower}.${domain}`);
  const dots = lower.split('.').length - 1;
  return dots >= NDOTS ? [lower, ...searched] : [...searched, lower];
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** Answers one fully qualified name, or undefined (NXDOMAIN). */
export function lookupFqdn(api: ApiServer, fqdn: string): DnsAnswer | undefined {
  const name = normalize(fqdn);
  if (!name.endsWith(SERVICE_SUFFIX)) return undefined;
  const labels = name.slice(0, -SERVICE_SUFFIX.length).split('.');
  if (labels.length < 2 || labels.length > 3 || labels.some((l) => l === '')) return undefined;
  const [host, svcName, namespace] = labels.length === 3 ? labels : [undefined, labels[0]!, labels[1]!];
  const service = api.tryGet({ apiVersion: 'v1', kind: 'Service', namespace, name: svcName });
  if (!service) return undefined;
  const spec = ((service as Obj).spec ?? {}) as Obj;
  if (spec.type === 'ExternalName') return host ? undefined : { type: 'ExternalName', name, service, target: String(spec.externalName ?? '') };
  const headless = spec.clusterIP === 'None';
  if (host !== undefined) {
    if (!headless) return undefined;
    const endpoint = serviceEndpointsOf(api, service).find((e) => e.hostname === host && e.ready);
    return endpoint ? { type: 'Pod', name, service, endpoint, addresses: [endpoint.ip] } : undefined;
  }
  if (!headless) return { type: 'Service', name, service, headless, addresses: spec.clusterIP ? [spec.clusterIP as string] : [] };
  const addresses = serviceEndpointsOf(api, service)
    .filter((e) => e.ready)
    .map((e) => e.ip)
    .sort();
  return { type: 'Service', name, service, headless, addresses };
}

/**
 * Looks a name up as a pod in `namespace` would (`web`, `web.shop`, `web.shop.svc`, FQDNs);
 * undefined when no cluster name answers. Names outside the cluster domain are not resolved here.
 * @example lookup(api, 'web.shop') // → { type: 'Service', addresses: ['10.96.0.12'], … }
 */
export function lookup(api: ApiServer, name: string, options: { namespace?: string } = {}): DnsAnswer | undefined {
  for (const candidate of searchNames(name, options.namespace ?? 'default')) {
    const answer = lookupFqdn(api, candidate);
    if (answer) return answer;
  }
  return undefined;
}
