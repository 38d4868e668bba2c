// NodeAffinity: the pod's nodeSelector and required node affinity must select the node; the
// weights of the preferred terms a node matches make its score (normalised by the best node).

import { failUnresolvable, MAX_NODE_SCORE, OK, SKIP, type SchedulerPlugin } from '../framework.ts';
import { matchesNodeSelectorTerm, matchesPodNodeRequirements, type NodeSelectorTerm } from '../node-selector.ts';

type Obj = Record<string, any>;

interface PreferredTerm {
  readonly weight: number;
  readonly preference: NodeSelectorTerm;
}

const STATE_KEY = 'NodeAffinity';

interface ScoreState {
  /** Summed weights of the matched preferred terms, by `node.position`. */
  readonly raw: Float64Array;
  readonly max: number;
}

function readPreferred(spec: Obj): PreferredTerm[] {
  const terms = spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  return Array.isArray(terms) ? terms.filter((t: Obj) => t && typeof t.weight === 'number' && t.weight !== 0 && t.preference) : [];
}

/** The NodeAffinity filter and score. */
export const nodeAffinityPlugin: SchedulerPlugin = {
  name: 'NodeAffinity',
  weight: 2,
  requeueOn: ['NodeAdd', 'NodeUpdate'],
  preFilter(pod) {
    const hasSelector = pod.spec.nodeSelector && Object.keys(pod.spec.nodeSelector).length > 0;
    return hasSelector || pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ? OK : SKIP;
  },
  filter(pod, node) {
    return matchesPodNodeRequirements(pod.spec, node.labels, node.name) ? OK : failUnresolvable("node(s) didn't match Pod's node affinity/selector");
  },
  preScore(pod, nodes, state) {
    const terms = readPreferred(pod.spec);
    if (terms.length === 0) return false;
    const raw = new Float64Array(state.cluster.nodes.length);
    let max = 0;
    for (const node of nodes) {
      let sum = 0;
      for (const t of terms) if (matchesNodeSelectorTerm(t.preference, node.labels, node.name)) sum += t.weight;
      raw[node.position] = sum;
      if (sum > max) max = sum;
    }
    if (max === 0) return false;
    state.write(STATE_KEY, { raw, max } satisfies ScoreState);
    return true;
  },
  score(_pod, node, state) {
    const s = state.read<ScoreState>(STATE_KEY)!;
    return Math.floor((s.raw[node.position]! * MAX_NODE_SCORE) / s.max);
  },
};
