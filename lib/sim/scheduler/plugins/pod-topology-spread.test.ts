import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../k8s/types.ts';
import { makeCluster, makeNode, makePod, onNode, runFilter, runScoreOn } from '../test-fixtures.ts';
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

  it.each([
    ['ScheduleAnyway on a zone with two matching pods', 'node-1', 0],
    ['ScheduleAnyway on another node of that zone', 'node-2', 0],
    ['ScheduleAnyway on the emptier zone', 'node-3', 100],
  ])('PodTopologySpread score: %s', (_name, nodeName, expected) => {
    // raw = matching pods in the zone × ln(2 + 2); score = ⌊100 × (max + min − raw) / max⌋.
    expect(runScoreOn(podTopologySpreadPlugin, spreading(ZONE, 1, 'ScheduleAnyway'), nodeName, makeCluster(nodes.slice(0, 3), existing))).toBe(expected);
  });

  const owner = { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true }] };
  const replica = onNode(makePod('r1', {}, { ...owner, labels: { app: 'web' } }), 'node-1');
  it.each([
    ["the owner's node", makePod('r2', {}, owner), 'node-1', 66],
    ["another node in the owner's zone", makePod('r2', {}, owner), 'node-2', 84],
    ['a node in another zone', makePod('r2', {}, owner), 'node-3', 100],
    ['a pod without an owner (skipped)', makePod('solo'), 'node-1', undefined],
  ])('PodTopologySpread default spreading score: %s', (_name, pod, nodeName, expected) => {
    // Hostname (ln 5) and zone (ln 4) constraints over the owner's pods.
    expect(runScoreOn(podTopologySpreadPlugin, pod, nodeName, makeCluster(nodes.slice(0, 3), [replica]))).toBe(expected);
  });

  const plain = ['node-1', 'node-2', 'node-3', 'node-4'].map((name) => makeNode(name));
  const replicas = [onNode(makePod('r1', {}, owner), 'node-2'), onNode(makePod('r2', {}, owner), 'node-2'), onNode(makePod('r3', {}, owner), 'node-3')];
  it.each([
    ["a node without the owner's pods", 'node-1', 100],
    ["a node with two of the owner's pods", 'node-2', 35],
    ["a node with one of the owner's pods", 'node-3', 67],
    ["another node without the owner's pods", 'node-4', 100],
  ])('PodTopologySpread hostname-only default spreading score: %s', (_name, nodeName, expected) => {
    // raw = count × ln(4 + 2) + 2; score = ⌊100 × (max + min − raw) / max⌋ with min 2.
    expect(runScoreOn(podTopologySpreadPlugin, makePod('r4', {}, owner), nodeName, makeCluster(plain, replicas))).toBe(expected);
  });
});
