import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/types.ts';
import { addNode, cordon, crashContainer, drain, failNode, killPod, makeUnpullable, oomKillContainer, recoverNode, removeNode, setCpuLoad } from './faults.ts';
import { faultsOf, knobsFromJson } from './knobs.ts';
import { createTestCluster, simplePodSpec } from './kubelet/test-cluster.ts';

type Obj = Record<string, any>;

describe('faults', () => {
  it('addNode() adds the next node-N with its own pod CIDR, and the kubelet makes it Ready', () => {
    const c = createTestCluster();
    const node = addNode(c.api, { shape: { cpu: '8', memory: '32Gi' } }) as Obj;
    expect(node.metadata.name).toBe('node-3');
    expect(node.spec.podCIDR).toBe('10.244.2.0/24');
    expect(node.status.allocatable).toMatchObject({ cpu: '8', memory: '32Gi' });
    c.advance(1);
    const ready = (c.api.get({ apiVersion: 'v1', kind: 'Node', name: 'node-3' }) as Obj).status.conditions.find((x: Obj) => x.type === 'Ready');
    expect(ready.status).toBe('True');
  });

  it('addNode() rejects a taken or invalid name', () => {
    const c = createTestCluster();
    expect(() => addNode(c.api, { name: 'node-1' })).toThrow('addNode(): Node "node-1" already exists; nodes: node-1, node-2');
    expect(() => addNode(c.api, { name: 'Node_1' })).toThrow(/^addNode\(\): name "Node_1": /);
  });

  it('removeNode() deletes the node and force-deletes its pods', () => {
    const c = createTestCluster();
    c.createPod('a', simplePodSpec());
    c.createPod('b', simplePodSpec(), { node: 'node-2' });
    c.advance(5);
    expect(removeNode(c, 'node-1')).toEqual(['default/a']);
    expect(c.api.tryGet({ apiVersion: 'v1', kind: 'Node', name: 'node-1' })).toBeUndefined();
    expect(c.pod('a')).toBeUndefined();
    expect(c.pod('b')).toBeDefined();
  });

  it('failNode() and recoverNode() name the nodes that exist or have failed', () => {
    const c = createTestCluster();
    expect(() => failNode(c, 'node-9')).toThrow('Node "node-9" not found; nodes: node-1, node-2');
    failNode(c, 'node-2');
    expect(faultsOf(c.knobs).failedNodes).toEqual(['node-2']);
    expect(() => failNode(c, 'node-2')).toThrow('failNode(): Node "node-2" has already failed');
    expect(() => recoverNode(c, 'node-1')).toThrow('recoverNode(): Node "node-1" has not failed; failed nodes: node-2');
    recoverNode(c, 'node-2');
    expect(faultsOf(c.knobs).failedNodes).toEqual([]);
  });

  it('drain() cordons the node and deletes its pods except DaemonSet pods', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec());
    const ds = c.api.create({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: simplePodSpec('agent:1') } },
    });
    const agent = c.createPod('agent-x', simplePodSpec('agent:1')) as Obj;
    c.api.update({ ...agent, metadata: { ...agent.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.metadata.uid, controller: true }] } } as unknown as KubeObject);
    c.advance(5);
    expect(drain(c, 'node-1')).toEqual({ evicted: ['default/web'], refused: [], ignored: ['default/agent-x'] });
    expect((c.api.get({ apiVersion: 'v1', kind: 'Node', name: 'node-1' }) as Obj).spec.unschedulable).toBe(true);
    c.advance(5);
    expect(c.pod('web')).toBeUndefined();
    expect(c.events('web')).toContain('Killing: Stopping container web');
    expect(c.pod('agent-x')!.status.phase).toBe('Running');
  });

  it('killPod() deletes a pod at once and lists the pods there when it is missing', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec());
    c.advance(5);
    killPod(c.api, 'default/web');
    expect(c.pod('web')).toBeUndefined();
    c.createPod('api', simplePodSpec());
    expect(() => killPod(c.api, 'web')).toThrow('Pod "web" not found in namespace "default"; pods there: api');
  });

  it('makeUnpullable() keeps each pattern once and rejects blank ones', () => {
    const c = createTestCluster();
    makeUnpullable(c, 'nginx:*');
    expect(makeUnpullable(c, 'nginx:*')).toEqual(['nginx:*']);
    expect(() => makeUnpullable(c, ' ')).toThrow('makeUnpullable(): pattern must be a non-empty image pattern without spaces: current value is " "');
  });

  it('crashContainer() checks the container name and the count', () => {
    const c = createTestCluster();
    c.createPod('web', { initContainers: [{ name: 'init', image: 'busybox:1.36' }], containers: [{ name: 'web', image: 'nginx:1.27' }] });
    expect(crashContainer(c, { pod: 'web', times: 2 })).toBe('default/web/web');
    expect(faultsOf(c.knobs).crashes).toEqual({ 'default/web/web': 2 });
    expect(() => crashContainer(c, { pod: 'web', container: 'db' })).toThrow('crashContainer(): Pod default/web has no container "db"; containers: init, web');
    expect(() => crashContainer(c, { pod: 'web', times: 0 })).toThrow('crashContainer(): times must be a whole number >= 1: current value is 0');
  });

  it('crashContainer() makes a running container crash at once', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec());
    c.advance(60);
    crashContainer(c, { pod: 'web' });
    c.manager.runPending();
    const status = c.pod('web')!.status.containerStatuses[0];
    expect(status).toMatchObject({ restartCount: 1, state: { running: { startedAt: '2026-01-01T00:01:00Z' } } });
    expect(status.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error', finishedAt: '2026-01-01T00:01:00Z' });
  });

  it('oomKillContainer() checks the pod, the container name and the count, and records the fault', () => {
    const c = createTestCluster();
    c.createPod('web', { initContainers: [{ name: 'init', image: 'busybox:1.36' }], containers: [{ name: 'web', image: 'nginx:1.27' }] });
    expect(oomKillContainer(c, { pod: 'default/web', container: 'init', times: 3 })).toBe('default/web/init');
    expect(faultsOf(c.knobs).oomKills).toEqual({ 'default/web/init': 3 });
    expect(() => oomKillContainer(c, { pod: 'web', container: 'db' })).toThrow('oomKillContainer(): Pod default/web has no container "db"; containers: init, web');
    expect(() => oomKillContainer(c, { pod: 'web', times: 1.5 })).toThrow('oomKillContainer(): times must be a whole number >= 1: current value is 1.5');
    expect(() => oomKillContainer(c, { pod: 'shop/web' })).toThrow('Pod "web" not found in namespace "shop"; pods there: none');
  });

  it('faultsOf() adds the OOM-kill faults to faults saved before they existed', () => {
    const knobs = knobsFromJson({ faults: { unpullableImages: [], crashes: {}, failedNodes: [], cpuLoad: {} } });
    expect(faultsOf(knobs).oomKills).toEqual({});
  });

  it('setCpuLoad() records the load of an existing workload', () => {
    const c = createTestCluster();
    c.api.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: simplePodSpec() } },
    });
    expect(setCpuLoad(c, { workload: 'Deployment/web', percent: 85 })).toBe('default/Deployment/web');
    expect(faultsOf(c.knobs).cpuLoad).toEqual({ 'default/Deployment/web': 85 });
    expect(() => setCpuLoad(c, { workload: 'Deployment/api', percent: 50 })).toThrow('setCpuLoad(): Deployment "api" not found in namespace "default"; Deployments there: web');
    expect(() => setCpuLoad(c, { workload: 'Service/web', percent: 50 })).toThrow('setCpuLoad(): kind "Service" cannot be scaled; use one of Deployment, StatefulSet, ReplicaSet, ReplicationController');
    expect(() => setCpuLoad(c, { workload: 'web', percent: 50 })).toThrow('setCpuLoad(): workload must be "Kind/name" or "namespace/Kind/name": current value is "web"');
    expect(() => setCpuLoad(c, { workload: 'Deployment/web', percent: -1 })).toThrow('setCpuLoad(): percent must be >= 0: current value is -1');
  });

  it('cordon() is idempotent', () => {
    const c = createTestCluster();
    const first = cordon(c.api, 'node-1');
    expect(cordon(c.api, 'node-1').metadata.resourceVersion).toBe(first.metadata.resourceVersion);
  });
});
