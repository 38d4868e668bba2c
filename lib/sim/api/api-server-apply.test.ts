import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from './api-server.ts';
import { CM, DEPLOY, createApi, deployment, expectStatus } from './test-objects.ts';

type Obj = Record<string, any>;
const APP = { ...CM, namespace: 'shop', name: 'app' };
const WEB = { ...DEPLOY, namespace: 'shop', name: 'web' };

function applyConfigMap(api: ApiServer, manager: string, data: Record<string, string>, options: { force?: boolean } = {}): KubeObject {
  return api.patch(APP, 'apply', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' }, data }, { fieldManager: manager, ...options });
}

const owners = (obj: KubeObject): unknown[][] => (obj.metadata.managedFields ?? []).map((m) => [m.manager, m.operation, m.fieldsV1]);

describe('ApiServer server-side apply', () => {
  it('ApiServer apply creates a missing object owned by the applying manager, defaults owned by no one', () => {
    const api = createApi();
    const created = api.patch(WEB, 'apply', deployment(), { fieldManager: 'shipshape' }) as Obj;
    expect(created.metadata).toMatchObject({ name: 'web', namespace: 'shop', generation: 1 });
    expect(created.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    const [entry, ...rest] = created.metadata.managedFields;
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ manager: 'shipshape', operation: 'Apply', apiVersion: 'apps/v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1' });
    expect(Object.keys(entry.fieldsV1['f:spec'])).toEqual(['f:replicas', 'f:selector', 'f:template']);
  });

  it('ApiServer apply lets two managers own different fields of one object', () => {
    const api = createApi();
    applyConfigMap(api, 'alice', { a: '1', b: '2' });
    const merged = applyConfigMap(api, 'bob', { c: '3' });
    expect(merged.data).toEqual({ a: '1', b: '2', c: '3' });
    expect(owners(merged)).toEqual([
      ['alice', 'Apply', { 'f:data': { 'f:a': {}, 'f:b': {} } }],
      ['bob', 'Apply', { 'f:data': { 'f:c': {} } }],
    ]);
  });

  it('ApiServer apply answers 409 when a manager changes a field another manager owns', () => {
    const api = createApi();
    applyConfigMap(api, 'alice', { a: '1', b: '2' });
    const before = api.get(APP);
    const status = expectStatus(() => applyConfigMap(api, 'bob', { a: 'x' }), 409, 'Conflict', 'Apply failed with 1 conflict: conflict with "alice": .data.a');
    expect(status.details).toEqual({ causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.data.a' }] });
    expectStatus(
      () => applyConfigMap(api, 'bob', { a: 'x', b: 'y' }),
      409,
      'Conflict',
      'Apply failed with 2 conflicts: conflicts with "alice":\n- .data.a\n- .data.b',
    );
    expect(api.get(APP)).toBe(before);
  });

  it('ApiServer apply names an Update manager with its apiVersion in a conflict', () => {
    const api = createApi();
    api.patch(WEB, 'apply', deployment(), { fieldManager: 'shipshape' });
    api.updateScale(WEB, 5, { fieldManager: 'kubectl-scale' });
    api.patch(WEB, 'merge', { spec: { paused: true } }, { fieldManager: 'kubectl-edit' });
    const again = deployment() as Obj;
    again.spec.paused = false;
    expectStatus(
      () => api.patch(WEB, 'apply', again, { fieldManager: 'shipshape' }),
      409,
      'Conflict',
      'Apply failed with 2 conflicts: conflicts with "kubectl-edit" using apps/v1:\n- .spec.paused\nconflicts with "kubectl-scale" with subresource "scale" using apps/v1:\n- .spec.replicas',
    );
  });

  it('ApiServer apply with force takes the conflicting fields from their owner', () => {
    const api = createApi();
    applyConfigMap(api, 'alice', { a: '1', b: '2' });
    const forced = applyConfigMap(api, 'bob', { a: 'x' }, { force: true });
    expect(forced.data).toEqual({ a: 'x', b: '2' });
    expect(owners(forced)).toEqual([
      ['alice', 'Apply', { 'f:data': { 'f:b': {} } }],
      ['bob', 'Apply', { 'f:data': { 'f:a': {} } }],
    ]);
  });

  it('ApiServer apply removes a field its manager stops applying, unless another manager owns it too', () => {
    const api = createApi();
    applyConfigMap(api, 'alice', { a: '1', b: '2', shared: 's' });
    applyConfigMap(api, 'bob', { shared: 's' });
    const after = applyConfigMap(api, 'alice', { a: '1' });
    expect(after.data).toEqual({ a: '1', shared: 's' });
    expect(owners(after)).toEqual([
      ['alice', 'Apply', { 'f:data': { 'f:a': {} } }],
      ['bob', 'Apply', { 'f:data': { 'f:shared': {} } }],
    ]);
  });

  it('ApiServer apply keeps a field another manager wrote with a plain update after the applier drops it', () => {
    const api = createApi();
    api.patch(WEB, 'apply', deployment(), { fieldManager: 'shipshape' });
    api.updateScale(WEB, 5, { fieldManager: 'hpa-controller' });
    const withoutReplicas = deployment() as Obj;
    delete withoutReplicas.spec.replicas;
    const after = api.patch(WEB, 'apply', withoutReplicas, { fieldManager: 'shipshape' }) as Obj;
    expect(after.spec.replicas).toBe(5);
  });

  it('ApiServer apply merges the container list by name', () => {
    const api = createApi();
    api.patch(WEB, 'apply', deployment(), { fieldManager: 'shipshape' });
    const sidecar = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'envoy:1.30' }] } } },
    };
    const merged = api.patch(WEB, 'apply', sidecar, { fieldManager: 'mesh-injector' }) as Obj;
    expect(merged.spec.template.spec.containers.map((c: Obj) => c.name)).toEqual(['web', 'sidecar']);
    expect(merged.spec.replicas).toBe(2);
  });

  it('ApiServer apply that changes nothing keeps the resourceVersion', () => {
    const api = createApi();
    const first = applyConfigMap(api, 'alice', { a: '1' });
    const again = applyConfigMap(api, 'alice', { a: '1' });
    expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
  });

  it('ApiServer apply writes status through the status subresource with its own entry', () => {
    const api = createApi();
    api.create(deployment());
    const status = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, status: { replicas: 2, readyReplicas: 2 } };
    const applied = api.patch(WEB, 'apply', status, { fieldManager: 'deployment-controller', subresource: 'status' }) as Obj;
    expect(applied.status).toEqual({ replicas: 2, readyReplicas: 2 });
    expect(applied.metadata.managedFields.find((m: Obj) => m.subresource === 'status')).toMatchObject({ manager: 'deployment-controller', operation: 'Apply' });
  });
});

