import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { ControllerManager } from '../controllers/manager.ts';
import { persistentVolumeController } from '../controllers/persistent-volume.ts';
import { EventRecorder } from '../events.ts';
import { createScheduler } from './scheduler.ts';
import { pollVolumeBindingWait, startVolumeBindingWait } from './volume-prebind.ts';

type Obj = Record<string, any>;

const PREBIND_TIMEOUT = 'running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded';

function startCluster(withVolumeController: boolean) {
  const api = new ApiServer();
  bootstrapCluster(api, { nodes: 1 });
  const controllers = withVolumeController ? [persistentVolumeController, createScheduler()] : [createScheduler()];
  return { api, manager: new ControllerManager(api, controllers).start() };
}

function createClaim(api: ApiServer, name: string): KubeObject {
  return api.create({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  });
}

function createPod(api: ApiServer, name: string, cpu: string, claim?: string): void {
  const spec: Obj = { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu } } }] };
  if (claim) spec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: claim } }];
  api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec } as KubeObject);
}

function getPod(api: ApiServer, name: string): Obj {
  return api.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name }) as Obj;
}

function scheduledOf(api: ApiServer, name: string): Obj | undefined {
  return getPod(api, name).status?.conditions?.find((c: Obj) => c.type === 'PodScheduled');
}

describe('VolumeBinding PreBind', () => {
  it('scheduler binds a pod once its WaitForFirstConsumer claim is bound, at the first poll a second later', () => {
    const { api, manager } = startCluster(true);
    createClaim(api, 'data');
    createPod(api, 'db', '100m', 'data');
    expect(manager.settle().settled).toBe(true);
    const pod = getPod(api, 'db');
    expect(pod.spec.nodeName).toBe('node-1');
    expect(scheduledOf(api, 'db')).toMatchObject({ status: 'True', lastTransitionTime: '2026-01-01T00:00:01Z' });
  });

  it('scheduler keeps a pod assumed while its claim is unbound, then fails PreBind after bindTimeoutSeconds and retries', () => {
    const { api, manager } = startCluster(false);
    createClaim(api, 'data');
    createPod(api, 'db', '3', 'data');
    createPod(api, 'web', '2');
    manager.settle({ timeoutMs: 599_000 });
    // Assumed on node-1, the claim's pod holds its 3 CPU there: web does not fit; db is not bound yet.
    expect(getPod(api, 'db').spec.nodeName).toBeUndefined();
    expect(scheduledOf(api, 'db')).toBeUndefined();
    expect(scheduledOf(api, 'web')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    const claim = api.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' });
    expect(claim.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe('node-1');

    manager.settle({ timeoutMs: 1_000 });
    // The wait timed out: db is un-assumed (web takes the room) and records the PreBind failure.
    expect(scheduledOf(api, 'db')).toMatchObject({ status: 'False', reason: 'SchedulerError', message: PREBIND_TIMEOUT });
    expect(getPod(api, 'web').spec.nodeName).toBe('node-1');
    const events = new EventRecorder(api).eventsFor(getPod(api, 'db') as KubeObject).map((e: Obj) => [e.type, e.reason, e.message]);
    expect(events).toEqual([['Warning', 'FailedScheduling', PREBIND_TIMEOUT]]);

    manager.settle({ timeoutMs: 2_000 });
    // Retried after its back-off, db no longer fits next to web.
    expect(scheduledOf(api, 'db')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(getPod(api, 'db').spec.nodeName).toBeUndefined();
  });

  it('pollVolumeBindingWait() fails when the selected node on the claim changed, and waits between polls', () => {
    const { api } = startCluster(false);
    const claim = createClaim(api, 'data');
    const pod = { metadata: { name: 'db', namespace: 'default', uid: 'u1' } } as KubeObject;
    const wait = startVolumeBindingWait(pod, 'node-1', [claim], 0);
    const lookup = {
      getPersistentVolumeClaim: (namespace: string, name: string) => api.tryGet({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name }),
      getPersistentVolume: () => undefined,
      getStorageClass: () => undefined,
      getNamespaceLabels: () => ({}),
    };
    const node = api.get({ apiVersion: 'v1', kind: 'Node', name: 'node-1' });
    expect(pollVolumeBindingWait(wait, node, lookup, 500)).toEqual({ state: 'waiting' });
    expect(pollVolumeBindingWait(wait, node, lookup, 1000)).toEqual({
      state: 'failed',
      message: 'running PreBind plugin "VolumeBinding": binding volumes: selectedNode annotation reset for PVC "data"',
    });
    api.update({ ...claim, metadata: { ...claim.metadata, annotations: { 'volume.kubernetes.io/selected-node': 'node-2' } } });
    expect(pollVolumeBindingWait(wait, node, lookup, 1000)).toEqual({
      state: 'failed',
      message: 'running PreBind plugin "VolumeBinding": binding volumes: selectedNode annotation value "node-2" not set to scheduled node "node-1"',
    });
    api.update({ ...api.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' }), metadata: { ...claim.metadata, resourceVersion: undefined, annotations: { 'volume.kubernetes.io/selected-node': 'node-1' } } } as KubeObject);
    expect(pollVolumeBindingWait(wait, node, lookup, 1000)).toEqual({ state: 'waiting' });
    expect(wait.nextPollAt).toBe(2000);
    expect(pollVolumeBindingWait(wait, node, lookup, 600_000)).toEqual({ state: 'failed', message: PREBIND_TIMEOUT });
  });
});
