// Which pods a ReplicaSet deletes first when it scales down: the ReplicaSet controller's
// ActivePodsWithRanks order (unscheduled before scheduled, pending before running, not ready
// before ready, lower pod-deletion-cost first, doubled-up first, newer first, …). Pure sorting;
// it deletes nothing.

import type { KubeObject } from '../../k8s/types.ts';
import { findCondition, isPodActive, isPodReady, type Condition } from '../conditions.ts';

type Obj = Record<string, any>;

/** The annotation that lets users say which pods to remove first (lower goes first). */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** A pod with everything the order looks at, read once before sorting. */
interface Ranked {
  readonly pod: KubeObject;
  readonly node: string;
  readonly phase: number;
  readonly ready: boolean;
  readonly cost: number;
  readonly rank: number;
  readonly readySince: number;
  readonly restarts: { regular: number; sidecar: number };
  readonly created: number;
}

function nodeNameOf(pod: KubeObject): string {
  return ((pod as Obj).spec?.nodeName as string | undefined) ?? '';
}

function phaseOrdinal(pod: KubeObject): number {
  return PHASE_ORDINAL[(pod as Obj).status?.phase as string] ?? 0;
}

function deletionCostOf(pod: KubeObject): number {
  const raw = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  const n = raw === undefined ? 0 : Number(raw);
  return Number.isInteger(n) ? n : 0;
}

/** Milliseconds of a timestamp, 0 for none (Go's zero time). */
function millisOf(ts: string | undefined | null): number {
  const ms = ts ? Date.parse(ts) : Number.NaN;
  return Number.isFinite(ms) ? ms : 0;
}

function readySinceOf(pod: KubeObject): number {
  const ready = findCondition((pod as Obj).status?.conditions as Condition[] | undefined, 'Ready');
  return ready?.status === 'True' ? millisOf(ready.lastTransitionTime) : 0;
}

function maxRestarts(pod: KubeObject): { regular: number; sidecar: number } {
  const status = (pod as Obj).status ?? {};
  let regular = 0;
  for (const c of status.containerStatuses ?? []) regular = Math.max(regular, c?.restartCount ?? 0);
  const sidecars = new Set<string>();
  for (const c of (pod as Obj).spec?.initContainers ?? []) if (c?.restartPolicy === 'Always') sidecars.add(c.name);
  let sidecar = 0;
  for (const c of status.initContainerStatuses ?? []) if (sidecars.has(c?.name)) sidecar = Math.max(sidecar, c?.restartCount ?? 0);
  return { regular, sidecar };
}

/** floor(log2(now - t)) in nanoseconds, -1 for a time not in the past (logarithmicRankDiff). */
function logRank(ms: number, nowMs: number): number {
  const ns = (nowMs - ms) * 1e6;
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
}

/** Compares two times the way LogarithmicScaleDown does: the more recent bucket sorts first. */
function compareTimes(ti: number, tj: number, a: KubeObject, b: KubeObject, nowMs: number): number {
  if (ti === 0 || tj === 0) return ti === 0 ? -1 : 1; // afterOrZero: a zero time sorts first
  const diff = logRank(ti, nowMs) - logRank(tj, nowMs);
  if (diff !== 0) return diff;
  const ua = a.metadata.uid ?? '';
  const ub = b.metadata.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

function comparePods(a: Ranked, b: Ranked, nowMs: number): number {
  if (a.node !== b.node && (a.node === '' || b.node === '')) return a.node === '' ? -1 : 1;
  if (a.phase !== b.phase) return a.phase - b.phase;
  if (a.ready !== b.ready) return a.ready ? 1 : -1;
  if (a.cost !== b.cost) return a.cost - b.cost;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (a.ready && b.ready && a.readySince !== b.readySince) return compareTimes(a.readySince, b.readySince, a.pod, b.pod, nowMs);
  if (a.restarts.regular !== b.restarts.regular) return b.restarts.regular - a.restarts.regular;
  if (a.restarts.sidecar !== b.restarts.sidecar) return b.restarts.sidecar - a.restarts.sidecar;
  if (a.created !== b.created) return compareTimes(a.created, b.created, a.pod, b.pod, nowMs);
  return 0;
}

/** Options of choosePodsToDelete(). */
export interface DeletionChoice {
  /** Pods of every ReplicaSet with the same owner; a pod's rank is how many active ones share its node. */
  readonly relatedPods: readonly KubeObject[];
  /** How many pods to pick. */
  readonly count: number;
  /** The current (virtual) time, for the logarithmic age buckets. */
  readonly nowMs: number;
}

/** The first `count` of `pods` in the ReplicaSet controller's deletion order. */
export function choosePodsToDelete(pods: readonly KubeObject[], { relatedPods, count, nowMs }: DeletionChoice): KubeObject[] {
  const byName = [...pods].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  if (count >= byName.length) return byName;
  const onNode = new Map<string, number>();
  for (const pod of relatedPods) if (isPodActive(pod)) onNode.set(nodeNameOf(pod), (onNode.get(nodeNameOf(pod)) ?? 0) + 1);
  const ranked: Ranked[] = byName.map((pod) => {
    const node = nodeNameOf(pod);
    return {
      pod,
      node,
      phase: phaseOrdinal(pod),
      ready: isPodReady(pod),
      cost: deletionCostOf(pod),
      rank: onNode.get(node) ?? 0,
      readySince: readySinceOf(pod),
      restarts: maxRestarts(pod),
      created: millisOf(pod.metadata.creationTimestamp),
    };
  });
  ranked.sort((a, b) => comparePods(a, b, nowMs));
  return ranked.slice(0, count).map((r) => r.pod);
}
