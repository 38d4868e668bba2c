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

function runFilters(plugins: readonly SchedulerPlugin[], pod: PodInfo, node: NodeInfo, state: CycleState): { failure: FilterFailure; plugin: string } | undefined {
  for (const plugin of plugins) {
    const result = plugin.filter!(pod, node, state);
    if (!isPassing(result)) return { failure: result, plugin: plugin.name };
  }
  return undefined;
}

function selectHost(nodes: readonly NodeInfo[], totals: Float64Array): string {
  let best = 0;
  for (let i = 1; i < nodes.length; i++) {
    const t = totals[i]!;
    const b = totals[best]!;
    // Ties go to the node whose name sorts first, so runs are reproducible.
    if (t > b || (t === b && nodes[i]!.name < nodes[best]!.name)) best = i;
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
  const filters: SchedulerPlugin[] = [];
  for (const plugin of plugins) {
    if (plugin.preFilter) {
      const result = plugin.preFilter(pod, state);
      if (result === SKIPPED) continue;
      if (!isOk(result)) {
        return { diagnosis: { numAllNodes: nodes.length, preFilterFailure: result, nodeFailures: [], preemptionPolicy }, rejectedBy: new Set([plugin.name]) };
      }
    }
    if (plugin.filter) filters.push(plugin);
  }

  const n = nodes.length;
  const wanted = computeFeasibleNodesToFind(n, options.percentageOfNodesToScore);
  const start = cursor.next % n;
  const feasible: NodeInfo[] = [];
  const nodeFailures: FilterFailure[] = [];
  const rejectedBy = new Set<string>();
  let processed = 0;
  while (processed < n && feasible.length < wanted) {
    const node = nodes[(start + processed) % n]!;
    processed++;
    const rejected = runFilters(filters, pod, node, state);
    if (!rejected) feasible.push(node);
    else {
      nodeFailures.push(rejected.failure);
      rejectedBy.add(rejected.plugin);
    }
  }
  cursor.next = (start + processed) % n;
  if (feasible.length === 0) return { diagnosis: { numAllNodes: n, nodeFailures, preemptionPolicy }, rejectedBy };
  if (feasible.length === 1) return { nodeName: feasible[0]!.name, state };

  const totals = new Float64Array(feasible.length);
  for (const plugin of plugins) {
    if (!plugin.score) continue;
    if (plugin.preScore && !plugin.preScore(pod, feasible, state)) continue;
    const weight = plugin.weight ?? 1;
    for (let i = 0; i < feasible.length; i++) totals[i]! += weight * plugin.score(pod, feasible[i]!, state);
  }
  return { nodeName: selectHost(feasible, totals), state };
}
