// NodeResourcesFit: the pod's requests (cpu, memory, ephemeral-storage, extended resources)
// must fit in what the node's pods leave of its allocatable, and the node must have room for one
// more pod. Scores with LeastAllocated: emptier nodes (by non-zero cpu/memory requests) win.

import { fail, MAX_NODE_SCORE, OK, type FilterResult, type SchedulerPlugin } from '../framework.ts';
import type { NodeInfo } from '../node-info.ts';
import type { PodInfo } from '../pod-info.ts';

// Module-local copies: hot loops should not go through import bindings.
const MAX_SCORE = MAX_NODE_SCORE;
const PASS = OK;

/** Reasons a node is short of resources for a pod, in kube-scheduler's order. */
export function listInsufficientResources(pod: PodInfo, node: NodeInfo): string[] {
  const reasons: string[] = [];
  if (node.pods.size + 1 > node.allowedPodNumber) reasons.push('Too many pods');
  const req = pod.requests;
  const alloc = node.allocatable;
  const used = node.requested;
  if (req.milliCpu > 0 && req.milliCpu > alloc.milliCpu - used.milliCpu) reasons.push('Insufficient cpu');
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) reasons.push('Insufficient memory');
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) reasons.push('Insufficient ephemeral-storage');
  if (req.scalar) {
    for (const [name, amount] of [...req.scalar].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (amount > 0 && amount > (alloc.scalar?.get(name) ?? 0) - (used.scalar?.get(name) ?? 0)) reasons.push(`Insufficient ${name}`);
    }
  }
  return reasons;
}

/** The common case without allocation: cpu, memory, ephemeral-storage and pods all fit. */
function fitsQuickly(pod: PodInfo, node: NodeInfo): boolean {
  const req = pod.requests;
  const alloc = node.allocatable;
  const used = node.requested;
  return (
    req.scalar === undefined &&
    node.pods.size + 1 <= node.allowedPodNumber &&
    (req.milliCpu <= 0 || req.milliCpu <= alloc.milliCpu - used.milliCpu) &&
    (req.memory <= 0 || req.memory <= alloc.memory - used.memory) &&
    (req.ephemeralStorage <= 0 || req.ephemeralStorage <= alloc.ephemeralStorage - used.ephemeralStorage)
  );
}

function scoreLeastAllocated(requested: number, capacity: number): number {
  if (capacity <= 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_SCORE) / capacity);
}

function scoreNode(pod: PodInfo, node: NodeInfo): number {
  const cpu = scoreLeastAllocated(node.nonZeroMilliCpu + pod.nonZeroMilliCpu, node.allocatable.milliCpu);
  const memory = scoreLeastAllocated(node.nonZeroMemory + pod.nonZeroMemory, node.allocatable.memory);
  return Math.floor((cpu + memory) / 2);
}

/** The NodeResourcesFit filter, with the LeastAllocated score. */
export const nodeResourcesFitPlugin: SchedulerPlugin = {
  name: 'NodeResourcesFit',
  requeueOn: ['NodeAdd', 'NodeUpdate', 'AssignedPodDelete'],
  filter(pod, node): FilterResult {
    if (fitsQuickly(pod, node)) return PASS;
    const reasons = listInsufficientResources(pod, node);
    return reasons.length === 0 ? PASS : fail(reasons[0]!, reasons.slice(1));
  },
  score: scoreNode,
  scoreInto(pod, nodes, _state, weight, totals) {
    // scoreNode() with the pod's amounts read once: the loop runs over ~400 nodes per pod.
    const podCpu = pod.nonZeroMilliCpu;
    const podMemory = pod.nonZeroMemory;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const alloc = node.allocatable;
      const cpu = scoreLeastAllocated(node.nonZeroMilliCpu + podCpu, alloc.milliCpu);
      const memory = scoreLeastAllocated(node.nonZeroMemory + podMemory, alloc.memory);
      totals[i]! += weight * Math.floor((cpu + memory) / 2);
    }
  },
};
