// The last hop of resolve(): from a Service and one of its ports to a ready endpoint, chosen
// round-robin per Service as kube-proxy spreads connections, with the target port the endpoint
// lists for that port; and the errors when there is none (which pods exist, how many are ready).

import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';
import { isPodReady } from '../conditions.ts';
import type { SimulationKnobs } from '../controllers/controller.ts';
import { NetworkError } from './network-error.ts';
import { nextRoundRobin, serviceEndpointsOf, type ServiceEndpoint } from './service-endpoints.ts';

type Obj = Record<string, any>;

/** What resolve() reads: the API server and the cluster's knobs (load balancers, ingress, round-robin state). */
export interface NetworkView {
  readonly api: ApiServer;
  readonly knobs: SimulationKnobs;
}

/** How a request entered the Service. */
export type ResolveVia = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'Ingress' | 'Headless';

/** Where a request ends up. */
export interface Resolution {
  /** `namespace/name` of the Service. */
  readonly service: string;
  /** The Service port (for a headless Service: the port asked for). */
  readonly port: number;
  /** The port on the pod. */
  readonly targetPort: number;
  /** `namespace/name` of the pod (undefined for a hand-made endpoint without a pod). */
  readonly pod: string | undefined;
  readonly podIP: string;
  /** The pod's node. */
  readonly node: string | undefined;
  readonly via: ResolveVia;
  /** The node port used, when via NodePort. */
  readonly nodePort?: number;
  /** `namespace/name` of the Ingress, when via Ingress. */
  readonly ingress?: string;
}

/** `namespace/name` of an object. */
export function keyOfObject(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? 'default'}/${obj.metadata.name ?? ''}`;
}

/** The Service's ports as kubectl's PORT(S) column shows them. */
export function describePorts(service: KubeObject): string {
  const ports = (((service as Obj).spec?.ports ?? []) as Obj[]).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`);
  return ports.length > 0 ? ports.join(', ') : 'no ports';
}

/**
 * The Service port a request names, by number or by name.
 * @throws NetworkError PortNotExposed
 */
export function findServicePort(service: KubeObject, wanted: { number?: number; name?: string }): Obj {
  const ports = (((service as Obj).spec?.ports ?? []) as Obj[]).filter((p) => (p.protocol ?? 'TCP') === 'TCP');
  const found = wanted.name !== undefined ? ports.find((p) => p.name === wanted.name) : ports.find((p) => p.port === wanted.number);
  if (found) return found;
  const asked = wanted.name !== undefined ? `a port named "${wanted.name}"` : `port ${wanted.number}`;
  throw new NetworkError('PortNotExposed', `Service ${keyOfObject(service)} does not expose ${asked} (it exposes ${describePorts(service)})`);
}

function selectorText(service: KubeObject): string | undefined {
  const selector = (service as Obj).spec?.selector as Record<string, string> | undefined;
  if (!selector || Object.keys(selector).length === 0) return undefined;
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** The error for a Service without a ready endpoint, saying how many of its pods are ready. */
function noReadyEndpoints(api: ApiServer, service: KubeObject, servicePort: Obj | undefined, endpoints: readonly ServiceEndpoint[]): NetworkError {
  const key = keyOfObject(service);
  if (servicePort && endpoints.some((e) => e.ready)) {
    const target = servicePort.targetPort ?? servicePort.port;
    return new NetworkError('NoReadyEndpoints', `Service ${key} has no ready endpoints for port ${servicePort.port}: targetPort ${JSON.stringify(target)} matches no container port of its ready pods`);
  }
  const selector = selectorText(service);
  if (!selector) return new NetworkError('NoReadyEndpoints', `Service ${key} has no ready endpoints: it has no selector and its EndpointSlices list no ready address`);
  const pods = api
    .list({ apiVersion: 'v1', kind: 'Pod', namespace: service.metadata.namespace, labelSelector: selector })
    .items.filter((p) => !['Succeeded', 'Failed'].includes((p as Obj).status?.phase));
  if (pods.length === 0) return new NetworkError('NoReadyEndpoints', `Service ${key} has no ready endpoints: no pods match its selector ${selector}`);
  const ready = pods.filter((p) => isPodReady(p) && !p.metadata.deletionTimestamp).length;
  return new NetworkError('NoReadyEndpoints', `Service ${key} has no ready endpoints: ${ready} of ${pods.length} pods ready`);
}

function pick(view: NetworkView, service: KubeObject, candidates: ServiceEndpoint[]): ServiceEndpoint {
  return candidates[nextRoundRobin(view.knobs, keyOfObject(service), candidates.length)]!;
}

/**
 * Picks the ready endpoint a connection to `servicePort` reaches (round-robin per Service).
 * `onNode` restricts the choice to one node (externalTrafficPolicy: Local through a NodePort).
 * @throws NetworkError NoReadyEndpoints
 */
export function reachService(view: NetworkView, service: KubeObject, servicePort: Obj, via: ResolveVia, extra: { onNode?: string; nodePort?: number; ingress?: string } = {}): Resolution {
  const endpoints = serviceEndpointsOf(view.api, service);
  const portName = (servicePort.name as string | undefined) ?? '';
  const ready = endpoints.filter((e) => e.ready && e.ports.has(portName));
  const candidates = extra.onNode === undefined ? ready : ready.filter((e) => e.node === extra.onNode);
  if (candidates.length === 0) {
    if (ready.length > 0) {
      throw new NetworkError('NoReadyEndpoints', `Service ${keyOfObject(service)} has externalTrafficPolicy Local and no ready endpoint on node ${extra.onNode} (its ready endpoints are on ${[...new Set(ready.map((e) => e.node ?? '?'))].sort().join(', ')})`);
    }
    throw noReadyEndpoints(view.api, service, servicePort, endpoints);
  }
  const chosen = pick(view, service, candidates);
  return {
    service: keyOfObject(service),
    port: servicePort.port as number,
    targetPort: chosen.ports.get(portName)!,
    pod: chosen.pod,
    podIP: chosen.ip,
    node: chosen.node,
    via,
    ...(extra.nodePort !== undefined ? { nodePort: extra.nodePort } : {}),
    ...(extra.ingress !== undefined ? { ingress: extra.ingress } : {}),
  };
}

/**
 * A connection to a headless Service's name: DNS hands out the ready pod IPs, the client takes
 * one (round-robin) and connects straight to `port` on it; `only` pins one pod (its own DNS name).
 * @throws NetworkError NoReadyEndpoints
 */
export function reachHeadless(view: NetworkView, service: KubeObject, port: number, only?: ServiceEndpoint): Resolution {
  const endpoints = serviceEndpointsOf(view.api, service);
  const ready = only ? [only] : endpoints.filter((e) => e.ready);
  if (ready.length === 0) throw noReadyEndpoints(view.api, service, undefined, endpoints);
  const chosen = only ?? pick(view, service, ready);
  return { service: keyOfObject(service), port, targetPort: port, pod: chosen.pod, podIP: chosen.ip, node: chosen.node, via: 'Headless' };
}
