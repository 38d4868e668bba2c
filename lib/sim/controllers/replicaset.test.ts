import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { forbidden } from '../errors.ts';
import type { Controller } from './controller.ts';
import { ControllerManager } from './manager.ts';
import { choosePodsToDelete } from './replicaset-pod-ranking.ts';
import { replicaSetController, replicationControllerController } from './replicaset.ts';
import { createFakeKubelet } from './testing.ts';

type Obj = Record<string, any>;
const RS = { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'default' } as const;
const POD = { apiVersion: 'v1', kind: 'Pod', namespace: 'default' } as const;

function setup(extra: Controller[] = [createFakeKubelet()]): { api: ApiServer; manager: ControllerManager } {
  const api = new ApiServer();
  bootstrapCluster(api);
  const manager = new ControllerManager(api, [replicaSetController, replicationControllerController, ...extra]).start();
  return { api, manager };
}

function replicaSet(name: string, replicas: number, labels: Record<string, string> = { app: name }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
  };
}

function podsOf(api: ApiServer, selector: string): KubeObject[] {
  return api.list({ ...POD, labelSelector: selector }).items.filter((p) => !p.metadata.deletionTimestamp);
}

function reasonsOf(api: ApiServer, name: string): string[] {
  return api.list({ apiVersion: 'v1', kind: 'Event', namespace: 'default' }).items
    .filter((e) => (e as Obj).involvedObject.name === name)
    .map((e) => `${(e as Obj).reason}: ${(e as Obj).message}`);
}

