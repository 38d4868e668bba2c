import { describe, expect, it } from 'vitest';
import { CycleState, type SchedulerPlugin } from './framework.ts';
import { DEFAULT_PLUGINS } from './registry.ts';
import { readPodInfo } from './pod-info.ts';
import { computeFeasibleNodesToFind, schedulePod } from './schedule-one.ts';
import { makeCluster, makeNode, makePod, onNode } from './test-fixtures.ts';

describe('schedulePod', () => {
  it.each([
    [3, 0, 3],
    [99, 0, 99],
    [100, 0, 100],
    [1000, 0, 420],
    [5000, 0, 500],
    [1000, 10, 100],
    [5000, 10, 500],
    [1000, 100, 1000],
  ])('computeFeasibleNodesToFind() looks for enough nodes in a cluster of %i nodes at %i%%', (nodes, percentage, expected) => {
    expect(computeFeasibleNodesToFind(nodes, percentage)).toBe(expected);
  });

  it('scoreInto() of every default plugin that has one adds what score() gives each node', () => {
    const owner = { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-1', controller: true }] };
    const nodes = [makeNode('node-1'), makeNode('node-2', { cpu: '2' }), makeNode('node-3', { memory: '4Gi' }), makeNode('node-4')];
    const pods = [
      onNode(makePod('a', { containerResources: { cpu: '500m', memory: '1Gi' } }, owner), 'node-1'),
      onNode(makePod('b', { containerResources: { cpu: '1' } }, owner), 'node-1'),
      onNode(makePod('c', { containerResources: { memory: '2Gi' } }, owner), 'node-3'),
    ];
    const cluster = makeCluster(nodes, pods);
    const pod = readPodInfo(makePod('p', { containerResources: { cpu: '250m', memory: '512Mi' } }, owner));
    const scoring = DEFAULT_PLUGINS.filter((p) => p.scoreInto);
    expect(scoring.map((p) => p.name)).toEqual(['NodeResourcesFit', 'PodTopologySpread', 'NodeResourcesBalancedAllocation']);
    for (const plugin of scoring) {
      const state = new CycleState(cluster);
      expect(plugin.preScore?.(pod, cluster.nodes, state) ?? true).toBe(true);
      const totals = new Float64Array(cluster.nodes.length).fill(1);
      plugin.scoreInto!(pod, cluster.nodes, state, 3, totals);
      expect([...totals]).toEqual(cluster.nodes.map((node) => 1 + 3 * plugin.score!(pod, node, state)));
    }
  });

  it('schedulePod() breaks ties by node name', () => {
    const cluster = makeCluster([makeNode('node-b'), makeNode('node-a'), makeNode('node-c')]);
    const result = schedulePod(readPodInfo(makePod('p')), cluster, { plugins: DEFAULT_PLUGINS, cursor: { next: 2 } });
    expect(result).toMatchObject({ nodeName: 'node-a' });
  });

  it('schedulePod() prefers the least allocated node', () => {
    const cluster = makeCluster([makeNode('node-1'), makeNode('node-2')], [onNode(makePod('a', { containerResources: { cpu: '1' } }), 'node-1')]);
    expect(schedulePod(readPodInfo(makePod('p', { containerResources: { cpu: '1' } })), cluster, { plugins: DEFAULT_PLUGINS, cursor: { next: 0 } })).toMatchObject({ nodeName: 'node-2' });
  });

  it('schedulePod() samples large clusters from where the last cycle stopped', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => makeNode(`node-${String(i).padStart(3, '0')}`));
    const cursor = { next: 0 };
    schedulePod(readPodInfo(makePod('p')), makeCluster(nodes), { plugins: DEFAULT_PLUGINS, cursor, percentageOfNodesToScore: 10 });
    expect(cursor.next).toBe(100);
  });

  it('schedulePod() hands preScore exactly the feasible nodes of its own cycle', () => {
    const seen: string[][] = [];
    const recorder: SchedulerPlugin = { name: 'Recorder', requeueOn: [], preScore: (_pod, nodes) => (seen.push(nodes.map((n) => n.name)), false), score: () => 0 };
    const plugins = [...DEFAULT_PLUGINS, recorder];
    const big = makeCluster(['node-1', 'node-2', 'node-3', 'node-4'].map((name) => makeNode(name)));
    const small = makeCluster([makeNode('node-a'), makeNode('node-b', { unschedulable: true }), makeNode('node-c')]);
    schedulePod(readPodInfo(makePod('p')), big, { plugins, cursor: { next: 0 } });
    expect(schedulePod(readPodInfo(makePod('q')), small, { plugins, cursor: { next: 0 } })).toMatchObject({ nodeName: 'node-a' });
    expect(seen).toEqual([['node-1', 'node-2', 'node-3', 'node-4'], ['node-a', 'node-c']]);
  });

  it('schedulePod() names the rejecting plugins of a failure', () => {
    const cluster = makeCluster([makeNode('node-1', { unschedulable: true }), makeNode('node-2', { cpu: '1' })]);
    const result = schedulePod(readPodInfo(makePod('p', { containerResources: { cpu: '2' } })), cluster, { plugins: DEFAULT_PLUGINS, cursor: { next: 0 } });
    expect('rejectedBy' in result && [...result.rejectedBy]).toEqual(['NodeUnschedulable', 'NodeResourcesFit']);
  });
});
