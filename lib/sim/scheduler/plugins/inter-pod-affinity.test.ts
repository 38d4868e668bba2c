import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../k8s/types.ts';
import { CycleState, SKIP } from '../framework.ts';
import { readPodInfo } from '../pod-info.ts';
import { makeCluster, makeNode, makePod, onNode, runFilter, runScoreOn } from '../test-fixtures.ts';
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

  it('InterPodAffinity skips a pod without terms when no bound pod has required anti-affinity', () => {
    const cluster = makeCluster(nodes, existing.slice(0, 2));
    expect(interPodAffinityPlugin.preFilter!(readPodInfo(makePod('p', {}, { labels: { app: 'noisy' } })), new CycleState(cluster))).toBe(SKIP);
    expect(runFilter(interPodAffinityPlugin, withAffinity('podAntiAffinity', 'db', HOST), nodes[0]!, cluster)).toBe("node(s) didn't match pod anti-affinity rules");
  });

  // Preferred affinity scores up and preferred anti-affinity down, normalised between the extremes.
  const term = { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: HOST };
  const near = makePod('p', { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term }] } } });
  const away = makePod('p', { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term }] } } });
  it.each([
    ['preferred affinity to a pod on the node', near, 'node-1', 100],
    ['preferred affinity to a pod elsewhere', near, 'node-2', 0],
    ['preferred affinity on a node without a matching pod', near, 'node-3', 0],
    ['preferred anti-affinity to a pod on the node', away, 'node-1', 0],
    ['preferred anti-affinity to a pod elsewhere', away, 'node-2', 100],
    ['no preferred terms (skipped)', makePod('p'), 'node-1', undefined],
  ])('InterPodAffinity score: %s', (_name, pod, nodeName, expected) => {
    expect(runScoreOn(interPodAffinityPlugin, pod, nodeName, makeCluster(nodes, existing))).toBe(expected);
  });
});
