import { describe, expect, it } from 'vitest';
import { makeCluster, makeNode, makePod, runFilter, runScore } from '../test-fixtures.ts';
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

  it('TaintToleration scores nodes with untolerated PreferNoSchedule taints lower', () => {
    const nodes = [makeNode('node-1', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] }), makeNode('node-2')];
    expect(runScore(taintTolerationPlugin, makePod('p'), makeCluster(nodes))).toEqual({ 'node-1': 0, 'node-2': 100 });
    const tolerant = makePod('p', { tolerations: [{ key: 'soft', operator: 'Exists', effect: 'PreferNoSchedule' }] });
    expect(runScore(taintTolerationPlugin, tolerant, makeCluster(nodes))).toBeUndefined();
  });
});
