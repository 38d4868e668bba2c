import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster, nodeObject, type ClusterShape } from '../bootstrap.ts';
import { ControllerManager } from '../controllers/manager.ts';
import { persistentVolumeController } from '../controllers/persistent-volume.ts';
import { EventRecorder } from '../events.ts';
import { createScheduler } from './scheduler.ts';

type Obj = Record<string, any>;

function startCluster(shape: ClusterShape = {}) {
  const api = new ApiServer();
  bootstrapCluster(api, shape);
  const scheduler = createScheduler();
  const manager = new ControllerManager(api, [scheduler]).start();
  return { api, manager, scheduler, events: new EventRecorder(api) };
}

function podManifest(name: string, spec: Obj = {}, metadata: Obj = {}): KubeObject {
  const { cpu, ports, ...rest } = spec;
  const container: Obj = { name: 'app', image: 'nginx:1.27' };
  if (cpu) container.resources = { requests: { cpu } };
  if (ports) container.ports = ports;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...metadata }, spec: { containers: [container], ...rest } };
}

function getPod(api: ApiServer, name: string): Obj {
  return api.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name }) as Obj;
}

function nodeOf(api: ApiServer, name: string): string | undefined {
  return getPod(api, name).spec.nodeName;
}

function scheduledCondition(api: ApiServer, name: string): Obj | undefined {
  return getPod(api, name).status?.conditions?.find((c: Obj) => c.type === 'PodScheduled');
}

function eventsOf(api: ApiServer, name: string): Array<[string, string, string]> {
  const pod = getPod(api, name) as KubeObject;
  return new EventRecorder(api).eventsFor(pod).map((e: Obj) => [e.type, e.reason, e.message]);
}

function createReplicaSet(api: ApiServer, name: string): Obj {
  return api.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
  }) as Obj;
}

function ownedBy(rs: Obj): Obj {
  return { labels: { app: rs.metadata.name }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true }] };
}

const TAINT = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

function taintNode(api: ApiServer, name: string, taints: Obj[] = [TAINT]): void {
  const node = structuredClone(api.get({ apiVersion: 'v1', kind: 'Node', name })) as Obj;
  node.spec.taints = taints;
  api.update(node as KubeObject);
}

function setUnschedulable(api: ApiServer, name: string, unschedulable: boolean): void {
  const node = structuredClone(api.get({ apiVersion: 'v1', kind: 'Node', name })) as Obj;
  node.spec.unschedulable = unschedulable;
  api.update(node as KubeObject);
}

