// The message of a pod that fits no node, in kube-scheduler 1.32's form: the filter reasons
// counted and sorted, then what DefaultPreemption concluded (this scheduler never preempts), e.g.
// `0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No
// preemption victims found for incoming pod.` Formatting only.

import { listReasons, type FilterFailure } from './framework.ts';

/** Why a pod fit no node. */
export interface Diagnosis {
  readonly numAllNodes: number;
  /** Set when a preFilter rejected the pod for every node. */
  readonly preFilterFailure?: FilterFailure | undefined;
  /** The first failing filter of each node (when preFilter passed). */
  readonly nodeFailures: readonly FilterFailure[];
  /** The pod's spec.preemptionPolicy. */
  readonly preemptionPolicy?: string | undefined;
}

/** The message when the cluster has no nodes at all. */
export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';

function formatHistogram(reasons: Iterable<string>): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  // Go's sort.Strings over "<count> <reason>": byte order, so "10 x" sorts before "2 y".
  const parts = [...counts].map(([reason, n]) => `${n} ${reason}`);
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return parts.join(', ');
}

function* nodeReasons(d: Diagnosis): Iterable<string> {
  for (const f of d.nodeFailures) yield* listReasons(f);
}

function formatPreemption(d: Diagnosis): string {
  if (d.preemptionPolicy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
  const statuses: string[] = [];
  if (d.preFilterFailure) {
    const text = d.preFilterFailure.unresolvable ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod';
    for (let i = 0; i < d.numAllNodes; i++) statuses.push(text);
  } else {
    for (const f of d.nodeFailures) statuses.push(f.unresolvable ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod');
  }
  return `preemption: 0/${d.numAllNodes} nodes are available: ${formatHistogram(statuses)}.`;
}

/**
 * Formats a scheduling failure as the PodScheduled condition and FailedScheduling event show it.
 * @example formatFitError({ numAllNodes: 3, nodeFailures: [cpu, cpu, cpu] }) // '0/3 nodes are available: 3 Insufficient cpu. preemption: …'
 */
export function formatFitError(d: Diagnosis): string {
  if (d.numAllNodes === 0) return NO_NODES_MESSAGE;
  let message = `0/${d.numAllNodes} nodes are available:`;
  if (d.preFilterFailure) message += ` ${listReasons(d.preFilterFailure).join(', ')}.`;
  else {
    const histogram = formatHistogram(nodeReasons(d));
    if (histogram) message += ` ${histogram}.`;
  }
  return `${message} ${formatPreemption(d)}`;
}
