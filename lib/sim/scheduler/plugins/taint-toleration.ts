// TaintToleration: a node's NoSchedule and NoExecute taints must all be tolerated; the first
// one that is not is the reason. PreferNoSchedule taints only lower the node's score.

import { failUnresolvable, MAX_NODE_SCORE, OK, SKIP, type SchedulerPlugin } from '../framework.ts';
import type { Taint } from '../node-info.ts';
import type { Toleration } from '../pod-info.ts';

// Module-local copies: hot loops should not go through import bindings.
const PASS = OK;

/** True when a toleration matches a taint (v1.Toleration.ToleratesTaint). */
export function toleratesTaint(toleration: Toleration, taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  if (!toleration.operator || toleration.operator === 'Equal') return (toleration.value ?? '') === (taint.value ?? '');
  return false;
}

function isTolerated(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

function countIntolerablePreferNoSchedule(tolerations: readonly Toleration[], taints: readonly Taint[]): number {
  let n = 0;
  const preferring = tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  for (const taint of taints) if (taint.effect === 'PreferNoSchedule' && !isTolerated(preferring, taint)) n++;
  return n;
}

const STATE_KEY = 'TaintToleration';

interface ScoreState {
  /** Intolerable PreferNoSchedule taints, by `node.position`. */
  readonly counts: Float64Array;
  readonly max: number;
}

/** The TaintToleration filter and score. */
export const taintTolerationPlugin: SchedulerPlugin = {
  name: 'TaintToleration',
  weight: 3,
  requeueOn: ['NodeAdd', 'NodeUpdate'],
  // No node with a NoSchedule or NoExecute taint: no node can fail the filter.
  preFilter: (_pod, state) => (state.cluster.nodeSummary.hardTainted === 0 ? SKIP : OK),
  filter(pod, node) {
    for (const taint of node.taints) {
      if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
      if (!isTolerated(pod.tolerations, taint)) return failUnresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
    }
    return PASS;
  },
  preScore(pod, nodes, state) {
    if (state.cluster.nodeSummary.tainted === 0) return false;
    let max = 0;
    const counts = new Float64Array(state.cluster.nodes.length);
    for (const node of nodes) {
      if (node.taints.length === 0) continue;
      const n = countIntolerablePreferNoSchedule(pod.tolerations, node.taints);
      counts[node.position] = n;
      if (n > max) max = n;
    }
    if (max === 0) return false;
    state.write(STATE_KEY, { counts, max } satisfies ScoreState);
    return true;
  },
  score(_pod, node, state) {
    const s = state.read<ScoreState>(STATE_KEY)!;
    // Fewer intolerable PreferNoSchedule taints is better (a reversed normalisation).
    return MAX_NODE_SCORE - Math.floor((s.counts[node.position]! * MAX_NODE_SCORE) / s.max);
  },
};
