import { describe, expect, it } from 'vitest';
import { copyPendingManagedFields, defineLazyManagedFields, pendingManagedFieldsDepth } from './lazy-managed-fields.ts';
import { freezeObject, restampObject } from './freeze.ts';
import type { KubeObject } from '../../k8s/types.ts';

describe('lazy managedFields', () => {
  it('defineLazyManagedFields() computes on the first read only and keeps the key order', () => {
    let calls = 0;
    const metadata: Record<string, unknown> = { name: 'web' };
    defineLazyManagedFields(metadata, () => [{ manager: `m${++calls}` }], 1);
    expect(calls).toBe(0);
    expect(pendingManagedFieldsDepth(metadata)).toBe(1);
    expect(Object.keys(metadata)).toEqual(['name', 'managedFields']);
    expect(JSON.stringify(metadata)).toBe('{"name":"web","managedFields":[{"manager":"m1"}]}');
    expect(metadata.managedFields).toEqual([{ manager: 'm1' }]);
    expect(calls).toBe(1);
    expect(pendingManagedFieldsDepth(metadata)).toBe(0);
  });

  it('copyPendingManagedFields() hands a pending getter on without calling it, and refuses a computed one', () => {
    let calls = 0;
    const from: Record<string, unknown> = {};
    defineLazyManagedFields(from, () => ++calls, 2);
    const to: Record<string, unknown> = {};
    expect(copyPendingManagedFields(from, to)).toBe(true);
    expect([calls, pendingManagedFieldsDepth(to)]).toEqual([0, 2]);
    expect([to.managedFields, from.managedFields, calls]).toEqual([1, 1, 1]);
    expect(copyPendingManagedFields(from, {})).toBe(false);
    expect(copyPendingManagedFields({ managedFields: [] }, {})).toBe(false);
  });

  it('freezeObject() and restampObject() keep pending managedFields pending, with the value they will read', () => {
    let calls = 0;
    const metadata: Record<string, unknown> = { name: 'web', namespace: 'shop' };
    defineLazyManagedFields(metadata, () => [{ manager: `m${++calls}` }], 1);
    const stored = freezeObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata } as unknown as KubeObject, '7');
    const deleted = restampObject(stored, '8');
    expect(calls).toBe(0);
    expect(Object.keys(stored.metadata)).toEqual(['name', 'namespace', 'managedFields', 'resourceVersion']);
    expect(deleted.metadata).toEqual({ name: 'web', namespace: 'shop', managedFields: [{ manager: 'm1' }], resourceVersion: '8' });
    expect(stored.metadata.managedFields).toBe(deleted.metadata.managedFields);
    expect(calls).toBe(1);
  });
});
