// PodTopologySpread: DoNotSchedule constraints keep the skew (matching pods in a domain minus
// the emptiest eligible domain) within maxSkew; ScheduleAnyway constraints score emptier domains
// higher. Pods without constraints get the system defaults (hostname skew 3, zone skew 5) over
// the pods of their controller owner, which spreads a workload's replicas across nodes.

import { fail, failUnresolvable, MAX_NODE_SCORE, OK, SKIP, type ClusterView, type CycleState, type SchedulerPlugin } from '../framework.ts';
import type { NodeInfo } from '../node-info.ts';
import { matchesPodNodeRequirements } from '../node-selector.ts';
import type { PodInfo } from '../pod-info.ts';
import { compileLabelSelector, type LabelMatcher } from '../../selectors.ts';
import { toleratesTaint } from './taint-toleration.ts';

// Module-local copies: hot loops should not go through import bindings.
const MAX_SCORE = MAX_NODE_SCORE;

type Obj = Record<string, any>;

const ZONE = 'topology.kubernetes.io/zone';
const FILTER_KEY = 'PodTopologySpread';
const SCORE_KEY = 'PodTopologySpread/score';

/** A compiled spread constraint. */
interface Constraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly hard: boolean;
  readonly minDomains: number;
  readonly honorAffinity: boolean;
  readonly honorTaints: boolean;
  readonly selects: LabelMatcher;
  /** Counts matching pods per node; the default constraints count the owner's pods. */
  readonly countOn: (node: NodeInfo) => number;
}

/** True when the pod lists spread constraints (compileConstraints() would return some). */
function hasConstraints(pod: PodInfo): boolean {
  const list = pod.spec.topologySpreadConstraints;
  return Array.isArray(list) && list.length > 0;
}

function compileConstraints(pod: PodInfo): Constraint[] {
  const list: Obj[] = Array.isArray(pod.spec.topologySpreadConstraints) ? pod.spec.topologySpreadConstraints : [];
  return list.map((c) => {
    const selector: Obj | undefined = c.labelSelector ? { ...c.labelSelector } : undefined;
    const extra = (c.matchLabelKeys ?? []).filter((k: string) => pod.labels[k] !== undefined).map((k: string) => ({ key: k, operator: 'In', values: [pod.labels[k]] }));
    if (selector && extra.length > 0) selector.matchExpressions = [...(selector.matchExpressions ?? []), ...extra];
    const selects = compileLabelSelector(selector);
    const countOn = (node: NodeInfo): number => {
      let n = 0;
      for (const p of node.pods.values()) if (p.namespace === pod.namespace && !p.pod.metadata.deletionTimestamp && selects(p.labels)) n++;
      return n;
    };
    return {
      maxSkew: Number(c.maxSkew ?? 1),
      topologyKey: String(c.topologyKey ?? ''),
      hard: c.whenUnsatisfiable !== 'ScheduleAnyway',
      minDomains: Number(c.minDomains ?? 1),
      honorAffinity: c.nodeAffinityPolicy !== 'Ignore',
      honorTaints: c.nodeTaintsPolicy === 'Honor',
      selects,
      countOn,
    };
  });
}

function isEligible(pod: PodInfo, node: NodeInfo, constraints: readonly Constraint[], c: Constraint): boolean {
  for (const other of constraints) if (node.labels[other.topologyKey] === undefined) return false;
  if (c.honorAffinity && !matchesPodNodeRequirements(pod.spec, node.labels, node.name)) return false;
  if (c.honorTaints) {
    for (const taint of node.taints) {
      if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
      if (!pod.tolerations.some((t) => toleratesTaint(t, taint))) return false;
    }
  }
  return true;
}

/** Matching pods per domain of a constraint, over the nodes eligible for it. */
function countDomains(pod: PodInfo, nodes: readonly NodeInfo[], constraints: readonly Constraint[], c: Constraint): Map<string, number> {
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const value = node.labels[c.topologyKey];
    if (value === undefined) continue;
    if (!isEligible(pod, node, constraints, c)) continue;
    counts.set(value, (counts.get(value) ?? 0) + c.countOn(node));
  }
  return counts;
}

interface HardState {
  readonly constraints: Constraint[];
  readonly counts: Map<string, number>[];
  readonly minCounts: number[];
}

