import { describe, expect, it } from 'vitest';
import { makeCluster, makeNode, makePod, onNode, runScoreOn } from '../test-fixtures.ts';
import { balancedAllocationPlugin } from './balanced-allocation.ts';

// node-1 runs a pod asking for half its memory; node-2 is empty.
const nodes = [makeNode('node-1', { cpu: '4', memory: '8Gi' }), makeNode('node-2', { cpu: '4', memory: '8Gi' })];
const pods = [onNode(makePod('a', { containerResources: { memory: '4Gi' } }), 'node-1')];

describe('NodeResourcesBalancedAllocation', () => {
  it.each([
    ['equal shares of cpu and memory', makePod('p', { containerResources: { cpu: '1', memory: '2Gi' } }), 'node-2', 100],
    ['only cpu', makePod('p', { containerResources: { cpu: '2' } }), 'node-2', 75],
    ['cpu on the node the pod evens out', makePod('p', { containerResources: { cpu: '2' } }), 'node-1', 100],
    ['a pod without cpu or memory requests (skipped)', makePod('p'), 'node-1', undefined],
  ])('NodeResourcesBalancedAllocation score: %s', (_name, pod, nodeName, expected) => {
    expect(runScoreOn(balancedAllocationPlugin, pod, nodeName, makeCluster(nodes, pods))).toBe(expected);
  });
});
