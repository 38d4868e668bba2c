import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import type { StoreEvent } from '../store.ts';
import { makeCluster, makeNode, makePod, onNode } from './test-fixtures.ts';

type Obj = Record<string, any>;
let rv = 100;

function event(type: StoreEvent['type'], object: KubeObject): StoreEvent {
  rv++;
  return { type, object: { ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } }, resourceVersion: rv, group: '' };
}

const pod = onNode(makePod('a', { containerResources: { cpu: '1' } }, { labels: { app: 'web' } }), 'node-1');

describe('SchedulerCache', () => {
  it('SchedulerCache counts a bound pod until it finishes or is deleted', () => {
    const cache = makeCluster([makeNode('node-1')]);
    expect(cache.applyEvent(event('ADDED', pod))).toEqual(['AssignedPodAdd']);
    expect(cache.getNode('node-1')!.requested.milliCpu).toBe(1000);
    expect(cache.applyEvent(event('MODIFIED', { ...pod, metadata: { ...pod.metadata, labels: { app: 'api' } } }))).toEqual(['AssignedPodUpdate']);
    const done = { ...pod, status: { phase: 'Succeeded' } } as KubeObject;
    expect(cache.applyEvent(event('MODIFIED', done))).toEqual(['AssignedPodDelete']);
    expect(cache.getNode('node-1')!.requested.milliCpu).toBe(0);
    expect(cache.applyEvent(event('DELETED', done))).toEqual([]);
  });

  it('SchedulerCache keeps pods of a node it has not seen and counts them once the node arrives', () => {
    const cache = makeCluster([]);
    cache.applyEvent(event('ADDED', onNode(pod, 'node-9')));
    expect(cache.nodes).toEqual([]);
    expect(cache.applyEvent(event('ADDED', makeNode('node-9')))).toEqual(['NodeAdd']);
    expect(cache.getNode('node-9')!.pods.size).toBe(1);
  });

  it('SchedulerCache reports only node changes the filters read', () => {
    const node = makeNode('node-1') as unknown as Obj;
    const cache = makeCluster([node as unknown as KubeObject]);
    expect(cache.applyEvent(event('MODIFIED', { ...node, status: { ...node.status, conditions: [{ type: 'Ready', status: 'True' }] } } as unknown as KubeObject))).toEqual([]);
    expect(cache.applyEvent(event('MODIFIED', { ...node, spec: { ...node.spec, unschedulable: true } } as unknown as KubeObject))).toEqual(['NodeUpdate']);
  });

  it('SchedulerCache counts cordoned, tainted and zoned nodes and recounts after a node changes', () => {
    const cache = makeCluster([
      makeNode('node-1', { unschedulable: true }),
      makeNode('node-2', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }),
      makeNode('node-3', { taints: [{ key: 'k', effect: 'NoExecute' }], labels: { 'topology.kubernetes.io/zone': 'a' } }),
    ]);
    expect(cache.nodeSummary).toEqual({ unschedulable: 1, hardTainted: 1, tainted: 2, zoned: 1 });
    cache.applyEvent(event('MODIFIED', makeNode('node-1')));
    cache.applyEvent(event('DELETED', makeNode('node-3')));
    expect(cache.nodeSummary).toEqual({ unschedulable: 0, hardTainted: 0, tainted: 1, zoned: 0 });
  });

  it('SchedulerCache predicts the change of an event it has not applied yet', () => {
    const cache = makeCluster([makeNode('node-1')], [pod]);
    const cached = cache.getPod('default/a')!.pod;
    expect(cache.predictChanges(makeNode('node-2'))).toEqual(['NodeAdd']);
    expect(cache.predictChanges({ ...cached, metadata: { ...cached.metadata, resourceVersion: '999' } })).toEqual(['AssignedPodDelete']);
    expect(cache.predictChanges({ ...cached, status: { phase: 'Running' } } as KubeObject)).toEqual([]);
    expect(cache.predictChanges(onNode(makePod('b'), 'node-1'))).toEqual(['AssignedPodAdd']);
  });
});
