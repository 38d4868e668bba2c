import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../k8s/types.ts';
import { makeCluster, makeLookup, makeNode, makePod, runFilter } from '../test-fixtures.ts';
import { volumeBindingPlugin } from './volume-binding.ts';

const node = makeNode('node-1', { labels: { 'topology.kubernetes.io/zone': 'a' } });

function pvc(name: string, spec: object, metadata: object = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default', ...metadata }, spec } as KubeObject;
}

function pv(name: string, zone: string): KubeObject {
  const nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] }] } };
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, spec: { nodeAffinity } } as KubeObject;
}

/** What the PV controller stamps on a claim it bound. */
const BOUND = { annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } };

const objects = [
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, volumeBindingMode: 'WaitForFirstConsumer' } as KubeObject,
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, volumeBindingMode: 'Immediate' } as KubeObject,
  pvc('waiting', { storageClassName: 'standard' }),
  pvc('immediate', { storageClassName: 'fast' }),
  pvc('bound-here', { storageClassName: 'fast', volumeName: 'pv-a' }, BOUND),
  pvc('bound-away', { storageClassName: 'fast', volumeName: 'pv-b' }, BOUND),
  pvc('bound-missing', { storageClassName: 'fast', volumeName: 'pv-gone' }, BOUND),
  pvc('pre-bound', { storageClassName: 'standard', volumeName: 'pv-a' }),
  pvc('annotated-class', { storageClassName: 'standard' }, { annotations: { 'volume.beta.kubernetes.io/storage-class': 'fast' } }),
  pvc('leaving', { storageClassName: 'standard' }, { deletionTimestamp: '2026-01-01T00:00:00Z' }),
  pv('pv-a', 'a'),
  pv('pv-b', 'b'),
];

function withClaim(claimName: string): KubeObject {
  return makePod('p', { volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] });
}

describe('VolumeBinding', () => {
  it.each([
    ['no claims', makePod('p'), 'ok'],
    ['a missing claim', withClaim('nope'), 'persistentvolumeclaim "nope" not found'],
    ['a claim being deleted', withClaim('leaving'), 'persistentvolumeclaim "leaving" is being deleted'],
    ['an unbound WaitForFirstConsumer claim', withClaim('waiting'), 'ok'],
    ['an unbound Immediate claim', withClaim('immediate'), 'pod has unbound immediate PersistentVolumeClaims'],
    ["a bound PV whose node affinity matches", withClaim('bound-here'), 'ok'],
    ["a bound PV whose node affinity does not match", withClaim('bound-away'), 'node(s) had volume node affinity conflict'],
    ['a claim bound to a missing PV', withClaim('bound-missing'), 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)'],
    ['a claim pre-bound to a PV that is not bound yet', withClaim('pre-bound'), 'pod has unbound immediate PersistentVolumeClaims'],
    ['a claim whose beta class annotation names an Immediate class', withClaim('annotated-class'), 'pod has unbound immediate PersistentVolumeClaims'],
    [
      'a missing ephemeral claim',
      makePod('p', { volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } }] }),
      'waiting for ephemeral volume controller to create the persistentvolumeclaim "p-scratch"',
    ],
  ])('VolumeBinding filter: %s', (_name, pod, expected) => {
    expect(runFilter(volumeBindingPlugin, pod, node, makeCluster([node], [], makeLookup(objects)))).toBe(expected);
  });
});
