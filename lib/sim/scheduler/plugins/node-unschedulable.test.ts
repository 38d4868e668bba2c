import { describe, expect, it } from 'vitest';
import { makeNode, makePod, runFilter } from '../test-fixtures.ts';
import { nodeUnschedulablePlugin } from './node-unschedulable.ts';

const cordoned = makeNode('node-1', { unschedulable: true });

describe('NodeUnschedulable', () => {
  it.each([
    ['a schedulable node', makePod('p'), makeNode('node-1'), 'ok'],
    ['a cordoned node', makePod('p'), cordoned, 'node(s) were unschedulable'],
    [
      'a cordoned node and a pod tolerating it',
      makePod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }),
      cordoned,
      'ok',
    ],
  ])('NodeUnschedulable filter: %s', (_name, pod, node, expected) => {
    expect(runFilter(nodeUnschedulablePlugin, pod, node)).toBe(expected);
  });
});
