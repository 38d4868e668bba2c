import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../k8s/types.ts';
import { makeCluster, makeNode, makePod, onNode, runFilter, runScore } from '../test-fixtures.ts';
import { podTopologySpreadPlugin } from './pod-topology-spread.ts';

const ZONE = 'topology.kubernetes.io/zone';
const nodes = [makeNode('node-1', { labels: { [ZONE]: 'a' } }), makeNode('node-2', { labels: { [ZONE]: 'a' } }), makeNode('node-3', { labels: { [ZONE]: 'b' } }), makeNode('node-4')];
const web = (name: string, node: string) => onNode(makePod(name, {}, { labels: { app: 'web' } }), node);
const existing = [web('w1', 'node-1'), web('w2', 'node-2'), onNode(makePod('other', {}, { labels: { app: 'db' } }), 'node-3')];

function spreading(topologyKey: string, maxSkew: number, whenUnsatisfiable = 'DoNotSchedule', extra: object = {}): KubeObject {
  return makePod('p', { topologySpreadConstraints: [{ maxSkew, topologyKey, whenUnsatisfiable, labelSelector: { matchLabels: { app: 'web' } }, ...extra }] }, { labels: { app: 'web' } });
}

describe('PodTopologySpread', () => {
  it.each([
    ['no constraints', makePod('p'), 'node-1', 'ok'],
    ['a zone with more matching pods than allowed', spreading(ZONE, 1), 'node-1', "node(s) didn't match pod topology spread constraints"],
    ['the emptier zone', spreading(ZONE, 1), 'node-3', 'ok'],
    ['a larger maxSkew', spreading(ZONE, 3), 'node-1', 'ok'],
    ['a node without the topology label', spreading(ZONE, 1), 'node-4', "node(s) didn't match pod topology spread constraints (missing required label)"],
    ['hostname spreading onto an empty node', spreading('kubernetes.io/hostname', 1), 'node-3', 'ok'],
    ['hostname spreading onto a node with a replica', spreading('kubernetes.io/hostname', 1), 'node-1', "node(s) didn't match pod topology spread constraints"],
    ['ScheduleAnyway never filters', spreading(ZONE, 1, 'ScheduleAnyway'), 'node-1', 'ok'],
    ['minDomains above the domain count', spreading(ZONE, 2, 'DoNotSchedule', { minDomains: 3 }), 'node-1', "node(s) didn't match pod topology spread constraints"],
  ])('PodTopologySpread filter: %s', (_name, pod, nodeName, expected) => {
    const node = nodes.find((n) => n.metadata.name === nodeName)!;
    expect(runFilter(podTopologySpreadPlugin, pod, node, makeCluster(nodes, existing))).toBe(expected);
  });

  it('PodTopologySpread scores the emptier domain higher for ScheduleAnyway', () => {
    const scores = runScore(podTopologySpreadPlugin, spreading(ZONE, 1, 'ScheduleAnyway'), makeCluster(nodes.slice(0, 3), existing))!;
    expect(scores['node-3']).toBeGreaterThan(scores['node-1']!);
    expect(scores['node-1']).toBe(scores['node-2']);
  });

  it("PodTopologySpread spreads an owner's pods by default", () => {
    const owner = { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true }] };
    const replica = onNode(makePod('r1', {}, { ...owner, labels: { app: 'web' } }), 'node-1');
    const scores = runScore(podTopologySpreadPlugin, makePod('r2', {}, owner), makeCluster(nodes.slice(0, 3), [replica]))!;
    expect(scores['node-1']).toBeLessThan(scores['node-2']!);
    expect(runScore(podTopologySpreadPlugin, makePod('solo'), makeCluster(nodes, [replica]))).toBeUndefined();
  });
});