interface ScoreState {
  /** Unnormalised scores (lower is better), by `node.position`; unset for the hostname-only defaults. */
  readonly raw: Float64Array | undefined;
  /** Hostname-only defaults: the owner's pods per node (the cache's map; unchanged during the cycle). */
  readonly byNode?: ReadonlyMap<NodeInfo, number>;
  readonly hostWeight?: number;
  readonly min: number;
  readonly max: number;
}

function rawScore(constraints: readonly Constraint[], counts: readonly Map<string, number>[], weights: readonly number[], node: NodeInfo): number {
  let score = 0;
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i]!;
    const value = node.labels[c.topologyKey];
    if (value !== undefined) score += (counts[i]!.get(value) ?? 0) * weights[i]! + (c.maxSkew - 1);
  }
  return score;
}

/**
 * The default constraints when no node has a zone label: hostname only. Raw scores are 2 for a
 * node without the owner's pods and count × weight + 2 with them; the extremes come from the
 * owner's nodes (and 2 while some node has none), and only those nodes are looked at. No array
 * over every node per pod: score() looks the node up in `byNode`, scoreInto() fills a shared one.
 */
function prepareHostnameScore(nodes: readonly NodeInfo[], byNode: ReadonlyMap<NodeInfo, number>): ScoreState | undefined {
  const hostWeight = Math.log(nodes.length + 2);
  let min = Infinity;
  let max = -Infinity;
  for (const count of byNode.values()) {
    const r = count * hostWeight + 2;
    if (r < min) min = r;
    if (r > max) max = r;
  }
  if (byNode.size < nodes.length) min = 2;
  if (min === max) return undefined;
  return { raw: undefined, byNode, hostWeight, min, max };
}

/** The default constraints when `zoned` of the scored nodes have a zone label: hostname and zone. */
function prepareZonedScore(nodes: readonly NodeInfo[], byNode: ReadonlyMap<NodeInfo, number>, cluster: ClusterView): ScoreState | undefined {
  const zones = new Map<string, number>();
  for (const node of nodes) {
    const zone = node.labels[ZONE];
    if (zone !== undefined && !zones.has(zone)) zones.set(zone, 0);
  }
  for (const [info, count] of byNode) {
    const zone = info.node ? info.labels[ZONE] : undefined;
    if (zone !== undefined && zones.has(zone)) zones.set(zone, zones.get(zone)! + count);
  }
  const hostWeight = Math.log(nodes.length + 2);
  const zoneWeight = Math.log(zones.size + 2);
  const raw = new Float64Array(cluster.nodes.length);
  let min = Infinity;
  let max = -Infinity;
  for (const node of nodes) {
    let r = (byNode.get(node) ?? 0) * hostWeight + 2;
    const zone = node.labels[ZONE];
    if (zone !== undefined) r += (zones.get(zone) ?? 0) * zoneWeight + 4;
    raw[node.position] = r;
    if (r < min) min = r;
    if (r > max) max = r;
  }
  return min === max ? undefined : { raw, min, max };
}

/**
 * The system default constraints (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) over the
 * pods of the pod's controller owner, computed from the cache's per-owner counts. The hostname
 * domain is taken to be the node.
 */
function prepareDefaultScore(pod: PodInfo, nodes: readonly NodeInfo[], state: CycleState): boolean {
  const { cluster } = state;
  const byNode = pod.ownerUid ? cluster.podsOfOwnerByNode(pod.ownerUid) : undefined;
  if (!byNode || byNode.size === 0) return false;
  // Zone labels anywhere among the scored nodes bring in the zone constraint.
  let zoned = false;
  if (cluster.nodeSummary.zoned > 0) {
    for (const node of nodes) {
      if (node.labels[ZONE] === undefined) continue;
      zoned = true;
      break;
    }
  }
  const scores = zoned ? prepareZonedScore(nodes, byNode, cluster) : prepareHostnameScore(nodes, byNode);
  if (!scores) return false;
  state.write(SCORE_KEY, scores);
  return true;
}

/** A scored node's raw score; the hostname-only one is 2, plus count × weight on the owner's nodes. */
function rawOf(s: ScoreState, node: NodeInfo): number {
  if (s.raw !== undefined) return s.raw[node.position]!;
  const count = s.byNode!.get(node);
  return count === undefined ? 2 : count * s.hostWeight! + 2;
}

