import { describe, expect, it } from 'vitest';
import { makeCluster, makeNode, makePod, runFilter, runScoreOn } from '../test-fixtures.ts';
import { nodeAffinityPlugin } from './node-affinity.ts';

const MISMATCH = "node(s) didn't match Pod's node affinity/selector";
const node = makeNode('node-1', { labels: { 'topology.kubernetes.io/zone': 'eu-1a', 'node.example.com/gen': '5' } });

function required(...terms: object[]) {
  return { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } };
}

describe('NodeAffinity', () => {
  it.each([
    ['no selector', makePod('p'), 'ok'],
    ['a matching nodeSelector on beta.kubernetes.io/os', makePod('p', { nodeSelector: { 'beta.kubernetes.io/os': 'linux' } }), 'ok'],
    ['a nodeSelector for windows', makePod('p', { nodeSelector: { 'beta.kubernetes.io/os': 'windows' } }), MISMATCH],
    ['In', makePod('p', required({ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-1a', 'eu-1b'] }] })), 'ok'],
    ['NotIn', makePod('p', required({ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: ['eu-1a'] }] })), MISMATCH],
    ['DoesNotExist', makePod('p', required({ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] })), 'ok'],
    ['Gt', makePod('p', required({ matchExpressions: [{ key: 'node.example.com/gen', operator: 'Gt', values: ['4'] }] })), 'ok'],
    ['Lt', makePod('p', required({ matchExpressions: [{ key: 'node.example.com/gen', operator: 'Lt', values: ['4'] }] })), MISMATCH],
    ['matchFields on the name', makePod('p', required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] })), 'ok'],
    [
      'terms ORed',
      makePod('p', required({ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }, { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] })),
      'ok',
    ],
    ['nodeSelector and affinity both required', makePod('p', { ...required({ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }), nodeSelector: { disk: 'ssd' } }), MISMATCH],
  ])('NodeAffinity filter: %s', (_name, pod, expected) => {
    expect(runFilter(nodeAffinityPlugin, pod, node)).toBe(expected);
  });

  // Preferred terms score by weight, normalised to the best node.
  const scored = [makeNode('node-1', { labels: { disk: 'ssd', zone: 'a' } }), makeNode('node-2', { labels: { disk: 'ssd' } }), makeNode('node-3')];
  const preferring = makePod('p', {
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 60, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
          { weight: 20, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
        ],
      },
    },
  });
  it.each([
    ['a node matching both preferred terms', preferring, 'node-1', 100],
    ['a node matching the heavier term', preferring, 'node-2', 75],
    ['a node matching neither', preferring, 'node-3', 0],
    ['a pod without preferred terms (skipped)', makePod('p'), 'node-1', undefined],
  ])('NodeAffinity score: %s', (_name, pod, nodeName, expected) => {
    expect(runScoreOn(nodeAffinityPlugin, pod, nodeName, makeCluster(scored))).toBe(expected);
  });
});
