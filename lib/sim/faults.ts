// The faults API of the simulated cluster, for tests and the CLI: add and remove nodes, fail
// and recover them, cordon, uncordon and drain, kill pods, make images unpullable, crash or
// OOM-kill containers and set CPU load. Each call checks its input and names what exists when it is
// wrong. drain() evicts through the eviction API, so PodDisruptionBudgets can refuse it.
// Faults only change state; the controllers act on them when the cluster settles.

import { HPA_CONTROLLER, targetKeyOf } from './controllers/horizontal-pod-autoscaler.ts';
import { checkDns1123Subdomain } from '../k8s/names.ts';
import type { KubeObject } from '../k8s/types.ts';
import type { ApiServer } from './api/api-server.ts';
import { nodeObject, type ClusterShape } from './bootstrap.ts';
import type { SimulationKnobs } from './controllers/controller.ts';
import { lastHeartbeatsOf, NODE_LIFECYCLE_CONTROLLER } from './controllers/node-lifecycle.ts';
import { evictPod } from './api/eviction.ts';
import { StatusError } from './errors.ts';
import { faultsOf } from './knobs.ts';
import { KUBELET_CONTROLLER } from './kubelet/kubelet.ts';
import { kubeletStateOf } from './kubelet/runtime-state.ts';

type Obj = Record<string, any>;

/** What faults act on: a SimCluster fits. The manager, when given, is told which keys to look at. */
export interface FaultTarget {
  readonly api: ApiServer;
  readonly knobs: SimulationKnobs;
  readonly manager?: { enqueue(controller: string, key: string): void } | undefined;
}

function enqueue(target: FaultTarget, controller: string, key: string): void {
  try {
    target.manager?.enqueue(controller, key);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err; // that controller is not running: nothing to wake
  }
}

function nodeNames(api: ApiServer): string[] {
  return api.list({ apiVersion: 'v1', kind: 'Node' }).items.map((n) => n.metadata.name ?? '').sort();
}

function listOrNone(names: string[]): string {
  return names.length === 0 ? 'none' : names.join(', ');
}

function getNode(api: ApiServer, name: string): KubeObject {
  const node = api.tryGet({ apiVersion: 'v1', kind: 'Node', name });
  if (!node) throw new RangeError(`Node "${name}" not found; nodes: ${listOrNone(nodeNames(api))}`);
  return node;
}

/** Splits `namespace/name` (or `name`, in `default`). */
function splitPodRef(ref: string): { namespace: string; name: string } {
  const slash = ref.indexOf('/');
  return slash < 0 ? { namespace: 'default', name: ref } : { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) };
}

function getPod(api: ApiServer, namespace: string, name: string): KubeObject {
  const pod = api.tryGet({ apiVersion: 'v1', kind: 'Pod', namespace, name });
  if (pod) return pod;
  const names = api.list({ apiVersion: 'v1', kind: 'Pod', namespace }).items.map((p) => p.metadata.name ?? '').sort();
  const shown = names.length > 10 ? `${names.slice(0, 10).join(', ')}, … (${names.length} in all)` : listOrNone(names);
  throw new RangeError(`Pod "${name}" not found in namespace "${namespace}"; pods there: ${shown}`);
}

function podsOnNode(api: ApiServer, node: string): KubeObject[] {
  return api.list({ apiVersion: 'v1', kind: 'Pod', fieldSelector: `spec.nodeName=${node}` }).items;
}

/**
 * Adds a worker node like the bootstrap ones (`node-N` with the next free number by default,
 * its own pod CIDR). Returns the node.
 * @example addNode(cluster.api, { name: 'big-1', shape: { cpu: '16', memory: '64Gi' } })
 */
export function addNode(api: ApiServer, options: { name?: string; shape?: ClusterShape } = {}): KubeObject {
  const nodes = api.list({ apiVersion: 'v1', kind: 'Node' }).items;
  const taken = new Set(nodes.map((n) => n.metadata.name));
  let name = options.name;
  if (name === undefined) {
    for (let i = 1; ; i++) if (!taken.has(`node-${i}`)) { name = `node-${i}`; break; }
  }
  const problems = checkDns1123Subdomain(name);
  if (problems.length > 0) throw new RangeError(`addNode(): name "${name}": ${problems.join('; ')}`);
  if (taken.has(name)) throw new RangeError(`addNode(): Node "${name}" already exists; nodes: ${listOrNone(nodeNames(api))}`);
  // The first index whose pod CIDR no node uses, as bootstrap numbers them.
  const usedCidrs = new Set(nodes.map((n) => String((n as Obj).spec?.podCIDR ?? '')));
  let index = 0;
  while (usedCidrs.has(String((nodeObject(name, index) as Obj).spec?.podCIDR))) index++;
  return api.create(nodeObject(name, index, options.shape), { fieldManager: 'shipshape-sim-faults' });
}

