// NodeName: a pod that names a node (spec.nodeName) fits only that node. The scheduler leaves
// pods with a preset nodeName alone, so this matters to tests and to future callers.

import { failUnresolvable, OK, SKIP, type SchedulerPlugin } from '../framework.ts';

/** The NodeName filter. */
export const nodeNamePlugin: SchedulerPlugin = {
  name: 'NodeName',
  requeueOn: ['NodeAdd'],
  preFilter: (pod) => (pod.nodeName ? OK : SKIP),
  filter: (pod, node) => (!pod.nodeName || pod.nodeName === node.name ? OK : failUnresolvable("node(s) didn't match the requested node name")),
};
