// NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would be used in equal
// shares after placing the pod (score = (1 - standard deviation of the fractions) × 100).
// Pods without cpu or memory requests are not scored by it.

import { MAX_NODE_SCORE, type SchedulerPlugin } from '../framework.ts';
import type { NodeInfo } from '../node-info.ts';
import type { PodInfo } from '../pod-info.ts';

// Module-local copies: hot loops should not go through import bindings.
const MAX_SCORE = MAX_NODE_SCORE;

function fraction(requested: number, allocatable: number): number {
  if (allocatable <= 0) return 1;
  return Math.min(1, requested / allocatable);
}

function scoreNode(pod: PodInfo, node: NodeInfo): number {
  const cpu = fraction(node.requested.milliCpu + pod.requests.milliCpu, node.allocatable.milliCpu);
  const memory = fraction(node.requested.memory + pod.requests.memory, node.allocatable.memory);
  // With two resources the standard deviation is half their difference.
  const std = Math.abs(cpu - memory) / 2;
  return Math.floor((1 - std) * MAX_SCORE);
}

/** The NodeResourcesBalancedAllocation score. */
export const balancedAllocationPlugin: SchedulerPlugin = {
  name: 'NodeResourcesBalancedAllocation',
  requeueOn: [],
  preScore: (pod) => pod.requests.milliCpu > 0 || pod.requests.memory > 0,
  score: scoreNode,
  scoreInto(pod, nodes, _state, weight, totals) {
    // scoreNode() with the pod's requests read once: the loop runs over ~400 nodes per pod.
    const podCpu = pod.requests.milliCpu;
    const podMemory = pod.requests.memory;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const used = node.requested;
      const alloc = node.allocatable;
      const cpu = fraction(used.milliCpu + podCpu, alloc.milliCpu);
      const memory = fraction(used.memory + podMemory, alloc.memory);
      totals[i]! += weight * Math.floor((1 - Math.abs(cpu - memory) / 2) * MAX_SCORE);
    }
  },
};
