// A Service's endpoints as kube-proxy and CoreDNS read them: every EndpointSlice labelled with the
// Service's name (the controller's and hand-made ones), merged per address with the ports of the
// slices that list it, in a stable order; plus the per-Service round-robin cursor resolve() uses.

import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';
import type { SimulationKnobs } from '../controllers/controller.ts';

type Obj = Record<string, any>;

/** One address behind a Service. */
export interface ServiceEndpoint {
  readonly ip: string;
  /** `namespace/name` of the pod, when the endpoint references one. */
  readonly pod: string | undefined;
  readonly node: string | undefined;
  readonly hostname: string | undefined;
  /** Ready per its conditions (unset counts as ready, as the API documents). */
  readonly ready: boolean;
  /** Port numbers by port name ('' for an unnamed port). */
  readonly ports: ReadonlyMap<string, number>;
}

/** The endpoints of a Service from its EndpointSlices, sorted by pod name, then address. */
export function serviceEndpointsOf(api: ApiServer, service: KubeObject): ServiceEndpoint[] {
  const namespace = service.metadata.namespace ?? 'default';
  const slices = api.list({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespace, labelSelector: `kubernetes.io/service-name=${service.metadata.name ?? ''}` }).items as Obj[];
  const byIp = new Map<string, { ip: string; pod: string | undefined; node: string | undefined; hostname: string | undefined; ready: boolean; ports: Map<string, number> }>();
  for (const slice of slices) {
    if (slice.addressType && slice.addressType !== 'IPv4') continue;
    for (const endpoint of (slice.endpoints ?? []) as Obj[]) {
      const ip = endpoint.addresses?.[0] as string | undefined;
      if (!ip) continue;
      let entry = byIp.get(ip);
      if (!entry) {
        const ref = endpoint.targetRef as Obj | undefined;
        entry = {
          ip,
          pod: ref?.kind === 'Pod' && ref.name ? `${ref.namespace ?? namespace}/${ref.name}` : undefined,
          node: endpoint.nodeName,
          hostname: endpoint.hostname,
          ready: endpoint.conditions?.ready !== false,
          ports: new Map(),
        };
        byIp.set(ip, entry);
      }
      for (const port of (slice.ports ?? []) as Obj[]) if (typeof port.port === 'number') entry.ports.set(port.name ?? '', port.port);
    }
  }
  const key = (e: ServiceEndpoint): string => `${e.pod ?? '~'}\u0000${e.ip}`;
  return [...byIp.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const ROUND_ROBIN = 'networkRoundRobin';

/** The next index among `count` choices for `serviceKey`, advancing its cursor (kept in the knobs, saved with the cluster). */
export function nextRoundRobin(knobs: SimulationKnobs, serviceKey: string, count: number): number {
  let cursors = knobs.values.get(ROUND_ROBIN) as Record<string, number> | undefined;
  if (!cursors || typeof cursors !== 'object') knobs.values.set(ROUND_ROBIN, (cursors = {}));
  const at = cursors[serviceKey] ?? 0;
  cursors[serviceKey] = at + 1;
  return at % count;
}
