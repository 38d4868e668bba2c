// NodePorts: a pod's host ports (containers[].ports[].hostPort) must be free on the node for
// the same protocol and an overlapping host IP (0.0.0.0 overlaps every address).

import { fail, OK, SKIP, type SchedulerPlugin } from '../framework.ts';

/** The NodePorts filter. */
export const nodePortsPlugin: SchedulerPlugin = {
  name: 'NodePorts',
  requeueOn: ['NodeAdd', 'AssignedPodDelete'],
  preFilter: (pod) => (pod.hostPorts.length > 0 ? OK : SKIP),
  filter(pod, node) {
    for (const port of pod.hostPorts) {
      if (node.isPortUsed(port)) return fail("node(s) didn't have free ports for the requested pod ports");
    }
    return OK;
  },
};
