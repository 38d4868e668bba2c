// The bookkeeping a real API server does on every write, per kind: which kinds track
// `generation`, what status a new object starts with, how status and spec are kept apart when a
// kind has a status subresource, and the cluster IPs and node ports the service REST allocates.
// Pure functions over plain (unfrozen) objects; the caller gathers the addresses already in use.

import type { KubeObject } from '../../k8s/types.ts';
import { isDeepStrictEqual } from 'node:util';
import { cloneJson } from './patch/json-utils.ts';
import type { ResourceInfo } from './resources.ts';

type Obj = Record<string, any>;

const GENERATION_KINDS = new Set([
  'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController', 'Job', 'CronJob',
  'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Ingress', 'IngressClass', 'NetworkPolicy', 'CustomResourceDefinition',
]);

/** True when the API server maintains `metadata.generation` for this kind. */
export function tracksGeneration(info: ResourceInfo): boolean {
  return info.custom || GENERATION_KINDS.has(info.kind);
}

/** Fields outside an object's desired state. */
const NOT_SPEC = new Set(['metadata', 'status', 'apiVersion', 'kind']);

/** The number of fields of an object's desired state (everything but metadata and status). */
function countSpecFields(o: Obj): number {
  let n = 0;
  for (const key in o) if (!NOT_SPEC.has(key)) n++;
  return n;
}

/** True when a write changed the desired state, which bumps `generation`. */
export function specChanged(oldObj: KubeObject, newObj: KubeObject): boolean {
  const before = oldObj as Obj;
  const after = newObj as Obj;
  if (countSpecFields(before) !== countSpecFields(after)) return true;
  for (const key in before) {
    if (NOT_SPEC.has(key)) continue;
    if (!Object.hasOwn(after, key) || !isStrictEqualJson(before[key], after[key])) return true;
  }
  return false;
}

/** isDeepStrictEqual() for JSON values (plain objects and arrays walked here, anything else handed to it). */
function isStrictEqualJson(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b);
  if (a === b) return true;
  const proto = Object.getPrototypeOf(a);
  if (proto !== Object.getPrototypeOf(b) || (proto !== Object.prototype && proto !== Array.prototype)) return isDeepStrictEqual(a, b);
  if (proto === Array.prototype) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (i in x !== i in y || !isStrictEqualJson(x[i], y[i])) return false;
    return true;
  }
  // Plain objects: for-in visits their own keys (none are inherited). All of a's keys in b and as many keys: the same keys.
  let count = 0;
  for (const key in a) {
    count++;
    if (!Object.hasOwn(b, key) || !isStrictEqualJson((a as Obj)[key], (b as Obj)[key])) return false;
  }
  for (const _ in b) count--;
  return count === 0;
}

/** The status a kind's object starts with on create (what a real server stores). */
export function initialStatus(obj: KubeObject, info: ResourceInfo): unknown {
  const o = obj as Obj;
  switch (info.kind) {
    case 'Pod':
      return { phase: 'Pending', qosClass: qosClassOf(o.spec) };
    case 'Namespace':
      return { phase: 'Active' };
    case 'Node':
      // Kubelets register nodes with their status; the node strategy keeps it on create.
      return o.status ?? {};
    case 'PersistentVolumeClaim':
    case 'PersistentVolume':
      return { phase: 'Pending' };
    case 'Service':
    case 'Ingress':
      return { loadBalancer: {} };
    case 'CustomResourceDefinition':
      return undefined; // filled by the CRD registry
    default:
      return info.custom ? undefined : {};
  }
}

