// The node lifecycle controller with its taint-based eviction: a node that stops posting status
// (a failed node) turns Ready=Unknown after the 40 s grace period, is tainted unreachable, its
// pods are marked not ready and, after their tolerationSeconds, deleted. Recovery lifts the
// taints. It also keeps the unschedulable taint in step with spec.unschedulable (cordon).

import type { KubeObject } from '../../k8s/types.ts';
import { findCondition, setCondition, type Condition } from '../conditions.ts';
import { StatusError } from '../errors.ts';
import { faultsOf } from '../knobs.ts';
import type { SimulationKnobs } from './controller.ts';
import { after, done, kind, type Controller, type ControllerContext, type ReconcileResult } from './controller.ts';
import { podNodeIndexOf } from './pod-node-index.ts';

type Obj = Record<string, any>;

/** The node lifecycle controller's name (for ControllerManager.enqueue). */
export const NODE_LIFECYCLE_CONTROLLER = 'node-lifecycle-controller';
/** How long a node may go without a heartbeat before it is NotReady (node-monitor-grace-period). */
export const NODE_MONITOR_GRACE_MS = 40_000;
/** The taint of a node whose kubelet stopped posting status. */
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
/** The taint of a cordoned node. */
export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

const FAILURES_KEY = 'nodeHeartbeats';
const UNKNOWN_TYPES = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'];

/** Per failed node, the virtual time (ms) of its last heartbeat; kept in the knobs. */
export function lastHeartbeatsOf(knobs: SimulationKnobs): Record<string, number> {
  let map = knobs.values.get(FAILURES_KEY) as Record<string, number> | undefined;
  if (!map || typeof map !== 'object') {
    map = {};
    knobs.values.set(FAILURES_KEY, map);
  }
  return map;
}

/** True when a toleration tolerates a taint (key, value, effect and operator rules). */
export function toleratesTaint(toleration: Obj, taint: Obj): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}

/**
 * Seconds a pod may stay on a node with `taint` (NoExecute): 0 when it does not tolerate it,
 * undefined when it tolerates it forever; otherwise the smallest matching tolerationSeconds.
 */