/**
 * Removes a node. Its pods are force-deleted at once, as the pod garbage collector does for
 * pods bound to a node that no longer exists. Returns the `namespace/name` of those pods.
 */
export function removeNode(target: FaultTarget, name: string): string[] {
  getNode(target.api, name);
  target.api.delete({ apiVersion: 'v1', kind: 'Node', name });
  const removed: string[] = [];
  for (const pod of podsOnNode(target.api, name)) {
    const ref = { apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' };
    try {
      target.api.delete(ref, { gracePeriodSeconds: 0 });
      removed.push(`${pod.metadata.namespace}/${pod.metadata.name}`);
    } catch (err) {
      if (!(err instanceof StatusError && err.reason === 'NotFound')) throw err;
    }
  }
  const faults = faultsOf(target.knobs);
  faults.failedNodes = faults.failedNodes.filter((n) => n !== name);
  delete lastHeartbeatsOf(target.knobs)[name];
  delete kubeletStateOf(target.knobs).nodes[name];
  return removed.sort();
}

/** Stops a node's kubelet: no more heartbeats, status or pod progress until recoverNode(). */
export function failNode(target: FaultTarget, name: string): void {
  getNode(target.api, name);
  const faults = faultsOf(target.knobs);
  if (faults.failedNodes.includes(name)) throw new RangeError(`failNode(): Node "${name}" has already failed`);
  faults.failedNodes = [...faults.failedNodes, name].sort();
  lastHeartbeatsOf(target.knobs)[name] = target.api.clock.nowMillis();
  enqueue(target, NODE_LIFECYCLE_CONTROLLER, name);
}

/** Brings a failed node back: its kubelet posts Ready again and finishes its pods' work. */
export function recoverNode(target: FaultTarget, name: string): void {
  getNode(target.api, name);
  const faults = faultsOf(target.knobs);
  if (!faults.failedNodes.includes(name)) {
    throw new RangeError(`recoverNode(): Node "${name}" has not failed; failed nodes: ${listOrNone(faults.failedNodes)}`);
  }
  faults.failedNodes = faults.failedNodes.filter((n) => n !== name);
  enqueue(target, KUBELET_CONTROLLER, name);
  enqueue(target, NODE_LIFECYCLE_CONTROLLER, name);
}

function setUnschedulable(api: ApiServer, name: string, unschedulable: boolean): KubeObject {
  const node = getNode(api, name);
  if (((node as Obj).spec?.unschedulable === true) === unschedulable) return node;
  const spec = { ...((node as Obj).spec ?? {}) };
  if (unschedulable) spec.unschedulable = true;
  else delete spec.unschedulable;
  return api.update({ ...node, spec } as unknown as KubeObject, { fieldManager: 'kubectl-cordon' });
}

/** Marks a node unschedulable (`kubectl cordon`). */
export function cordon(api: ApiServer, name: string): KubeObject {
  return setUnschedulable(api, name, true);
}

/** Marks a node schedulable again (`kubectl uncordon`). */
export function uncordon(api: ApiServer, name: string): KubeObject {
  return setUnschedulable(api, name, false);
}

/** Annotation the kubelet puts on mirror pods of static pods; drain leaves those alone. */
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
/** How long `kubectl drain` waits before retrying a refused eviction. */
const DRAIN_RETRY_MS = 5_000;

/** A pod whose eviction a PodDisruptionBudget refused. */
export interface DrainRefusal {
  /** `namespace/name` of the pod. */
  readonly pod: string;
  /** The 429 message and its cause, e.g. "Cannot evict pod as it would violate the pod's disruption budget. (The disruption budget web needs 2 healthy pods and has 2 currently)". */
  readonly message: string;
}

/** What drain() did. */
export interface DrainResult {
  /** `namespace/name` of the pods evicted (their deletion began). */
  readonly evicted: string[];
  /** Pods whose eviction was still refused when drain() gave up. */
  readonly refused: DrainRefusal[];
  /** `namespace/name` of the DaemonSet and mirror pods left in place. */
  readonly ignored: string[];
}

/** Options of drain(). */
export interface DrainOptions {
  /**
   * Virtual milliseconds to keep retrying refused evictions, as `kubectl drain --timeout` does
   * (it retries every 5 s). Needs a target that can settle (a SimCluster): between retries the
   * cluster settles so that replacement pods can become ready. @default 0 (one pass, no retry)
   */
  readonly timeoutMs?: number;
}

/** A fault target that can also run the cluster, for drain retries. */
export interface DrainTarget extends FaultTarget {
  settle?(options: { timeoutMs?: number }): { readonly elapsedMs: number };
}

function isIgnoredByDrain(pod: KubeObject): boolean {
  if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return true;
  return pod.metadata.ownerReferences?.some((o) => o.controller && o.kind === 'DaemonSet') ?? false;
}

function describeRefusal(err: StatusError): string {
  const causes = (err.status.details?.causes ?? []).map((c) => c.message).filter(Boolean);
  return causes.length > 0 ? `${err.message} (${causes.join('; ')})` : err.message;
}

/** Evicts each pod once; returns the refusals (429) by pod. */
function evictOnce(api: ApiServer, pods: readonly string[], evicted: string[]): DrainRefusal[] {
  const refused: DrainRefusal[] = [];
  for (const ref of pods) {
    const { namespace, name } = splitPodRef(ref);
    try {
      evictPod(api, { namespace, name });
      evicted.push(ref);
    } catch (err) {
      if (err instanceof StatusError && err.reason === 'NotFound') continue;
      if (err instanceof StatusError && err.code === 429) refused.push({ pod: ref, message: describeRefusal(err) });
      else throw err;
    }
  }
  return refused;
}

/**
 * Cordons a node and evicts its pods through the eviction API, so PodDisruptionBudgets are
 * honoured, like `kubectl drain --ignore-daemonsets --force`: DaemonSet pods and mirror pods
 * stay, finished and terminating pods are skipped. A real `kubectl drain` retries a refused
 * eviction every 5 s until it succeeds or `--timeout` passes; `timeoutMs` does the same here,
 * settling the cluster between tries. Without it, refused pods are returned at once.
 * @example drain(sim, 'node-2', { timeoutMs: 120_000 })
 */
export function drain(target: DrainTarget, name: string, options: DrainOptions = {}): DrainResult {
  cordon(target.api, name);
  const evicted: string[] = [];
  const ignored: string[] = [];
  let pending: string[] = [];
  for (const pod of podsOnNode(target.api, name)) {
    const ref = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const phase = (pod as Obj).status?.phase;
    if (pod.metadata.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed') continue;
    if (isIgnoredByDrain(pod)) ignored.push(ref);
    else pending.push(ref);
  }
  pending.sort();
  let refused = evictOnce(target.api, pending, evicted);
  const timeoutMs = options.timeoutMs ?? 0;
  if (timeoutMs > 0 && refused.length > 0 && !target.settle) {
    throw new TypeError('drain(): timeoutMs needs a target that can settle (a SimCluster)');
  }
  let waited = 0;
  while (refused.length > 0 && waited < timeoutMs && target.settle) {
    const step = Math.min(DRAIN_RETRY_MS, timeoutMs - waited);
    const { elapsedMs } = target.settle({ timeoutMs: step });
    if (elapsedMs < step) target.api.clock.advance(step - elapsedMs);
    waited += step;
    pending = refused.map((r) => r.pod);
    refused = evictOnce(target.api, pending, evicted);
  }
  return { evicted: evicted.sort(), refused, ignored: ignored.sort() };
}

/** Kills a pod (`namespace/name`, or `name` in `default`): deleted at once, with no grace period. */
export function killPod(api: ApiServer, pod: string): void {
  const { namespace, name } = splitPodRef(pod);
  getPod(api, namespace, name);
  api.delete({ apiVersion: 'v1', kind: 'Pod', namespace, name }, { gracePeriodSeconds: 0 });
}

/** Makes pulls of images matching `pattern` (`*` wildcards) fail. Returns the patterns in force. */
export function makeUnpullable(target: FaultTarget, pattern: string): string[] {
  if (pattern.trim() === '' || /\s/.test(pattern)) throw new RangeError(`makeUnpullable(): pattern must be a non-empty image pattern without spaces: current value is ${JSON.stringify(pattern)}`);
  const faults = faultsOf(target.knobs);
  if (!faults.unpullableImages.includes(pattern)) faults.unpullableImages = [...faults.unpullableImages, pattern];
  return [...faults.unpullableImages];
}

/** Makes images pullable again (one pattern, or all). Returns the patterns still in force. */
export function makePullable(target: FaultTarget, pattern?: string): string[] {
  const faults = faultsOf(target.knobs);
  faults.unpullableImages = pattern === undefined ? [] : faults.unpullableImages.filter((p) => p !== pattern);
  return [...faults.unpullableImages];
}

/** Options of crashContainer() and oomKillContainer(). */
export interface CrashOptions {
  /** `namespace/name` of the pod, or `name` in `default`. */
  readonly pod: string;
  /** @default the pod's first container */
  readonly container?: string;
  /** How many times the container exits with code 1 (or is OOM-killed). @default 1 */
  readonly times?: number;
}

/** Checks a container fault's pod, container and count; returns its key `namespace/pod/container`. */
function checkContainerFault(target: FaultTarget, caller: string, options: CrashOptions): { key: string; times: number } {
  const { namespace, name } = splitPodRef(options.pod);
  const pod = getPod(target.api, namespace, name) as Obj;
  const names = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c: Obj) => String(c.name));
  const container = options.container ?? String(pod.spec?.containers?.[0]?.name ?? '');
  if (!names.includes(container)) throw new RangeError(`${caller}(): Pod ${namespace}/${name} has no container "${container}"; containers: ${listOrNone(names)}`);
  const times = options.times ?? 1;
  if (!Number.isInteger(times) || times < 1) throw new RangeError(`${caller}(): times must be a whole number >= 1: current value is ${times}`);
  return { key: `${namespace}/${name}/${container}`, times };
}

