import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/types.ts';
import { diffObjects, stripNoise } from './diff.ts';

const deployment = (image: string, replicas: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', resourceVersion: '7', uid: 'u', generation: 2, managedFields: [] },
  spec: { replicas, template: { spec: { containers: [{ name: 'web', image }, { name: 'sidecar', image: 'envoy:1' }] } } },
  status: { replicas: 1 },
});

describe('diffObjects()', () => {
  it('diffObjects() reports a changed image and replicas by container name, ignoring status and bookkeeping', () => {
    const live = deployment('nginx:1.26', 2);
    const next = { ...deployment('nginx:1.27', 3), metadata: { ...live.metadata, resourceVersion: '8' }, status: { replicas: 3 } };
    expect(diffObjects(live, next)).toEqual([
      { path: 'spec.replicas', before: 2, after: 3 },
      { path: 'spec.template.spec.containers[web].image', before: 'nginx:1.26', after: 'nginx:1.27' },
    ]);
  });

  it('diffObjects() reports added and removed fields and an unkeyed list as a whole', () => {
    const a: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1', b: '2' } };
    const b: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { x: 'y' } }, data: { a: '1', c: '3' } };
    expect(diffObjects(a, b)).toEqual([
      { path: 'data.b', before: '2' },
      { path: 'data.c', after: '3' },
      { path: 'metadata.labels', after: { x: 'y' } },
    ]);
    const args = (list: string[]): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { args: list } });
    expect(diffObjects(args(['a']), args(['a', 'b']))).toEqual([{ path: 'spec.args', before: ['a'], after: ['a', 'b'] }]);
  });

  it('diffObjects() of a new object lists it whole and of an identical one nothing', () => {
    expect(diffObjects(undefined, deployment('x', 1))).toHaveLength(1);
    expect(diffObjects(deployment('x', 1), deployment('x', 1))).toEqual([]);
  });

  it('stripNoise() drops status, server metadata and the last-applied annotation', () => {
    const obj = stripNoise({ ...deployment('x', 1), metadata: { name: 'web', uid: 'u', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } } });
    expect(obj).not.toHaveProperty('status');
    expect(obj.metadata).toEqual({ name: 'web' });
  });
});
