// What the endpoint controllers read from a pod: whether it belongs in a Service's endpoints at
// all, its readiness conditions, its hostname for headless DNS, and the Service's ports resolved
// for that pod (named targetPorts through its container ports). Shared by the EndpointSlice and
// Endpoints controllers; it writes nothing.

import type { KubeObject } from '../../k8s/types.ts';
import { isPodReady } from '../conditions.ts';

type Obj = Record<string, any>;

/** A Service port resolved for one pod, in EndpointSlice form (`name` is always set). */
export interface EndpointPort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** One pod as an endpoint of one Service. */
export interface PodEndpoint {
  readonly pod: KubeObject;
  readonly ip: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly nodeName: string | undefined;
  readonly hostname: string | undefined;
  readonly ports: EndpointPort[];
}

/** The label that marks headless Services' endpoint objects. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** True when the Service has `clusterIP: None`. */
export function isHeadless(service: KubeObject): boolean {
  return ((service as Obj).spec?.clusterIP ?? '') === 'None';
}

/**
 * The container port a Service port reaches on a pod (podutil.FindPort): a number as is, a name
 * through the pod's container ports with the same protocol; undefined when no container has it.
 */
export function findTargetPort(pod: KubeObject, servicePort: Obj): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (typeof target !== 'string' || target === '') return undefined;
  const protocol = servicePort.protocol ?? 'TCP';
  for (const container of ((pod as Obj).spec?.containers ?? []) as Obj[]) {
    for (const port of (container.ports ?? []) as Obj[]) {
      if (port.name === target && (port.protocol ?? 'TCP') === protocol) return port.containerPort as number;
    }
  }
  return undefined;
}

/** The Service's ports as they resolve on this pod; ports the pod lacks are left out. */
export function endpointPortsOf(service: KubeObject, pod: KubeObject): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of (((service as Obj).spec?.ports ?? []) as Obj[])) {
    const port = findTargetPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

/** True when a pod may appear in endpoints at all: it has an IP and has not finished. */
export function hasEndpointAddress(pod: KubeObject): boolean {
  const status = ((pod as Obj).status ?? {}) as Obj;
  if (status.phase === 'Succeeded' || status.phase === 'Failed') return false;
  return typeof status.podIP === 'string' && status.podIP !== '';
}

/**
 * The pod as an endpoint of `service` (PodToEndpoint): ready only when Ready and not terminating,
 * unless the Service publishes not-ready addresses; serving is the Ready condition alone.
 */
export function podEndpointOf(service: KubeObject, pod: KubeObject): PodEndpoint {
  const spec = ((service as Obj).spec ?? {}) as Obj;
  const publishNotReady = spec.publishNotReadyAddresses === true;
  const podReady = isPodReady(pod);
  const terminating = Boolean(pod.metadata.deletionTimestamp);
  const podSpec = ((pod as Obj).spec ?? {}) as Obj;
  const shouldSetHostname =
    typeof podSpec.hostname === 'string' && podSpec.hostname !== '' && podSpec.subdomain === service.metadata.name && pod.metadata.namespace === service.metadata.namespace;
  return {
    pod,
    ip: (pod as Obj).status.podIP as string,
    ready: publishNotReady || (podReady && !terminating),
    serving: podReady,
    terminating,
    nodeName: typeof podSpec.nodeName === 'string' && podSpec.nodeName !== '' ? podSpec.nodeName : undefined,
    hostname: shouldSetHostname ? (podSpec.hostname as string) : undefined,
    ports: endpointPortsOf(service, pod),
  };
}

/** The Service's member pods that belong in endpoints, as endpoints, sorted by pod name. */
export function podEndpointsOf(service: KubeObject, pods: Iterable<KubeObject>): PodEndpoint[] {
  const out: PodEndpoint[] = [];
  for (const pod of pods) if (hasEndpointAddress(pod)) out.push(podEndpointOf(service, pod));
  return out.sort((a, b) => compareStrings(a.pod.metadata.name ?? '', b.pod.metadata.name ?? ''));
}

/** The labels endpoint objects copy from their Service, plus the headless marker. */
export function endpointLabelsOf(service: KubeObject, extra: Record<string, string>): Record<string, string> {
  const labels: Record<string, string> = { ...(service.metadata.labels ?? {}), ...extra };
  if (isHeadless(service)) labels[HEADLESS_LABEL] = '';
  return labels;
}

/** A plain code-point comparison (locale-independent, deterministic). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
