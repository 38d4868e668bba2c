import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../k8s/types.ts';
import {
  decodeManagedFields,
  encodeManagedFields,
  managerIdentifier,
  sortManagedFields,
  updateManagedFields,
  type ManagedFieldsEntry,
  type UpdateManagedFieldsOptions,
} from './managed-fields.ts';
import { applyPatch } from './server-side-apply.ts';

const T0 = '2024-05-01T10:00:00Z';
const T1 = '2024-05-01T10:05:00Z';

function opts(manager: string, now: string, extra: Partial<UpdateManagedFieldsOptions> = {}): UpdateManagedFieldsOptions {
  return { manager, apiVersion: 'apps/v1', kind: 'Deployment', now, ...extra };
}

function deployment(image = 'nginx:1.25', labels: Record<string, string> = { app: 'web', tier: 'frontend' }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', uid: 'd7f0', resourceVersion: '41', generation: 1, creationTimestamp: T0, labels },
    spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image }] } } },
    status: { replicas: 2, readyReplicas: 2 },
  };
}

function fieldsOf(entries: ManagedFieldsEntry[], manager: string): unknown {
  return entries.find((e) => e.manager === manager)?.fieldsV1;
}

describe('updateManagedFields()', () => {
  it('updateManagedFields() gives the creator every field except server-set metadata and status', () => {
    const { managedFields, object } = updateManagedFields(undefined, deployment(), opts('kubectl-create', T0));
    expect(managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {}, 'f:tier': {} } },
          'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } },
        },
      },
    ]);
    expect(object.metadata.managedFields).toEqual(managedFields);
  });

  it('updateManagedFields() moves changed fields to the editor and drops removed ones from everyone', () => {
    const created = updateManagedFields(undefined, deployment(), opts('kubectl-create', T0)).object;
    const edited = deployment('nginx:1.27', { app: 'web' });
    edited.metadata.managedFields = created.metadata.managedFields;
    const { managedFields } = updateManagedFields(created, edited, opts('kubectl-edit', T1));
    expect(fieldsOf(managedFields, 'kubectl-edit')).toEqual({
      'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } } } } },
    });
    expect(fieldsOf(managedFields, 'kubectl-create')).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {} } } } } },
    });
  });

  it('updateManagedFields() never conflicts: an update takes a field from an applier', () => {
    const applied = applyPatch(undefined, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, paused: false } }, { manager: 'shipshape', force: false, apiVersion: 'apps/v1', kind: 'Deployment', now: T0 }).object;
    const scaled = structuredClone(applied);
    (scaled.spec as any).replicas = 5;
    const { managedFields } = updateManagedFields(applied, scaled, opts('kubectl-scale', T1));
    expect(fieldsOf(managedFields, 'kubectl-scale')).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(fieldsOf(managedFields, 'shipshape')).toEqual({ 'f:spec': { 'f:paused': {} } });
    expect(managedFields.map((e) => e.operation)).toEqual(['Apply', 'Update']);
  });

  it('updateManagedFields() adds no entry for a write that changes nothing', () => {
    const created = updateManagedFields(undefined, deployment(), opts('kubectl-create', T0)).object;
    const { managedFields } = updateManagedFields(created, structuredClone(created), opts('kubectl-replace', T1));
    expect(managedFields.map((e) => e.manager)).toEqual(['kubectl-create']);
  });

  it('updateManagedFields() on the status subresource records status fields only, with the subresource', () => {
    const created = updateManagedFields(undefined, deployment(), opts('kubectl-create', T0)).object;
    const next = structuredClone(created);
    (next.status as any).readyReplicas = 1;
    (next.spec as any).replicas = 9;
    const { managedFields } = updateManagedFields(created, next, opts('kube-controller-manager', T1, { subresource: 'status' }));
    const controller = managedFields.find((e) => e.manager === 'kube-controller-manager')!;
    expect(controller.subresource).toBe('status');
    expect(controller.fieldsV1).toEqual({ 'f:status': { 'f:readyReplicas': {} } });
  });

  it('updateManagedFields() resets ownership when the request sends managedFields [{}]', () => {
    const created = updateManagedFields(undefined, deployment(), opts('kubectl-create', T0)).object;
    const next = structuredClone(created);
    next.metadata.managedFields = [{}];
    expect(updateManagedFields(created, next, opts('kubectl-edit', T1)).managedFields).toEqual([]);
  });
});

describe('managedFields entries', () => {
  const entry = (manager: string, operation: 'Apply' | 'Update', time: string): ManagedFieldsEntry => ({
    manager,
    operation,
    apiVersion: 'apps/v1',
    time,
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:spec': { 'f:replicas': {} } },
  });

  it('sortManagedFields() puts Apply entries first, then orders by time and manager', () => {
    const sorted = sortManagedFields([entry('kubectl-edit', 'Update', T1), entry('zz-applier', 'Apply', T1), entry('kubectl-create', 'Update', T0), entry('a-applier', 'Apply', T1)]);
    expect(sorted.map((e) => e.manager)).toEqual(['a-applier', 'zz-applier', 'kubectl-create', 'kubectl-edit']);
  });

  it('decodeManagedFields() and encodeManagedFields() round-trip and drop empty entries', () => {
    const entries = [entry('kubectl', 'Apply', T0), { ...entry('empty', 'Update', T0), fieldsV1: {} }];
    const state = decodeManagedFields(entries);
    expect([...state.keys()]).toEqual([managerIdentifier({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1' }), '{"manager":"empty","operation":"Update","apiVersion":"apps/v1"}']);
    expect(encodeManagedFields(state)).toEqual([entry('kubectl', 'Apply', T0)]);
  });

  it('encodeManagedFields() gives back a frozen stored entry nothing changed as that very object, equal to a fresh encoding', () => {
    const stored = updateManagedFields(undefined, deployment(), opts('kubectl-create', T0)).managedFields.map((e) => Object.freeze(e));
    const withEntries = (o: KubeObject, entries: ManagedFieldsEntry[]) => ({ ...o, metadata: { ...o.metadata, managedFields: entries } }) as unknown as KubeObject;
    const edited = withEntries(deployment('nginx:1.26'), stored);
    const status = { ...edited, status: { replicas: 3, readyReplicas: 2 } } as KubeObject;
    const fast = updateManagedFields(edited, status, opts('deployment-controller', T1, { subresource: 'status' })).managedFields;
    // Unfrozen copies of the entries are never given back: the general path encodes them anew.
    const slow = updateManagedFields(edited, withEntries(status, stored.map((e) => ({ ...e }))), opts('deployment-controller', T1, { subresource: 'status' })).managedFields;
    expect(fast).toEqual(slow);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
    expect(fast.find((e) => e.manager === 'kubectl-create')).toBe(stored[0]);
    expect(slow.find((e) => e.manager === 'kubectl-create')).not.toBe(stored[0]);
  });

  it('encodeManagedFields() encodes a stored entry anew when its keys are out of wire order', () => {
    const [created] = updateManagedFields(undefined, deployment(), opts('kubectl-create', T0)).managedFields;
    const { fieldsV1, ...rest } = created!;
    const reordered = Object.freeze({ fieldsV1, ...rest }) as ManagedFieldsEntry;
    const [encoded] = encodeManagedFields(decodeManagedFields([reordered]));
    expect(encoded).not.toBe(reordered);
    expect(Object.keys(encoded!)).toEqual(['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1']);
  });
});
