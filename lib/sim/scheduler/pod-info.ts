// What the scheduler needs to know about a pod, read once from its spec: effective resource
// requests (init containers as max, sidecars added, overhead), host ports, tolerations, affinity,
// spread constraints, claims and the controller owner. Pure parsing; no cluster state.

import type { KubeObject } from '../../k8s/types.ts';
import { parseMillis, tryParseQuantity } from '../../k8s/quantity.ts';

type Obj = Record<string, any>;

/** Resource amounts: cpu in millicores, everything else in base units. */
export interface Resources {
  milliCpu: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended and hugepages resources (`nvidia.com/gpu`, `hugepages-2Mi`). */
  scalar: Map<string, number> | undefined;
}

/** A host port a pod binds on its node. */
export interface HostPort {
  readonly hostIP: string;
  readonly protocol: string;
  readonly port: number;
}

/** A toleration as written in a pod spec. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

/** A pod as the scheduler sees it. */
export interface PodInfo {
  /** The pod object; the scheduler cache points a cached PodInfo at newer objects with the same scheduling view. */
  readonly pod: KubeObject;
  readonly key: string;
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: Obj;
  readonly nodeName: string | undefined;
  /** Requests as the resource fit check counts them (0 when unset). Shared; never changed. */
  readonly requests: Resources;
  /** cpu/memory with kube-scheduler's non-zero defaults (100m, 200Mi) for scoring. */
  readonly nonZeroMilliCpu: number;
  readonly nonZeroMemory: number;
  readonly hostPorts: readonly HostPort[];
  readonly tolerations: readonly Toleration[];
  /** uid of the controlling owner (ReplicaSet, StatefulSet, Job…), for default spreading. */
  readonly ownerUid: string | undefined;
  /** True when the pod has required or preferred inter-pod (anti-)affinity terms. */
  readonly hasPodAffinity: boolean;
  /** Required anti-affinity terms (checked against pods scheduled after this one). */
  readonly requiredAntiAffinity: readonly Obj[];
  readonly priority: number;
}

const DEFAULT_MILLI_CPU = 100;
const DEFAULT_MEMORY = 200 * 1024 * 1024;

/** A new zeroed Resources. */
export function createResources(): Resources {
  return { milliCpu: 0, memory: 0, ephemeralStorage: 0, scalar: undefined };
}

/**
 * Quantity strings parsed before and their values: a bounded memo of pure parses (pods of one
 * template repeat the same few strings). Only well-formed strings are kept, so a malformed one
 * goes through the parser again and fails as it would.
 */
const quantities = new Map<string, number>();
const millis = new Map<string, number>();
const MAX_MEMO = 10_000;

function remember(memo: Map<string, number>, key: string, value: number): number {
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(key, value);
  return value;
}

/** tryParseQuantity(), memoised for strings. */
function readQuantity(value: unknown): number | undefined {
  if (typeof value !== 'string') return tryParseQuantity(value);
  const known = quantities.get(value);
  if (known !== undefined) return known;
  const parsed = tryParseQuantity(value);
  return parsed === undefined ? undefined : remember(quantities, value, parsed);
}

/** parseMillis() (which throws for a malformed quantity), memoised for strings. */
function readMillis(value: string | number): number {
  if (typeof value !== 'string') return parseMillis(value);
  const known = millis.get(value);
  return known !== undefined ? known : remember(millis, value, parseMillis(value));
}

function readRequests(container: Obj): Obj {
  const res = container?.resources ?? {};
  // Without limits the requests are read as they are (callers only read them).
  if (!res.limits) return res.requests ?? {};
  // The API server copies limits into unset requests; do the same for objects built in tests.
  return { ...res.limits, ...(res.requests ?? {}) };
}

function addRequests(into: Resources, requests: Obj): void {
  // for-in over a plain object visits what Object.entries() lists, without its arrays.
  for (const name in requests) {
    if (!Object.hasOwn(requests, name)) continue;
    const value = requests[name];
    if (name === 'cpu') into.milliCpu += readMillis(value as string);
    else {
      const amount = readQuantity(value) ?? 0;
      if (name === 'memory') into.memory += amount;
      else if (name === 'ephemeral-storage') into.ephemeralStorage += amount;
      else if (name !== 'pods') {
        into.scalar ??= new Map();
        into.scalar.set(name, (into.scalar.get(name) ?? 0) + amount);
      }
    }
  }
}

function maxInto(into: Resources, other: Resources): void {
  into.milliCpu = Math.max(into.milliCpu, other.milliCpu);
  into.memory = Math.max(into.memory, other.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, other.ephemeralStorage);
  for (const [name, v] of other.scalar ?? []) {
    into.scalar ??= new Map();
    into.scalar.set(name, Math.max(into.scalar.get(name) ?? 0, v));
  }
}

function copyResources(r: Resources): Resources {
  return { ...r, scalar: r.scalar ? new Map(r.scalar) : undefined };
}

/**
 * A pod's effective requests, as `resource.PodRequests` computes them: the containers' sum plus
 * restartable (sidecar) init containers, or the largest init container step if that is more,
 * plus `spec.overhead`.
 */
