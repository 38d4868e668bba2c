// NodeUnschedulable: cordoned nodes (spec.unschedulable) take no new pods, unless the pod
// tolerates the `node.kubernetes.io/unschedulable:NoSchedule` taint (DaemonSet pods do).

import { failUnresolvable, OK, SKIP, type SchedulerPlugin } from '../framework.ts';
import { toleratesTaint } from './taint-toleration.ts';

// Module-local copies: hot loops should not go through import bindings.
const PASS = OK;

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** The NodeUnschedulable filter. */
export const nodeUnschedulablePlugin: SchedulerPlugin = {
  name: 'NodeUnschedulable',
  requeueOn: ['NodeAdd', 'NodeUpdate'],
  // No cordoned node: no node can fail the filter.
  preFilter: (_pod, state) => (state.cluster.nodeSummary.unschedulable === 0 ? SKIP : OK),
  filter(pod, node) {
    if (!node.unschedulable) return PASS;
    if (pod.tolerations.some((t) => toleratesTaint(t, UNSCHEDULABLE_TAINT))) return PASS;
    return failUnresolvable('node(s) were unschedulable');
  },
};