/** A pod's QoS class from its containers' requests and limits. */
export function qosClassOf(spec: Obj | undefined): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers: Obj[] = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const requests = c?.resources?.requests ?? {};
    const limits = c?.resources?.limits ?? {};
    if (Object.keys(requests).length > 0 || Object.keys(limits).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      if (limits[r] === undefined || (requests[r] !== undefined && String(requests[r]) !== String(limits[r]))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * A copy of a stored object to write back: deep, or (`shared`) only the top level and metadata,
 * sharing the stored (frozen) values below. metadata.managedFields is left out: a /status write's
 * managedFields start from the stored ones whatever its body holds (updateManagedFields reads
 * them from the stored object), and reading them could work out a pending list for nothing.
 */
function copyStored(old: Obj, shared: boolean): Obj {
  const out: Obj = {};
  for (const key of Object.keys(old)) {
    const value = old[key];
    if (key !== 'metadata' || value === null || typeof value !== 'object' || Array.isArray(value)) out[key] = shared ? value : cloneJson(value);
    else {
      const meta: Obj = {};
      for (const field in value) if (field !== 'managedFields') meta[field] = shared ? value[field] : cloneJson(value[field]);
      out[key] = meta;
    }
  }
  return out;
}

/**
 * Keeps status and spec apart the way a kind's strategy does: a main-resource write cannot
 * change status (when status is a subresource); a status write changes only status. With
 * `shareStored`, a status write's result shares the stored object's values below its top level
 * and metadata (frozen: whoever must change one needs the result without `shareStored`).
 */
export function separateStatus(oldObj: KubeObject, newObj: KubeObject, info: ResourceInfo, subresource: string | undefined, shareStored = false): KubeObject {
  if (!info.hasStatus) return newObj;
  const o = newObj as Obj;
  const old = oldObj as Obj;
  if (subresource === 'status') {
    const merged: Obj = copyStored(old, shareStored);
    merged.status = o.status;
    // Labels, annotations and finalizers cannot change through /status.
    return merged as KubeObject;
  }
  const out: Obj = { ...o };
  if (old.status === undefined) delete out.status;
  else out.status = old.status;
  return out as KubeObject;
}

/** The service CIDR the simulated cluster allocates cluster IPs from (kube-apiserver's default). */
export const SERVICE_CIDR = '10.96.0.0/12';
const SERVICE_NET = ipToNumber('10.96.0.0');
const SERVICE_SIZE = 2 ** 20;
/** The node port range (`--service-node-port-range`). */
export const NODE_PORT_RANGE = { first: 30000, last: 32767 } as const;

/** The addresses Services hold: cluster IPs and node ports. */
export interface ServiceAddresses {
  readonly clusterIPs: ReadonlySet<string>;
  readonly nodePorts: ReadonlySet<number>;
}

/** The cluster IPs and node ports the given Services hold. */
export function collectServiceAddresses(services: readonly KubeObject[]): ServiceAddresses {
  const clusterIPs = new Set<string>();
  const nodePorts = new Set<number>();
  for (const svc of services) {
    const spec = ((svc as Obj).spec ?? {}) as Obj;
    for (const ip of spec.clusterIPs ?? [spec.clusterIP]) if (typeof ip === 'string' && ip !== '' && ip !== 'None') clusterIPs.add(ip);
    for (const port of spec.ports ?? []) if (typeof port?.nodePort === 'number') nodePorts.add(port.nodePort);
  }
  return { clusterIPs, nodePorts };
}

/** A field problem of an allocation, worded as the service REST's allocator words it. */
export interface AllocationError {
  readonly field: string;
  readonly value: unknown;
  readonly detail: string;
}

function ipToNumber(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return Number.NaN;
  return ((parts[0]! * 256 + parts[1]!) * 256 + parts[2]!) * 256 + parts[3]!;
}

function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function needsClusterIP(spec: Obj): boolean {
  return spec.type !== 'ExternalName';
}

function needsNodePorts(spec: Obj): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

/**
 * Gives a Service what the service REST allocates: `clusterIP`/`clusterIPs` (lowest free address
 * of the service CIDR, or checks the one asked for) and node ports for NodePort and LoadBalancer
 * types. With `old` (an update) it first keeps the addresses the update leaves out, as
 * `patchAllocatedValues` does. Mutates `spec`; returns allocation errors (422 causes).
 */
export function allocateServiceAddresses(spec: Obj, used: ServiceAddresses, oldSpec?: Obj): AllocationError[] {
  if (oldSpec) keepAllocatedValues(spec, oldSpec);
  const errors: AllocationError[] = [];
  if (needsClusterIP(spec)) {
    if (spec.clusterIP && (!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0)) spec.clusterIPs = [spec.clusterIP];
    const ip: string = spec.clusterIP ?? '';
    // An update allocates only for a Service that had no cluster IP; changing one is validation's 422.
    const kept = oldSpec !== undefined && needsClusterIP(oldSpec) && ip !== '';
    if (ip === '') {
      const free = findFreeIp(used.clusterIPs);
      spec.clusterIP = free;
      spec.clusterIPs = [free];
    } else if (ip !== 'None' && !kept) {
      const n = ipToNumber(ip);
      if (!(n >= SERVICE_NET && n < SERVICE_NET + SERVICE_SIZE)) {
        errors.push({ field: 'spec.clusterIPs', value: spec.clusterIPs, detail: `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}` });
      } else if (used.clusterIPs.has(ip)) {
        errors.push({ field: 'spec.clusterIPs', value: spec.clusterIPs, detail: `failed to allocate IP ${ip}: provided IP is already allocated` });
      }
    }
  }
  if (needsNodePorts(spec) && Array.isArray(spec.ports)) {
    const oldPorts = new Set<number>(needsNodePorts(oldSpec ?? {}) ? (oldSpec?.ports ?? []).map((p: Obj) => p?.nodePort).filter(Boolean) : []);
    // Only a port that is new to this Service needs the set of ports taken by the others.
    let takenSet: Set<number> | undefined;
    const taken = { has: (n: number) => (takenSet ??= new Set(used.nodePorts)).has(n), add: (n: number) => void (takenSet ??= new Set(used.nodePorts)).add(n) };
    (spec.ports as Obj[]).forEach((port, i) => {
      if (!port || typeof port !== 'object' || !port.nodePort || oldPorts.has(port.nodePort)) return;
      const n = port.nodePort as number;
      if (n < NODE_PORT_RANGE.first || n > NODE_PORT_RANGE.last) {
        errors.push({ field: `spec.ports[${i}].nodePort`, value: n, detail: `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.first}-${NODE_PORT_RANGE.last}` });
      } else if (taken.has(n)) {
        errors.push({ field: `spec.ports[${i}].nodePort`, value: n, detail: 'provided port is already allocated' });
      }
      taken.add(n);
    });
    if (takenSet === undefined && (spec.ports as Obj[]).every((port) => !port || typeof port !== 'object' || port.nodePort)) return errors;
    for (const port of spec.ports as Obj[]) {
      if (!port || typeof port !== 'object' || port.nodePort) continue;
      let n: number = NODE_PORT_RANGE.first;
      while (taken.has(n) || oldPorts.has(n)) n++;
      port.nodePort = n;
      taken.add(n);
    }
  }
  return errors;
}

function findFreeIp(used: ReadonlySet<string>): string {
  // The network address is never handed out; the simulation hands out the lowest free address.
  for (let n = SERVICE_NET + 1; n < SERVICE_NET + SERVICE_SIZE - 1; n++) {
    const ip = numberToIp(n);
    if (!used.has(ip)) return ip;
  }
  throw new RangeError(`the service CIDR ${SERVICE_CIDR} is full`);
}

/** Copies cluster IPs and node ports an update leaves unset from the stored Service. */
function keepAllocatedValues(spec: Obj, oldSpec: Obj): void {
  if (needsClusterIP(oldSpec) && needsClusterIP(spec)) {
    // A client that changed only the singular field means it (normalizeClusterIPs).
    const sameList = JSON.stringify(spec.clusterIPs ?? null) === JSON.stringify(oldSpec.clusterIPs ?? null);
    if (spec.clusterIP && spec.clusterIP !== oldSpec.clusterIP && sameList) spec.clusterIPs = [spec.clusterIP];
    if (!spec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
    if ((!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0) && Array.isArray(oldSpec.clusterIPs)) spec.clusterIPs = oldSpec.clusterIPs;
  }
  if (needsNodePorts(oldSpec) && needsNodePorts(spec) && Array.isArray(spec.ports)) {
    const byName = new Map<string, number>();
    for (const p of (oldSpec.ports ?? []) as Obj[]) if (p?.nodePort) byName.set(p.name ?? '', p.nodePort);
    const inUse = new Set((spec.ports as Obj[]).map((p) => p?.nodePort).filter(Boolean));
    for (const p of spec.ports as Obj[]) {
      if (!p || typeof p !== 'object' || p.nodePort) continue;
      const previous = byName.get(p.name ?? '');
      if (previous !== undefined && !inUse.has(previous)) p.nodePort = previous;
    }
  }
}

/**
 * A created Service as its field manager saw it: the handler records managedFields before the
 * REST storage allocates, so cluster IPs, IP families and node ports it fills in belong to no manager.
 */
export function withoutAllocatedAddresses(stored: KubeObject, requested: KubeObject): KubeObject {
  const out = cloneJson(stored) as Obj;
  const spec = out.spec as Obj | undefined;
  const asked = ((requested as Obj).spec ?? {}) as Obj;
  if (!spec) return out as KubeObject;
  for (const field of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) if (asked[field] === undefined) delete spec[field];
  if (Array.isArray(spec.ports)) {
    spec.ports.forEach((port: Obj, i: number) => {
      if (port && typeof port === 'object' && asked.ports?.[i]?.nodePort === undefined) delete port.nodePort;
    });
  }
  return out as KubeObject;
}

/**
 * The selector the Job strategy generates on create unless `manualSelector` is true: the pod
 * template gets job-name and controller-uid labels (old and new spellings), and the selector
 * matches the controller uid. Mutates `job`, which already has its uid.
 */
export function generateJobSelector(job: KubeObject): void {
  const spec = (job as Obj).spec as Obj | undefined;
  if (!spec || spec.manualSelector === true) return;
  const template = (spec.template ??= {}) as Obj;
  const meta = (template.metadata ??= {}) as Obj;
  const labels = (meta.labels ??= {}) as Record<string, string>;
  const name = job.metadata.name ?? '';
  const uid = job.metadata.uid ?? '';
  for (const key of ['job-name', 'batch.kubernetes.io/job-name']) labels[key] ??= name;
  for (const key of ['controller-uid', 'batch.kubernetes.io/controller-uid']) labels[key] ??= uid;
  const selector = (spec.selector ??= {}) as Obj;
  const matchLabels = (selector.matchLabels ??= {}) as Record<string, string>;
  matchLabels['batch.kubernetes.io/controller-uid'] ??= uid;
}

/**
 * Secrets: `stringData` is write-only. The API server encodes each entry into `data` (over any
 * value already there) and stores no `stringData`, so readers only ever see `data`.
 */
export function foldSecretStringData(obj: KubeObject): void {
  const o = obj as Obj;
  if (o.kind !== 'Secret' || o.apiVersion !== 'v1' || !o.stringData || typeof o.stringData !== 'object') return;
  const data: Record<string, string> = { ...(o.data ?? {}) };
  for (const [key, value] of Object.entries(o.stringData as Record<string, unknown>)) {
    data[key] = Buffer.from(String(value), 'utf8').toString('base64');
  }
  o.data = data;
  delete o.stringData;
}
