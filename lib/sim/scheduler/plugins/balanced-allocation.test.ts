import { describe, expect, it } from 'vitest';
import { makeCluster, makeNode, makePod, onNode, runScore } from '../test-fixtures.ts';
import { balancedAllocationPlugin } from './balanced-allocation.ts';

describe('NodeResourcesBalancedAllocation', () => {
  it.each([
    ['equal shares of cpu and memory', { cpu: '1', memory: '2Gi' }, 100],
    ['only cpu', { cpu: '2' }, 75],
  ])('NodeResourcesBalancedAllocation scores %s', (_name, requests, expected) => {
    const node = makeNode('node-1', { cpu: '4', memory: '8Gi' });
    expect(runScore(balancedAllocationPlugin, makePod('p', { containerResources: requests }), makeCluster([node]))).toEqual({ 'node-1': expected });
  });

  it('NodeResourcesBalancedAllocation prefers the node the pod evens out', () => {
    const nodes = [makeNode('node-1', { cpu: '4', memory: '8Gi' }), makeNode('node-2', { cpu: '4', memory: '8Gi' })];
    const pods = [onNode(makePod('a', { containerResources: { memory: '4Gi' } }), 'node-1')];
    const scores = runScore(balancedAllocationPlugin, makePod('p', { containerResources: { cpu: '2' } }), makeCluster(nodes, pods))!;
    expect(scores['node-1']).toBeGreaterThan(scores['node-2']!);
  });

  it('NodeResourcesBalancedAllocation skips pods without cpu or memory requests', () => {
    expect(runScore(balancedAllocationPlugin, makePod('p'), makeCluster([makeNode('node-1')]))).toBeUndefined();
  });
});