describe('scheduler', () => {
  it('scheduler spreads a ReplicaSet\'s three pods over three nodes', () => {
    const { api, manager } = startCluster();
    const rs = createReplicaSet(api, 'web');
    for (const n of ['a', 'b', 'c']) api.create(podManifest(`web-${n}`, { cpu: '100m' }, ownedBy(rs)));
    expect(manager.settle().settled).toBe(true);
    expect(new Set(['a', 'b', 'c'].map((n) => nodeOf(api, `web-${n}`)))).toEqual(new Set(['node-1', 'node-2', 'node-3']));
    expect(scheduledCondition(api, 'web-a')).toMatchObject({ type: 'PodScheduled', status: 'True', lastProbeTime: null });
    expect(eventsOf(api, 'web-a')).toEqual([['Normal', 'Scheduled', `Successfully assigned default/web-a to ${nodeOf(api, 'web-a')}`]]);
    // Like a real pods/binding write: nodeName and PodScheduled set together, no scheduler managedFields entry.
    const managers = (getPod(api, 'web-a').metadata.managedFields as Obj[]).map((m) => m.manager);
    expect(managers).not.toContain('default-scheduler');
  });

  it("scheduler reconciles a pod it binds once: the bind's old, pending state queues nothing", () => {
    const { api, manager } = startCluster();
    api.create(podManifest('solo'));
    expect(manager.settle()).toMatchObject({ settled: true, reconciles: 1 });
    expect(nodeOf(api, 'solo')).toBe('node-1');
  });

  it('scheduler leaves a pod pending when no node has enough cpu, with the exact message and event', () => {
    const { api, manager } = startCluster();
    api.create(podManifest('big', { cpu: '5' }));
    expect(manager.settle().settled).toBe(true);
    const message = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    expect(nodeOf(api, 'big')).toBeUndefined();
    expect(scheduledCondition(api, 'big')).toMatchObject({ status: 'False', reason: 'Unschedulable', message, lastProbeTime: null });
    expect(eventsOf(api, 'big')).toEqual([['Warning', 'FailedScheduling', message]]);
  });

  it('scheduler counts a tainted control-plane node and short nodes separately in the message', () => {
    const { api, manager } = startCluster();
    taintNode(api, 'node-1');
    api.create(podManifest('big', { cpu: '5' }));
    manager.settle();
    expect(scheduledCondition(api, 'big')?.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
        'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('scheduler avoids a tainted node unless the pod tolerates the taint', () => {
    const { api, manager } = startCluster({ nodes: 1 });
    taintNode(api, 'node-1', [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
    api.create(podManifest('plain'));
    api.create(podManifest('tolerant', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] }));
    manager.settle();
    expect(nodeOf(api, 'plain')).toBeUndefined();
    expect(scheduledCondition(api, 'plain')?.message).toBe(
      '0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: db}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
    expect(nodeOf(api, 'tolerant')).toBe('node-1');
  });

  it('scheduler honours a nodeSelector on beta.kubernetes.io/os', () => {
    const { api, manager } = startCluster();
    api.create(podManifest('linux', { nodeSelector: { 'beta.kubernetes.io/os': 'linux' } }));
    api.create(podManifest('windows', { nodeSelector: { 'beta.kubernetes.io/os': 'windows' } }));
    manager.settle();
    expect(nodeOf(api, 'linux')).toMatch(/^node-\d$/);
    expect(scheduledCondition(api, 'windows')?.message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it('scheduler schedules a pending pod once a node is added', () => {
    const { api, manager } = startCluster({ nodes: 1 });
    api.create(podManifest('big', { cpu: '6' }));
    manager.settle();
    expect(nodeOf(api, 'big')).toBeUndefined();
    api.create(nodeObject('node-2', 1, { cpu: '8' }));
    const result = manager.settle();
    expect(nodeOf(api, 'big')).toBe('node-2');
    // The retry waits out the pod's 1 s back-off after its first attempt.
    expect(result.elapsedMs).toBe(1000);
    expect(scheduledCondition(api, 'big')).toMatchObject({ status: 'True' });
  });

  it('scheduler schedules a pending pod once its node is uncordoned', () => {
    const { api, manager } = startCluster({ nodes: 1 });
    setUnschedulable(api, 'node-1', true);
    api.create(podManifest('web'));
    manager.settle();
    expect(scheduledCondition(api, 'web')?.message).toBe(
      '0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
    setUnschedulable(api, 'node-1', false);
    manager.settle();
    expect(nodeOf(api, 'web')).toBe('node-1');
  });

  it('scheduler schedules a pending pod once another pod on the node is deleted', () => {
    const { api, manager } = startCluster({ nodes: 1 });
    api.create(podManifest('first', { cpu: '3' }));
    manager.settle();
    api.create(podManifest('second', { cpu: '3' }));
    manager.settle();
    expect(nodeOf(api, 'second')).toBeUndefined();
    api.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'first' }, { gracePeriodSeconds: 0 });
    manager.settle();
    expect(nodeOf(api, 'second')).toBe('node-1');
  });

  it('scheduler does not retry an unschedulable pod when an unrelated node change happens', () => {
    const { api, manager } = startCluster({ nodes: 1 });
    api.create(podManifest('web', { ports: [{ containerPort: 80, hostPort: 8080 }] }));
    api.create(podManifest('clash', { ports: [{ containerPort: 80, hostPort: 8080 }] }));
    manager.settle();
    const before = eventsOf(api, 'clash');
    // Node labels matter to NodePorts only on NodeAdd: no new attempt, no new event count.
    const node = structuredClone(api.get({ apiVersion: 'v1', kind: 'Node', name: 'node-1' })) as Obj;
    node.metadata.labels.extra = 'yes';
    api.update(node as KubeObject);
    const result = manager.settle();
    expect(result.elapsedMs).toBe(0);
    expect(eventsOf(api, 'clash')).toEqual(before);
  });

  it('scheduler keeps pods with required anti-affinity on separate nodes', () => {
    const { api, manager } = startCluster();
    const antiAffinity = {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }] },
    };
    for (let i = 0; i < 4; i++) api.create(podManifest(`db-${i}`, { affinity: antiAffinity }, { labels: { app: 'db' } }));
    manager.settle();
    const placed = [0, 1, 2].map((i) => nodeOf(api, `db-${i}`));
    expect(new Set(placed).size).toBe(3);
    expect(scheduledCondition(api, 'db-3')?.message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    );
  });

  it('scheduler reports a hostPort conflict', () => {
    const { api, manager } = startCluster({ nodes: 1 });
    api.create(podManifest('web', { ports: [{ containerPort: 80, hostPort: 8080 }] }));
    api.create(podManifest('clash', { ports: [{ containerPort: 80, hostPort: 8080 }] }));
    api.create(podManifest('udp', { ports: [{ containerPort: 80, hostPort: 8080, protocol: 'UDP' }] }));
    manager.settle();
    expect(nodeOf(api, 'web')).toBe('node-1');
    expect(nodeOf(api, 'udp')).toBe('node-1');
    expect(scheduledCondition(api, 'clash')?.message).toBe(
      "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    );
  });

  it('scheduler reports a missing claim and schedules once it exists, stamping the selected node', () => {
    const { api, manager } = startCluster({ nodes: 1 });
    manager.add(persistentVolumeController);
    const volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }];
    api.create(podManifest('db', { volumes }));
    manager.settle();
    expect(scheduledCondition(api, 'db')?.message).toBe(
      '0/1 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
    api.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    manager.settle();
    expect(nodeOf(api, 'db')).toBe('node-1');
    const pvc = api.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' }) as Obj;
    expect(pvc.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe('node-1');
    expect(pvc.status?.phase).toBe('Bound');
  });

  it('scheduler leaves alone pods with a nodeName, another schedulerName, or scheduling gates', () => {
    const { api, manager } = startCluster();
    api.create(podManifest('preset', { nodeName: 'node-2' }));
    api.create(podManifest('other', { schedulerName: 'my-scheduler' }));
    api.create(podManifest('gated', { schedulingGates: [{ name: 'example.com/wait' }] }));
    manager.settle();
    expect(nodeOf(api, 'preset')).toBe('node-2');
    expect(scheduledCondition(api, 'preset')).toBeUndefined();
    expect(nodeOf(api, 'other')).toBeUndefined();
    expect(scheduledCondition(api, 'other')).toBeUndefined();
    expect(scheduledCondition(api, 'gated')).toMatchObject({ status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' });
  });

  it('scheduler counts pods with a preset nodeName against the node', () => {
    const { api, manager } = startCluster({ nodes: 1 });
    api.create(podManifest('preset', { nodeName: 'node-1', cpu: '3' }));
    api.create(podManifest('late', { cpu: '2' }));
    manager.settle();
    expect(scheduledCondition(api, 'late')?.message).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    );
  });

  it('scheduler reports no nodes in an empty cluster', () => {
    const { api, manager } = startCluster({ nodes: 0 });
    api.create(podManifest('web'));
    manager.settle();
    expect(scheduledCondition(api, 'web')?.message).toBe('no nodes available to schedule pods');
    api.create(nodeObject('node-1', 0));
    manager.settle();
    expect(nodeOf(api, 'web')).toBe('node-1');
  });
});
