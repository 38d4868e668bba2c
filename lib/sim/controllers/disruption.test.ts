import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { deploymentController } from './deployment.ts';
import { disruptionController, scaleIntOrPercent } from './disruption.ts';
import { jobController } from './job.ts';
import { ControllerManager } from './manager.ts';
import { replicaSetController } from './replicaset.ts';
import { createFakeNodeAgent } from './workload-testing.ts';

type Obj = Record<string, any>;
const PDB = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', namespace: 'default' } as const;

function setup(): { api: ApiServer; manager: ControllerManager } {
  const api = new ApiServer();
  bootstrapCluster(api);
  const manager = new ControllerManager(api, [deploymentController, replicaSetController, jobController, createFakeNodeAgent(), disruptionController]).start();
  return { api, manager };
}

function deployment(name: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
  };
}

function pdb(name: string, app: string, budget: Obj): KubeObject {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec: { selector: { matchLabels: { app } }, ...budget } };
}

function statusOf(api: ApiServer, name: string): Obj {
  return (api.get({ ...PDB, name }) as Obj).status;
}

function counts(status: Obj): Obj {
  const { conditions: _c, ...rest } = status;
  return rest;
}

function condition(status: Obj): string {
  const c = status.conditions[0];
  return `${c.type}=${c.status} ${c.reason} message=${JSON.stringify(c.message)} observedGeneration=${c.observedGeneration}`;
}

function eventReasons(api: ApiServer, name: string): string[] {
  return api.list({ apiVersion: 'v1', kind: 'Event', namespace: 'default' }).items
    .filter((e) => (e as Obj).involvedObject.name === name)
    .map((e) => `${(e as Obj).reason}: ${(e as Obj).message}`);
}

describe('disruptionController', () => {
  it('disruptionController reports minAvailable 2 over three ready pods as one disruption allowed', () => {
    const { api, manager } = setup();
    api.create(deployment('web', 3));
    api.create(pdb('web', 'web', { minAvailable: 2 }));
    expect(manager.settle().settled).toBe(true);
    const status = statusOf(api, 'web');
    expect(counts(status)).toEqual({ currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3, observedGeneration: 1 });
    expect(condition(status)).toBe('DisruptionAllowed=True SufficientPods message="" observedGeneration=1');
  });

  it('disruptionController reports a PDB that selects no pods as allowing nothing', () => {
    const { api, manager } = setup();
    api.create(pdb('max', 'app-simple', { maxUnavailable: '10%' }));
    api.create(pdb('min', 'app-simple', { minAvailable: 2 }));
    manager.settle();
    expect(counts(statusOf(api, 'max'))).toEqual({ currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0, observedGeneration: 1 });
    expect(counts(statusOf(api, 'min'))).toEqual({ currentHealthy: 0, desiredHealthy: 2, disruptionsAllowed: 0, expectedPods: 0, observedGeneration: 1 });
    expect(condition(statusOf(api, 'min'))).toBe('DisruptionAllowed=False InsufficientPods message="" observedGeneration=1');
    expect(eventReasons(api, 'max')).toEqual(['NoPods: No matching pods found']);
  });

  it('disruptionController scales percentages against the Deployment replicas, rounding up', () => {
    const { api, manager } = setup();
    api.create(deployment('web', 4));
    api.create(pdb('max', 'web', { maxUnavailable: '30%' }));
    api.create(pdb('min', 'web', { minAvailable: '30%' }));
    manager.settle();
    expect(counts(statusOf(api, 'max'))).toMatchObject({ expectedPods: 4, desiredHealthy: 2, currentHealthy: 4, disruptionsAllowed: 2 });
    expect(counts(statusOf(api, 'min'))).toMatchObject({ expectedPods: 4, desiredHealthy: 2, currentHealthy: 4, disruptionsAllowed: 2 });
    api.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' }, 'merge', { spec: { replicas: 2 } });
    manager.settle();
    expect(counts(statusOf(api, 'max'))).toMatchObject({ expectedPods: 2, desiredHealthy: 1, currentHealthy: 2, disruptionsAllowed: 1 });
  });

  it('disruptionController fails safe when a selected pod has a controller without a scale', () => {
    const { api, manager } = setup();
    api.create({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'batch', namespace: 'default' }, spec: { template: { metadata: { labels: { app: 'batch' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'w', image: 'busybox:1.36' }] } } } });
    api.create(pdb('batch', 'batch', { maxUnavailable: 1 }));
    manager.settle();
    const status = statusOf(api, 'batch');
    expect(status.disruptionsAllowed).toBe(0);
    const pod = api.list({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', labelSelector: 'app=batch' }).items[0]!;
    expect(condition(status)).toBe('DisruptionAllowed=False SyncFailed message="found no controllers for pod \\"' + pod.metadata.name + '\\"" observedGeneration=0');
    expect(eventReasons(api, 'batch')).toContain(`CalculateExpectedPodCountFailed: Failed to calculate the number of expected pods: found no controllers for pod "${pod.metadata.name}"`);
  });

  it('disruptionController follows a PDB whose selector changes to other pods, and one that selects by Exists only', () => {
    const { api, manager } = setup();
    api.create(deployment('web', 3));
    api.create(deployment('api', 2));
    api.create(pdb('budget', 'web', { minAvailable: 1 }));
    const any = pdb('any', 'web', { minAvailable: 1 }) as Obj;
    any.spec.selector = { matchExpressions: [{ key: 'app', operator: 'Exists' }] };
    api.create(any as KubeObject);
    manager.settle();
    expect(counts(statusOf(api, 'budget'))).toMatchObject({ currentHealthy: 3, expectedPods: 3 });
    expect(counts(statusOf(api, 'any'))).toMatchObject({ currentHealthy: 5, expectedPods: 5 });
    const changed = structuredClone(api.get({ ...PDB, name: 'budget' })) as Obj;
    changed.spec.selector = { matchLabels: { app: 'api' } };
    api.update(changed as KubeObject);
    manager.settle();
    expect(counts(statusOf(api, 'budget'))).toEqual({ currentHealthy: 2, desiredHealthy: 1, disruptionsAllowed: 1, expectedPods: 2, observedGeneration: 2 });
    const pod = api.list({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', labelSelector: 'app=api' }).items[0]!;
    api.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: pod.metadata.name ?? '' });
    manager.settle();
    expect(counts(statusOf(api, 'budget'))).toMatchObject({ currentHealthy: 2, expectedPods: 2 });
    expect(counts(statusOf(api, 'any'))).toMatchObject({ currentHealthy: 5, expectedPods: 5 });
  });

  it('scaleIntOrPercent rounds percentages up and rejects other strings', () => {
    expect(scaleIntOrPercent('10%', 0)).toBe(0);
    expect(scaleIntOrPercent('10%', 3)).toBe(1);
    expect(scaleIntOrPercent(2, 10)).toBe(2);
    expect(() => scaleIntOrPercent('half', 4)).toThrow('invalid value for IntOrString: invalid value "half": strconv.Atoi: parsing "half": invalid syntax');
  });
});
