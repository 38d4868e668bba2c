import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../k8s/types.ts';
import { makeCluster, makeNode, makePod, onNode, runFilter, runScore } from '../test-fixtures.ts';
import { interPodAffinityPlugin } from './inter-pod-affinity.ts';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const nodes = [makeNode('node-1', { labels: { [ZONE]: 'a' } }), makeNode('node-2', { labels: { [ZONE]: 'b' } }), makeNode('node-3')];
const existing = [
  onNode(makePod('db', {}, { labels: { app: 'db' } }), 'node-1'),
  onNode(makePod('other-ns-cache', {}, { namespace: 'tools', labels: { app: 'cache' } }), 'node-2'),
  onNode(
    makePod('loner', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'noisy' } }, topologyKey: HOST }] } } }),
    'node-2',
  ),
];

function withAffinity(kind: 'podAffinity' | 'podAntiAffinity', app: string, topologyKey: string, labels: Record<string, string> = {}, extra: object = {}): KubeObject {
  const term = { labelSelector: { matchLabels: { app } }, topologyKey, ...extra };
  return makePod('p', { affinity: { [kind]: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } }, { labels });
}

describe('InterPodAffinity', () => {
  it.each([
    ['no affinity', makePod('p'), 'node-1', 'ok'],
    ['affinity to a pod on the node', withAffinity('podAffinity', 'db', HOST), 'node-1', 'ok'],
    ['affinity to a pod on another node', withAffinity('podAffinity', 'db', HOST), 'node-2', "node(s) didn't match pod affinity rules"],
    ['zone affinity to a pod in another zone', withAffinity('podAffinity', 'db', ZONE), 'node-2', "node(s) didn't match pod affinity rules"],
    ['affinity on a node without the topology label', withAffinity('podAffinity', 'db', ZONE), 'node-3', "node(s) didn't match pod affinity rules"],
    ['the first pod of a group affine to itself', withAffinity('podAffinity', 'web', HOST, { app: 'web' }), 'node-2', 'ok'],
    ['affinity to a pod of another namespace, not listed', withAffinity('podAffinity', 'cache', HOST), 'node-2', "node(s) didn't match pod affinity rules"],
    ['affinity to a pod of a listed namespace', withAffinity('podAffinity', 'cache', HOST, {}, { namespaces: ['tools'] }), 'node-2', 'ok'],
    ['anti-affinity to a pod on the node', withAffinity('podAntiAffinity', 'db', HOST), 'node-1', "node(s) didn't match pod anti-affinity rules"],
    ['anti-affinity to a pod on another node', withAffinity('podAntiAffinity', 'db', HOST), 'node-2', 'ok'],
    ['anti-affinity on a node without the topology label', withAffinity('podAntiAffinity', 'db', ZONE), 'node-3', 'ok'],
    ["an existing pod's anti-affinity", makePod('p', {}, { labels: { app: 'noisy' } }), 'node-2', "node(s) didn't satisfy existing pods anti-affinity rules"],
    ["an existing pod's anti-affinity elsewhere", makePod('p', {}, { labels: { app: 'noisy' } }), 'node-1', 'ok'],
  ])('InterPodAffinity filter: %s', (_name, pod, nodeName, expected) => {
    const node = nodes.find((n) => n.metadata.name === nodeName)!;
    expect(runFilter(interPodAffinityPlugin, pod, node, makeCluster(nodes, existing))).toBe(expected);
  });

  it('InterPodAffinity scores preferred affinity up and preferred anti-affinity down', () => {
    const term = (app: string) => ({ labelSelector: { matchLabels: { app } }, topologyKey: HOST });
    const near = makePod('p', { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('db') }] } } });
    expect(runScore(interPodAffinityPlugin, near, makeCluster(nodes, existing))).toEqual({ 'node-1': 100, 'node-2': 0, 'node-3': 0 });
    const away = makePod('p', { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('db') }] } } });
    expect(runScore(interPodAffinityPlugin, away, makeCluster(nodes, existing))).toEqual({ 'node-1': 0, 'node-2': 100, 'node-3': 100 });
  });
});
