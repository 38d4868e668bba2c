// The EndpointSlice controller: for every Service with a selector (headless too, not ExternalName)
// it keeps discovery.k8s.io/v1 EndpointSlices `<svc>-<suffix>` listing the selected pods with
// addresses, ready/serving/terminating conditions, targetRef, nodeName and per-pod ports, at most
// 100 endpoints a slice, and a placeholder slice when there are none. Endpoints are endpoints.ts.

import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../k8s/types.ts';
import { isStatusError } from '../errors.ts';
import { after, copyMetadata, done, hasSameLabels, kind, mapped, NO_KEYS, splitKey, type Controller, type ControllerContext } from './controller.ts';
import { EndpointUpdateBatcher, type EndpointControllerOptions } from './endpoints-batch.ts';
import { endpointSelectorOf, servicePodIndexOf, type ServicePodIndex } from './endpoints-index.ts';
import { compareStrings, endpointLabelsOf, hasEndpointAddress, podEndpointOf, type EndpointPort, type PodEndpoint } from './endpoints-pods.ts';
import { CONTROLLER_MANAGER } from './replicaset.ts';

type Obj = Record<string, any>;

/** The label naming an EndpointSlice's Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** The label naming the controller that manages an EndpointSlice. */
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** This controller's value of the managed-by label. */
export const ENDPOINT_SLICE_CONTROLLER_ID = 'endpointslice-controller.k8s.io';
/** `--max-endpoints-per-slice` default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

const SLICE = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' } as const;

/** One pod as a slice endpoint, computed once per pod version and Service version. */
interface CachedEndpoint {
  readonly stamp: string;
  readonly uid: string;
  readonly podName: string;
  readonly ports: EndpointPort[];
  readonly portsKey: string;
  readonly json: Obj;
  /** The endpoint's JSON text, to compare slices cheaply. */
  readonly text: string;
}

/** A slice as this reconcile wants it, with the stored object it replaces (if any). */
interface PlannedSlice {
  stored: KubeObject | undefined;
  ports: EndpointPort[];
  endpoints: CachedEndpoint[];
}

/** Per-controller memory: endpoints by pod object, and what this controller last wrote per slice. */
interface SliceMemory {
  readonly endpoints: WeakMap<KubeObject, CachedEndpoint>;
  readonly written: Map<string, { resourceVersion: string; text: string }>;
}

function sliceEndpointOf(e: PodEndpoint): Obj {
  const out: Obj = { addresses: [e.ip], conditions: { ready: e.ready, serving: e.serving, terminating: e.terminating } };
  if (e.hostname) out.hostname = e.hostname;
  out.targetRef = { kind: 'Pod', namespace: e.pod.metadata.namespace, name: e.pod.metadata.name, uid: e.pod.metadata.uid };
  if (e.nodeName) out.nodeName = e.nodeName;
  return out;
}

/** The pods of a Service that belong in its slices, as (cached) endpoints. */
function wantedEndpoints(memory: SliceMemory, service: KubeObject, pods: Iterable<KubeObject>): CachedEndpoint[] {
  const stamp = `${service.metadata.uid ?? ''}:${service.metadata.resourceVersion ?? ''}`;
  const out: CachedEndpoint[] = [];
  for (const pod of pods) {
    let cached = memory.endpoints.get(pod);
    if (!cached || cached.stamp !== stamp) {
      if (!hasEndpointAddress(pod)) continue;
      const e = podEndpointOf(service, pod);
      const json = sliceEndpointOf(e);
      cached = { stamp, uid: pod.metadata.uid ?? '', podName: pod.metadata.name ?? '', ports: e.ports, portsKey: JSON.stringify(e.ports), json, text: JSON.stringify(json) };
      memory.endpoints.set(pod, cached);
    }
    out.push(cached);
  }
  return out;
}

function uidOfEndpoint(endpoint: Obj): string {
  return (endpoint.targetRef?.uid as string | undefined) ?? `ip:${endpoint.addresses?.[0] ?? ''}`;
}