describe('ApiServer server-side apply errors', () => {
  it('ApiServer apply without a field manager answers 422 for the PatchOptions', () => {
    const api = createApi();
    const status = expectStatus(
      () => api.patch(APP, 'apply', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' } }),
      422,
      'Invalid',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
    expect(status.details).toEqual({
      group: 'meta.k8s.io',
      kind: 'PatchOptions',
      causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
    });
  });

  it('ApiServer apply answers 400 for another apiVersion, managedFields in the body or a different name', () => {
    const api = createApi();
    expectStatus(
      () => api.patch(WEB, 'apply', { ...deployment(), apiVersion: 'apps/v1beta1' }, { fieldManager: 'x' }),
      400,
      'BadRequest',
      'Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1',
    );
    const withManagedFields = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', managedFields: [] } };
    expectStatus(() => api.patch(APP, 'apply', withManagedFields, { fieldManager: 'x' }), 400, 'BadRequest', 'metadata.managedFields must be nil');
    expectStatus(
      () => api.patch(APP, 'apply', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other' } }, { fieldManager: 'x' }),
      400,
      'BadRequest',
      'the name of the object (other) does not match the name on the URL (app)',
    );
  });

  it('ApiServer apply answers 404 for a missing namespace and 422 for an invalid result', () => {
    const api = createApi();
    expectStatus(
      () => api.patch({ ...APP, namespace: 'nope' }, 'apply', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' } }, { fieldManager: 'x' }),
      404,
      'NotFound',
      'namespaces "nope" not found',
    );
    const bad = deployment() as Obj;
    bad.spec.replicas = -1;
    expectStatus(
      () => api.patch(WEB, 'apply', bad, { fieldManager: 'x' }),
      422,
      'Invalid',
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });
});
