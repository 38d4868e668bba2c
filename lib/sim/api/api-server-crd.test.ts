import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from './api-server.ts';
import { WIDGET, createApi, expectStatus, thaw, widget, widgetCrd } from './test-objects.ts';

type Obj = Record<string, any>;
const CRD = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'widgets.example.com' };
const W1 = { ...WIDGET, namespace: 'shop', name: 'w1' };

function createWithCrd(): ApiServer {
  const api = createApi();
  api.create(widgetCrd());
  return api;
}

describe('ApiServer CustomResourceDefinitions', () => {
  it('ApiServer accepts a CRD, reports its names as accepted and serves its kind', () => {
    const api = createApi();
    expectStatus(() => api.create(widget()), 404, 'NotFound', 'no matches for kind "Widget" in version "example.com/v1"');
    const crd = api.create(widgetCrd()) as Obj;
    expect(crd.metadata.generation).toBe(1);
    expect(crd.status.conditions.map((c: Obj) => [c.type, c.status, c.reason])).toEqual([
      ['NamesAccepted', 'True', 'NoConflicts'],
      ['Established', 'True', 'InitialNamesAccepted'],
    ]);
    expect(crd.status.acceptedNames).toEqual({ plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'], listKind: 'WidgetList' });
    expect(crd.status.storedVersions).toEqual(['v1']);
    const created = api.create(widget());
    expect(created.metadata).toMatchObject({ name: 'w1', namespace: 'shop', generation: 1 });
    expect(api.list({ ...WIDGET }).kind).toBe('WidgetList');
  });

  it('ApiServer answers 422 for a CRD whose name is not <plural>.<group>', () => {
    const api = createApi();
    const bad = widgetCrd();
    bad.metadata.name = 'wrong.example.com';
    expectStatus(
      () => api.create(bad),
      422,
      'Invalid',
      'CustomResourceDefinition.apiextensions.k8s.io "wrong.example.com" is invalid: metadata.name: Invalid value: "wrong.example.com": must be spec.names.plural+"."+spec.group',
    );
  });

  it('ApiServer bumps a CRD generation when its spec changes', () => {
    const api = createWithCrd();
    const next = thaw(api.get(CRD)) as Obj;
    next.spec.names.shortNames = ['wdg'];
    expect(api.update(next as KubeObject).metadata.generation).toBe(2);
  });

  it('ApiServer deletes every custom resource of a CRD with it and stops serving the kind', () => {
    const api = createWithCrd();
    api.create(widget('w1'));
    api.create(widget('w2', { size: 'large' }, 'default'));
    expect(api.delete(CRD).deleted).toBe(true);
    expect(api.store.list({ group: 'example.com', kind: 'Widget' }).items).toEqual([]);
    expectStatus(() => api.get(W1), 404, 'NotFound', 'no matches for kind "Widget" in version "example.com/v1"');
    api.create(widgetCrd());
    expect(api.list({ ...WIDGET }).items).toEqual([]);
  });

  it('ApiServer serves a cluster-scoped custom kind without namespaces', () => {
    const api = createApi();
    api.create(widgetCrd('Cluster'));
    const created = api.create(widget('c1', { size: 'small' }, undefined));
    expect(created.metadata.namespace).toBeUndefined();
    expect(api.create({ ...widget('c2', { size: 'small' }), metadata: { name: 'c2', namespace: 'shop' } }).metadata.namespace).toBeUndefined();
    expect(api.list({ ...WIDGET, namespace: 'shop' }).items.map((o) => o.metadata.name)).toEqual(['c1', 'c2']);
    expect(api.get({ ...WIDGET, name: 'c1' }).metadata.uid).toBe(created.metadata.uid);
  });
});

describe('ApiServer custom resources', () => {
  it('ApiServer prunes unknown fields and applies schema defaults to a custom resource', () => {
    const api = createWithCrd();
    const created = api.create(widget('w1', { size: 'small', bogus: true, nested: { x: 1 } })) as Obj;
    expect(created.spec).toEqual({ size: 'small', color: 'blue' });
  });

  it('ApiServer answers 400 for unknown fields under fieldValidation=Strict', () => {
    const api = createWithCrd();
    expectStatus(
      () => api.create(widget('w1', { size: 'small', bogus: true }), { fieldValidation: 'Strict' }),
      400,
      'BadRequest',
      'Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.bogus"',
    );
    expect(api.tryGet(W1)).toBeUndefined();
  });

  it('ApiServer answers 422 with the schema errors of a custom resource', () => {
    const api = createWithCrd();
    expectStatus(() => api.create(widget('w1', {})), 422, 'Invalid', 'Widget.example.com "w1" is invalid: spec.size: Required value');
    const status = expectStatus(
      () => api.create(widget('w1', { size: 'huge', replicas: -1 })),
      422,
      'Invalid',
      'Widget.example.com "w1" is invalid: [spec.size: Unsupported value: "huge": supported values: "small", "large", spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0]',
    );
    expect(status.details).toEqual({
      name: 'w1',
      group: 'example.com',
      kind: 'Widget',
      causes: [
        { reason: 'FieldValueNotSupported', message: 'Unsupported value: "huge": supported values: "small", "large"', field: 'spec.size' },
        { reason: 'FieldValueInvalid', message: 'Invalid value: -1: spec.replicas in body should be greater than or equal to 0', field: 'spec.replicas' },
      ],
    });
    api.create(widget('w1'));
    expectStatus(
      () => api.patch(W1, 'merge', { spec: { size: 5 } }),
      422,
      'Invalid',
      'Widget.example.com "w1" is invalid: [spec.size: Invalid value: "integer": spec.size in body must be of type string: "integer", spec.size: Unsupported value: 5: supported values: "small", "large"]',
    );
  });

  it('ApiServer answers 404 for a custom resource that does not exist', () => {
    const api = createWithCrd();
    const status = expectStatus(() => api.get(W1), 404, 'NotFound', 'widgets.example.com "w1" not found');
    expect(status.details).toEqual({ name: 'w1', group: 'example.com', kind: 'widgets' });
  });

  it('ApiServer keeps status and spec of a custom resource apart through its status subresource', () => {
    const api = createWithCrd();
    const created = api.create({ ...widget(), status: { replicas: 3 } }) as Obj;
    expect(created.status).toBeUndefined();
    const main = thaw(created as KubeObject) as Obj;
    main.spec.size = 'large';
    main.status = { replicas: 3 };
    const updated = api.update(main as KubeObject) as Obj;
    expect([updated.spec.size, updated.status, updated.metadata.generation]).toEqual(['large', undefined, 2]);
    const statusWrite = thaw(updated as KubeObject) as Obj;
    statusWrite.status = { replicas: 1, selector: 'app=w1' };
    statusWrite.spec.size = 'small';
    const written = api.update(statusWrite as KubeObject, { subresource: 'status' }) as Obj;
    expect([written.spec.size, written.status, written.metadata.generation]).toEqual(['large', { replicas: 1, selector: 'app=w1' }, 2]);
  });

  it('ApiServer serves the scale subresource of a custom resource through its CRD paths', () => {
    const api = createWithCrd();
    const created = api.create(widget());
    api.patch(W1, 'merge', { status: { replicas: 1, selector: 'app=w1' } }, { subresource: 'status' });
    expect(api.getScale(W1)).toMatchObject({ metadata: { name: 'w1', namespace: 'shop' }, spec: { replicas: 1 }, status: { replicas: 1, selector: 'app=w1' } });
    const scale = api.updateScale(W1, 4);
    expect(scale.spec.replicas).toBe(4);
    expect((api.get(W1) as Obj).spec.replicas).toBe(4);
    expectStatus(
      () => api.updateScale(W1, 5, { resourceVersion: created.metadata.resourceVersion }),
      409,
      'Conflict',
      'Operation cannot be fulfilled on widgets.example.com "w1": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('ApiServer answers 415 for a strategic merge patch of a custom resource and takes a merge patch', () => {
    const api = createWithCrd();
    api.create(widget());
    const status = expectStatus(
      () => api.patch(W1, 'strategic', { spec: { size: 'large' } }),
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
    expect(status.details).toBeUndefined();
    expect((api.patch(W1, 'merge', { spec: { size: 'large' } }) as Obj).spec).toEqual({ size: 'large', replicas: 1, color: 'blue' });
  });

  it('ApiServer server-side applies a custom resource and records the manager', () => {
    const api = createWithCrd();
    const applied = api.patch(W1, 'apply', widget('w1', { size: 'large' }), { fieldManager: 'shipshape' }) as Obj;
    expect(applied.spec).toEqual({ size: 'large', color: 'blue' });
    expect(applied.metadata.managedFields.map((m: Obj) => [m.manager, m.operation, m.fieldsV1])).toEqual([['shipshape', 'Apply', { 'f:spec': { 'f:size': {} } }]]);
  });

  it('ApiServer prunes the unknown fields of an applied custom resource instead of refusing them', () => {
    const api = createWithCrd();
    const applied = api.patch(W1, 'apply', widget('w1', { size: 'large', bogus: true }), { fieldManager: 'shipshape', fieldValidation: 'Ignore' }) as Obj;
    expect(applied.spec).toEqual({ size: 'large', color: 'blue' });
  });
});

describe('ApiServer CRD finalizers', () => {
  it('ApiServer deletes the custom resources of a CRD whose last finalizer an update removes', () => {
    const api = createApi();
    api.create({ ...widgetCrd(), metadata: { name: 'widgets.example.com', finalizers: ['example.com/keep'] } });
    api.create(widget());
    const lingering = api.delete(CRD);
    expect(lingering.deleted).toBe(false);
    const next = thaw(api.get(CRD));
    next.metadata.finalizers = [];
    api.update(next);
    expect(api.tryGet(CRD)).toBeUndefined();
    expect(api.store.list({ group: 'example.com', kind: 'Widget' }).items).toEqual([]);
  });
});

describe('ApiServer CRD API approval', () => {
  /** The widget CRD moved to a protected group, with an api-approved.kubernetes.io value. */
  function protectedCrd(approval: string | undefined): KubeObject {
    const crd = widgetCrd() as Obj;
    crd.metadata = { name: 'widgets.apps.k8s.io', ...(approval === undefined ? {} : { annotations: { 'api-approved.kubernetes.io': approval } }) };
    crd.spec.group = 'apps.k8s.io';
    return crd as KubeObject;
  }
  const approvalOf = (crd: Obj): Obj | undefined => crd.status.conditions.find((c: Obj) => c.type === 'KubernetesAPIApprovalPolicyConformant');

  it('ApiServer sets KubernetesAPIApprovalPolicyConformant=True for an approved protected group', () => {
    const crd = createApi().create(protectedCrd('https://github.com/kubernetes/kubernetes/pull/78458')) as Obj;
    expect(crd.status.conditions.map((c: Obj) => c.type)).toEqual(['NamesAccepted', 'Established', 'KubernetesAPIApprovalPolicyConformant']);
    expect(approvalOf(crd)).toEqual({
      type: 'KubernetesAPIApprovalPolicyConformant',
      status: 'True',
      lastTransitionTime: crd.metadata.creationTimestamp,
      reason: 'ApprovedAnnotation',
      message: 'approved in https://github.com/kubernetes/kubernetes/pull/78458',
    });
  });

  it('ApiServer sets KubernetesAPIApprovalPolicyConformant=False for an unapproved protected group', () => {
    const crd = createApi().create(protectedCrd('unapproved, testing only')) as Obj;
    expect(approvalOf(crd)).toMatchObject({ status: 'False', reason: 'UnapprovedAnnotation', message: 'not approved: "unapproved, testing only"' });
  });

  it('ApiServer recomputes KubernetesAPIApprovalPolicyConformant when an update changes the approval annotation', () => {
    const api = createApi();
    const created = api.create(protectedCrd('https://github.com/kubernetes/kubernetes/pull/78458')) as Obj;
    const key = { ...CRD, name: 'widgets.apps.k8s.io' };
    const createdAt = created.metadata.creationTimestamp;
    const timesOf = (crd: Obj): string[] => crd.status.conditions.map((c: Obj) => `${c.type}=${c.status}@${c.lastTransitionTime}`);

    api.clock.advance(60_000);
    const unapproved = thaw(created as KubeObject) as Obj;
    unapproved.metadata.annotations['api-approved.kubernetes.io'] = 'unapproved, testing only';
    const updated = api.update(unapproved as KubeObject) as Obj;
    const later = api.clock.nowIso();
    expect(timesOf(updated)).toEqual([`NamesAccepted=True@${createdAt}`, `Established=True@${createdAt}`, `KubernetesAPIApprovalPolicyConformant=False@${later}`]);
    expect(approvalOf(updated)).toMatchObject({ reason: 'UnapprovedAnnotation', message: 'not approved: "unapproved, testing only"' });

    // Another approval URL: the status stays True, so the condition keeps its transition time.
    api.clock.advance(60_000);
    api.patch(key, 'merge', { metadata: { annotations: { 'api-approved.kubernetes.io': 'https://github.com/kubernetes/enhancements/pull/1111' } } });
    api.clock.advance(60_000);
    const patched = api.patch(key, 'merge', { metadata: { annotations: { 'api-approved.kubernetes.io': 'https://github.com/kubernetes/kubernetes/pull/1' } } }) as Obj;
    expect(approvalOf(patched)).toEqual({
      type: 'KubernetesAPIApprovalPolicyConformant',
      status: 'True',
      lastTransitionTime: new Date(Date.parse(later) + 60_000).toISOString().replace('.000Z', 'Z'),
      reason: 'ApprovedAnnotation',
      message: 'approved in https://github.com/kubernetes/kubernetes/pull/1',
    });
    expect(timesOf(patched).slice(0, 2)).toEqual([`NamesAccepted=True@${createdAt}`, `Established=True@${createdAt}`]);
  });

  it('ApiServer refuses a protected-group CRD without the approval annotation and sets no condition elsewhere', () => {
    const api = createApi();
    expectStatus(
      () => api.create(protectedCrd(undefined)),
      422,
      'Invalid',
      'CustomResourceDefinition.apiextensions.k8s.io "widgets.apps.k8s.io" is invalid: metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
    );
    expect(approvalOf(api.create(widgetCrd()) as Obj)).toBeUndefined();
  });
});
