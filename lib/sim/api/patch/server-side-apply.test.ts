import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../k8s/types.ts';
import { updateManagedFields, type ManagedFieldsEntry } from './managed-fields.ts';
import { ApplyConflictError, applyPatch, type ApplyOptions } from './server-side-apply.ts';

const T0 = '2024-05-01T10:00:00Z';
const T1 = '2024-05-01T10:05:00Z';
const T2 = '2024-05-01T10:10:00Z';

function opts(manager: string, now: string, extra: Partial<ApplyOptions> = {}): ApplyOptions {
  return { manager, force: false, apiVersion: 'apps/v1', kind: 'Deployment', now, ...extra };
}

function deployment(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', ...metadata }, spec };
}

const WEB = { name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] };

function webDeployment(replicas = 2): KubeObject {
  return deployment(
    { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [WEB] } } },
    { labels: { app: 'web' } },
  );
}

function entry(fields: ManagedFieldsEntry[], manager: string): ManagedFieldsEntry | undefined {
  return fields.find((e) => e.manager === manager);
}

function conflictOf(action: () => unknown): ApplyConflictError {
  try {
    action();
  } catch (error) {
    if (error instanceof ApplyConflictError) return error;
    throw error;
  }
  throw new Error('expected an ApplyConflictError');
}

/** A Deployment created by client-side apply: the manager owns everything through an Update entry. */
function createdByClientSideApply(): KubeObject {
  return updateManagedFields(undefined, webDeployment(2), { manager: 'kubectl-client-side-apply', apiVersion: 'apps/v1', kind: 'Deployment', now: T0 }).object;
}

