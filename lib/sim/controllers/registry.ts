// Every controller the simulated cluster runs, in the order the manager polls them: the
// controller manager's loops, the scheduler, the node lifecycle, and the kubelets. Factories
// make fresh instances (several keep per-cluster caches), so call defaultControllers() once
// per cluster.

import { kubeletController } from '../kubelet/kubelet.ts';
import { createScheduler } from '../scheduler/scheduler.ts';
import type { Controller } from './controller.ts';
import { createDaemonSetController } from './daemonset.ts';
import { nodeLifecycleController } from './node-lifecycle.ts';
import { persistentVolumeController } from './persistent-volume.ts';
import { statefulSetController } from './statefulset.ts';

/** The controllers of a full simulated cluster. */
export function defaultControllers(): Controller[] {
  return [
    statefulSetController,
    createDaemonSetController(),
    persistentVolumeController,
    createScheduler(),
    nodeLifecycleController(),
    kubeletController(),
  ];
}