/** Fewer matching pods in the node's domains is better (kube-scheduler's normalisation). */
function normalise(s: ScoreState, raw: number): number {
  if (s.max === 0) return MAX_SCORE;
  return Math.floor((MAX_SCORE * (s.max + s.min - raw)) / s.max);
}

function scoreNode(s: ScoreState, node: NodeInfo): number {
  return normalise(s, rawOf(s, node));
}

/**
 * The hostname-only raw scores by `node.position`, filled and read within one scoreInto() call
 * (so one buffer serves every cycle, and nothing keeps it): a lookup per scored node in the
 * owner's map costs more than filling it.
 */
let hostnameRawScratch = new Float64Array(0);

function fillHostnameRaw(s: ScoreState, length: number): Float64Array {
  if (hostnameRawScratch.length < length) hostnameRawScratch = new Float64Array(length);
  const raw = hostnameRawScratch;
  raw.fill(2, 0, length);
  const hostWeight = s.hostWeight!;
  // forEach, not `for..of` with [info, count]: no entry array per node.
  s.byNode!.forEach((count, info) => {
    // A node that is gone (pods still name it) is not in cluster.nodes.
    const position = info.node ? info.position : -1;
    if (position >= 0) raw[position] = count * hostWeight + 2;
  });
  return raw;
}

/** The PodTopologySpread filter and score. */
export const podTopologySpreadPlugin: SchedulerPlugin = {
  name: 'PodTopologySpread',
  weight: 2,
  requeueOn: ['NodeAdd', 'NodeUpdate', 'AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete'],
  preFilter(pod, state) {
    // No constraints of its own: the system defaults are all ScheduleAnyway.
    if (!hasConstraints(pod)) return SKIP;
    const all = compileConstraints(pod);
    const constraints = all.filter((c) => c.hard);
    if (constraints.length === 0) return SKIP;
    const nodes = state.cluster.nodes;
    const counts = constraints.map((c) => countDomains(pod, nodes, constraints, c));
    const minCounts = constraints.map((c, i) => {
      const values = [...counts[i]!.values()];
      if (values.length < c.minDomains) return 0;
      return values.length === 0 ? 0 : Math.min(...values);
    });
    state.write(FILTER_KEY, { constraints, counts, minCounts } satisfies HardState);
    return OK;
  },
  filter(pod, node, state) {
    const s = state.read<HardState>(FILTER_KEY)!;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      const value = node.labels[c.topologyKey];
      if (value === undefined) return failUnresolvable("node(s) didn't match pod topology spread constraints (missing required label)");
      const self = c.selects(pod.labels) ? 1 : 0;
      const skew = (s.counts[i]!.get(value) ?? 0) + self - s.minCounts[i]!;
      if (skew > c.maxSkew) return fail("node(s) didn't match pod topology spread constraints");
    }
    return OK;
  },
  preScore(pod, nodes, state) {
    if (!hasConstraints(pod)) return prepareDefaultScore(pod, nodes, state);
    const explicit = compileConstraints(pod);
    if (explicit.length === 0) return prepareDefaultScore(pod, nodes, state);
    const constraints = explicit.filter((c) => !c.hard);
    if (constraints.length === 0) return false;
    const counts = constraints.map((c) => countDomains(pod, nodes, constraints, c));
    const weights = counts.map((m) => Math.log(m.size + 2));
    const raw = new Float64Array(state.cluster.nodes.length);
    let min = Infinity;
    let max = -Infinity;
    for (const node of nodes) {
      const r = rawScore(constraints, counts, weights, node);
      raw[node.position] = r;
      if (r < min) min = r;
      if (r > max) max = r;
    }
    state.write(SCORE_KEY, { raw, min, max } satisfies ScoreState);
    return true;
  },
  score: (_pod, node, state) => scoreNode(state.read<ScoreState>(SCORE_KEY)!, node),
  scoreInto(_pod, nodes, state, weight, totals) {
    const s = state.read<ScoreState>(SCORE_KEY)!;
    const raw = s.raw ?? fillHostnameRaw(s, state.cluster.nodes.length);
    // normalise() with the extremes read once ((max + min) - raw is the same sum it makes).
    const max = s.max;
    const top = s.max + s.min;
    for (let i = 0; i < nodes.length; i++) {
      const r = raw[nodes[i]!.position]!;
      totals[i]! += weight * (max === 0 ? MAX_SCORE : Math.floor((MAX_SCORE * (top - r)) / max));
    }
  },
};
