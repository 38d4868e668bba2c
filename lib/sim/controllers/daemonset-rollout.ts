// The DaemonSet RollingUpdate step (upstream rollingUpdate): with maxSurge 0, delete old pods on
// up to maxUnavailable nodes (unavailable old pods go first and free); with maxSurge, create the
// new pod beside the old one on up to maxSurge nodes and delete the old one once the new one is
// available. Both budgets are scaled from desiredNumberScheduled and rounded up.

import type { KubeObject } from '../../k8s/types.ts';
import { isPodAvailable } from '../conditions.ts';

type Obj = Record<string, any>;

/** What a rollout step wants done. */
export interface RolloutPlan {
  readonly deletePods: KubeObject[];
  readonly createOnNodes: string[];
}

/** The rollout's view of one node that should run a daemon pod. */
export interface NodePods {
  readonly nodeName: string;
  /** Pods on the node that are not being deleted and have not finished. */
  readonly live: readonly KubeObject[];
}

/** An int-or-percent scaled against `total`, rounded up (GetScaledValueFromIntOrPercent). */
export function scaleIntOrPercent(value: unknown, total: number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.endsWith('%')) return Math.ceil((Number(value.slice(0, -1)) * total) / 100);
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** The surge and unavailability budgets of a DaemonSet for `desired` nodes. */
export function readBudgets(ds: KubeObject, desired: number): { maxSurge: number; maxUnavailable: number } {
  const ru: Obj = (ds as Obj).spec?.updateStrategy?.rollingUpdate ?? {};
  const maxSurge = scaleIntOrPercent(ru.maxSurge ?? 0, desired);
  let maxUnavailable = scaleIntOrPercent(ru.maxUnavailable ?? 1, desired);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** Plans one RollingUpdate step over the nodes that should run a pod, in node-name order. */
export function planRollout(ds: KubeObject, nodes: readonly NodePods[], isUpdated: (pod: KubeObject) => boolean, nowMs: number): RolloutPlan {
  const minReadySeconds: number = (ds as Obj).spec?.minReadySeconds ?? 0;
  const available = (pod: KubeObject): boolean => isPodAvailable(pod, minReadySeconds, nowMs);
  const { maxSurge, maxUnavailable } = readBudgets(ds, nodes.length);
  const split = nodes.map((n) => {
    const fresh = n.live.filter(isUpdated);
    const old = n.live.filter((p) => !isUpdated(p));
    return { nodeName: n.nodeName, ok: fresh.length <= 1 && old.length <= 1, newPod: fresh[0], oldPod: old[0] };
  });
  if (maxSurge === 0) {
    let unavailable = 0;
    const free: KubeObject[] = [];
    const candidates: KubeObject[] = [];
    for (const { ok, newPod, oldPod } of split) {
      if (!ok || (!newPod && !oldPod) || (newPod && oldPod)) {
        unavailable++;
      } else if (newPod) {
        if (!available(newPod)) unavailable++;
      } else if (oldPod && !available(oldPod)) {
        free.push(oldPod);
      } else if (oldPod && unavailable < maxUnavailable) {
        candidates.push(oldPod);
      }
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    return { deletePods: [...free, ...candidates.slice(0, remaining)], createOnNodes: [] };
  }
  let surging = 0;
  const freeNodes: string[] = [];
  const candidateNodes: string[] = [];
  const deletePods: KubeObject[] = [];
  for (const { nodeName, ok, newPod, oldPod } of split) {
    if (!ok) {
      surging++;
    } else if (!oldPod) {
      continue;
    } else if (!newPod) {
      if (!available(oldPod)) freeNodes.push(nodeName);
      else if (surging < maxSurge) candidateNodes.push(nodeName);
    } else if (!available(newPod)) {
      surging++;
    } else {
      deletePods.push(oldPod);
    }
  }
  const remaining = Math.min(Math.max(0, maxSurge - surging), candidateNodes.length);
  return { deletePods, createOnNodes: [...freeNodes, ...candidateNodes.slice(0, remaining)] };
}
