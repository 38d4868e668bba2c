// Status conditions as every Kubernetes controller keeps them: one entry per type, with
// lastTransitionTime changing only when the status changes. Plus the pod readiness checks
// that several controllers share.

import type { KubeObject } from '../k8s/types.ts';

/** One status condition. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
  lastHeartbeatTime?: string;
  observedGeneration?: number;
}

/** The condition of `type`, or undefined. */
export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * Returns `conditions` with `next` set: a new type is appended; for an existing one the
 * transition time is kept unless the status changed. `now` stamps what changed. Other fields
 * of `next` (reason, message, lastUpdateTime, …) replace the old ones.
 */
export function setCondition(conditions: readonly Condition[] | undefined, next: Condition, now: string): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  if (i < 0) {
    list.push({ ...next, lastTransitionTime: next.lastTransitionTime ?? now });
    return list;
  }
  const old = list[i]!;
  const transitioned = old.status !== next.status;
  list[i] = { ...next, lastTransitionTime: transitioned ? (next.lastTransitionTime ?? now) : (old.lastTransitionTime ?? now) };
  return list;
}

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  return findCondition((pod as { status?: { conditions?: Condition[] } }).status?.conditions, 'Ready')?.status === 'True';
}

/** True when the pod has been Ready for at least `minReadySeconds` at `nowMs` (deployments' "available"). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  const ready = findCondition((pod as { status?: { conditions?: Condition[] } }).status?.conditions, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(ready.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= nowMs;
}

/** True when the pod is being deleted or has finished (no longer counts toward replicas). */
export function isPodActive(pod: KubeObject): boolean {
  const phase = (pod as { status?: { phase?: string } }).status?.phase;
  return !pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}