describe('applyPatch()', () => {
  it('applyPatch() creates an object and records the FieldsV1 a real server records', () => {
    const { object, managedFields } = applyPatch(undefined, webDeployment(), opts('kubectl', T0));
    expect(object.spec).toEqual(webDeployment().spec);
    expect(managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"web"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                  },
                },
              },
            },
          },
        },
      },
    ]);
    expect(object.metadata.managedFields).toEqual(managedFields);
  });

  it('applyPatch() merges a container list by name so two managers each own their container', () => {
    const first = applyPatch(undefined, webDeployment(), opts('shipshape', T0)).object;
    const sidecar = deployment({ template: { spec: { containers: [{ name: 'istio-proxy', image: 'istio/proxyv2:1.22' }] } } });
    const { object, managedFields } = applyPatch(first, sidecar, opts('mesh-injector', T1));
    const containers = (object.spec as any).template.spec.containers;
    expect(containers.map((c: any) => c.name)).toEqual(['web', 'istio-proxy']);
    expect(Object.keys((entry(managedFields, 'mesh-injector')!.fieldsV1 as any)['f:spec']['f:template']['f:spec']['f:containers'])).toEqual(['k:{"name":"istio-proxy"}']);
    expect(Object.keys((entry(managedFields, 'shipshape')!.fieldsV1 as any)['f:spec']['f:template']['f:spec']['f:containers'])).toEqual(['k:{"name":"web"}']);

    // Re-applying shipshape's config leaves the injector's container alone.
    const again = applyPatch(object, webDeployment(), opts('shipshape', T2)).object;
    expect((again.spec as any).template.spec.containers.map((c: any) => c.name)).toEqual(['web', 'istio-proxy']);
  });

  it('applyPatch() lets two managers own different fields of one object', () => {
    const first = applyPatch(undefined, webDeployment(), opts('shipshape', T0)).object;
    const { object, managedFields } = applyPatch(first, deployment({ paused: true }, { annotations: { 'team.example.com/owner': 'payments' } }), opts('ops-bot', T1));
    expect((object.spec as any).paused).toBe(true);
    expect((object.spec as any).replicas).toBe(2);
    expect(entry(managedFields, 'ops-bot')!.fieldsV1).toEqual({
      'f:metadata': { 'f:annotations': { 'f:team.example.com/owner': {} } },
      'f:spec': { 'f:paused': {} },
    });
    expect(managedFields.map((e) => e.manager)).toEqual(['shipshape', 'ops-bot']);
  });

  it('applyPatch() refuses to change a field another manager owns, naming the manager and field', () => {
    const live = createdByClientSideApply();
    const error = conflictOf(() => applyPatch(live, webDeployment(5), opts('kubectl', T1)));
    expect(error.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    expect(error.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }]);
    expect(error.code).toBe(409);
  });

  it('applyPatch() lists several conflicts grouped by manager', () => {
    let live = createdByClientSideApply();
    live = applyPatch(live, deployment({ paused: false, minReadySeconds: 5 }), opts('ops-bot', T1)).object;
    const changed = webDeployment(4);
    (changed.spec as any).paused = true;
    (changed.spec as any).minReadySeconds = 10;
    (changed.spec as any).template.spec.containers = [{ ...WEB, image: 'nginx:1.27' }];
    const error = conflictOf(() => applyPatch(live, changed, opts('kubectl', T2)));
    expect(error.message).toBe(
      [
        'Apply failed with 4 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:',
        '- .spec.replicas',
        '- .spec.template.spec.containers[name="web"].image',
        'conflicts with "ops-bot":',
        '- .spec.minReadySeconds',
        '- .spec.paused',
      ].join('\n'),
    );
    expect(error.causes.map((c) => c.message)).toContain('conflict with "ops-bot"');
  });

  it('applyPatch() with force takes ownership of the conflicting field', () => {
    const live = createdByClientSideApply();
    const { object, managedFields } = applyPatch(live, webDeployment(5), opts('kubectl', T1, { force: true }));
    expect((object.spec as any).replicas).toBe(5);
    expect((entry(managedFields, 'kubectl')!.fieldsV1 as any)['f:spec']['f:replicas']).toEqual({});
    expect((entry(managedFields, 'kubectl-client-side-apply')!.fieldsV1 as any)['f:spec']['f:replicas']).toBeUndefined();
    expect((entry(managedFields, 'kubectl-client-side-apply')!.fieldsV1 as any)['f:spec']['f:selector']).toEqual({});
  });

  it('applyPatch() shares ownership when the applied value equals the current one', () => {
    const live = createdByClientSideApply();
    const { managedFields } = applyPatch(live, webDeployment(2), opts('kubectl', T1));
    expect((entry(managedFields, 'kubectl')!.fieldsV1 as any)['f:spec']['f:replicas']).toEqual({});
    expect((entry(managedFields, 'kubectl-client-side-apply')!.fieldsV1 as any)['f:spec']['f:replicas']).toEqual({});
    expect(managedFields.map((e) => `${e.manager}/${e.operation}`)).toEqual(['kubectl/Apply', 'kubectl-client-side-apply/Update']);
  });

  it('applyPatch() removes a field the manager stops applying when nobody else owns it', () => {
    const withAnnotation = webDeployment();
    withAnnotation.metadata.annotations = { 'example.com/checksum': 'abc123' };
    (withAnnotation.spec as any).template.spec.containers = [WEB, { name: 'log', image: 'fluent-bit:3.0' }];
    const live = applyPatch(undefined, withAnnotation, opts('shipshape', T0)).object;
    const { object, managedFields } = applyPatch(live, webDeployment(), opts('shipshape', T1));
    expect(object.metadata.annotations).toBeUndefined();
    expect((object.spec as any).template.spec.containers.map((c: any) => c.name)).toEqual(['web']);
    expect(managedFields).toHaveLength(1);
  });

  it('applyPatch() keeps a dropped field that another manager also owns, and disowns it', () => {
    let live = applyPatch(undefined, webDeployment(3), opts('shipshape', T0)).object;
    live = applyPatch(live, deployment({ replicas: 3 }), opts('autoscaler', T1)).object;
    const withoutReplicas = webDeployment();
    delete (withoutReplicas.spec as any).replicas;
    const { object, managedFields } = applyPatch(live, withoutReplicas, opts('shipshape', T2));
    expect((object.spec as any).replicas).toBe(3);
    expect((entry(managedFields, 'shipshape')!.fieldsV1 as any)['f:spec']['f:replicas']).toBeUndefined();
    expect(entry(managedFields, 'autoscaler')!.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });

  it('applyPatch() keeps fields no manager owns when pruning around them', () => {
    const live = applyPatch(undefined, deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } }), opts('shipshape', T0)).object;
    (live.spec as any).strategy.rollingUpdate.maxUnavailable = '25%';
    const { object } = applyPatch(live, deployment({ replicas: 1 }), opts('shipshape', T1));
    expect((object.spec as any).strategy).toEqual({ rollingUpdate: { maxUnavailable: '25%' } });
  });

  it('applyPatch() replaces atomic lists whole and merges Service ports by port and protocol', () => {
    const service = (ports: unknown[], selector: Record<string, string>): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector, ports },
    });
    const svc = { apiVersion: 'v1', kind: 'Service' };
    const live = applyPatch(undefined, service([{ name: 'http', port: 80, targetPort: 8080 }], { app: 'web', tier: 'fe' }), opts('shipshape', T0, svc)).object;
    const { object, managedFields } = applyPatch(live, service([{ name: 'metrics', port: 9090 }], { app: 'web', tier: 'fe' }), opts('prometheus-operator', T1, svc));
    expect((object.spec as any).ports.map((p: any) => p.port)).toEqual([80, 9090]);
    expect(Object.keys((entry(managedFields, 'prometheus-operator')!.fieldsV1 as any)['f:spec']['f:ports'])).toEqual(['k:{"port":9090,"protocol":"TCP"}']);
    expect((entry(managedFields, 'prometheus-operator')!.fieldsV1 as any)['f:spec']['f:selector']).toEqual({});
    const error = conflictOf(() => applyPatch(object, service([], { app: 'api' }), opts('other', T2, svc)));
    expect(error.message).toBe('Apply failed with 2 conflicts: conflicts with "prometheus-operator":\n- .spec.selector\nconflicts with "shipshape":\n- .spec.selector');
  });

  it('applyPatch() merges ConfigMap data keys across managers and prunes a dropped key', () => {
    const cm = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data });
    const cmOpts = { apiVersion: 'v1', kind: 'ConfigMap' };
    let live = applyPatch(undefined, cm({ LOG_LEVEL: 'info', FEATURE_X: 'on' }), opts('shipshape', T0, cmOpts)).object;
    live = applyPatch(live, cm({ REGION: 'eu-west-1' }), opts('platform', T1, cmOpts)).object;
    const { object } = applyPatch(live, cm({ LOG_LEVEL: 'debug' }), opts('shipshape', T2, cmOpts));
    expect(object.data).toEqual({ LOG_LEVEL: 'debug', REGION: 'eu-west-1' });
  });

  it('applyPatch() keeps the entry time when a re-apply changes nothing', () => {
    const live = applyPatch(undefined, webDeployment(), opts('shipshape', T0)).object;
    const { managedFields } = applyPatch(live, webDeployment(), opts('shipshape', T1));
    expect(managedFields[0]!.time).toBe(T0);
  });

  it('applyPatch() rejects an applied configuration that carries managedFields', () => {
    const applied = webDeployment();
    applied.metadata.managedFields = [];
    expect(() => applyPatch(undefined, applied, opts('shipshape', T0))).toThrow('metadata.managedFields must be nil');
  });
});