describe('replicaSetController', () => {
  it('replicaSetController creates pods named <rs>-<suffix> with a controllerRef and reports ready status', () => {
    const { api, manager } = setup();
    const rs = api.create(replicaSet('web', 3));
    expect(manager.settle().settled).toBe(true);
    const pods = podsOf(api, 'app=web');
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect(pod.metadata.labels).toEqual({ app: 'web' });
    }
    expect((api.get({ ...RS, name: 'web' }) as Obj).status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    const created = reasonsOf(api, 'web').filter((r) => r.startsWith('SuccessfulCreate')).sort();
    expect(created).toEqual(pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
  });

  it('replicaSetController scales up and down and replaces a deleted pod', () => {
    const { api, manager } = setup();
    api.create(replicaSet('web', 2));
    manager.settle();
    api.updateScale({ ...RS, name: 'web' }, 4);
    manager.settle();
    expect(podsOf(api, 'app=web')).toHaveLength(4);
    api.updateScale({ ...RS, name: 'web' }, 1);
    manager.settle();
    expect(api.list({ ...POD, labelSelector: 'app=web' }).items).toHaveLength(1);
    expect(reasonsOf(api, 'web').filter((r) => r.startsWith('SuccessfulDelete'))).toHaveLength(3);
    const [survivor] = podsOf(api, 'app=web');
    api.delete({ ...POD, name: survivor!.metadata.name ?? '' });
    manager.settle();
    const after = podsOf(api, 'app=web');
    expect(after).toHaveLength(1);
    expect(after[0]!.metadata.name).not.toBe(survivor!.metadata.name);
    expect((api.get({ ...RS, name: 'web' }) as Obj).status).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 3 });
  });

  it('replicaSetController adopts matching orphans and releases pods whose labels stop matching', () => {
    const { api, manager } = setup();
    api.create({ ...POD, metadata: { name: 'stray', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    const rs = api.create(replicaSet('web', 2));
    manager.settle();
    expect(api.get({ ...POD, name: 'stray' }).metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true });
    expect(podsOf(api, 'app=web')).toHaveLength(2);
    const stray = structuredClone(api.get({ ...POD, name: 'stray' }));
    stray.metadata.labels = { app: 'debug' };
    api.update(stray);
    manager.settle();
    expect(api.get({ ...POD, name: 'stray' }).metadata.ownerReferences).toBeUndefined();
    expect(podsOf(api, 'app=web')).toHaveLength(2);
  });

  it('replicaSetController deletes unscheduled, then not-ready pods first when scaling down', () => {
    const { api, manager } = setup([]);
    api.create(replicaSet('web', 3));
    manager.settle();
    const [a, b, c] = podsOf(api, 'app=web').map((p) => structuredClone(p) as Obj);
    a!.spec.nodeName = 'node-1';
    b!.spec.nodeName = 'node-2';
    api.update(a as KubeObject);
    api.update(b as KubeObject);
    const running = { ...structuredClone(api.get({ ...POD, name: a!.metadata.name })), status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: api.clock.nowIso() }] } };
    api.update(running as KubeObject, { subresource: 'status' });
    api.updateScale({ ...RS, name: 'web' }, 1);
    manager.settle();
    expect(podsOf(api, 'app=web').map((p) => p.metadata.name)).toEqual([a!.metadata.name]);
    expect(reasonsOf(api, 'web').filter((r) => r.startsWith('SuccessfulDelete')).sort())
      .toEqual([`SuccessfulDelete: Deleted pod: ${c!.metadata.name}`, `SuccessfulDelete: Deleted pod: ${b!.metadata.name}`].sort());
  });

  it('choosePodsToDelete() prefers lower pod-deletion-cost, then doubled-up nodes, then newer pods', () => {
    const pod = (name: string, node: string, created: string, cost?: string): KubeObject => ({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, uid: name, creationTimestamp: created, ...(cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': cost } } : {}) },
      spec: { nodeName: node },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: created }] },
    });
    const now = Date.parse('2026-01-01T12:00:00Z');
    const pods = [pod('old', 'n1', '2026-01-01T00:00:00Z'), pod('new', 'n2', '2026-01-01T11:59:00Z'), pod('pair-a', 'n3', '2026-01-01T00:00:00Z'), pod('pair-b', 'n3', '2026-01-01T00:00:00Z', '10')];
    expect(choosePodsToDelete(pods, { relatedPods: pods, count: 1, nowMs: now }).map((p) => p.metadata.name)).toEqual(['pair-a']);
    expect(choosePodsToDelete(pods, { relatedPods: pods, count: 3, nowMs: now }).map((p) => p.metadata.name)).toEqual(['pair-a', 'new', 'old']);
  });

  it('replicaSetController sets ReplicaFailure and records FailedCreate when pod creation is forbidden', () => {
    const { api, manager } = setup();
    const denied = 'exceeded quota: pods, requested: pods=1, used: pods=0, limited: pods=0';
    const create = api.create.bind(api);
    api.create = ((obj: KubeObject, opts?: object) => {
      if (obj.kind === 'Pod') throw forbidden('pods', '', `${obj.metadata.generateName}`, denied);
      return create(obj, opts);
    }) as typeof api.create;
    api.create(replicaSet('web', 2));
    manager.settle({ timeoutMs: 1000 });
    const status = (api.get({ ...RS, name: 'web' }) as Obj).status;
    const message = `pods "web-" is forbidden: ${denied}`;
    expect(status.conditions).toEqual([{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: expect.any(String), reason: 'FailedCreate', message }]);
    expect(reasonsOf(api, 'web')).toContain(`FailedCreate: Error creating: ${message}`);
    api.create = create;
    manager.settle();
    expect(podsOf(api, 'app=web')).toHaveLength(2);
    expect((api.get({ ...RS, name: 'web' }) as Obj).status.conditions).toBeUndefined();
  });

  it('replicaSetController holds availableReplicas back until pods were ready for minReadySeconds', () => {
    const { api, manager } = setup();
    const rs = replicaSet('web', 2) as Obj;
    rs.spec.minReadySeconds = 30;
    api.create(rs as KubeObject);
    manager.runPending();
    api.clock.advance(1000);
    manager.runPending();
    expect((api.get({ ...RS, name: 'web' }) as Obj).status).toMatchObject({ readyReplicas: 2 });
    expect((api.get({ ...RS, name: 'web' }) as Obj).status.availableReplicas).toBeUndefined();
    api.clock.advance(29_000);
    manager.runPending();
    expect((api.get({ ...RS, name: 'web' }) as Obj).status.availableReplicas).toBeUndefined();
    api.clock.advance(1000);
    manager.runPending();
    expect((api.get({ ...RS, name: 'web' }) as Obj).status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
  });
});

describe('replicationControllerController', () => {
  it('replicationControllerController runs the guestbook RC with its plain-map selector', () => {
    const { api, manager } = setup();
    const rc = api.create({
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'guestbook', namespace: 'default', labels: { app: 'guestbook' } },
      spec: { replicas: 3, selector: { app: 'guestbook' }, template: { metadata: { labels: { app: 'guestbook' } }, spec: { containers: [{ name: 'guestbook', image: 'registry.k8s.io/guestbook:v3' }] } } },
    });
    manager.settle();
    const pods = podsOf(api, 'app=guestbook');
    expect(pods).toHaveLength(3);
    expect(pods[0]!.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'ReplicationController', name: 'guestbook', uid: rc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect((api.get({ apiVersion: 'v1', kind: 'ReplicationController', namespace: 'default', name: 'guestbook' }) as Obj).status)
      .toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    const events = api.list({ apiVersion: 'v1', kind: 'Event', namespace: 'default' }).items.filter((e) => (e as Obj).reason === 'SuccessfulCreate');
    expect((events[0] as Obj).source).toEqual({ component: 'replication-controller' });
  });
});
