import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { StatusError } from '../errors.ts';
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

/** Runs `fn` and returns the Status of the StatusError it throws. */
function statusOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError) return err.status;
    throw err;
  }
  throw new Error('expected a StatusError');
}

/** The Status kube-apiserver answers when structured-merge-diff cannot type an apply body: a 500 without a reason. */
function typedPatchFailure(target: string, detail: string): unknown {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `failed to create typed patch object (${target}): ${detail}`, code: 500 };
}

describe('ApiServer server-side apply of unknown fields', () => {
  it('ApiServer apply answers 500 for an unknown top-level field of a built-in kind and creates nothing', () => {
    const api = createApi();
    const body = { ...deployment(), bogus: 1 };
    expect(statusOf(() => api.patch(WEB, 'apply', body, { fieldManager: 'x' }))).toStrictEqual(
      typedPatchFailure('shop/web; apps/v1, Kind=Deployment', '.bogus: field not declared in schema'),
    );
    expectStatus(() => api.get(WEB), 404, 'NotFound', 'deployments.apps "web" not found');
  });

  it('ApiServer apply names an unknown field below a container by the list key, as structured-merge-diff does', () => {
    const api = createApi();
    const body = deployment() as Obj;
    body.spec.template.spec.containers[0].bogus = true;
    expect(statusOf(() => api.patch(WEB, 'apply', body, { fieldManager: 'x' }))).toStrictEqual(
      typedPatchFailure('shop/web; apps/v1, Kind=Deployment', '.spec.template.spec.containers[name="web"].bogus: field not declared in schema'),
    );
  });

  it('ApiServer apply names an unknown field below a port by containerPort and protocol, the protocol defaulted', () => {
    const api = createApi();
    const body = deployment() as Obj;
    body.spec.template.spec.containers[0].ports = [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 80, hostPot: 8080 }];
    expect(statusOf(() => api.patch(WEB, 'apply', body, { fieldManager: 'x' }))).toStrictEqual(
      typedPatchFailure('shop/web; apps/v1, Kind=Deployment', '.spec.template.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"].hostPot: field not declared in schema'),
    );
  });

  it('ApiServer apply names an item of an atomic list by its index and a cluster-scoped object without namespace', () => {
    const api = createApi();
    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow', namespace: 'shop' }, spec: { podSelector: {}, ingress: [{}, { _from: [] }] } };
    expect(statusOf(() => api.patch({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: 'shop', name: 'allow' }, 'apply', policy, { fieldManager: 'x' }))).toStrictEqual(
      typedPatchFailure('shop/allow; networking.k8s.io/v1, Kind=NetworkPolicy', '.spec.ingress[1]._from: field not declared in schema'),
    );
    const volume = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'data' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/d' }, readOnly: true } };
    expect(statusOf(() => api.patch({ apiVersion: 'v1', kind: 'PersistentVolume', name: 'data' }, 'apply', volume, { fieldManager: 'x' }))).toStrictEqual(
      typedPatchFailure('/data; /v1, Kind=PersistentVolume', '.spec.readOnly: field not declared in schema'),
    );
  });

  it('ApiServer apply reports several unknown fields one per line, the first of each map only', () => {
    const api = createApi();
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'shop', bogusMeta: 1 }, data: { a: 'b' }, extra: 1, more: 2 };
    expect(statusOf(() => api.patch(APP, 'apply', body, { fieldManager: 'x' }))).toStrictEqual(
      typedPatchFailure('shop/app; /v1, Kind=ConfigMap', 'errors:\n  .metadata.bogusMeta: field not declared in schema\n  .extra: field not declared in schema'),
    );
  });

  it('ApiServer apply answers the same 500 under fieldValidation Strict, Warn and Ignore, with no warning', () => {
    const api = createApi();
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' }, data: { a: 'b' }, extra: 1 };
    const expected = typedPatchFailure('/app; /v1, Kind=ConfigMap', '.extra: field not declared in schema');
    for (const fieldValidation of ['Strict', 'Warn', 'Ignore', undefined] as const) {
      const warnings: string[] = [];
      const options = { fieldManager: 'x', warnings, ...(fieldValidation ? { fieldValidation } : {}) };
      expect(statusOf(() => api.patch(APP, 'apply', body, options))).toStrictEqual(expected);
      expect(warnings).toEqual([]);
    }
    expect(body).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' }, data: { a: 'b' }, extra: 1 });
  });

  it('ApiServer apply answers the 500 for dryRun too and leaves an existing object as it was', () => {
    const api = createApi();
    const stored = applyConfigMap(api, 'x', { a: 'b' });
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'shop' }, data: { a: 'c' }, extra: 1 };
    const expected = typedPatchFailure('shop/app; /v1, Kind=ConfigMap', '.extra: field not declared in schema');
    expect(statusOf(() => api.patch(APP, 'apply', body, { fieldManager: 'x', dryRun: true }))).toStrictEqual(expected);
    expect(statusOf(() => api.patch(APP, 'apply', body, { fieldManager: 'x' }))).toStrictEqual(expected);
    expect(api.get(APP)).toEqual(stored);
  });

  it('ApiServer apply answers a missing field manager, another version and sent managedFields before unknown fields', () => {
    const api = createApi();
    const body = { ...deployment(), bogus: 1 } as Obj;
    expectStatus(() => api.patch(WEB, 'apply', body), 422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    expectStatus(
      () => api.patch(WEB, 'apply', { ...body, apiVersion: 'apps/v1beta1' }, { fieldManager: 'x' }),
      400,
      'BadRequest',
      'Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1',
    );
    const withManagedFields = { ...body, metadata: { ...body.metadata, managedFields: [] } };
    expectStatus(() => api.patch(WEB, 'apply', withManagedFields, { fieldManager: 'x' }), 400, 'BadRequest', 'metadata.managedFields must be nil');
  });
});
