// One scheduling cycle for one pod, as kube-scheduler's schedulePod runs it: preFilter, filter
// nodes until enough feasible ones are found (adaptive percentageOfNodesToScore, starting where
// the previous cycle stopped), score them with weights, and pick the best. No API writes here.

import { CycleState, isOk, SKIP, type ClusterView, type FilterFailure, type SchedulerPlugin } from './framework.ts';
import type { Diagnosis } from './fit-error.ts';
import type { NodeInfo } from './node-info.ts';
import type { PodInfo } from './pod-info.ts';

/** The node chosen for a pod. */
export interface ScheduleSuccess {
  readonly nodeName: string;
  readonly state: CycleState;
}

/** Why no node was chosen, and which plugins said no. */
export interface ScheduleFailure {
  readonly diagnosis: Diagnosis;
  /** Names of the plugins that rejected the pod; empty when there were no nodes. */
  readonly rejectedBy: ReadonlySet<string>;
}

/** Where the next cycle starts looking, so that sampling visits every node in turn. */
export interface NodeCursor {
  next: number;
}

/** Options of schedulePod(). */
export interface ScheduleOptions {
  readonly plugins: readonly SchedulerPlugin[];
  readonly cursor: NodeCursor;
  /** KubeSchedulerConfiguration's percentageOfNodesToScore; 0 is kube-scheduler's adaptive default. @default 0 */
  readonly percentageOfNodesToScore?: number;
}

// Module-local copies: the filter loop should not go through import bindings.
const isPassing = isOk;
const SKIPPED = SKIP;

const MIN_FEASIBLE_NODES = 100;
const MIN_FEASIBLE_PERCENTAGE = 5;
const BASE_PERCENTAGE = 50;

/**
 * The weighted score sums of one cycle, reused by the next: they never leave schedulePod(), which
 * no plugin calls, so one buffer serves every cycle (allocating a typed array per pod costs more
 * than scoring a few nodes).
 */
let totalsBuffer = new Float64Array(0);

/**
 * The feasible nodes of one cycle and the plugins whose filters run, reused the same way: preScore
 * and scoreInto may read `nodes` only during the call (framework.ts), and nothing else sees
 * them. Growing a fresh array by push to ~420 nodes cost ~10 KB per pod.
 */
const feasibleBuffer: NodeInfo[] = [];
const filtersBuffer: SchedulerPlugin[] = [];

function takeTotals(count: number): Float64Array {
  if (totalsBuffer.length < count) totalsBuffer = new Float64Array(count);
  else totalsBuffer.fill(0, 0, count);
  return totalsBuffer;
}

/**
 * How many feasible nodes to look for before scoring, as kube-scheduler decides: all of them
 * below 100 nodes or at 100%; else `percentageOfNodesToScore`% of them, by default adaptive
 * ((50 − nodes/125)%, at least 5%), and never fewer than 100.
 */
export function computeFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES || percentageOfNodesToScore >= 100) return numAllNodes;
  const percentage =
    percentageOfNodesToScore > 0 ? percentageOfNodesToScore : Math.max(MIN_FEASIBLE_PERCENTAGE, BASE_PERCENTAGE - Math.floor(numAllNodes / 125));
  return Math.max(MIN_FEASIBLE_NODES, Math.floor((numAllNodes * percentage) / 100));
}

/** True when `a`'s name sorts before `b`'s: by their positions in the name-ordered node list when both have one. */
function isNamedBefore(a: NodeInfo, b: NodeInfo): boolean {
  return a.position >= 0 && b.position >= 0 ? a.position < b.position : a.name < b.name;
}

function selectHost(nodes: readonly NodeInfo[], totals: Float64Array): string {
  let best = 0;
  // `totals` may be longer than `nodes` (a reused buffer); only the first nodes.length count.
  for (let i = 1; i < nodes.length; i++) {
    const t = totals[i]!;
    const b = totals[best]!;
    // Ties go to the node whose name sorts first, so runs are reproducible.
    if (t > b || (t === b && isNamedBefore(nodes[i]!, nodes[best]!))) best = i;
  }
  return nodes[best]!.name;
}

/** Runs one scheduling cycle. */
export function schedulePod(pod: PodInfo, cluster: ClusterView, options: ScheduleOptions): ScheduleSuccess | ScheduleFailure {
  const { plugins, cursor } = options;
  const nodes = cluster.nodes;
  const preemptionPolicy = pod.spec.preemptionPolicy as string | undefined;
  if (nodes.length === 0) return { diagnosis: { numAllNodes: 0, nodeFailures: [], preemptionPolicy }, rejectedBy: new Set() };
  const state = new CycleState(cluster);
  const filters = filtersBuffer;
  let filterCount = 0;
  for (const plugin of plugins) {
    if (plugin.preFilter) {
      const result = plugin.preFilter(pod, state);
      if (result === SKIPPED) continue;
      if (!isOk(result)) {
        return { diagnosis: { numAllNodes: nodes.length, preFilterFailure: result, nodeFailures: [], preemptionPolicy }, rejectedBy: new Set([plugin.name]) };
      }
    }
    if (plugin.filter) filters[filterCount++] = plugin;
  }

  const n = nodes.length;
  const wanted = computeFeasibleNodesToFind(n, options.percentageOfNodesToScore);
  const feasible = feasibleBuffer;
  let found = 0;
  // Made on the first failing node: most cycles have none.
  let nodeFailures: FilterFailure[] | undefined;
  let rejectedBy: Set<string> | undefined;
  let at = cursor.next % n;
  for (let processed = 0; processed < n && found < wanted; processed++) {
    const node = nodes[at]!;
    if (++at === n) at = 0;
    let passed = true;
    // A node's first failing filter gives its reason.
    for (let f = 0; f < filterCount; f++) {
      const plugin = filters[f]!;
      const result = plugin.filter!(pod, node, state);
      if (isPassing(result)) continue;
      (nodeFailures ??= []).push(result);
      (rejectedBy ??= new Set()).add(plugin.name);
      passed = false;
      break;
    }
    // Overwrites the previous cycle's entries, growing only past them.
    if (passed) feasible[found++] = node;
  }
  cursor.next = at;
  filters.length = filterCount;
  if (found === 0) return { diagnosis: { numAllNodes: n, nodeFailures: nodeFailures ?? [], preemptionPolicy }, rejectedBy: rejectedBy ?? new Set() };
  if (found === 1) return { nodeName: feasible[0]!.name, state };
  // Drops the previous cycle's nodes past this one's: the plugins see exactly this cycle's.
  if (feasible.length !== found) feasible.length = found;

  const count = feasible.length;
  const totals = takeTotals(count);
  for (const plugin of plugins) {
    const score = plugin.score;
    if (!score) continue;
    if (plugin.preScore && !plugin.preScore(pod, feasible, state)) continue;
    const weight = plugin.weight ?? 1;
    // A plugin's own loop adds what the per-node calls below would.
    if (plugin.scoreInto) plugin.scoreInto(pod, feasible, state, weight, totals);
    else for (let i = 0; i < count; i++) totals[i]! += weight * score.call(plugin, pod, feasible[i]!, state);
  }
  return { nodeName: selectHost(feasible, totals), state };
}