/**
 * Makes a container of a pod exit with code 1 the next `times` times it is up (a running
 * container crashes at once). Returns the fault key.
 * @example crashContainer(cluster, { pod: 'default/web-7d9c5-x2k9p', times: 3 })
 */
export function crashContainer(target: FaultTarget, options: CrashOptions): string {
  const { key, times } = checkContainerFault(target, 'crashContainer', options);
  faultsOf(target.knobs).crashes[key] = times;
  enqueue(target, KUBELET_CONTROLLER, key.slice(0, key.lastIndexOf('/')));
  return key;
}

/**
 * Makes the kernel OOM-kill a container of a pod the next `times` times it is up (a running
 * container at once): it ends with reason OOMKilled and exit code 137, then restarts with
 * back-off as for any crash. A real kubelet records no pod event for it beyond BackOff.
 * Returns the fault key. To model memory use instead, see SIM_ANNOTATIONS.memoryUsage.
 * @example oomKillContainer(cluster, { pod: 'shop/web-7d9c5-x2k9p', container: 'app' })
 */
export function oomKillContainer(target: FaultTarget, options: CrashOptions): string {
  const { key, times } = checkContainerFault(target, 'oomKillContainer', options);
  faultsOf(target.knobs).oomKills[key] = times;
  enqueue(target, KUBELET_CONTROLLER, key.slice(0, key.lastIndexOf('/')));
  return key;
}