export function computePodRequests(spec: Obj): Resources {
  const total = createResources();
  for (const c of spec?.containers ?? []) addRequests(total, readRequests(c));
  const sidecars = createResources();
  const initMax = createResources();
  for (const c of spec?.initContainers ?? []) {
    const req = readRequests(c);
    if (c?.restartPolicy === 'Always') {
      addRequests(sidecars, req);
      maxInto(initMax, sidecars);
    } else {
      const step = copyResources(sidecars);
      addRequests(step, req);
      maxInto(initMax, step);
    }
  }
  addInto(total, sidecars);
  maxInto(total, initMax);
  if (spec?.overhead) addRequests(total, spec.overhead);
  return total;
}

/** Adds `other` to `into`, or subtracts it with `sign` -1. */
export function addInto(into: Resources, other: Resources, sign = 1): void {
  into.milliCpu += sign * other.milliCpu;
  into.memory += sign * other.memory;
  into.ephemeralStorage += sign * other.ephemeralStorage;
  for (const [name, v] of other.scalar ?? []) {
    into.scalar ??= new Map();
    into.scalar.set(name, (into.scalar.get(name) ?? 0) + sign * v);
  }
}

function computeNonZero(spec: Obj): { milliCpu: number; memory: number } {
  let milliCpu = 0;
  let memory = 0;
  for (const c of spec?.containers ?? []) {
    const req = readRequests(c);
    milliCpu += req.cpu !== undefined ? readMillis(req.cpu) : DEFAULT_MILLI_CPU;
    memory += req.memory !== undefined ? (readQuantity(req.memory) ?? 0) : DEFAULT_MEMORY;
  }
  return { milliCpu, memory };
}

function readHostPorts(spec: Obj): HostPort[] {
  const out: HostPort[] = [];
  for (const c of spec?.containers ?? []) {
    for (const p of c?.ports ?? []) {
      if (typeof p?.hostPort === 'number' && p.hostPort > 0) {
        out.push({ hostIP: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
      }
    }
  }
  return out;
}

/** What readPodInfo() computes from a spec's containers, init containers and overhead. */
interface SpecAmounts {
  readonly initContainers: unknown;
  readonly overhead: unknown;
  readonly requests: Resources;
  readonly nonZero: { milliCpu: number; memory: number };
  readonly hostPorts: HostPort[];
}

/**
 * The amounts last read from a stored (deep-frozen, so unchanging) container list, and that
 * list: the bind's store event re-reads the pod just scheduled, whose bound spec keeps its lists.
 * One entry, not a WeakMap by list: no other read comes between the two, and a WeakMap entry
 * per pod cost more (lookups on fresh lists, ephemerons for the GC) than it saved.
 */
let lastContainers: unknown;
let lastAmounts: SpecAmounts | undefined;

function readSpecAmounts(spec: Obj): SpecAmounts {
  const containers = spec.containers;
  const known = lastAmounts;
  if (known && containers === lastContainers && known.initContainers === spec.initContainers && known.overhead === spec.overhead) return known;
  const amounts: SpecAmounts = {
    initContainers: spec.initContainers,
    overhead: spec.overhead,
    requests: computePodRequests(spec),
    nonZero: computeNonZero(spec),
    hostPorts: readHostPorts(spec),
  };
  if (Array.isArray(containers) && Object.isFrozen(containers)) {
    lastContainers = containers;
    lastAmounts = amounts;
  }
  return amounts;
}

/** Reads a pod once for a scheduling cycle or for the node it runs on. */
export function readPodInfo(pod: KubeObject): PodInfo {
  const spec: Obj = (pod as Obj).spec ?? {};
  const meta = pod.metadata;
  const namespace = meta.namespace ?? 'default';
  const name = meta.name ?? '';
  const amounts = readSpecAmounts(spec);
  const nonZero = amounts.nonZero;
  const affinity = spec.affinity ?? {};
  const podAffinity = affinity.podAffinity ?? {};
  const podAnti = affinity.podAntiAffinity ?? {};
  const owner = meta.ownerReferences?.find((r) => r.controller);
  return {
    pod,
    key: `${namespace}/${name}`,
    uid: meta.uid ?? '',
    namespace,
    name,
    labels: meta.labels ?? {},
    spec,
    nodeName: spec.nodeName || undefined,
    requests: amounts.requests,
    nonZeroMilliCpu: nonZero.milliCpu,
    nonZeroMemory: nonZero.memory,
    hostPorts: amounts.hostPorts,
    tolerations: spec.tolerations ?? [],
    ownerUid: owner?.uid,
    hasPodAffinity: hasTerms(podAffinity) || hasTerms(podAnti),
    requiredAntiAffinity: podAnti.requiredDuringSchedulingIgnoredDuringExecution ?? [],
    priority: typeof spec.priority === 'number' ? spec.priority : 0,
  };
}

function hasTerms(a: Obj): boolean {
  return (a.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0 || (a.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
}

/** True when a pod no longer holds node resources (it finished). */
export function isPodTerminal(pod: KubeObject): boolean {
  const phase = (pod as Obj).status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}
