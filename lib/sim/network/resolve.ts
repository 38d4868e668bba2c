// resolve(url): which Service and which ready pod a request would reach in the simulated cluster,
// from inside (cluster DNS names with the pod's search list, ClusterIPs) or from outside (node IP
// + NodePort, load balancer address, Ingress host/path through the ingress controller). It reads
// the cluster and advances a per-Service round-robin cursor; it never changes Kubernetes objects.

import type { KubeObject } from '../../k8s/types.ts';
import { lookup, isClusterName } from './dns.ts';
import { ingressControllerOf, isIngressServed, type IngressControllerSettings } from './ingress-settings.ts';
import { isRoute, matchIngressRoute } from './ingress-routes.ts';
import { isIpv4 } from './ip.ts';
import { NetworkError } from './network-error.ts';
import { findServicePort, keyOfObject, reachHeadless, reachService, type NetworkView, type Resolution } from './resolve-service.ts';

export type { NetworkView, Resolution, ResolveVia } from './resolve-service.ts';

type Obj = Record<string, any>;

/** Options of resolve(). */
export interface ResolveOptions {
  /** Where the request starts: a pod in the cluster, or a machine outside it. @default 'inside' */
  readonly from?: 'inside' | 'outside';
  /** The namespace of the requesting pod, for short names such as `web`. @default 'default' */
  readonly namespace?: string;
}

interface Request {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly inside: boolean;
  readonly namespace: string;
}

const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;

