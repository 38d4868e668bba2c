import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../k8s/types.ts';
import { applyJsonPatch, formatJsonPointer, splitJsonPointer } from './json-patch.ts';
import { PatchError } from './patch-error.ts';

function deployment(): JsonValue {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      labels: { app: 'web' },
      annotations: { 'deployment.kubernetes.io/revision': '2' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web', 'pod-template-hash': '5d8f7c' } },
        spec: {
          containers: [
            { name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] },
            { name: 'sidecar', image: 'envoy:1.29' },
          ],
        },
      },
    },
  };
}

function errorOf(action: () => unknown): PatchError {
  try {
    action();
  } catch (error) {
    if (error instanceof PatchError) return error;
    throw error;
  }
  throw new Error('expected a PatchError');
}

describe('applyJsonPatch()', () => {
  it('applyJsonPatch() replaces a scalar and leaves the input untouched', () => {
    const input = deployment();
    const out = applyJsonPatch(input, [{ op: 'replace', path: '/spec/replicas', value: 3 }]) as any;
    expect(out.spec.replicas).toBe(3);
    expect((input as any).spec.replicas).toBe(2);
  });

  it('applyJsonPatch() adds at an index, appends with "-" and removes by index', () => {
    const out = applyJsonPatch(deployment(), [
      { op: 'add', path: '/spec/template/spec/containers/0', value: { name: 'init', image: 'busybox' } },
      { op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'last', image: 'alpine' } },
      { op: 'remove', path: '/spec/template/spec/containers/2' },
    ]) as any;
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['init', 'web', 'last']);
  });

  it('applyJsonPatch() unescapes ~1 and ~0 in keys', () => {
    const out = applyJsonPatch(deployment(), [
      { op: 'add', path: '/metadata/annotations/example.com~1owner', value: 'team-a' },
      { op: 'add', path: '/metadata/labels/tilde~0key', value: 'x' },
      { op: 'remove', path: '/metadata/annotations/deployment.kubernetes.io~1revision' },
    ]) as any;
    expect(out.metadata.annotations).toEqual({ 'example.com/owner': 'team-a' });
    expect(out.metadata.labels['tilde~key']).toBe('x');
  });

  it('applyJsonPatch() moves and copies values', () => {
    const out = applyJsonPatch(deployment(), [
      { op: 'copy', from: '/metadata/labels', path: '/metadata/annotations' },
      { op: 'move', from: '/spec/template/spec/containers/1', path: '/spec/template/spec/containers/0' },
    ]) as any;
    expect(out.metadata.annotations).toEqual({ app: 'web' });
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['sidecar', 'web']);
  });

  it('applyJsonPatch() replaces the template as rollout undo does', () => {
    const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.24' }] } };
    const out = applyJsonPatch(deployment(), [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '3' } },
    ]) as any;
    expect(out.spec.template).toEqual(template);
  });

  it('applyJsonPatch() passes a test op with an equal value and fails with the server wording', () => {
    expect(() => applyJsonPatch(deployment(), [{ op: 'test', path: '/spec/replicas', value: 2 }])).not.toThrow();
    const error = errorOf(() =>
      applyJsonPatch(deployment(), [
        { op: 'test', path: '/spec/replicas', value: 5 },
        { op: 'replace', path: '/spec/replicas', value: 6 },
      ]),
    );
    expect(error.message).toBe('testing value /spec/replicas failed: test failed');
    expect(error.code).toBe(422);
    expect(error.reason).toBe('Invalid');
    expect(error.statusMessage).toBe('the server rejected our request due to an error in our request');
  });

  it('applyJsonPatch() reports removing a missing key as the server does', () => {
    const error = errorOf(() => applyJsonPatch(deployment(), [{ op: 'remove', path: '/spec/paused' }]));
    expect(error.message).toBe("error in remove for path: '/spec/paused': Unable to remove nonexistent key: paused: missing value");
  });

  it('applyJsonPatch() reports a missing parent path and an out-of-range index', () => {
    expect(errorOf(() => applyJsonPatch(deployment(), [{ op: 'add', path: '/spec/strategy/type', value: 'Recreate' }])).message).toBe(
      'add operation does not apply: doc is missing path: "/spec/strategy/type": missing value',
    );
    expect(errorOf(() => applyJsonPatch(deployment(), [{ op: 'remove', path: '/spec/template/spec/containers/7' }])).message).toBe(
      "error in remove for path: '/spec/template/spec/containers/7': Unable to access invalid index: 7: invalid index referenced",
    );
    expect(errorOf(() => applyJsonPatch(deployment(), [{ op: 'replace', path: '/spec/template/spec/containers/9', value: {} }])).message).toBe(
      'replace operation does not apply: doc is missing key: /spec/template/spec/containers/9: missing value',
    );
  });

  it('applyJsonPatch() is atomic: a failing op leaves no partial change visible', () => {
    const input = deployment();
    errorOf(() =>
      applyJsonPatch(input, [
        { op: 'replace', path: '/spec/replicas', value: 9 },
        { op: 'test', path: '/metadata/name', value: 'api' },
      ]),
    );
    expect((input as any).spec.replicas).toBe(2);
  });

  it('applyJsonPatch() rejects a body that is not a list with 400 BadRequest', () => {
    const error = errorOf(() => applyJsonPatch(deployment(), { op: 'add' }));
    expect(error.message).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    expect(error.code).toBe(400);
    expect(error.reason).toBe('BadRequest');
    expect(errorOf(() => applyJsonPatch(deployment(), [{ op: 'frobnicate', path: '/x' }])).message).toBe('Unexpected kind: frobnicate');
  });

  it('applyJsonPatch() tests a missing key against null as success', () => {
    expect(() => applyJsonPatch(deployment(), [{ op: 'test', path: '/spec/paused', value: null }])).not.toThrow();
  });
});

describe('JSON pointers', () => {
  it('splitJsonPointer() and formatJsonPointer() round-trip escaped tokens', () => {
    expect(splitJsonPointer('/metadata/annotations/a~1b~0c')).toEqual(['metadata', 'annotations', 'a/b~c']);
    expect(formatJsonPointer(['metadata', 'annotations', 'a/b~c'])).toBe('/metadata/annotations/a~1b~0c');
    expect(splitJsonPointer('')).toEqual([]);
  });
});
