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
});
