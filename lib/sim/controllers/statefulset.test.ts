import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import type { StoreEvent } from '../store.ts';
import { ControllerManager } from './manager.ts';
import { persistentVolumeController } from './persistent-volume.ts';
import { isRunningAndReady } from './statefulset-pods.ts';
import { statefulSetController } from './statefulset.ts';
import { createFakeNodeAgent } from './workload-testing.ts';

type Obj = Record<string, any>;

function setup(): { api: ApiServer; manager: ControllerManager; notReady: Set<string>; log: StoreEvent[] } {
  const api = new ApiServer();
  bootstrapCluster(api, { nodes: 3 });
  const notReady = new Set<string>();
  const manager = new ControllerManager(api, [statefulSetController, persistentVolumeController, createFakeNodeAgent({ notReady })]).start();
  const log: StoreEvent[] = [];
  api.store.subscribe((e) => {
    if (['Pod', 'PersistentVolumeClaim', 'Event'].includes(e.object.kind)) log.push(e);
  });
  return { api, manager, notReady, log };
}

function statefulSet(spec: Obj = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'web',
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web', tier: 'front' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
      },
      volumeClaimTemplates: [
        { metadata: { name: 'data', labels: { disk: 'ssd' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      ],
      ...spec,
    },
  } as KubeObject;
}

const STS = { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'default', name: 'web' } as const;

function getSet(api: ApiServer): Obj {
  return api.get(STS) as Obj;
}

function podsOf(api: ApiServer): Obj[] {
  return api.list({ apiVersion: 'v1', kind: 'Pod', namespace: 'default' }).items as Obj[];
}

function podNames(api: ApiServer): string[] {
  return podsOf(api).map((p) => p.metadata.name).sort();
}

function getPod(api: ApiServer, name: string): Obj {
  return api.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name }) as Obj;
}

function claimsOf(api: ApiServer): Obj[] {
  return api.list({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'default' }).items as Obj[];
}

function patchSpec(api: ApiServer, spec: Obj): void {
  api.patch(STS, 'merge', { spec });
}

function added(log: StoreEvent[], kind: string): string[] {
  return log.filter((e) => e.type === 'ADDED' && e.object.kind === kind).map((e) => e.object.metadata.name ?? '');
}

/** Pods that got a deletionTimestamp (or were deleted outright), in order. */
function deletionOrder(log: StoreEvent[]): string[] {
  const out: string[] = [];
  for (const e of log) {
    if (e.object.kind !== 'Pod') continue;
    const started = (e.type === 'MODIFIED' && e.object.metadata.deletionTimestamp && !e.prevObject?.metadata.deletionTimestamp) || (e.type === 'DELETED' && !e.prevObject?.metadata.deletionTimestamp);
    if (started) out.push(e.object.metadata.name ?? '');
  }
  return out;
}

/** Events about `obj` in the order they were first recorded. */
function eventMessages(log: StoreEvent[], obj: Obj): string[] {
  return log
    .filter((e) => e.type === 'ADDED' && e.object.kind === 'Event' && (e.object as Obj).involvedObject.uid === obj.metadata.uid)
    .map((e) => `${(e.object as Obj).reason}: ${(e.object as Obj).message}`);
}