function parseRequest(url: string, options: ResolveOptions): Request {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NetworkError('InvalidUrl', `Cannot resolve "${url}": not a URL (expected e.g. http://web.shop.svc.cluster.local:80/)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new NetworkError('InvalidUrl', `Cannot resolve "${url}": only http and https URLs are supported`);
  }
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  return { url, host: parsed.hostname.toLowerCase(), port, path: parsed.pathname || '/', inside: (options.from ?? 'inside') === 'inside', namespace: options.namespace ?? 'default' };
}

function servicesWhere(view: NetworkView, test: (spec: Obj, status: Obj) => boolean): KubeObject[] {
  return view.api
    .list(SERVICE)
    .items.filter((s) => test(((s as Obj).spec ?? {}) as Obj, ((s as Obj).status ?? {}) as Obj))
    .sort((a, b) => (keyOfObject(a) < keyOfObject(b) ? -1 : keyOfObject(a) > keyOfObject(b) ? 1 : 0));
}

function servedIngresses(view: NetworkView, settings: IngressControllerSettings): KubeObject[] {
  return view.api.list({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' }).items.filter((i) => !i.metadata.deletionTimestamp && isIngressServed(view.api, i, settings));
}

/** A request to the ingress controller, for `host` (undefined when addressed by IP). */
function resolveIngress(view: NetworkView, req: Request, settings: IngressControllerSettings, host: string | undefined): Resolution {
  if (req.port !== 80 && req.port !== 443) {
    throw new NetworkError('PortNotExposed', `Cannot resolve ${req.url}: the ingress controller (${settings.address}) listens on ports 80 and 443, not ${req.port}`);
  }
  const route = matchIngressRoute(servedIngresses(view, settings), host, req.path);
  if (!isRoute(route)) throw new NetworkError('NoIngressRule', `Cannot resolve ${req.url}: ${route.reason}`);
  const ingressKey = keyOfObject(route.ingress);
  const namespace = route.ingress.metadata.namespace ?? 'default';
  const service = view.api.tryGet({ ...SERVICE, namespace, name: route.serviceName });
  const what = route.path === undefined ? 'its default backend' : `path ${route.path}`;
  if (!service) throw new NetworkError('NoSuchService', `Ingress ${ingressKey} sends ${what} to Service ${namespace}/${route.serviceName}, which does not exist`);
  if ((service as Obj).spec?.type === 'ExternalName') {
    throw new NetworkError('ExternalName', `Ingress ${ingressKey} sends ${what} to ExternalName Service ${keyOfObject(service)}: ${(service as Obj).spec.externalName} is outside the cluster`);
  }
  return reachService(view, service, findServicePort(service, route.port), 'Ingress', { ingress: ingressKey });
}

function resolveAddress(view: NetworkView, req: Request): Resolution {
  const ip = req.host;
  const byClusterIp = servicesWhere(view, (spec) => spec.clusterIP === ip || (Array.isArray(spec.clusterIPs) && spec.clusterIPs.includes(ip)))[0];
  if (byClusterIp) {
    if (!req.inside) throw new NetworkError('InsideOnly', `${ip} is the ClusterIP of Service ${keyOfObject(byClusterIp)}, reachable only from inside the cluster`);
    return reachService(view, byClusterIp, findServicePort(byClusterIp, { number: req.port }), 'ClusterIP');
  }
  const byLoadBalancer = servicesWhere(view, (spec, status) => spec.type === 'LoadBalancer' && ((status.loadBalancer?.ingress ?? []) as Obj[]).some((i) => i.ip === ip))[0];
  if (byLoadBalancer) return reachService(view, byLoadBalancer, findServicePort(byLoadBalancer, { number: req.port }), 'LoadBalancer');
  const ingress = ingressControllerOf(view.knobs);
  if (ingress?.address === ip) return resolveIngress(view, req, ingress, undefined);
  const node = view.api.list({ apiVersion: 'v1', kind: 'Node' }).items.find((n) => (((n as Obj).status?.addresses ?? []) as Obj[]).some((a) => a.address === ip));
  if (node) {
    const service = servicesWhere(view, (spec) => (spec.type === 'NodePort' || spec.type === 'LoadBalancer') && ((spec.ports ?? []) as Obj[]).some((p) => p.nodePort === req.port))[0];
    if (!service) throw new NetworkError('PortNotExposed', `Cannot resolve ${req.url}: no Service has nodePort ${req.port} (node ${node.metadata.name}, ${ip})`);
    const port = ((service as Obj).spec.ports as Obj[]).find((p) => p.nodePort === req.port)!;
    const local = (service as Obj).spec.externalTrafficPolicy === 'Local';
    return reachService(view, service, port, 'NodePort', { nodePort: req.port, ...(local ? { onNode: node.metadata.name ?? '' } : {}) });
  }
  const pod = view.api.list({ apiVersion: 'v1', kind: 'Pod' }).items.find((p) => (p as Obj).status?.podIP === ip);
  if (pod) throw new NetworkError('UnknownHost', `Cannot resolve ${req.url}: ${ip} is the IP of pod ${keyOfObject(pod)}, not a Service address`);
  throw new NetworkError('UnknownHost', `Cannot resolve ${req.url}: no Service, node, load balancer or ingress controller has the address ${ip}`);
}

function resolveName(view: NetworkView, req: Request): Resolution {
  if (!req.inside && isClusterName(req.host)) {
    throw new NetworkError('InsideOnly', `${req.host} is a cluster DNS name, resolvable only from inside the cluster (from outside use a NodePort, a load balancer or an Ingress)`);
  }
  const answer = req.inside ? lookup(view.api, req.host, { namespace: req.namespace }) : undefined;
  if (answer?.type === 'ExternalName') {
    throw new NetworkError('ExternalName', `Service ${keyOfObject(answer.service)} is an ExternalName Service: ${answer.name} is a CNAME to ${answer.target}, outside the cluster`);
  }
  if (answer?.type === 'Pod') return reachHeadless(view, answer.service, req.port, answer.endpoint);
  if (answer?.type === 'Service') {
    if (answer.headless) return reachHeadless(view, answer.service, req.port);
    return reachService(view, answer.service, findServicePort(answer.service, { number: req.port }), 'ClusterIP');
  }
  // Not a cluster name: external DNS, where the only names the simulation knows are Ingress hosts.
  const settings = ingressControllerOf(view.knobs);
  const hosts = (ingresses: KubeObject[]): boolean => ingresses.some((i) => (((i as Obj).spec?.rules ?? []) as Obj[]).some((r) => typeof r.host === 'string' && hostServes(r.host, req.host)));
  if (settings && hosts(servedIngresses(view, settings))) return resolveIngress(view, req, settings, req.host);
  const all = view.api.list({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' }).items;
  if (hosts(all)) {
    throw new NetworkError('NoIngressController', `Cannot resolve ${req.url}: an Ingress routes host ${req.host}, but no ingress controller serves it (Ingresses get no address)`);
  }
  throw unknownName(req);
}

function hostServes(ruleHost: string, host: string): boolean {
  const rule = ruleHost.toLowerCase();
  if (rule === host) return true;
  const dot = host.indexOf('.');
  return rule.startsWith('*.') && dot > 0 && host.slice(dot) === rule.slice(1);
}

function unknownName(req: Request): NetworkError {
  const labels = req.host.replace(/\.$/, '').split('.');
  if (isClusterName(req.host) && labels.length === 5) {
    return new NetworkError('NoSuchService', `Cannot resolve ${req.url}: Service ${labels[1]}/${labels[0]} does not exist`);
  }
  if (req.inside && labels.length <= 2) {
    const namespace = labels[1] ?? req.namespace;
    return new NetworkError('NoSuchService', `Cannot resolve ${req.url}: no Service ${labels[0]} in namespace ${namespace}`);
  }
  return new NetworkError('UnknownHost', `Cannot resolve ${req.url}: ${req.host} is not a cluster DNS name and no Ingress rule serves it`);
}

/**
 * Answers which Service, port and ready pod a request to `url` would reach, and how it got in.
 * Round-robin among ready endpoints, per Service, deterministic (the cursor lives in the knobs).
 * @throws NetworkError with a code and a message saying why the request would go nowhere
 * @example resolve(cluster, 'http://web.shop:80/') // → { service: 'shop/web', pod: 'shop/web-…', via: 'ClusterIP', … }
 */
export function resolve(view: NetworkView, url: string, options: ResolveOptions = {}): Resolution {
  const req = parseRequest(url, options);
  return isIpv4(req.host) ? resolveAddress(view, req) : resolveName(view, req);
}