const SCALABLE_KINDS: Record<string, string> = { Deployment: 'apps/v1', StatefulSet: 'apps/v1', ReplicaSet: 'apps/v1', ReplicationController: 'v1' };

/**
 * Sets the CPU utilization (percent of requests) of a workload's pods, as the metrics the HPA
 * reads. `workload` is `Kind/name` or `namespace/Kind/name`. Returns the fault key.
 * @example setCpuLoad(cluster, { workload: 'shop/Deployment/web', percent: 90 })
 */
export function setCpuLoad(target: FaultTarget, options: { workload: string; percent: number }): string {
  const parts = options.workload.split('/');
  const [namespace, kindName, name] = parts.length === 2 ? ['default', parts[0]!, parts[1]!] : [parts[0] ?? '', parts[1] ?? '', parts[2] ?? ''];
  if (parts.length < 2 || parts.length > 3 || !name) {
    throw new RangeError(`setCpuLoad(): workload must be "Kind/name" or "namespace/Kind/name": current value is ${JSON.stringify(options.workload)}`);
  }
  const apiVersion = SCALABLE_KINDS[kindName];
  if (!apiVersion) throw new RangeError(`setCpuLoad(): kind "${kindName}" cannot be scaled; use one of ${Object.keys(SCALABLE_KINDS).join(', ')}`);
  if (!target.api.tryGet({ apiVersion, kind: kindName, namespace, name })) {
    const existing = target.api.list({ apiVersion, kind: kindName, namespace }).items.map((o) => o.metadata.name ?? '').sort();
    throw new RangeError(`setCpuLoad(): ${kindName} "${name}" not found in namespace "${namespace}"; ${kindName}s there: ${listOrNone(existing)}`);
  }
  if (!Number.isFinite(options.percent) || options.percent < 0) throw new RangeError(`setCpuLoad(): percent must be >= 0: current value is ${options.percent}`);
  const key = targetKeyOf(namespace, kindName, name);
  faultsOf(target.knobs).cpuLoad[key] = options.percent;
  // The autoscaler looks at a target when it changes; a new load is such a change.
  target.manager?.enqueue(HPA_CONTROLLER, key);
  return key;
}
