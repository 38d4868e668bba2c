import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../k8s/types.ts';
import { encodeCreatedFields } from './created-fields.ts';
import { removeIgnoredFields } from './managed-fields.ts';
import { computeFieldSet } from './object-fields.ts';

const POD = { apiVersion: 'v1', kind: 'Pod' };

function pod(containers: unknown[]): JsonValue {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop', uid: 'u-1', labels: { app: 'web' }, managedFields: [{ manager: 'x' }] },
    spec: { containers, volumes: [], nodeSelector: { disk: 'ssd' } },
    status: { phase: 'Pending' },
  } as JsonValue;
}

describe('encodeCreatedFields()', () => {
  it('encodeCreatedFields() gives what the field set of the object less the ignored fields encodes to', () => {
    const object = pod([{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }] }, { name: 'side', args: ['a'] }]);
    const expected = removeIgnoredFields(computeFieldSet(object, POD, { skipManagedFields: true }), { ...POD, statusSubresource: true }).toFieldsV1();
    const encoded = encodeCreatedFields(object, POD, 'status');
    expect(encoded).toEqual(expected);
    expect(JSON.stringify(encoded)).toBe(JSON.stringify(expected));
    expect(encoded).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"side"}': { '.': {}, 'f:args': {}, 'f:name': {} },
          'k:{"name":"web"}': {
            '.': {},
            'f:image': {},
            'f:name': {},
            'f:ports': { 'k:{"containerPort":53,"protocol":"UDP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} }, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
          },
        },
        'f:nodeSelector': {},
      },
    });
  });

  it('encodeCreatedFields() shares one frozen FieldsV1 between objects created alike', () => {
    const a = encodeCreatedFields(pod([{ name: 'web', image: 'nginx:1' }]), POD, 'status');
    const b = encodeCreatedFields(pod([{ name: 'web', image: 'nginx:2' }]), POD, 'status');
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('encodeCreatedFields() declines lists with repeated keys and returns null when nothing is owned', () => {
    expect(encodeCreatedFields(pod([{ name: 'a' }, { name: 'a' }]), POD, 'status')).toBeUndefined();
    expect(encodeCreatedFields({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, POD, 'status')).toBeNull();
  });

  it('encodeCreatedFields() answers objects of one shape from its memo with what a field set encodes to', () => {
    const EVENT = { apiVersion: 'v1', kind: 'Event' };
    const event = (involvedObject: Record<string, unknown>, source: unknown, extra: Record<string, unknown> = {}): JsonValue =>
      ({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'shop', uid: 'u' }, involvedObject, reason: 'Pulled', source, count: 1, ...extra }) as JsonValue;
    const expectFieldSet = (object: JsonValue): void => {
      const expected = removeIgnoredFields(computeFieldSet(object, EVENT, { skipManagedFields: true }), { ...EVENT, statusSubresource: false }).toFieldsV1();
      expect(JSON.stringify(encodeCreatedFields(object, EVENT, undefined))).toBe(JSON.stringify(expected));
    };
    const first = encodeCreatedFields(event({ kind: 'Pod', name: 'a' }, { component: 'kubelet' }), EVENT, undefined);
    // Other values, other key order: the same shape, so the same frozen encoding.
    expect(encodeCreatedFields(event({ name: 'b', kind: 'Node' }, { component: 'kubelet' }, { count: 2 }), EVENT, undefined)).toBe(first);
    expectFieldSet(event({ kind: 'Pod', name: 'a' }, { component: 'kubelet' }));
    // A key more, a map where a leaf was, an empty map (a leaf), a list: each its own encoding.
    expectFieldSet(event({ kind: 'Pod', name: 'a', namespace: 'shop' }, { component: 'kubelet' }));
    expectFieldSet(event({ kind: 'Pod', name: 'a' }, 'kubelet'));
    expectFieldSet(event({ kind: 'Pod', name: 'a' }, {}));
    expectFieldSet(event({ kind: 'Pod', name: { first: 'a' } }, { component: 'kubelet' }));
    expectFieldSet(event({ kind: 'Pod', name: 'a' }, { component: 'kubelet' }, { series: { count: 2 }, related: null }));
    expectFieldSet(event({ kind: 'Pod', name: 'a' }, { component: 'kubelet' }, { metadata: { name: 'e', labels: { a: 'b' } } }));
    // The skipped top-level field is part of the shape: skipping `count` leaves it out.
    expect(JSON.stringify(encodeCreatedFields(event({ kind: 'Pod' }, {}), EVENT, 'count'))).not.toContain('f:count');
    expect(JSON.stringify(encodeCreatedFields(event({ kind: 'Pod' }, {}), EVENT, undefined))).toContain('f:count');
  });

  it('encodeCreatedFields() encodes an object with a list afresh every time, by its list items', () => {
    const a = encodeCreatedFields(pod([{ name: 'web' }]), POD, 'status');
    const b = encodeCreatedFields(pod([{ name: 'side' }]), POD, 'status');
    const containers = (encoded: unknown): string[] => Object.keys((encoded as Record<string, any>)['f:spec']['f:containers']);
    expect([containers(a), containers(b)]).toEqual([['k:{"name":"web"}'], ['k:{"name":"side"}']]);
  });

  it('encodeCreatedFields() encodes objects apart while Object.prototype has an enumerable key (a shape walk would see it on every map)', () => {
    const config = { apiVersion: 'v1', kind: 'ConfigMap' };
    const plain = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { a: 'x' } } as JsonValue;
    const shadowing = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', extra: 'y' }, data: { a: 'x', extra: 'y' }, extra: 'y' } as JsonValue;
    const expected = encodeCreatedFields(shadowing, config, undefined);
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.extra = 'y';
    try {
      expect(encodeCreatedFields(plain, config, undefined)).toEqual({ 'f:data': { 'f:a': {} } });
      expect(encodeCreatedFields(shadowing, config, undefined)).toEqual(expected);
    } finally {
      delete prototype.extra;
    }
  });
});
