import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { MAX_PENDING_DEPTH, pendingManagedFieldsDepth } from '../store/lazy-managed-fields.ts';
import { CM, DEPLOY, POD, SVC, configMap, createApi, deployment, expectStatus, job, pod, service, statefulSet, thaw } from './test-objects.ts';

type Obj = Record<string, any>;
const WEB = { ...DEPLOY, namespace: 'shop', name: 'web' };
const POD_KEY = { ...POD, namespace: 'shop', name: 'web-1' };

describe('ApiServer.update()', () => {
  it('ApiServer.update() replaces the object, keeping uid and creationTimestamp, at a new resourceVersion', () => {
    const api = createApi();
    const created = api.create(configMap());
    const next = thaw(created) as Obj;
    next.data = { LOG_LEVEL: 'debug' };
    delete next.metadata.uid;
    delete next.metadata.creationTimestamp;
    const updated = api.update(next as KubeObject);
    expect(updated.data).toEqual({ LOG_LEVEL: 'debug' });
    expect(updated.metadata.uid).toBe(created.metadata.uid);
    expect(updated.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
    expect(updated.metadata.resourceVersion).toBe(String(Number(created.metadata.resourceVersion) + 1));
  });

  it('ApiServer.update() answers 409 Conflict for a stale resourceVersion and leaves the object alone', () => {
    const api = createApi();
    const created = api.create(deployment());
    const first = thaw(created) as Obj;
    first.spec.replicas = 3;
    api.update(first as KubeObject);
    const stale = thaw(created) as Obj;
    stale.spec.replicas = 5;
    const status = expectStatus(
      () => api.update(stale as KubeObject),
      409,
      'Conflict',
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(status.details).toEqual({ name: 'web', group: 'apps', kind: 'deployments' });
    expect((api.get(WEB) as Obj).spec.replicas).toBe(3);
  });

  it('ApiServer.update() without a resourceVersion is an unconditional update', () => {
    const api = createApi();
    api.create(configMap());
    api.patch({ ...CM, namespace: 'shop', name: 'settings' }, 'merge', { data: { A: '1' } });
    const blind = configMap('settings', { B: '2' });
    expect(api.update(blind).data).toEqual({ B: '2' });
  });

  it('ApiServer.update() answers 404 for an object that does not exist', () => {
    const api = createApi();
    expectStatus(() => api.update(deployment('ghost')), 404, 'NotFound', 'deployments.apps "ghost" not found');
  });

  it('ApiServer.update() answers 409 when the body names another uid, quoting the storage precondition', () => {
    const api = createApi();
    const created = api.create(deployment());
    const other = thaw(created);
    other.metadata.uid = '00000000-0000-4000-8000-000000000000';
    expectStatus(
      () => api.update(other),
      409,
      'Conflict',
      `Operation cannot be fulfilled on deployments.apps "web": StorageError: invalid object, Code: 4, Key: /registry/deployments/shop/web, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: 00000000-0000-4000-8000-000000000000, UID in object meta: ${created.metadata.uid}`,
    );
  });

  it('ApiServer.update() that changes nothing keeps the resourceVersion and publishes no event', () => {
    const api = createApi();
    const created = api.create(configMap());
    const before = api.store.resourceVersion;
    expect(api.update(thaw(created))).toBe(api.get({ ...CM, namespace: 'shop', name: 'settings' }));
    expect(api.store.resourceVersion).toBe(before);
  });

  it('ApiServer.update() records the new manager and takes the fields it changed from the others', () => {
    const api = createApi();
    const created = api.create(configMap('settings', { A: '1', B: '2' }), { fieldManager: 'kubectl-create' });
    const next = thaw(created) as Obj;
    next.data.B = 'changed';
    const updated = api.update(next as KubeObject, { fieldManager: 'kubectl-edit' });
    expect(updated.metadata.managedFields?.map((m) => [m.manager, m.operation, m.fieldsV1])).toEqual([
      ['kubectl-create', 'Update', { 'f:data': { 'f:A': {} } }],
      ['kubectl-edit', 'Update', { 'f:data': { 'f:B': {} } }],
    ]);
  });
});

describe('ApiServer generation', () => {
  it('ApiServer bumps a Deployment generation on spec changes only, not on labels, annotations or status', () => {
    const api = createApi();
    api.create(deployment());
    const edit = (change: (o: Obj) => void, options = {}): Obj => {
      const next = thaw(api.get(WEB)) as Obj;
      change(next);
      return api.update(next as KubeObject, options) as Obj;
    };
    expect(edit((o) => (o.metadata.labels.tier = 'front')).metadata.generation).toBe(1);
    expect(edit((o) => (o.metadata.annotations = { note: 'x' })).metadata.generation).toBe(1);
    expect(edit((o) => (o.status = { replicas: 2 }), { subresource: 'status' }).metadata.generation).toBe(1);
    expect(edit((o) => (o.spec.replicas = 4)).metadata.generation).toBe(2);
    expect(edit((o) => (o.spec.template.spec.containers[0].image = 'nginx:1.28')).metadata.generation).toBe(3);
    const patched = api.patch(WEB, 'merge', { metadata: { generation: 42 }, spec: { paused: true } });
    expect(patched.metadata.generation).toBe(4);
  });

  it('ApiServer never sets a ConfigMap generation, however its data changes', () => {
    const api = createApi();
    api.create(configMap());
    const updated = api.patch({ ...CM, namespace: 'shop', name: 'settings' }, 'merge', { data: { LOG_LEVEL: 'debug' } });
    expect(updated.metadata.generation).toBeUndefined();
  });
});

describe('ApiServer status subresource', () => {
  it('ApiServer ignores status in main-resource writes of a kind with a status subresource', () => {
    const api = createApi();
    api.create(deployment());
    const next = thaw(api.get(WEB)) as Obj;
    next.status = { replicas: 9 };
    next.spec.replicas = 3;
    const updated = api.update(next as KubeObject) as Obj;
    expect(updated.status).toEqual({});
    expect(updated.spec.replicas).toBe(3);
    expect((api.patch(WEB, 'merge', { status: { replicas: 9 } }) as Obj).status).toEqual({});
  });

  it('ApiServer writes only status through /status, keeping spec and labels', () => {
    const api = createApi();
    api.create(deployment());
    const next = thaw(api.get(WEB)) as Obj;
    next.status = { replicas: 2, readyReplicas: 1 };
    next.spec.replicas = 7;
    next.metadata.labels = { app: 'other' };
    const updated = api.update(next as KubeObject, { subresource: 'status', fieldManager: 'deployment-controller' }) as Obj;
    expect(updated.status).toEqual({ replicas: 2, readyReplicas: 1 });
    expect(updated.spec.replicas).toBe(2);
    expect(updated.metadata.labels).toEqual({ app: 'web' });
    // Entries sort by operation, time (to the second), then manager.
    expect(updated.metadata.managedFields.map((m: Obj) => [m.manager, m.subresource, m.fieldsV1])).toEqual([
      ['deployment-controller', 'status', { 'f:status': { 'f:readyReplicas': {}, 'f:replicas': {} } }],
      ['unknown', undefined, expect.objectContaining({ 'f:spec': expect.any(Object) })],
    ]);
    const patched = api.patch(WEB, 'merge', { status: { replicas: 3 }, spec: { replicas: 1 } }, { subresource: 'status' }) as Obj;
    expect([patched.status.replicas, patched.spec.replicas]).toEqual([3, 2]);
  });

  it('ApiServer stores a /status write of plain JSON frozen, leaving the caller its body', () => {
    const api = createApi();
    api.create(pod());
    const next = thaw(api.get(POD_KEY)) as Obj;
    next.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
    const updated = api.update(next as KubeObject, { subresource: 'status', fieldManager: 'kubelet' }) as Obj;
    expect(updated.status).toEqual({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] });
    expect(updated.status).not.toBe(next.status);
    expect(Object.isFrozen(updated.status.conditions[0])).toBe(true);
    expect(Object.isFrozen(next.status)).toBe(false);
    expect(updated.metadata.managedFields.find((m: Obj) => m.manager === 'kubelet').fieldsV1).toEqual({
      'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:status': {}, 'f:type': {} } }, 'f:phase': {} },
    });
  });

  it('ApiServer.updateOwned() stores a /status write as update() does, taking the handed-over status without a copy', () => {
    const copied = createApi();
    const owned = createApi();
    const statusOf = () => ({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null }], podIP: '10.244.0.5' });
    for (const api of [copied, owned]) api.create(pod());
    const viaUpdate = copied.update({ ...thaw(copied.get(POD_KEY)), status: statusOf() } as KubeObject, { subresource: 'status', fieldManager: 'kubelet' }) as Obj;
    const status = statusOf();
    const viaOwned = owned.updateOwned({ ...thaw(owned.get(POD_KEY)), status } as KubeObject, { subresource: 'status', fieldManager: 'kubelet' }) as Obj;
    expect(JSON.stringify(viaOwned)).toBe(JSON.stringify(viaUpdate));
    expect(viaOwned.status).toBe(status);
    expect(Object.isFrozen(status.conditions[0])).toBe(true);
  });

  it('ApiServer.updateOwned() keeps update()\'s answers: a stale resourceVersion is a 409 and the status stays unfrozen', () => {
    const api = createApi();
    const created = api.create(pod());
    api.update({ ...thaw(created), status: { phase: 'Pending' } } as KubeObject, { subresource: 'status' });
    const status = { phase: 'Running' };
    expectStatus(
      () => api.updateOwned({ ...thaw(created), status } as KubeObject, { subresource: 'status', fieldManager: 'kubelet' }),
      409,
      'Conflict',
      'Operation cannot be fulfilled on pods "web-1": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(Object.isFrozen(status)).toBe(false);
    expect((api.get(POD_KEY) as Obj).status.phase).toBe('Pending');
  });

  it('ApiServer drops unknown and undefined status fields of a /status write, warning under Warn', () => {
    const api = createApi();
    api.create(pod());
    const next = thaw(api.get(POD_KEY)) as Obj;
    next.status = { phase: 'Running', bogus: 1, conditions: [{ type: 'Ready', status: 'True', reason: undefined }] };
    const warnings: string[] = [];
    const updated = api.update(next as KubeObject, { subresource: 'status', fieldManager: 'kubelet', fieldValidation: 'Warn', warnings }) as Obj;
    expect(updated.status).toEqual({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] });
    expect(warnings).toEqual(['299 - "unknown field \\"status.bogus\\""']);
    expect(next.status.bogus).toBe(1);
    const strict = thaw(api.get(POD_KEY)) as Obj;
    strict.status = { phase: 'Failed', bogus: 2 };
    expectStatus(() => api.update(strict as KubeObject, { subresource: 'status', fieldValidation: 'Strict' }), 400, 'BadRequest', 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "status.bogus"');
  });

  it('ApiServer answers 404 for /status of a kind that has no status subresource', () => {
    const api = createApi();
    const created = api.create(configMap());
    const status = expectStatus(() => api.update(thaw(created), { subresource: 'status' }), 404, 'NotFound', 'the server could not find the requested resource');
    expect(status.details).toEqual({});
  });
});

