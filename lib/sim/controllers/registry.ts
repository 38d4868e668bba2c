// Every controller the simulated cluster runs, in the order the manager polls them: the
// controller manager's loops (and the API server's own `default/kubernetes` reconciler), the
// scheduler, the node lifecycle, and the kubelets. Factories
// make fresh instances (several keep per-cluster caches), so call defaultControllers() once
// per cluster.

import { kubeletController } from '../kubelet/kubelet.ts';
import { createScheduler } from '../scheduler/scheduler.ts';
import type { Controller } from './controller.ts';
import { cronJobController } from './cronjob.ts';
import { deploymentController } from './deployment.ts';
import { createDaemonSetController } from './daemonset.ts';
import { createDisruptionController } from './disruption.ts';
import { createEndpointsController } from './endpoints.ts';
import { createEndpointSliceController } from './endpoints-slices.ts';
import { horizontalPodAutoscalerController } from './horizontal-pod-autoscaler.ts';
import { createIngressController } from './ingress.ts';
import { jobController } from './job.ts';
import { kubernetesServiceController } from './kubernetes-service.ts';
import { ttlAfterFinishedController } from './job-ttl-after-finished.ts';
import { nodeLifecycleController } from './node-lifecycle.ts';
import { persistentVolumeController } from './persistent-volume.ts';
import { replicaSetController, replicationControllerController } from './replicaset.ts';
import { serviceLoadBalancerController } from './service-load-balancer.ts';
import { statefulSetController } from './statefulset.ts';

/** The controllers of a full simulated cluster. */
export function defaultControllers(): Controller[] {
  return [
    deploymentController,
    replicaSetController,
    replicationControllerController,
    statefulSetController,
    createDaemonSetController(),
    persistentVolumeController,
    jobController,
    ttlAfterFinishedController,
    cronJobController,
    horizontalPodAutoscalerController,
    createDisruptionController(),
    kubernetesServiceController,
    createEndpointSliceController(),
    createEndpointsController(),
    serviceLoadBalancerController,
    createIngressController(),
    createScheduler(),
    nodeLifecycleController(),
    kubeletController(),
  ];
}
