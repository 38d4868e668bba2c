import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster, nodeObject } from '../bootstrap.ts';
import { isPodAvailable } from '../conditions.ts';
import type { StoreEvent } from '../store.ts';
import { createDaemonSetController } from './daemonset.ts';
import { ControllerManager } from './manager.ts';
import { createFakeNodeAgent } from './workload-testing.ts';

type Obj = Record<string, any>;

const DS = { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'default', name: 'agent' } as const;

function setup(): { api: ApiServer; manager: ControllerManager; log: StoreEvent[] } {
  const api = new ApiServer();
  bootstrapCluster(api, { nodes: 3 });
  const manager = new ControllerManager(api, [createDaemonSetController(), createFakeNodeAgent()]).start();
  const log: StoreEvent[] = [];
  api.store.subscribe((e) => {
    if (e.object.kind === 'Pod' || e.object.kind === 'Event') log.push(e);
  });
  return { api, manager, log };
}

function daemonSet(spec: Obj = {}, podSpec: Obj = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'fluentd:1.16' }], ...podSpec } },
      ...spec,
    },
  } as KubeObject;
}

function getSet(api: ApiServer): Obj {
  return api.get(DS) as Obj;
}

function livePods(api: ApiServer): Obj[] {
  return (api.list({ apiVersion: 'v1', kind: 'Pod', namespace: 'default' }).items as Obj[]).filter((p) => !p.metadata.deletionTimestamp);
}

/** node → image of the live pods on it. */
function placement(api: ApiServer): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const pod of livePods(api)) {
    const node = pod.spec.nodeName ?? pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0];
    (out[node] ??= []).push(pod.spec.containers[0].image);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function updateNode(api: ApiServer, name: string, change: (node: Obj) => void): void {
  const node = structuredClone(api.get({ apiVersion: 'v1', kind: 'Node', name })) as Obj;
  change(node);
  api.update(node as KubeObject);
}

function setImage(api: ApiServer, image: string): void {
  api.patch(DS, 'merge', { spec: { template: { spec: { containers: [{ name: 'agent', image }] } } } });
}