describe('statefulSetController', () => {
  it('statefulSetController creates OrderedReady pods one by one, each after the previous is Running and Ready', () => {
    const { api, manager, log } = setup();
    const readyWhenCreated = new Map<string, string[]>();
    api.store.subscribe((e) => {
      if (e.type === 'ADDED' && e.object.kind === 'Pod') readyWhenCreated.set(e.object.metadata.name ?? '', podsOf(api).filter((p) => isRunningAndReady(p as KubeObject)).map((p) => p.metadata.name).sort());
    });
    api.create(statefulSet());
    expect(manager.settle().settled).toBe(true);

    expect(added(log, 'Pod')).toEqual(['web-0', 'web-1', 'web-2']);
    expect(readyWhenCreated.get('web-0')).toEqual([]);
    expect(readyWhenCreated.get('web-1')).toEqual(['web-0']);
    expect(readyWhenCreated.get('web-2')).toEqual(['web-0', 'web-1']);
    expect(added(log, 'PersistentVolumeClaim')).toEqual(['data-web-0', 'data-web-1', 'data-web-2']);

    const set = getSet(api);
    expect(set.status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: set.status.updateRevision,
      updateRevision: set.status.updateRevision,
      collisionCount: 0,
      availableReplicas: 3,
    });
    expect(set.status.updateRevision).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);

    const pod = getPod(api, 'web-1');
    expect(pod.metadata.labels).toEqual({
      app: 'web',
      tier: 'front',
      'statefulset.kubernetes.io/pod-name': 'web-1',
      'apps.kubernetes.io/pod-index': '1',
      'controller-revision-hash': set.status.updateRevision,
    });
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(pod.spec.hostname).toBe('web-1');
    expect(pod.spec.subdomain).toBe('web');
    expect(pod.spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'data-web-1' } }]);

    const claim = claimsOf(api).find((c) => c.metadata.name === 'data-web-1')!;
    expect(claim.metadata.labels).toEqual({ disk: 'ssd', app: 'web' });
    expect(claim.metadata.ownerReferences).toBeUndefined();
    expect(claim.status.phase).toBe('Bound');
    expect(claim.metadata.annotations['volume.kubernetes.io/selected-node']).toBe(pod.spec.nodeName);

    expect(eventMessages(log, set).slice(0, 2)).toEqual([
      'SuccessfulCreate: create Claim data-web-0 Pod web-0 in StatefulSet web success',
      'SuccessfulCreate: create Pod web-0 in StatefulSet web successful',
    ]);
  });

  it('statefulSetController does not create the next pod while the previous one is not Ready', () => {
    const { api, manager, notReady } = setup();
    notReady.add('default/web-1');
    api.create(statefulSet());
    manager.settle();
    expect(podNames(api)).toEqual(['web-0', 'web-1']);
    expect(getSet(api).status).toMatchObject({ replicas: 2, readyReplicas: 1, availableReplicas: 1 });

    notReady.delete('default/web-1');
    manager.enqueue('fake-node-agent', 'default/web-1');
    manager.settle();
    expect(podNames(api)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(getSet(api).status.readyReplicas).toBe(3);
  });

  it('statefulSetController scales down in reverse order and back up reusing the same names and claims', () => {
    const { api, manager, log } = setup();
    api.create(statefulSet());
    manager.settle();
    const claimUids = Object.fromEntries(claimsOf(api).map((c) => [c.metadata.name, c.metadata.uid]));

    log.length = 0;
    patchSpec(api, { replicas: 1 });
    manager.settle();
    expect(deletionOrder(log)).toEqual(['web-2', 'web-1']);
    expect(podNames(api)).toEqual(['web-0']);
    expect(claimsOf(api).map((c) => c.metadata.name).sort()).toEqual(['data-web-0', 'data-web-1', 'data-web-2']);
    expect(getSet(api).status).toMatchObject({ replicas: 1, readyReplicas: 1 });

    log.length = 0;
    patchSpec(api, { replicas: 3 });
    manager.settle();
    expect(added(log, 'Pod')).toEqual(['web-1', 'web-2']);
    expect(added(log, 'PersistentVolumeClaim')).toEqual([]);
    expect(Object.fromEntries(claimsOf(api).map((c) => [c.metadata.name, c.metadata.uid]))).toEqual(claimUids);
    expect(getPod(api, 'web-2').spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'data-web-2' } }]);
  });

  it('statefulSetController deletes the claims of scaled-down pods when whenScaled is Delete', () => {
    const { api, manager } = setup();
    api.create(statefulSet({ persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Retain' } }));
    manager.settle();
    patchSpec(api, { replicas: 1 });
    manager.settle();
    expect(claimsOf(api).map((c) => c.metadata.name)).toEqual(['data-web-0']);
  });

  it('statefulSetController gives claims an owner reference to the set when whenDeleted is Delete', () => {
    const { api, manager } = setup();
    api.create(statefulSet({ replicas: 2, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } }));
    manager.settle();
    const set = getSet(api);
    expect(claimsOf(api)[0]!.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, blockOwnerDeletion: true }]);
    api.delete(STS, { propagationPolicy: 'Foreground' });
    manager.settle();
    expect(claimsOf(api)).toEqual([]);
    expect(podsOf(api)).toEqual([]);
  });

  it('statefulSetController rolls pods in reverse ordinal order down to the partition', () => {
    const { api, manager, log } = setup();
    api.create(statefulSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }));
    manager.settle();
    const oldRevision = getSet(api).status.currentRevision;

    log.length = 0;
    patchSpec(api, { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } } });
    manager.settle();
    const set = getSet(api);
    const newRevision = set.status.updateRevision;
    expect(newRevision).not.toBe(oldRevision);
    expect(deletionOrder(log)).toEqual(['web-2', 'web-1']);
    expect(podsOf(api).map((p) => [p.metadata.name, p.spec.containers[0].image, p.metadata.labels['controller-revision-hash']]).sort()).toEqual([
      ['web-0', 'nginx:1.27', oldRevision],
      ['web-1', 'nginx:1.28', newRevision],
      ['web-2', 'nginx:1.28', newRevision],
    ]);
    expect(set.status).toMatchObject({ observedGeneration: 2, replicas: 3, currentReplicas: 1, updatedReplicas: 2, currentRevision: oldRevision, updateRevision: newRevision });

    // A pod below the partition comes back at the current revision.
    api.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-0' });
    manager.settle();
    expect(getPod(api, 'web-0').spec.containers[0].image).toBe('nginx:1.27');

    log.length = 0;
    patchSpec(api, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } });
    manager.settle();
    expect(deletionOrder(log)).toEqual(['web-0']);
    expect(getSet(api).status).toMatchObject({ currentReplicas: 3, updatedReplicas: 3, currentRevision: newRevision, updateRevision: newRevision });
  });

  it('statefulSetController creates and deletes Parallel pods without waiting', () => {
    const { api, manager, log, notReady } = setup();
    notReady.add('default/web-0');
    api.create(statefulSet({ podManagementPolicy: 'Parallel' }));
    manager.runPending();
    expect(added(log, 'Pod')).toEqual(['web-0', 'web-1', 'web-2']);
    manager.settle();
    expect(getSet(api).status).toMatchObject({ replicas: 3, readyReplicas: 2 });

    log.length = 0;
    patchSpec(api, { replicas: 0 });
    manager.runPending();
    expect(deletionOrder(log)).toEqual(['web-2', 'web-1', 'web-0']);
  });

  it('statefulSetController leaves pods alone on OnDelete until they are deleted', () => {
    const { api, manager } = setup();
    api.create(statefulSet({ replicas: 2, updateStrategy: { type: 'OnDelete' } }));
    manager.settle();
    patchSpec(api, { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } } });
    manager.settle();
    expect(podsOf(api).map((p) => p.spec.containers[0].image)).toEqual(['nginx:1.27', 'nginx:1.27']);
    expect(getSet(api).status).toMatchObject({ currentReplicas: 2 });
    expect(getSet(api).status.updatedReplicas).toBeUndefined();

    api.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-1' });
    manager.settle();
    expect(getPod(api, 'web-1').spec.containers[0].image).toBe('nginx:1.28');
    expect(getSet(api).status).toMatchObject({ currentReplicas: 1, updatedReplicas: 1 });
  });

  it('statefulSetController replaces a failed pod under the same name', () => {
    const { api, manager, log } = setup();
    api.create(statefulSet({ replicas: 1 }));
    manager.settle();
    const first = getPod(api, 'web-0');
    const failed = structuredClone(first);
    failed.status.phase = 'Failed';
    api.update(failed as KubeObject, { subresource: 'status' });
    manager.settle();
    const second = getPod(api, 'web-0');
    expect(second.metadata.uid).not.toBe(first.metadata.uid);
    expect(second.status.phase).toBe('Running');
    expect(eventMessages(log, getSet(api))).toContain('SuccessfulDelete: delete Pod web-0 in StatefulSet web successful');
  });
});