/** Places the wanted endpoints into slices, keeping each endpoint in the slice that already holds it. */
function planSlices(existing: KubeObject[], wanted: CachedEndpoint[]): { keep: PlannedSlice[]; remove: KubeObject[] } {
  const groups = new Map<string, { ports: EndpointPort[]; byUid: Map<string, CachedEndpoint> }>();
  for (const e of wanted) {
    let group = groups.get(e.portsKey);
    if (!group) groups.set(e.portsKey, (group = { ports: e.ports, byUid: new Map() }));
    group.byUid.set(e.uid, e);
  }
  const keep: PlannedSlice[] = [];
  const remove: KubeObject[] = [];
  const slicesByPorts = new Map<string, KubeObject[]>();
  for (const slice of existing) {
    const key = JSON.stringify(((slice as Obj).ports ?? []) as EndpointPort[]);
    if (!groups.has(key)) remove.push(slice);
    else slicesByPorts.set(key, [...(slicesByPorts.get(key) ?? []), slice]);
  }
  for (const [key, group] of groups) {
    const planned: PlannedSlice[] = [];
    for (const slice of slicesByPorts.get(key) ?? []) {
      const endpoints: CachedEndpoint[] = [];
      for (const old of ((slice as Obj).endpoints ?? []) as Obj[]) {
        const uid = uidOfEndpoint(old);
        const next = group.byUid.get(uid);
        if (!next) continue;
        endpoints.push(next);
        group.byUid.delete(uid);
      }
      planned.push({ stored: slice, ports: group.ports, endpoints });
    }
    const rest = [...group.byUid.values()].sort((a, b) => compareStrings(a.podName, b.podName));
    let next = 0;
    for (const slice of planned) {
      while (slice.endpoints.length < MAX_ENDPOINTS_PER_SLICE && next < rest.length) slice.endpoints.push(rest[next++]!);
    }
    while (next < rest.length) {
      planned.push({ stored: undefined, ports: group.ports, endpoints: rest.slice(next, next + MAX_ENDPOINTS_PER_SLICE) });
      next += MAX_ENDPOINTS_PER_SLICE;
    }
    for (const slice of planned) {
      if (slice.endpoints.length > 0) keep.push(slice);
      else if (slice.stored) remove.push(slice.stored);
    }
  }
  if (keep.length === 0) {
    // No endpoints at all: one placeholder slice without ports, reusing a stored slice if any.
    const reuse = existing[0];
    keep.push({ stored: reuse, ports: [], endpoints: [] });
    if (reuse) remove.splice(remove.indexOf(reuse), 1);
  }
  // As the real reconciler does: turn creates into updates of slices that would be deleted.
  for (let i = keep.length - 1; i >= 0 && remove.length > 0; i--) {
    if (!keep[i]!.stored) keep[i]!.stored = remove.shift();
  }
  return { keep, remove };
}

/** What every slice of a Service carries: its labels and owner reference. */
interface SliceHead {
  readonly labels: Record<string, string>;
  readonly ownerReferences: Obj[];
  readonly text: string;
}

