// Every controller the simulated cluster runs, in the order the manager polls them. The
// controller manager, the scheduler and the kubelets of a SimCluster all come from here.

import type { Controller } from './controller.ts';

/** The controllers of a full simulated cluster. */
export function defaultControllers(): Controller[] {
  return [];
}
