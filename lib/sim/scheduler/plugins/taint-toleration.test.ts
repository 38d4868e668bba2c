import { describe, expect, it } from 'vitest';
import { makeCluster, makeNode, makePod, runFilter, runScoreOn } from '../test-fixtures.ts';
import { taintTolerationPlugin } from './taint-toleration.ts';

const controlPlane = makeNode('node-1', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
const dedicated = makeNode('node-1', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] });

describe('TaintToleration', () => {
  it.each([
    ['an untainted node', makePod('p'), makeNode('node-1'), 'ok'],
    ['an untolerated taint without value', makePod('p'), controlPlane, 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    ['an untolerated NoExecute taint', makePod('p'), dedicated, 'node(s) had untolerated taint {dedicated: db}'],
    ['a matching Equal toleration', makePod('p', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db' }] }), dedicated, 'ok'],
    ['an Equal toleration with another value', makePod('p', { tolerations: [{ key: 'dedicated', value: 'web' }] }), dedicated, 'node(s) had untolerated taint {dedicated: db}'],
    ['an Exists toleration for the key', makePod('p', { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }] }), dedicated, 'ok'],
    ['a toleration of another effect', makePod('p', { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] }), dedicated, 'node(s) had untolerated taint {dedicated: db}'],
    ['an empty-key Exists toleration', makePod('p', { tolerations: [{ operator: 'Exists' }] }), controlPlane, 'ok'],
    ['a PreferNoSchedule taint', makePod('p'), makeNode('node-1', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] }), 'ok'],
  ])('TaintToleration filter: %s', (_name, pod, node, expected) => {
    expect(runFilter(taintTolerationPlugin, pod, node)).toBe(expected);
  });

  it.each([
    ['a node with an untolerated PreferNoSchedule taint', makePod('p'), 'node-1', 0],
    ['an untainted node beside it', makePod('p'), 'node-2', 100],
    ['a tolerated PreferNoSchedule taint (skipped)', makePod('p', { tolerations: [{ key: 'soft', operator: 'Exists', effect: 'PreferNoSchedule' }] }), 'node-1', undefined],
  ])('TaintToleration score: %s', (_name, pod, nodeName, expected) => {
    const nodes = [makeNode('node-1', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] }), makeNode('node-2')];
    expect(runScoreOn(taintTolerationPlugin, pod, nodeName, makeCluster(nodes))).toBe(expected);
  });
});
