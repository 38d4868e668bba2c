import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../k8s/types.ts';
import { applyMergePatch } from './merge-patch.ts';

const configMap: JsonValue = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'shop', labels: { app: 'web', tier: 'frontend' } },
  data: { LOG_LEVEL: 'info', FEATURE_X: 'on' },
};

describe('applyMergePatch()', () => {
  it('applyMergePatch() merges objects recursively and deletes keys set to null', () => {
    const out = applyMergePatch(configMap, {
      metadata: { labels: { tier: null, team: 'payments' } },
      data: { LOG_LEVEL: 'debug', FEATURE_X: null },
    });
    expect(out).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'shop', labels: { app: 'web', team: 'payments' } },
      data: { LOG_LEVEL: 'debug' },
    });
  });

  it('applyMergePatch() replaces lists whole, as kubectl scale and label rely on', () => {
    const deployment: JsonValue = {
      spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.25' }, { name: 'log', image: 'fluent-bit:3' }] } } },
    };
    const out = applyMergePatch(deployment, {
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] } } },
    }) as any;
    expect(out.spec.replicas).toBe(3);
    expect(out.spec.template.spec.containers).toEqual([{ name: 'web', image: 'nginx:1.26' }]);
  });

  it('applyMergePatch() drops nulls inside values the document did not have', () => {
    expect(applyMergePatch(configMap, { metadata: { annotations: { a: 'b', c: null } } })).toMatchObject({
      metadata: { annotations: { a: 'b' } },
    });
  });

  it('applyMergePatch() replaces the document when the patch is not an object', () => {
    expect(applyMergePatch(configMap, ['x'])).toEqual(['x']);
    expect(applyMergePatch({ a: 1 }, { a: { b: 2 } })).toEqual({ a: { b: 2 } });
  });

  it('applyMergePatch() leaves its inputs unchanged', () => {
    const before = JSON.stringify(configMap);
    applyMergePatch(configMap, { data: null });
    expect(JSON.stringify(configMap)).toBe(before);
  });
});