export function tolerationSecondsFor(pod: KubeObject, taint: Obj): number | undefined {
  const matching = (((pod as Obj).spec?.tolerations ?? []) as Obj[]).filter((t) => toleratesTaint(t, taint));
  if (matching.length === 0) return 0;
  let min: number | undefined;
  for (const t of matching) {
    if (typeof t.tolerationSeconds !== 'number') continue;
    if (t.tolerationSeconds <= 0) return 0;
    if (min === undefined || t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min;
}

function podsOn(ctx: ControllerContext, node: string): KubeObject[] {
  return podNodeIndexOf(ctx.api.store).podsOn(node);
}

function isFinished(pod: KubeObject): boolean {
  const phase = (pod as Obj).status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Writes the node's taints when they differ; returns the node as stored. */
function writeTaints(ctx: ControllerContext, node: KubeObject, taints: Obj[]): KubeObject {
  const spec = { ...((node as Obj).spec ?? {}) };
  if (taints.length > 0) spec.taints = taints;
  else delete spec.taints;
  return ctx.api.update({ ...node, spec } as unknown as KubeObject, { fieldManager: NODE_LIFECYCLE_CONTROLLER });
}

/** Adds or removes a taint so that it is present exactly when `wanted`. */
function syncTaint(ctx: ControllerContext, node: KubeObject, key: string, effects: string[], wanted: boolean): KubeObject {
  const taints: Obj[] = [...(((node as Obj).spec?.taints ?? []) as Obj[])];
  const has = (effect: string): boolean => taints.some((t) => t.key === key && t.effect === effect);
  if (wanted && effects.every(has)) return node;
  if (!wanted && !effects.some(has)) return node;
  const kept = taints.filter((t) => !(t.key === key && effects.includes(t.effect)));
  if (wanted) for (const effect of effects) kept.push({ key, effect, timeAdded: ctx.clock.nowIso() });
  return writeTaints(ctx, node, kept);
}

function markUnknown(ctx: ControllerContext, node: KubeObject): KubeObject {
  const old: Condition[] = (node as Obj).status?.conditions ?? [];
  if (findCondition(old, 'Ready')?.status === 'Unknown') return node;
  const now = ctx.clock.nowIso();
  let conditions = [...old];
  for (const type of UNKNOWN_TYPES) {
    const prev = findCondition(conditions, type);
    const next: Condition = { type, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' };
    if (prev?.lastHeartbeatTime) next.lastHeartbeatTime = prev.lastHeartbeatTime;
    conditions = setCondition(conditions, next, now);
  }
  const name = node.metadata.name ?? '';
  const stored = ctx.api.update({ ...node, status: { ...((node as Obj).status ?? {}), conditions } } as unknown as KubeObject, {
    subresource: 'status',
    fieldManager: NODE_LIFECYCLE_CONTROLLER,
  });
  ctx.events.record(stored, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, 'node-controller');
  for (const pod of podsOn(ctx, name)) markPodNotReady(ctx, pod);
  return stored;
}

function markPodNotReady(ctx: ControllerContext, pod: KubeObject): void {
  const conditions: Condition[] = (pod as Obj).status?.conditions ?? [];
  const ready = findCondition(conditions, 'Ready');
  if (!ready || ready.status === 'False' || isFinished(pod)) return;
  const next = setCondition(conditions, { ...ready, status: 'False', lastTransitionTime: undefined } as Condition, ctx.clock.nowIso());
  try {
    ctx.api.update({ ...pod, status: { ...((pod as Obj).status ?? {}), conditions: next } } as unknown as KubeObject, {
      subresource: 'status',
      fieldManager: NODE_LIFECYCLE_CONTROLLER,
    });
  } catch (err) {
    if (err instanceof StatusError && err.reason === 'NotFound') return;
    throw err;
  }
  ctx.events.record(pod, 'Warning', 'NodeNotReady', 'Node is not ready', 'node-controller');
}

function podRef(pod: KubeObject): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

/** Deletes the pods whose toleration of the NoExecute taint has run out; returns the next deadline. */
function evictPods(ctx: ControllerContext, node: KubeObject): ReconcileResult {
  const taint = (((node as Obj).spec?.taints ?? []) as Obj[]).find((t) => t.key === UNREACHABLE_TAINT && t.effect === 'NoExecute');
  if (!taint) return done();
  const taintedAt = Date.parse(taint.timeAdded ?? '') || ctx.clock.nowMillis();
  const now = ctx.clock.nowMillis();
  let next: number | undefined;
  for (const pod of podsOn(ctx, node.metadata.name ?? '')) {
    if (pod.metadata.deletionTimestamp || isFinished(pod)) continue;
    const seconds = tolerationSecondsFor(pod, taint);
    if (seconds === undefined) continue;
    const due = taintedAt + seconds * 1000;
    if (due > now) {
      if (next === undefined || due < next) next = due;
      continue;
    }
    evictPod(ctx, pod);
  }
  return next === undefined ? done() : after(next - now);
}

function evictPod(ctx: ControllerContext, pod: KubeObject): void {
  const ref = { apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' };
  ctx.events.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${podRef(pod)}`, 'taint-eviction-controller');
  try {
    const conditions = setCondition(
      (pod as Obj).status?.conditions,
      { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastProbeTime: null },
      ctx.clock.nowIso(),
    );
    ctx.api.update({ ...pod, status: { ...((pod as Obj).status ?? {}), conditions } } as unknown as KubeObject, {
      subresource: 'status',
      fieldManager: 'taint-eviction-controller',
    });
    ctx.api.delete(ref, { preconditions: { uid: pod.metadata.uid } });
  } catch (err) {
    if (err instanceof StatusError && err.reason === 'NotFound') return;
    throw err;
  }
}

/** Lifts the unreachable taints of a node that posts status again. */
function recover(ctx: ControllerContext, node: KubeObject): void {
  const taints = ((node as Obj).spec?.taints ?? []) as Obj[];
  const noExecute = taints.find((t) => t.key === UNREACHABLE_TAINT && t.effect === 'NoExecute');
  if (!taints.some((t) => t.key === UNREACHABLE_TAINT)) return;
  syncTaint(ctx, node, UNREACHABLE_TAINT, ['NoSchedule', 'NoExecute'], false);
  if (!noExecute) return;
  for (const pod of podsOn(ctx, node.metadata.name ?? '')) {
    if (pod.metadata.deletionTimestamp || isFinished(pod)) continue;
    const seconds = tolerationSecondsFor(pod, noExecute);
    if (seconds !== undefined && seconds > 0) {
      ctx.events.record(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${podRef(pod)}`, 'taint-eviction-controller');
    }
  }
}

function reconcileNode(name: string, ctx: ControllerContext): ReconcileResult {
  const heartbeats = lastHeartbeatsOf(ctx.sim);
  let node = ctx.api.tryGet({ apiVersion: 'v1', kind: 'Node', name });
  if (!node) {
    delete heartbeats[name];
    return done();
  }
  node = syncTaint(ctx, node, UNSCHEDULABLE_TAINT, ['NoSchedule'], (node as Obj).spec?.unschedulable === true);
  if (!faultsOf(ctx.sim).failedNodes.includes(name)) {
    delete heartbeats[name];
    recover(ctx, node);
    return done();
  }
  const now = ctx.clock.nowMillis();
  const lastSeen = (heartbeats[name] ??= now);
  if (now < lastSeen + NODE_MONITOR_GRACE_MS) return after(lastSeen + NODE_MONITOR_GRACE_MS - now);
  node = markUnknown(ctx, node);
  node = syncTaint(ctx, node, UNREACHABLE_TAINT, ['NoSchedule', 'NoExecute'], true);
  return evictPods(ctx, node);
}

/**
 * A new node lifecycle controller (with the taint eviction it drives).
 * @example new ControllerManager(api, [kubeletController(), nodeLifecycleController()], knobs)
 */
export function nodeLifecycleController(): Controller {
  return { name: NODE_LIFECYCLE_CONTROLLER, watches: [kind('v1', 'Node')], reconcile: reconcileNode };
}
