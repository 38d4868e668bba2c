import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { setCpuLoad } from '../faults.ts';
import { deploymentController } from './deployment.ts';
import { HPA_CONTROLLER, horizontalPodAutoscalerController, targetKeyOf } from './horizontal-pod-autoscaler.ts';
import { ControllerManager } from './manager.ts';
import { replicaSetController } from './replicaset.ts';
import { createFakeNodeAgent } from './workload-testing.ts';

type Obj = Record<string, any>;
const HPA = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: 'default' } as const;
const DEPLOY = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default' } as const;
const NO_METRICS = 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API';

function setup(): { api: ApiServer; manager: ControllerManager } {
  const api = new ApiServer();
  bootstrapCluster(api);
  const manager = new ControllerManager(api, [deploymentController, replicaSetController, createFakeNodeAgent(), horizontalPodAutoscalerController]).start();
  return { api, manager };
}

function deployment(name: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }] } },
    },
  };
}

function hpa(name: string, target: string, min: number, max: number, extra: Obj = {}): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
      minReplicas: min,
      maxReplicas: max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      ...extra,
    },
  };
}

function conditions(api: ApiServer, name: string): string[] {
  return ((api.get({ ...HPA, name }) as Obj).status.conditions ?? []).map((c: Obj) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);
}

function events(api: ApiServer, name: string): string[] {
  return api.list({ apiVersion: 'v1', kind: 'Event', namespace: 'default' }).items
    .filter((e) => (e as Obj).involvedObject.kind === 'HorizontalPodAutoscaler' && (e as Obj).involvedObject.name === name)
    .sort((a, b) => String((a as Obj).firstTimestamp).localeCompare(String((b as Obj).firstTimestamp)))
    .map((e) => `${(e as Obj).type} ${(e as Obj).reason}: ${(e as Obj).message}`);
}

function setLoad(api: ApiServer, manager: ControllerManager, percent: number): void {
  setCpuLoad({ api, knobs: manager.context.sim, manager }, { workload: 'default/Deployment/web', percent });
  manager.enqueue(HPA_CONTROLLER, targetKeyOf('default', 'Deployment', 'web'));
}

describe('horizontalPodAutoscalerController', () => {
  it('horizontalPodAutoscalerController reports ScalingActive=False without metrics and leaves the cluster settled', () => {
    const { api, manager } = setup();
    api.create(deployment('web', 1));
    api.create(hpa('web', 'web', 1, 4));
    expect(manager.settle().settled).toBe(true);
    const status = (api.get({ ...HPA, name: 'web' }) as Obj).status;
    expect(status).toMatchObject({ currentReplicas: 1, desiredReplicas: 0, currentMetrics: [{ type: '' }] });
    expect(conditions(api, 'web')).toEqual([
      "AbleToScale=True SucceededGetScale: the HPA controller was able to get the target's current scale",
      `ScalingActive=False FailedGetResourceMetric: the HPA was unable to compute the replica count: ${NO_METRICS}`,
    ]);
    expect(events(api, 'web').sort()).toEqual([
      `Warning FailedComputeMetricsReplicas: invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${NO_METRICS}`,
      `Warning FailedGetResourceMetric: ${NO_METRICS}`,
    ]);
    expect((api.get({ ...DEPLOY, name: 'web' }) as Obj).spec.replicas).toBe(1);
  });

  it('horizontalPodAutoscalerController reports FailedGetScale for a missing target and picks it up once created', () => {
    const { api, manager } = setup();
    api.create(hpa('cart', 'cart', 1, 3));
    manager.settle();
    expect(conditions(api, 'cart')).toEqual([
      'AbleToScale=False FailedGetScale: the HPA controller was unable to get the target\'s current scale: deployments.apps "cart" not found',
    ]);
    expect(events(api, 'cart')).toEqual(['Warning FailedGetScale: deployments.apps "cart" not found']);
    api.create(deployment('cart', 1));
    manager.settle();
    expect(conditions(api, 'cart')[0]).toBe("AbleToScale=True SucceededGetScale: the HPA controller was able to get the target's current scale");
  });

  it('horizontalPodAutoscalerController raises replicas below minReplicas even without metrics', () => {
    const { api, manager } = setup();
    api.create(deployment('web', 1));
    api.create(hpa('web', 'web', 2, 4));
    manager.settle();
    expect((api.get({ ...DEPLOY, name: 'web' }) as Obj).spec.replicas).toBe(2);
    expect(events(api, 'web')).toContain('Normal SuccessfulRescale: New size: 2; reason: Current number of replicas below Spec.MinReplicas');
    expect((api.get({ ...HPA, name: 'web' }) as Obj).status).toMatchObject({ currentReplicas: 1, desiredReplicas: 2, lastScaleTime: '2026-01-01T00:00:00Z' });
  });

  it('horizontalPodAutoscalerController scales up under load and down only after the 300 s stabilization window', () => {
    const { api, manager } = setup();
    api.create(deployment('web', 1));
    api.create(hpa('web', 'web', 1, 4));
    manager.settle();
    api.clock.advance(60_000);
    const start = api.clock.nowMillis();
    const timeline: string[] = [];
    api.store.subscribe((e) => {
      const before = (e.prevObject as Obj | undefined)?.spec?.replicas;
      const now = (e.object as Obj).spec?.replicas;
      if (e.object.kind === 'Deployment' && before !== undefined && before !== now) timeline.push(`+${(api.clock.nowMillis() - start) / 1000}s ${before}->${now}`);
    });
    setLoad(api, manager, 200);
    manager.settle({ timeoutMs: 120_000 });
    expect(timeline).toEqual(['+0s 1->4']);
    expect(conditions(api, 'web')).toEqual([
      'AbleToScale=True ReadyForNewScale: recommended size matches current size',
      'ScalingActive=True ValidMetricFound: the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
      'ScalingLimited=True TooManyReplicas: the desired replica count is more than the maximum replica count',
    ]);
    expect((api.get({ ...HPA, name: 'web' }) as Obj).status.currentMetrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 200, averageValue: '200m' } } },
    ]);
    setLoad(api, manager, 10);
    manager.settle({ timeoutMs: 280_000 });
    expect(timeline).toEqual(['+0s 1->4']);
    expect(conditions(api, 'web')[0]).toBe('AbleToScale=True ScaleDownStabilized: recent recommendations were higher than current one, applying the highest recent recommendation');
    manager.settle({ timeoutMs: 30_000 });
    // The last high recommendation was made at +120 s: scale-down comes 300 s later.
    expect(timeline).toEqual(['+0s 1->4', '+420s 4->1']);
    expect(events(api, 'web').filter((e) => e.includes('SuccessfulRescale'))).toEqual([
      'Normal SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target',
      'Normal SuccessfulRescale: New size: 1; reason: All metrics below target',
    ]);
  });

  it('horizontalPodAutoscalerController stops polling once the load knob is gone', () => {
    const { api, manager } = setup();
    api.create(deployment('web', 1));
    api.create(hpa('web', 'web', 1, 4));
    manager.settle();
    setLoad(api, manager, 50);
    expect(manager.settle({ timeoutMs: 60_000 }).settled).toBe(false);
    expect((api.get({ ...DEPLOY, name: 'web' }) as Obj).spec.replicas).toBe(1);
    delete (manager.context.sim.values.get('faults') as Obj).cpuLoad['default/Deployment/web'];
    expect(manager.settle().settled).toBe(true);
    expect(conditions(api, 'web')[1]).toBe(`ScalingActive=False FailedGetResourceMetric: the HPA was unable to compute the replica count: ${NO_METRICS}`);
  });
});
