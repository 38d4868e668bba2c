// InterPodAffinity: required pod affinity (a matching pod must run in the node's topology
// domain), required anti-affinity (none may), and existing pods' anti-affinity against the new
// pod. Preferred terms score domains by matching pods. Existing pods' preferred terms are ignored.

import { fail, failUnresolvable, MAX_NODE_SCORE, OK, SKIP, type ClusterView, type SchedulerPlugin } from '../framework.ts';
import type { NodeInfo } from '../node-info.ts';
import type { PodInfo } from '../pod-info.ts';
import { compilePreferredTerms, compileRequiredTerms, readRequiredAntiAffinity, type AffinityTerm } from './pod-affinity-terms.ts';

const STATE_KEY = 'InterPodAffinity';
const SCORE_KEY = 'InterPodAffinity/score';

interface ScoreState {
  /** Summed weights of the matching pods in the node's domains, by `node.position`. */
  readonly raw: Float64Array;
  readonly min: number;
  readonly max: number;
}

/** `topologyKey` → value → count. */
type TopologyCounts = Map<string, Map<string, number>>;

interface PreFilterState {
  readonly affinity: AffinityTerm[];
  readonly antiAffinity: AffinityTerm[];
  readonly affinityCounts: TopologyCounts;
  readonly antiAffinityCounts: TopologyCounts;
  /** Domains where an existing pod's anti-affinity forbids the new pod. */
  readonly existingAntiCounts: TopologyCounts;
  readonly podMatchesOwnAffinity: boolean;
}

function bump(counts: TopologyCounts, key: string, value: string | undefined, by = 1): void {
  if (value === undefined) return;
  let values = counts.get(key);
  if (!values) counts.set(key, (values = new Map()));
  values.set(value, (values.get(value) ?? 0) + by);
}

function countOf(counts: TopologyCounts, key: string, node: NodeInfo): number {
  const value = node.labels[key];
  return value === undefined ? 0 : (counts.get(key)?.get(value) ?? 0);
}

function labelsOfPodNode(cluster: ClusterView, pod: PodInfo): Readonly<Record<string, string>> | undefined {
  return pod.nodeName ? cluster.getNode(pod.nodeName)?.labels : undefined;
}

/** Adds, for each term, the domain of every existing pod the term selects. */
function countMatchingPods(cluster: ClusterView, terms: readonly AffinityTerm[], into: TopologyCounts, weighted = false): void {
  if (terms.length === 0) return;
  for (const existing of cluster.allPods()) {
    let labels: Readonly<Record<string, string>> | undefined;
    for (const term of terms) {
      if (!term.matches(existing)) continue;
      labels ??= labelsOfPodNode(cluster, existing);
      if (labels) bump(into, term.topologyKey, labels[term.topologyKey], weighted ? term.weight : 1);
    }
  }
}

function satisfiesAffinity(s: PreFilterState, node: NodeInfo): boolean {
  let podsExist = true;
  for (const term of s.affinity) {
    if (node.labels[term.topologyKey] === undefined) return false;
    if (countOf(s.affinityCounts, term.topologyKey, node) <= 0) podsExist = false;
  }
  // The first pod of a group that is affine to itself may go anywhere with the topology labels.
  return podsExist || (s.affinityCounts.size === 0 && s.podMatchesOwnAffinity);
}

function isEmpty(pods: Iterable<PodInfo>): boolean {
  return pods[Symbol.iterator]().next().done === true;
}

function violatesCounts(counts: TopologyCounts, node: NodeInfo): boolean {
  for (const [key, values] of counts) {
    const value = node.labels[key];
    if (value !== undefined && (values.get(value) ?? 0) > 0) return true;
  }
  return false;
}

/** The InterPodAffinity filter and score. */
export const interPodAffinityPlugin: SchedulerPlugin = {
  name: 'InterPodAffinity',
  weight: 2,
  requeueOn: ['NodeAdd', 'NodeUpdate', 'AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete'],
  preFilter(pod, state) {
    const { cluster } = state;
    // Without terms of its own (hasPodAffinity) the pod compiles none; only existing pods' anti-affinity can apply.
    if (!pod.hasPodAffinity && isEmpty(cluster.podsWithRequiredAntiAffinity())) return SKIP;
    const affinity = compileRequiredTerms(pod, 'podAffinity', cluster.lookup);
    const antiAffinity = compileRequiredTerms(pod, 'podAntiAffinity', cluster.lookup);
    const existingAntiCounts: TopologyCounts = new Map();
    for (const existing of cluster.podsWithRequiredAntiAffinity()) {
      for (const term of readRequiredAntiAffinity(existing, cluster.lookup)) {
        if (!term.matches(pod)) continue;
        bump(existingAntiCounts, term.topologyKey, labelsOfPodNode(cluster, existing)?.[term.topologyKey]);
      }
    }
    if (affinity.length === 0 && antiAffinity.length === 0 && existingAntiCounts.size === 0) return SKIP;
    const affinityCounts: TopologyCounts = new Map();
    const antiAffinityCounts: TopologyCounts = new Map();
    countMatchingPods(cluster, affinity, affinityCounts);
    countMatchingPods(cluster, antiAffinity, antiAffinityCounts);
    const podMatchesOwnAffinity = affinity.every((t) => t.matches(pod));
    state.write(STATE_KEY, { affinity, antiAffinity, affinityCounts, antiAffinityCounts, existingAntiCounts, podMatchesOwnAffinity } satisfies PreFilterState);
    return OK;
  },
  filter(_pod, node, state) {
    const s = state.read<PreFilterState>(STATE_KEY)!;
    if (!satisfiesAffinity(s, node)) return failUnresolvable("node(s) didn't match pod affinity rules");
    if (violatesCounts(s.antiAffinityCounts, node)) return fail("node(s) didn't match pod anti-affinity rules");
    if (violatesCounts(s.existingAntiCounts, node)) return fail("node(s) didn't satisfy existing pods anti-affinity rules");
    return OK;
  },
  preScore(pod, nodes, state) {
    // No preferred terms without hasPodAffinity.
    if (!pod.hasPodAffinity) return false;
    const terms = [...compilePreferredTerms(pod, 'podAffinity', state.cluster.lookup), ...compilePreferredTerms(pod, 'podAntiAffinity', state.cluster.lookup)];
    if (terms.length === 0) return false;
    const counts: TopologyCounts = new Map();
    countMatchingPods(state.cluster, terms, counts, true);
    const raw = new Float64Array(state.cluster.nodes.length);
    let min = Infinity;
    let max = -Infinity;
    for (const node of nodes) {
      let sum = 0;
      for (const [key, values] of counts) {
        const value = node.labels[key];
        if (value !== undefined) sum += values.get(value) ?? 0;
      }
      raw[node.position] = sum;
      min = Math.min(min, sum);
      max = Math.max(max, sum);
    }
    state.write(SCORE_KEY, { raw, min, max } satisfies ScoreState);
    return true;
  },
  score(_pod, node, state) {
    const s = state.read<ScoreState>(SCORE_KEY)!;
    if (s.max === s.min) return 0;
    return Math.floor((MAX_NODE_SCORE * (s.raw[node.position]! - s.min)) / (s.max - s.min));
  },
};
