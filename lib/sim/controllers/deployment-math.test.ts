import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { computeNewReplicaSetReplicas, maxSurgeOf, maxUnavailableOf, resolveFenceposts, scaleIntOrPercent } from './deployment-math.ts';
import { computePodTemplateHash, encodeSafeString, isTemplateEqualIgnoringHash } from './pod-template-hash.ts';

function deployment(replicas: number, rollingUpdate: Record<string, unknown> = {}, type = 'RollingUpdate'): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas, strategy: { type, rollingUpdate } } };
}

function replicaSet(replicas: number): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `rs-${replicas}` }, spec: { replicas } };
}

describe('deployment math', () => {
  it('scaleIntOrPercent() rounds percentages up or down and passes ints through', () => {
    expect(scaleIntOrPercent('25%', 10, true)).toBe(3);
    expect(scaleIntOrPercent('25%', 10, false)).toBe(2);
    expect(scaleIntOrPercent(4, 10, false)).toBe(4);
    expect(scaleIntOrPercent('0%', 10, true)).toBe(0);
  });

  it('resolveFenceposts() makes maxUnavailable 1 when both round to 0', () => {
    expect(resolveFenceposts(deployment(1, { maxSurge: '0%', maxUnavailable: '25%' }), 1)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts(deployment(3), 3)).toEqual({ surge: 1, unavailable: 0 });
  });

  it('maxUnavailableOf() is capped at spec.replicas and 0 for Recreate', () => {
    expect(maxUnavailableOf(deployment(2, { maxSurge: 0, maxUnavailable: 5 }))).toBe(2);
    expect(maxUnavailableOf(deployment(4, {}, 'Recreate'))).toBe(0);
    expect(maxSurgeOf(deployment(4, {}, 'Recreate'))).toBe(0);
  });

  it('computeNewReplicaSetReplicas() grows the new ReplicaSet only up to replicas + maxSurge in total', () => {
    const d = deployment(10, { maxSurge: 3, maxUnavailable: 2 });
    const fresh = replicaSet(0);
    expect(computeNewReplicaSetReplicas(d, [replicaSet(10), fresh], fresh)).toBe(3);
    const grown = replicaSet(5);
    expect(computeNewReplicaSetReplicas(d, [replicaSet(8), grown], grown)).toBe(5);
    expect(computeNewReplicaSetReplicas(deployment(10, {}, 'Recreate'), [fresh], fresh)).toBe(10);
  });
});

describe('pod-template-hash', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };

  it('computePodTemplateHash() is stable, key-order independent, and changes with the template and collision count', () => {
    const hash = computePodTemplateHash(template);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computePodTemplateHash({ spec: template.spec, metadata: template.metadata })).toBe(hash);
    expect(computePodTemplateHash({ ...template, spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } })).not.toBe(hash);
    expect(computePodTemplateHash(template, 1)).not.toBe(hash);
  });

  it('encodeSafeString() maps each character into the safe alphabet like rand.SafeEncodeString', () => {
    expect(encodeSafeString('0123456789')).toBe('456789bcdf');
  });

  it('isTemplateEqualIgnoringHash() ignores the pod-template-hash label and empty values', () => {
    const withHash = { ...template, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } } };
    expect(isTemplateEqualIgnoringHash(withHash, template)).toBe(true);
    expect(isTemplateEqualIgnoringHash({ ...template, metadata: { labels: { app: 'web' }, annotations: {} } }, template)).toBe(true);
    expect(isTemplateEqualIgnoringHash({ ...template, metadata: { labels: { app: 'api' } } }, template)).toBe(false);
  });
});
