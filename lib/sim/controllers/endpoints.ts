// The Endpoints controller: for every Service with a selector (headless too, not ExternalName) it
// keeps the core/v1 Endpoints object of the same name, its subsets grouping the selected pods'
// addresses (ready) and notReadyAddresses by their resolved ports. Terminating pods are left out
// unless the Service publishes not-ready addresses. EndpointSlices are endpoints-slices.ts's job.

import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../k8s/types.ts';
import { isPodReady } from '../conditions.ts';
import { isStatusError } from '../errors.ts';
import { after, copyMetadata, done, hasSameLabels, kind, mapped, NO_KEYS, splitKey, type Controller, type ControllerContext } from './controller.ts';
import { EndpointUpdateBatcher, type EndpointControllerOptions } from './endpoints-batch.ts';
import { endpointSelectorOf, servicePodIndexOf, type ServicePodIndex } from './endpoints-index.ts';
import { compareStrings, endpointLabelsOf, endpointPortsOf, hasEndpointAddress } from './endpoints-pods.ts';
import { CONTROLLER_MANAGER } from './replicaset.ts';

type Obj = Record<string, any>;

/** The deprecated annotation the Endpoints controller still honours like publishNotReadyAddresses. */
export const TOLERATE_UNREADY_ANNOTATION = 'service.alpha.kubernetes.io/tolerate-unready-endpoints';
/** Set on Endpoints the controller manages, so the mirroring controller leaves them alone. */
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
/** Set when addresses were dropped beyond the Endpoints capacity. */
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';
/** Most addresses one Endpoints object holds. */
export const MAX_ENDPOINT_ADDRESSES = 1000;

interface Subset {
  addresses: Obj[];
  notReadyAddresses: Obj[];
  ports: Obj[];
}

function toleratesUnready(service: KubeObject): boolean {
  const raw = service.metadata.annotations?.[TOLERATE_UNREADY_ANNOTATION];
  if (raw !== undefined && /^(1|t|T|true|TRUE|True|0|f|F|false|FALSE|False)$/.test(raw)) return /^(1|t|T|true|TRUE|True)$/.test(raw);
  return ((service as Obj).spec?.publishNotReadyAddresses ?? false) === true;
}

/** The subsets of a Service's Endpoints, and whether addresses were truncated. */
export function endpointSubsetsOf(service: KubeObject, pods: Iterable<KubeObject>): { subsets: Obj[]; truncated: boolean } {
  const tolerate = toleratesUnready(service);
  const hasPorts = (((service as Obj).spec?.ports ?? []) as unknown[]).length > 0;
  const groups = new Map<string, Subset>();
  const sorted = [...pods].sort((a, b) => compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''));
  for (const pod of sorted) {
    if (!hasEndpointAddress(pod)) continue;
    if (pod.metadata.deletionTimestamp && !tolerate) continue;
    const ports = endpointPortsOf(service, pod).map((p) => {
      const port: Obj = {};
      if (p.name) port.name = p.name;
      port.port = p.port;
      port.protocol = p.protocol;
      if (p.appProtocol) port.appProtocol = p.appProtocol;
      return port;
    });
    if (hasPorts && ports.length === 0) continue;
    const spec = ((pod as Obj).spec ?? {}) as Obj;
    const address: Obj = { ip: (pod as Obj).status.podIP };
    if (spec.hostname && spec.subdomain === service.metadata.name) address.hostname = spec.hostname;
    if (spec.nodeName) address.nodeName = spec.nodeName;
    address.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
    const key = JSON.stringify(ports);
    let subset = groups.get(key);
    if (!subset) groups.set(key, (subset = { addresses: [], notReadyAddresses: [], ports }));
    if (tolerate || isPodReady(pod)) subset.addresses.push(address);
    else subset.notReadyAddresses.push(address);
  }
  let room = MAX_ENDPOINT_ADDRESSES;
  let truncated = false;
  const subsets: Obj[] = [];
  const byIp = (a: Obj, b: Obj): number => compareStrings(a.ip, b.ip);
  for (const key of [...groups.keys()].sort(compareStrings)) {
    const g = groups.get(key)!;
    const addresses = g.addresses.sort(byIp).slice(0, Math.max(0, room));
    room -= addresses.length;
    const notReady = g.notReadyAddresses.sort(byIp).slice(0, Math.max(0, room));
    room -= notReady.length;
    if (addresses.length < g.addresses.length || notReady.length < g.notReadyAddresses.length) truncated = true;
    if (addresses.length + notReady.length === 0) continue;
    const subset: Obj = {};
    if (addresses.length > 0) subset.addresses = addresses;
    if (notReady.length > 0) subset.notReadyAddresses = notReady;
    if (g.ports.length > 0) subset.ports = g.ports;
    subsets.push(subset);
  }
  return { subsets, truncated };
}

function syncEndpoints(ctx: ControllerContext, index: ServicePodIndex, namespace: string, name: string): void {
  const key = { apiVersion: 'v1', kind: 'Endpoints', namespace, name };
  const service = ctx.api.tryGet({ apiVersion: 'v1', kind: 'Service', namespace, name });
  if (!service) {
    try {
      ctx.api.delete(key);
    } catch (err) {
      if (!isStatusError(err, 'NotFound')) throw err;
    }
    return;
  }
  if (!endpointSelectorOf(service)) return; // selector-less Services' Endpoints are the user's
  const { subsets, truncated } = endpointSubsetsOf(service, index.podsOf(namespace, name)?.values() ?? []);
  const labels = endpointLabelsOf(service, { [SKIP_MIRROR_LABEL]: 'true' });
  const existing = ctx.api.tryGet(key) as Obj | undefined;
  const annotations: Record<string, string> = { ...(existing?.metadata.annotations ?? {}) };
  if (truncated) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
  else delete annotations[OVER_CAPACITY_ANNOTATION];
  if (existing) {
    const same =
      isDeepStrictEqual(existing.subsets ?? [], subsets) &&
      isDeepStrictEqual(existing.metadata.labels ?? {}, labels) &&
      isDeepStrictEqual(existing.metadata.annotations ?? {}, annotations);
    if (same) return;
  }
  const metadata: Obj = existing ? copyMetadata(existing.metadata) : { name, namespace };
  metadata.labels = labels;
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  const body: Obj = { apiVersion: 'v1', kind: 'Endpoints', metadata };
  if (subsets.length > 0) body.subsets = subsets;
  if (existing) ctx.api.update(body as KubeObject, { fieldManager: CONTROLLER_MANAGER });
  else ctx.api.create(body as KubeObject, { fieldManager: CONTROLLER_MANAGER });
}

/**
 * Creates the Endpoints controller. Each instance keeps the Service/pod index of the cluster it
 * reconciles, so pods map to the Services selecting them; create one per cluster.
 */
export function createEndpointsController(options: EndpointControllerOptions = {}): Controller {
  let index: ServicePodIndex | undefined;
  const batcher = new EndpointUpdateBatcher(options.batchPeriodMs);
  return {
    name: 'endpoint-controller',
    watches: [kind('v1', 'Service'), mapped('v1', 'Pod', (pod) => index?.servicesSelecting(pod) ?? NO_KEYS, hasSameLabels)],
    reconcile(key, ctx) {
      index = servicePodIndexOf(ctx.api.store);
      const wait = batcher.waitMs(key, ctx.clock.nowMillis());
      if (wait > 0) return after(wait);
      const { namespace, name } = splitKey(key);
      syncEndpoints(ctx, index, namespace ?? '', name);
      return done();
    },
  };
}
