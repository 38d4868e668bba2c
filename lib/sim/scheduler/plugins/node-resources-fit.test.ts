import { describe, expect, it } from 'vitest';
import { makeCluster, makeNode, makePod, onNode, runFilter, runScoreOn } from '../test-fixtures.ts';
import { nodeResourcesFitPlugin } from './node-resources-fit.ts';

const node = makeNode('node-1', { cpu: '2', memory: '4Gi', pods: 2 });
const busy = [onNode(makePod('a', { containerResources: { cpu: '1', memory: '1Gi' } }), 'node-1')];

describe('NodeResourcesFit', () => {
  it.each([
    ['a pod without requests', makePod('p'), [], 'ok'],
    ['a pod that fits next to another', makePod('p', { containerResources: { cpu: '1', memory: '3Gi' } }), busy, 'ok'],
    ['too much cpu', makePod('p', { containerResources: { cpu: '1500m' } }), busy, 'Insufficient cpu'],
    ['too much cpu and memory', makePod('p', { containerResources: { cpu: '3', memory: '5Gi' } }), [], 'Insufficient cpu, Insufficient memory'],
    ['too much ephemeral storage', makePod('p', { containerResources: { 'ephemeral-storage': '200Gi' } }), [], 'Insufficient ephemeral-storage'],
    ['an extended resource the node lacks', makePod('p', { containerResources: { 'nvidia.com/gpu': '1' } }), [], 'Insufficient nvidia.com/gpu'],
    ['a node at its pod limit', makePod('p'), [...busy, onNode(makePod('b'), 'node-1')], 'Too many pods'],
    [
      'init containers counted as the max, not the sum',
      makePod('p', { initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '2' } } }], containerResources: { cpu: '1' } }),
      [],
      'ok',
    ],
    [
      'an init container larger than the node',
      makePod('p', { initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '3' } } }], containerResources: { cpu: '1' } }),
      [],
      'Insufficient cpu',
    ],
    [
      'a sidecar added to the containers',
      makePod('p', { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always', resources: { requests: { cpu: '1500m' } } }], containerResources: { cpu: '1' } }),
      [],
      'Insufficient cpu',
    ],
    ['limits standing in for requests', makePod('p', { containers: [{ name: 'app', image: 'nginx', resources: { limits: { memory: '8Gi' } } }] }), [], 'Insufficient memory'],
  ])('NodeResourcesFit filter: %s', (_name, pod, pods, expected) => {
    expect(runFilter(nodeResourcesFitPlugin, pod, node, makeCluster([node], pods))).toBe(expected);
  });

  it.each([
    ['a half-used node', makePod('p', { containerResources: { cpu: '1', memory: '2Gi' } }), 'node-1', 25],
    ['an empty node', makePod('p', { containerResources: { cpu: '1', memory: '2Gi' } }), 'node-2', 75],
    ['a pod without requests (counted as 100m and 200Mi)', makePod('p'), 'node-2', 97],
  ])('NodeResourcesFit score (least allocated): %s', (_name, pod, nodeName, expected) => {
    const nodes = [makeNode('node-1', { cpu: '4', memory: '8Gi' }), makeNode('node-2', { cpu: '4', memory: '8Gi' })];
    const pods = [onNode(makePod('a', { containerResources: { cpu: '2', memory: '4Gi' } }), 'node-1')];
    expect(runScoreOn(nodeResourcesFitPlugin, pod, nodeName, makeCluster(nodes, pods))).toBe(expected);
  });
});
