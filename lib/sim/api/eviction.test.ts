import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { deploymentController } from '../controllers/deployment.ts';
import { disruptionController } from '../controllers/disruption.ts';
import { ControllerManager } from '../controllers/manager.ts';
import { replicaSetController } from '../controllers/replicaset.ts';
import { createFakeNodeAgent } from '../controllers/workload-testing.ts';
import { StatusError } from '../errors.ts';
import { ApiServer } from './api-server.ts';
import { EVICTION_REFUSED_MESSAGE, evictPod } from './eviction.ts';

type Obj = Record<string, any>;
const PDB = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', namespace: 'default' } as const;
const POD = { apiVersion: 'v1', kind: 'Pod', namespace: 'default' } as const;

function setup(notReady = new Set<string>()): { api: ApiServer; manager: ControllerManager } {
  const api = new ApiServer();
  bootstrapCluster(api);
  const manager = new ControllerManager(api, [deploymentController, replicaSetController, createFakeNodeAgent({ notReady }), disruptionController]).start();
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

function livePods(api: ApiServer, app: string): KubeObject[] {
  return api.list({ ...POD, labelSelector: `app=${app}` }).items.filter((p) => !p.metadata.deletionTimestamp);
}

function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error('expected a StatusError');
}

describe('evictPod', () => {
  it('evictPod deletes a pod its budget allows, takes the disruption and records the pod', () => {
    const { api, manager } = setup();
    api.create(deployment('web', 3));
    api.create(pdb('web', 'web', { minAvailable: 2 }));
    manager.settle();
    const [victim] = livePods(api, 'web');
    const name = victim!.metadata.name ?? '';
    const now = api.clock.nowIso();
    expect(evictPod(api, { namespace: 'default', name })).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    const status = (api.get({ ...PDB, name: 'web' }) as Obj).status;
    expect(status).toMatchObject({ disruptionsAllowed: 0, disruptedPods: { [name]: now } });
    expect(status.conditions[0]).toMatchObject({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' });
    const evicted = api.get({ ...POD, name }) as Obj;
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(evicted.status.conditions).toContainEqual({ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastProbeTime: null, lastTransitionTime: now });
  });

  it('evictPod refuses with 429 and the DisruptionBudget cause when no disruption is allowed', () => {
    const { api, manager } = setup();
    api.create(deployment('web', 3));
    api.create(pdb('web', 'web', { minAvailable: 2 }));
    manager.settle();
    const [first, second] = livePods(api, 'web');
    evictPod(api, { namespace: 'default', name: first!.metadata.name ?? '' });
    manager.runPending();
    const err = refusal(() => evictPod(api, { namespace: 'default', name: second!.metadata.name ?? '' }));
    expect(err.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: EVICTION_REFUSED_MESSAGE,
      reason: 'TooManyRequests',
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] },
      code: 429,
    });
    expect(err.message).toBe("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(api.get({ ...POD, name: second!.metadata.name ?? '' }).metadata.deletionTimestamp).toBeUndefined();
    manager.settle();
    expect((api.get({ ...PDB, name: 'web' }) as Obj).status).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 1 });
    expect(evictPod(api, { namespace: 'default', name: second!.metadata.name ?? '' }).status).toBe('Success');
  });

  it('evictPod answers 429 with a retry hint while the budget has not observed its generation', () => {
    const { api, manager } = setup();
    api.create(deployment('web', 3));
    api.create(pdb('web', 'web', { minAvailable: 2 }));
    manager.settle();
    api.patch({ ...PDB, name: 'web' }, 'merge', { spec: { minAvailable: 1 } });
    const err = refusal(() => evictPod(api, { namespace: 'default', name: livePods(api, 'web')[0]!.metadata.name ?? '' }));
    expect(err.status.details).toEqual({ causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web is still being processed by the server.' }], retryAfterSeconds: 10 });
  });

  it('evictPod refuses a pod that two budgets select with the upstream 500', () => {
    const { api, manager } = setup();
    api.create(deployment('web', 2));
    api.create(pdb('a', 'web', { minAvailable: 1 }));
    api.create(pdb('b', 'web', { maxUnavailable: 1 }));
    manager.settle();
    const err = refusal(() => evictPod(api, { namespace: 'default', name: livePods(api, 'web')[0]!.metadata.name ?? '' }));
    expect(err.code).toBe(500);
    expect(err.message).toBe('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  });

  it('evictPod deletes finished and pending pods without asking the budget', () => {
    const { api, manager } = setup();
    api.create(deployment('web', 2));
    api.create(pdb('web', 'web', { minAvailable: 2 }));
    manager.settle();
    const pending = api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'loose', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    expect(evictPod(api, { namespace: 'default', name: pending.metadata.name ?? '' }).status).toBe('Success');
    expect(api.tryGet({ ...POD, name: 'loose' })).toBeUndefined();
    expect((api.get({ ...PDB, name: 'web' }) as Obj).status.disruptedPods).toBeUndefined();
  });

  it('evictPod lets an unready pod go when the budget is healthy, without taking a disruption', () => {
    const notReady = new Set<string>();
    const { api, manager } = setup(notReady);
    api.create(deployment('web', 3));
    api.create(pdb('web', 'web', { minAvailable: 2 }));
    manager.settle();
    const [sick] = livePods(api, 'web');
    const key = `default/${sick!.metadata.name}`;
    notReady.add(key);
    api.update({ ...structuredClone(sick!), status: { ...(sick as Obj).status, conditions: (sick as Obj).status.conditions.map((c: Obj) => (c.type === 'Ready' ? { ...c, status: 'False' } : c)) } } as KubeObject, { subresource: 'status' });
    manager.runPending();
    expect((api.get({ ...PDB, name: 'web' }) as Obj).status).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 0 });
    expect(evictPod(api, { namespace: 'default', name: sick!.metadata.name ?? '' }).status).toBe('Success');
    expect((api.get({ ...PDB, name: 'web' }) as Obj).status.disruptedPods).toBeUndefined();
  });

  it('evictPod with dryRun checks the budget but changes nothing', () => {
    const { api, manager } = setup();
    api.create(deployment('web', 3));
    api.create(pdb('web', 'web', { minAvailable: 2 }));
    manager.settle();
    const before = api.get({ ...PDB, name: 'web' });
    const [pod] = livePods(api, 'web');
    expect(evictPod(api, { namespace: 'default', name: pod!.metadata.name ?? '' }, { dryRun: true }).status).toBe('Success');
    expect(api.get({ ...PDB, name: 'web' })).toEqual(before);
    expect(api.get({ ...POD, name: pod!.metadata.name ?? '' }).metadata.deletionTimestamp).toBeUndefined();
  });

  it('evictPod answers 404 for a missing pod', () => {
    const { api } = setup();
    const err = refusal(() => evictPod(api, { namespace: 'default', name: 'ghost' }));
    expect(err.code).toBe(404);
    expect(err.message).toBe('pods "ghost" not found');
  });
});
