import { describe, expect, it } from 'vitest';
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

  it('schedulePod() names the rejecting plugins of a failure', () => {
    const cluster = makeCluster([makeNode('node-1', { unschedulable: true }), makeNode('node-2', { cpu: '1' })]);
    const result = schedulePod(readPodInfo(makePod('p', { containerResources: { cpu: '2' } })), cluster, { plugins: DEFAULT_PLUGINS, cursor: { next: 0 } });
    expect('rejectedBy' in result && [...result.rejectedBy]).toEqual(['NodeUnschedulable', 'NodeResourcesFit']);
  });
});