function sliceHeadOf(service: KubeObject): SliceHead {
  const name = service.metadata.name ?? '';
  const labels = endpointLabelsOf(service, { [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: ENDPOINT_SLICE_CONTROLLER_ID });
  const ownerReferences = [{ apiVersion: 'v1', kind: 'Service', name, uid: service.metadata.uid, controller: true, blockOwnerDeletion: true }];
  return { labels, ownerReferences, text: JSON.stringify([labels, ownerReferences]) };
}

function sliceBody(service: KubeObject, head: SliceHead, plan: PlannedSlice): Obj {
  const metadata: Obj = plan.stored
    ? copyMetadata(plan.stored.metadata)
    : { generateName: `${service.metadata.name ?? ''}-`, namespace: service.metadata.namespace };
  metadata.labels = { ...head.labels };
  metadata.ownerReferences = structuredClone(head.ownerReferences);
  const body: Obj = { ...SLICE, metadata, addressType: 'IPv4', endpoints: plan.endpoints.map((e) => e.json) };
  if (plan.ports.length > 0) body.ports = plan.ports;
  return body;
}

/** The text of a slice's content, to compare with what this controller last wrote. */
function sliceText(head: SliceHead, plan: PlannedSlice): string {
  return `${head.text}|${JSON.stringify(plan.ports)}|${plan.endpoints.map((e) => e.text).join(',')}`;
}

function sameSlice(memory: SliceMemory, stored: KubeObject, body: () => Obj, text: string): boolean {
  const last = memory.written.get(`${stored.metadata.namespace ?? ''}/${stored.metadata.name ?? ''}`);
  if (last && last.resourceVersion === stored.metadata.resourceVersion) return last.text === text;
  const s = stored as Obj;
  const b = body();
  return (
    isDeepStrictEqual(s.endpoints ?? [], b.endpoints) &&
    isDeepStrictEqual(s.ports ?? [], b.ports ?? []) &&
    isDeepStrictEqual(s.metadata.labels ?? {}, b.metadata.labels) &&
    isDeepStrictEqual(s.metadata.ownerReferences ?? [], b.metadata.ownerReferences) &&
    s.addressType === b.addressType
  );
}

function deleteSlice(ctx: ControllerContext, memory: SliceMemory, slice: KubeObject): void {
  memory.written.delete(`${slice.metadata.namespace ?? ''}/${slice.metadata.name ?? ''}`);
  try {
    ctx.api.delete({ ...SLICE, namespace: slice.metadata.namespace, name: slice.metadata.name ?? '' });
  } catch (err) {
    if (!isStatusError(err, 'NotFound')) throw err;
  }
}

/** Brings one Service's managed slices in line with its pods. */
function syncSlices(ctx: ControllerContext, index: ServicePodIndex, memory: SliceMemory, namespace: string, name: string): void {
  const service = ctx.api.tryGet({ apiVersion: 'v1', kind: 'Service', namespace, name });
  const existing = ctx.api
    .list({ ...SLICE, namespace, labelSelector: `${SERVICE_NAME_LABEL}=${name},${MANAGED_BY_LABEL}=${ENDPOINT_SLICE_CONTROLLER_ID}` })
    .items.slice()
    .sort((a, b) => compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''));
  if (!service || !endpointSelectorOf(service)) {
    for (const slice of existing) deleteSlice(ctx, memory, slice);
    return;
  }
  const owned = existing.filter((s) => s.metadata.ownerReferences?.some((r) => r.uid === service.metadata.uid));
  for (const slice of existing) if (!owned.includes(slice)) deleteSlice(ctx, memory, slice);
  const wanted = wantedEndpoints(memory, service, index.podsOf(namespace, name)?.values() ?? []);
  const { keep, remove } = planSlices(owned, wanted);
  const head = sliceHeadOf(service);
  for (const plan of keep) {
    const text = sliceText(head, plan);
    const body = (): Obj => sliceBody(service, head, plan);
    let stored: KubeObject | undefined;
    if (!plan.stored) stored = ctx.api.create(body() as KubeObject, { fieldManager: CONTROLLER_MANAGER });
    else if (!sameSlice(memory, plan.stored, body, text)) stored = ctx.api.update(body() as KubeObject, { fieldManager: CONTROLLER_MANAGER });
    if (stored) memory.written.set(`${namespace}/${stored.metadata.name ?? ''}`, { resourceVersion: stored.metadata.resourceVersion ?? '', text });
  }
  for (const slice of remove) deleteSlice(ctx, memory, slice);
}

/**
 * Creates the EndpointSlice controller. Each instance keeps the Service/pod index of the cluster
 * it reconciles, so pods map to the Services selecting them; create one per cluster.
 * @example new ControllerManager(api, [createEndpointSliceController(), createEndpointsController()])
 */
export function createEndpointSliceController(options: EndpointControllerOptions = {}): Controller {
  let index: ServicePodIndex | undefined;
  const batcher = new EndpointUpdateBatcher(options.batchPeriodMs);
  // Store events are delivered before a write returns: slice events while this is set are our own.
  let writing = false;
  const memory: SliceMemory = { endpoints: new WeakMap(), written: new Map() };
  return {
    name: 'endpointslice-controller',
    watches: [
      kind('v1', 'Service'),
      mapped('v1', 'Pod', (pod) => index?.servicesSelecting(pod) ?? NO_KEYS, hasSameLabels),
      mapped(SLICE.apiVersion, SLICE.kind, (slice) => {
        const labels = slice.metadata.labels ?? {};
        const svc = labels[SERVICE_NAME_LABEL];
        if (writing || !svc || labels[MANAGED_BY_LABEL] !== ENDPOINT_SLICE_CONTROLLER_ID) return [];
        return [`${slice.metadata.namespace ?? ''}/${svc}`];
      }),
    ],
    reconcile(key, ctx) {
      index = servicePodIndexOf(ctx.api.store);
      const wait = batcher.waitMs(key, ctx.clock.nowMillis());
      if (wait > 0) return after(wait);
      const { namespace, name } = splitKey(key);
      writing = true;
      try {
        syncSlices(ctx, index, memory, namespace ?? '', name);
      } finally {
        writing = false;
      }
      return done();
    },
  };
}
