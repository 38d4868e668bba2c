import { describe, expect, it } from 'vitest';
import { makeNode, makePod, runFilter } from '../test-fixtures.ts';
import { nodeNamePlugin } from './node-name.ts';

describe('NodeName', () => {
  it.each([
    ['no nodeName', makePod('p'), 'ok'],
    ['the same node', makePod('p', { nodeName: 'node-1' }), 'ok'],
    ['another node', makePod('p', { nodeName: 'node-2' }), "node(s) didn't match the requested node name"],
  ])('NodeName filter: %s', (_name, pod, expected) => {
    expect(runFilter(nodeNamePlugin, pod, makeNode('node-1'))).toBe(expected);
  });
});