describe('ApiServer immutable fields', () => {
  it('ApiServer refuses to change a Deployment selector with 422', () => {
    const api = createApi();
    const next = thaw(api.create(deployment())) as Obj;
    next.spec.selector = { matchLabels: { app: 'other' } };
    next.spec.template.metadata.labels = { app: 'other' };
    const status = expectStatus(
      () => api.update(next as KubeObject),
      422,
      'Invalid',
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
    expect(status.details?.causes?.[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'spec.selector' });
  });

  it('ApiServer refuses to change StatefulSet fields other than the updatable ones', () => {
    const api = createApi();
    const next = thaw(api.create(statefulSet())) as Obj;
    next.spec.serviceName = 'other';
    expectStatus(
      () => api.update(next as KubeObject),
      422,
      'Invalid',
      "StatefulSet.apps \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
    next.spec.serviceName = 'db';
    next.spec.replicas = 3;
    expect((api.update(next as KubeObject) as Obj).spec.replicas).toBe(3);
  });

  it('ApiServer refuses to change a Service clusterIP but keeps it when an update leaves it out', () => {
    const api = createApi();
    const created = api.create(service()) as Obj;
    const moved = thaw(created as KubeObject) as Obj;
    moved.spec.clusterIP = '10.96.0.99';
    expectStatus(
      () => api.update(moved as KubeObject),
      422,
      'Invalid',
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set',
    );
    const replaced = api.update(service()) as Obj;
    expect([replaced.spec.clusterIP, replaced.spec.clusterIPs]).toEqual(['10.96.0.2', ['10.96.0.2']]);
    expect(api.get({ ...SVC, namespace: 'shop', name: 'web' }).metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('ApiServer keeps the node ports of a NodePort Service that an update leaves out', () => {
    const api = createApi();
    const svc = service() as Obj;
    svc.spec.type = 'NodePort';
    const created = api.create(svc as KubeObject) as Obj;
    expect(created.spec.ports[0].nodePort).toBe(30000);
    const replaced = api.update(svc as KubeObject) as Obj;
    expect(replaced.spec.ports[0].nodePort).toBe(30000);
  });

  it('ApiServer generates a Job selector on create and refuses template changes', () => {
    const api = createApi();
    const created = api.create(job()) as Obj;
    const uid = created.metadata.uid;
    expect(created.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect(created.spec.template.metadata.labels).toEqual({
      'job-name': 'migrate',
      'batch.kubernetes.io/job-name': 'migrate',
      'controller-uid': uid,
      'batch.kubernetes.io/controller-uid': uid,
    });
    expect(Object.keys(created.metadata.managedFields[0].fieldsV1['f:spec'])).not.toContain('f:selector');
    const next = thaw(created as KubeObject) as Obj;
    next.spec.template.spec.containers[0].image = 'busybox:1.37';
    let thrown: unknown;
    try {
      api.update(next as KubeObject);
    } catch (error) {
      thrown = error;
    }
    // The real message prints the template as a Go struct (core.PodTemplateSpec{...}); ours prints JSON.
    const status = (thrown as { status: Obj }).status;
    expect([status.code, status.reason, status.details.causes.map((c: Obj) => [c.reason, c.field])]).toEqual([422, 'Invalid', [['FieldValueInvalid', 'spec.template']]]);
    expect(status.message).toMatch(/^Job\.batch "migrate" is invalid: spec\.template: Invalid value: .*: field is immutable$/);
  });

  it('ApiServer refuses to change the data of an immutable ConfigMap or to make it mutable again', () => {
    const api = createApi();
    const created = api.create({ ...configMap(), immutable: true });
    const changed = thaw(created) as Obj;
    changed.data.LOG_LEVEL = 'debug';
    const status = expectStatus(
      () => api.update(changed as KubeObject),
      422,
      'Invalid',
      'ConfigMap "settings" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
    expect(status.details?.causes).toEqual([{ reason: 'FieldValueForbidden', message: 'Forbidden: field is immutable when `immutable` is set', field: 'data' }]);
    const unfrozen = thaw(created) as Obj;
    unfrozen.immutable = false;
    expectStatus(
      () => api.update(unfrozen as KubeObject),
      422,
      'Invalid',
      'ConfigMap "settings" is invalid: immutable: Forbidden: field is immutable when `immutable` is set',
    );
  });
});

describe('ApiServer scale subresource', () => {
  it('ApiServer.getScale() reads a Deployment as an autoscaling/v1 Scale', () => {
    const api = createApi();
    const created = api.create(deployment());
    expect(api.getScale(WEB)).toEqual({
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 'web', namespace: 'shop', uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion, creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { replicas: 2 },
      status: { replicas: 0, selector: 'app=web' },
    });
  });

  it('ApiServer.updateScale() sets spec.replicas, bumps generation and records a scale manager', () => {
    const api = createApi();
    api.create(deployment());
    const scale = api.updateScale(WEB, 5, { fieldManager: 'kubectl-scale' });
    expect(scale.spec.replicas).toBe(5);
    const stored = api.get(WEB) as Obj;
    expect([stored.spec.replicas, stored.metadata.generation, scale.metadata.resourceVersion]).toEqual([5, 2, stored.metadata.resourceVersion]);
    expect(stored.metadata.managedFields.find((m: Obj) => m.subresource === 'scale')).toMatchObject({
      manager: 'kubectl-scale',
      operation: 'Update',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    });
  });

  it('ApiServer.updateScale() answers 409 for a stale resourceVersion and 422 for negative replicas', () => {
    const api = createApi();
    const created = api.create(deployment());
    api.updateScale(WEB, 3);
    expectStatus(
      () => api.updateScale(WEB, 4, { resourceVersion: created.metadata.resourceVersion }),
      409,
      'Conflict',
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    const status = expectStatus(
      () => api.updateScale(WEB, -1),
      422,
      'Invalid',
      'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(status.details).toMatchObject({ name: 'web', group: 'autoscaling', kind: 'Scale' });
  });

  it('ApiServer answers 404 for the scale of a missing object or of a kind without scale', () => {
    const api = createApi();
    api.create(configMap());
    expectStatus(() => api.getScale({ ...WEB, name: 'ghost' }), 404, 'NotFound', 'deployments.apps "ghost" not found');
    expectStatus(() => api.getScale({ ...CM, namespace: 'shop', name: 'settings' }), 404, 'NotFound', 'the server could not find the requested resource');
    expectStatus(() => api.updateScale({ ...CM, namespace: 'shop', name: 'settings' }, 1), 404, 'NotFound', 'the server could not find the requested resource');
  });
});

describe('ApiServer deferred managedFields', () => {
  /** Creates web-1 and runs `writes` /status writes by two managers in turn, reading managedFields after each when `readEach`. */
  function runStatusWrites(writes: number, readEach: boolean): { api: ReturnType<typeof createApi>; pending: number[] } {
    const api = createApi();
    api.create(pod('web-1'));
    const pending: number[] = [];
    for (let i = 0; i < writes; i++) {
      const current = api.get(POD_KEY) as Obj;
      const conditions = [{ type: 'Ready', status: i % 2 ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' }];
      const status = i % 3 === 2 ? { phase: 'Running', podIP: `10.0.0.${i}` } : { phase: 'Pending', conditions, ...(i > 3 ? { hostIP: '10.1.0.1' } : {}) };
      const stored = api.update({ ...current, status } as unknown as KubeObject, { subresource: 'status', fieldManager: i % 2 ? 'kubelet' : 'other' });
      pending.push(pendingManagedFieldsDepth(stored.metadata));
      if (readEach) expect(stored.metadata.managedFields).toBeDefined();
    }
    return { api, pending };
  }

  it('ApiServer leaves a /status write\'s managedFields to its first reader, who reads what an eager write records', () => {
    const eager = runStatusWrites(12, true);
    const lazy = runStatusWrites(12, false);
    // The create's own managedFields wait too: the first status write stands on two pending lists.
    expect(lazy.pending.slice(0, 3)).toEqual([2, 3, 4]);
    expect(JSON.stringify(lazy.api.get(POD_KEY))).toBe(JSON.stringify(eager.api.get(POD_KEY)));
    expect((lazy.api.get(POD_KEY).metadata.managedFields ?? []).map((e) => e.manager)).toEqual(['kubelet', 'unknown']);
  });

  it('ApiServer works managedFields out at once when too many writes wait on one another', () => {
    const { pending } = runStatusWrites(MAX_PENDING_DEPTH + 3, false);
    const forced = pending.indexOf(0);
    expect(Math.max(...pending)).toBe(MAX_PENDING_DEPTH);
    expect(pending[forced - 1]).toBe(MAX_PENDING_DEPTH);
    expect(pending[forced + 1]).toBe(1);
  });
});

describe('ApiServer deferred managedFields of creates', () => {
  it('ApiServer records a create\'s managedFields on first read, as a dry run records them at once', () => {
    const api = createApi();
    const sent = deployment();
    const dryRun = api.create(structuredClone(sent), { dryRun: true, fieldManager: 'kubectl' });
    const created = api.create(structuredClone(sent), { fieldManager: 'kubectl' });
    expect(pendingManagedFieldsDepth(created.metadata)).toBe(1);
    expect(created.metadata.managedFields).toEqual(dryRun.metadata.managedFields);
    expect(pendingManagedFieldsDepth(created.metadata)).toBe(0);
  });

  it('ApiServer records at once the managedFields of a create without a spec, such as a ConfigMap', () => {
    const api = createApi();
    const created = api.create({ ...configMap('settings'), data: { LOG_LEVEL: 'debug' } } as KubeObject);
    expect(pendingManagedFieldsDepth(created.metadata)).toBe(0);
    expect(created.metadata.managedFields?.[0]?.manager).toBeDefined();
  });

  it('ApiServer records at once the create of an object with no field of its own, which has no managedFields', () => {
    const api = createApi();
    const created = api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'empty', namespace: 'shop' } } as KubeObject);
    expect(pendingManagedFieldsDepth(created.metadata)).toBe(0);
    expect(Object.hasOwn(created.metadata, 'managedFields')).toBe(created.metadata.managedFields !== undefined);
  });
});

describe('ApiServer deferred managedFields across mixed writes', () => {
  /** One script of writes by several managers; `readEach` reads every object's managedFields after each write. */
  function runMixedWrites(readEach: boolean): string {
    const api = createApi();
    const read = (): void => {
      if (!readEach) return;
      for (const o of api.list({ ...DEPLOY, namespace: 'shop' }).items) void o.metadata.managedFields;
      for (const o of api.list({ ...POD, namespace: 'shop' }).items) void o.metadata.managedFields;
    };
    const steps: Array<() => unknown> = [
      () => api.create(deployment()),
      () => api.create(pod('web-1')),
      () => api.update({ ...thaw(api.get(WEB)), status: { replicas: 2, readyReplicas: 1 } } as KubeObject, { subresource: 'status', fieldManager: 'deployment-controller' }),
      () => api.patch(WEB, 'apply', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { tier: 'front' } } }, { fieldManager: 'shipshape', force: true }),
      () => api.update({ ...thaw(api.get(POD_KEY)), status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] } } as KubeObject, { subresource: 'status', fieldManager: 'kubelet' }),
      () => api.patch(WEB, 'merge', { spec: { replicas: 4 } }, { fieldManager: 'kubectl-scale' }),
      () => api.update({ ...thaw(api.get(WEB)), status: { replicas: 4, readyReplicas: 4 } } as KubeObject, { subresource: 'status', fieldManager: 'deployment-controller' }),
      () => api.update({ ...thaw(api.get(POD_KEY)), status: { phase: 'Running', podIP: '10.244.0.5' } } as KubeObject, { subresource: 'status', fieldManager: 'kubelet' }),
      () => api.patch(WEB, 'strategic', { metadata: { annotations: { note: 'x' } } }, { fieldManager: 'kubectl-annotate' }),
      () => api.update({ ...thaw(api.get(WEB)), status: { replicas: 4, readyReplicas: 3 } } as KubeObject, { subresource: 'status', fieldManager: 'deployment-controller' }),
    ];
    for (const step of steps) {
      step();
      read();
    }
    return JSON.stringify([api.list({ ...DEPLOY, namespace: 'shop' }).items, api.list({ ...POD, namespace: 'shop' }).items]);
  }

  it('ApiServer gives the same objects whether managedFields are read after every write or only at the end', () => {
    const eager = runMixedWrites(true);
    expect(runMixedWrites(false)).toBe(eager);
    expect(eager).toContain('"manager":"kubectl-scale"');
    expect(eager).toContain('"manager":"shipshape","operation":"Apply"');
  });
});