describe('daemonSetController', () => {
  it('daemonSetController runs one pinned, tolerant pod per node and reports status', () => {
    const { api, manager, log } = setup();
    api.create(daemonSet());
    expect(manager.settle().settled).toBe(true);

    expect(placement(api)).toEqual({ 'node-1': ['fluentd:1.16'], 'node-2': ['fluentd:1.16'], 'node-3': ['fluentd:1.16'] });
    const set = getSet(api);
    expect(set.status).toEqual({
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
      desiredNumberScheduled: 3,
      numberReady: 3,
      observedGeneration: 1,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
    });
    const pod = livePods(api).find((p) => p.spec.nodeName === 'node-2')!;
    expect(pod.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.metadata.labels).toEqual({ app: 'agent', 'controller-revision-hash': expect.stringMatching(/^[bcdfghjklmnpqrstvwxz2456789]+$/), 'pod-template-generation': '1' });
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(pod.spec.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }] } },
    });
    expect(pod.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    const created = log.filter((e) => e.type === 'ADDED' && e.object.kind === 'Event').map((e) => `${(e.object as Obj).reason}: ${(e.object as Obj).message}`);
    expect(created).toContain(`SuccessfulCreate: Created pod: ${pod.metadata.name}`);
  });

  it('daemonSetController follows nodes joining and leaving', () => {
    const { api, manager } = setup();
    api.create(daemonSet());
    manager.settle();
    api.create(nodeObject('node-4', 3));
    manager.settle();
    expect(Object.keys(placement(api))).toEqual(['node-1', 'node-2', 'node-3', 'node-4']);
    expect(getSet(api).status).toMatchObject({ desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 4 });

    api.delete({ apiVersion: 'v1', kind: 'Node', name: 'node-2' });
    manager.settle();
    expect(Object.keys(placement(api))).toEqual(['node-1', 'node-3', 'node-4']);
    expect(api.list({ apiVersion: 'v1', kind: 'Pod', namespace: 'default' }).items).toHaveLength(3);
    expect(getSet(api).status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, numberAvailable: 3 });
  });

  it('daemonSetController skips nodes with untolerated taints and honours tolerations', () => {
    const { api, manager } = setup();
    updateNode(api, 'node-1', (n) => (n.spec.taints = [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]));
    updateNode(api, 'node-2', (n) => (n.spec.unschedulable = true));
    api.create(daemonSet());
    manager.settle();
    expect(Object.keys(placement(api))).toEqual(['node-2', 'node-3']);
    expect(getSet(api).status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2 });

    api.patch(DS, 'merge', { spec: { template: { spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] } } } });
    manager.settle();
    expect(Object.keys(placement(api))).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it('daemonSetController keeps a pod on a node newly tainted NoSchedule but evicts it for NoExecute', () => {
    const { api, manager } = setup();
    api.create(daemonSet());
    manager.settle();
    updateNode(api, 'node-1', (n) => (n.spec.taints = [{ key: 'maintenance', effect: 'NoSchedule' }]));
    manager.settle();
    expect(Object.keys(placement(api))).toEqual(['node-1', 'node-2', 'node-3']);
    expect(getSet(api).status).toMatchObject({ desiredNumberScheduled: 2, numberMisscheduled: 1 });

    updateNode(api, 'node-1', (n) => (n.spec.taints = [{ key: 'maintenance', effect: 'NoExecute' }]));
    manager.settle();
    expect(Object.keys(placement(api))).toEqual(['node-2', 'node-3']);
    expect(getSet(api).status).toMatchObject({ desiredNumberScheduled: 2, numberMisscheduled: 0 });
  });

  it('daemonSetController places pods by nodeSelector as node labels change', () => {
    const { api, manager } = setup();
    updateNode(api, 'node-3', (n) => (n.metadata.labels.disk = 'ssd'));
    api.create(daemonSet({}, { nodeSelector: { disk: 'ssd' } }));
    manager.settle();
    expect(Object.keys(placement(api))).toEqual(['node-3']);

    updateNode(api, 'node-1', (n) => (n.metadata.labels.disk = 'ssd'));
    updateNode(api, 'node-3', (n) => delete n.metadata.labels.disk);
    manager.settle();
    expect(Object.keys(placement(api))).toEqual(['node-1']);
    expect(getSet(api).status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 0 });
  });

  it('daemonSetController rolls out with maxUnavailable 1, one node at a time', () => {
    const { api, manager } = setup();
    api.create(daemonSet());
    manager.settle();
    const availability: number[] = [];
    api.store.subscribe((e) => {
      if (e.object.kind === 'Pod') availability.push(livePods(api).filter((p) => isPodAvailable(p as KubeObject, 0, 0)).length);
    });
    setImage(api, 'fluentd:1.17');
    manager.settle();
    expect(placement(api)).toEqual({ 'node-1': ['fluentd:1.17'], 'node-2': ['fluentd:1.17'], 'node-3': ['fluentd:1.17'] });
    expect(Math.min(...availability)).toBe(2);
    expect(getSet(api).status).toMatchObject({ observedGeneration: 2, updatedNumberScheduled: 3, numberAvailable: 3 });
    expect(livePods(api).every((p) => p.metadata.labels['pod-template-generation'] === '2')).toBe(true);
  });

  it('daemonSetController surges a new pod before deleting the old one with maxSurge', () => {
    const { api, manager } = setup();
    api.create(daemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
    manager.settle();
    const availability: number[] = [];
    const perNode: number[] = [];
    api.store.subscribe((e) => {
      if (e.object.kind !== 'Pod') return;
      availability.push(livePods(api).filter((p) => isPodAvailable(p as KubeObject, 0, 0)).length);
      perNode.push(Math.max(...Object.values(placement(api)).map((images) => images.length)));
    });
    setImage(api, 'fluentd:1.17');
    manager.settle();
    expect(placement(api)).toEqual({ 'node-1': ['fluentd:1.17'], 'node-2': ['fluentd:1.17'], 'node-3': ['fluentd:1.17'] });
    expect(Math.min(...availability)).toBe(3);
    expect(Math.max(...perNode)).toBe(2);
  });

  it('daemonSetController leaves pods alone on OnDelete until they are deleted', () => {
    const { api, manager } = setup();
    api.create(daemonSet({ updateStrategy: { type: 'OnDelete' } }));
    manager.settle();
    setImage(api, 'fluentd:1.17');
    manager.settle();
    expect(Object.values(placement(api)).flat()).toEqual(['fluentd:1.16', 'fluentd:1.16', 'fluentd:1.16']);
    expect(getSet(api).status.updatedNumberScheduled).toBeUndefined();

    const victim = livePods(api).find((p) => p.spec.nodeName === 'node-1')!;
    api.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: victim.metadata.name });
    manager.settle();
    expect(placement(api)).toEqual({ 'node-1': ['fluentd:1.17'], 'node-2': ['fluentd:1.16'], 'node-3': ['fluentd:1.16'] });
    expect(getSet(api).status.updatedNumberScheduled).toBe(1);
  });

  it('daemonSetController replaces a failed pod and records FailedDaemonPod', () => {
    const { api, manager, log } = setup();
    api.create(daemonSet());
    manager.settle();
    const pod = structuredClone(livePods(api).find((p) => p.spec.nodeName === 'node-3')!);
    pod.status.phase = 'Failed';
    api.update(pod as KubeObject, { subresource: 'status' });
    manager.settle();
    expect(Object.keys(placement(api))).toEqual(['node-1', 'node-2', 'node-3']);
    expect(livePods(api).some((p) => p.metadata.uid === pod.metadata.uid)).toBe(false);
    const messages = log.filter((e) => e.type === 'ADDED' && e.object.kind === 'Event').map((e) => `${(e.object as Obj).type} ${(e.object as Obj).reason}: ${(e.object as Obj).message}`);
    expect(messages).toContain(`Warning FailedDaemonPod: Found failed daemon pod default/${pod.metadata.name} on node node-3, will try to kill it`);
  });
});
