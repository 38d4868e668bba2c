// The plugins of the default scheduler profile, in kube-scheduler's filter order (a node's first
// failing filter gives its reason). Scores are weighted as in the default profile.

import type { SchedulerPlugin } from './framework.ts';
import { balancedAllocationPlugin } from './plugins/balanced-allocation.ts';
import { interPodAffinityPlugin } from './plugins/inter-pod-affinity.ts';
import { nodeAffinityPlugin } from './plugins/node-affinity.ts';
import { nodeNamePlugin } from './plugins/node-name.ts';
import { nodePortsPlugin } from './plugins/node-ports.ts';
import { nodeResourcesFitPlugin } from './plugins/node-resources-fit.ts';
import { nodeUnschedulablePlugin } from './plugins/node-unschedulable.ts';
import { podTopologySpreadPlugin } from './plugins/pod-topology-spread.ts';
import { taintTolerationPlugin } from './plugins/taint-toleration.ts';
import { volumeBindingPlugin } from './plugins/volume-binding.ts';

/** The default profile's plugins, in order. */
export const DEFAULT_PLUGINS: readonly SchedulerPlugin[] = [
  nodeUnschedulablePlugin,
  nodeNamePlugin,
  taintTolerationPlugin,
  nodeAffinityPlugin,
  nodePortsPlugin,
  nodeResourcesFitPlugin,
  volumeBindingPlugin,
  podTopologySpreadPlugin,
  interPodAffinityPlugin,
  balancedAllocationPlugin,
];
