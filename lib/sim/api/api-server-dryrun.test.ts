import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from './api-server.ts';
import { CM, DEPLOY, NS, RS, WIDGET, configMap, createApi, deployment, expectStatus, ownedReplicaSet, service, thaw, widget, widgetCrd } from './test-objects.ts';

type Obj = Record<string, any>;
const WEB = { ...DEPLOY, namespace: 'shop', name: 'web' };

/** Runs `fn` and checks that the store's revision, objects and subscribers saw nothing. */
function expectUntouched<T>(api: ApiServer, fn: () => T): T {
  const before = api.store.snapshot();
  const events: string[] = [];
  const sub = api.store.subscribe((e) => events.push(`${e.type} ${e.object.kind} ${e.object.metadata.name}`));
  try {
    const result = fn();
    expect(events).toEqual([]);
    expect(api.store.resourceVersion).toBe(before.resourceVersion);
    expect(api.store.snapshot()).toEqual(before);
    return result;
  } finally {
    sub.stop();
  }
}

describe('ApiServer dry-run writes', () => {
  it('ApiServer.create() with dryRun returns the admitted object without storing it', () => {
    const api = createApi();
    const would = expectUntouched(api, () => api.create(deployment(), { dryRun: true })) as Obj;
    expect(would.metadata).toMatchObject({ name: 'web', namespace: 'shop', generation: 1, creationTimestamp: '2026-01-01T00:00:00Z' });
    expect(would.metadata.uid).toBeDefined();
    expect(would.metadata.resourceVersion).toBeUndefined();
    expect(would.spec.strategy.type).toBe('RollingUpdate');
    expect(would.metadata.managedFields[0]).toMatchObject({ manager: 'unknown', operation: 'Update' });
    expect(api.tryGet(WEB)).toBeUndefined();
    const generated = expectUntouched(api, () => api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'x-', namespace: 'shop' } }, { dryRun: true }));
    expect(generated.metadata.name).toMatch(/^x-[a-z0-9]{5}$/);
  });

  it('ApiServer.create() with dryRun still answers every error a real create would', () => {
    const api = createApi();
    api.create(deployment());
    expectUntouched(api, () => {
      expectStatus(() => api.create(deployment(), { dryRun: true }), 409, 'AlreadyExists', 'deployments.apps "web" already exists');
      expectStatus(() => api.create(deployment('x', 'nope'), { dryRun: true }), 404, 'NotFound', 'namespaces "nope" not found');
      const bad = deployment('bad') as Obj;
      bad.spec.replicas = -1;
      expectStatus(
        () => api.create(bad as KubeObject, { dryRun: true }),
        422,
        'Invalid',
        'Deployment.apps "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      );
    });
  });

  it('ApiServer.create() with dryRun of a Service allocates nothing for later creates', () => {
    const api = createApi();
    expect((expectUntouched(api, () => api.create(service('a'), { dryRun: true })) as Obj).spec.clusterIP).toBe('10.96.0.2');
    expect((api.create(service('b')) as Obj).spec.clusterIP).toBe('10.96.0.2');
  });

  it('ApiServer.update() with dryRun bumps the would-be generation but stores nothing', () => {
    const api = createApi();
    const created = api.create(deployment());
    const next = thaw(created) as Obj;
    next.spec.replicas = 5;
    const would = expectUntouched(api, () => api.update(next as KubeObject, { dryRun: true })) as Obj;
    expect([would.spec.replicas, would.metadata.generation, would.metadata.resourceVersion]).toEqual([5, 2, created.metadata.resourceVersion]);
    expect(api.get(WEB)).toBe(created);
    const stale = thaw(created) as Obj;
    stale.metadata.resourceVersion = '1';
    expectUntouched(api, () =>
      expectStatus(
        () => api.update(stale as KubeObject, { dryRun: true }),
        409,
        'Conflict',
        'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
      ),
    );
  });

  it('ApiServer.patch() with dryRun answers the patched object for every patch type', () => {
    const api = createApi();
    api.create(deployment());
    const patched = expectUntouched(api, () => [
      api.patch(WEB, 'json', [{ op: 'replace', path: '/spec/replicas', value: 3 }], { dryRun: true }),
      api.patch(WEB, 'merge', { spec: { replicas: 4 } }, { dryRun: true }),
      api.patch(WEB, 'strategic', { spec: { replicas: 5 } }, { dryRun: true }),
      api.patch(WEB, 'apply', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { paused: true } }, { dryRun: true, fieldManager: 'x' }),
      api.patch(WEB, 'merge', { status: { replicas: 9 } }, { dryRun: true, subresource: 'status' }),
    ]) as Obj[];
    expect(patched.map((o) => o.spec.replicas)).toEqual([3, 4, 5, 2, 2]);
    expect(patched[3]!.spec.paused).toBe(true);
    expect(patched[4]!.status).toEqual({ replicas: 9 });
  });

  it('ApiServer server-side apply with dryRun creates nothing', () => {
    const api = createApi();
    const key = { ...CM, namespace: 'shop', name: 'app' };
    const would = expectUntouched(api, () =>
      api.patch(key, 'apply', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' }, data: { a: '1' } }, { dryRun: true, fieldManager: 'shipshape' }),
    );
    expect(would.metadata.managedFields?.[0]).toMatchObject({ manager: 'shipshape', operation: 'Apply' });
    expect(api.tryGet(key)).toBeUndefined();
  });

  it('ApiServer.updateScale() with dryRun answers the would-be Scale', () => {
    const api = createApi();
    api.create(deployment());
    expect(expectUntouched(api, () => api.updateScale(WEB, 7, { dryRun: true })).spec.replicas).toBe(7);
    expect((api.get(WEB) as Obj).spec.replicas).toBe(2);
  });

  it('ApiServer.delete() with dryRun answers what would happen and deletes nothing', () => {
    const api = createApi();
    const deploy = api.create(deployment());
    api.create(ownedReplicaSet(deploy));
    api.create({ ...configMap(), metadata: { name: 'settings', namespace: 'shop', finalizers: ['example.com/hold'] } });
    const plain = expectUntouched(api, () => api.delete(WEB, { dryRun: true, propagationPolicy: 'Background' }));
    expect([plain.deleted, plain.object.metadata.uid]).toEqual([true, deploy.metadata.uid]);
    const foreground = expectUntouched(api, () => api.delete(WEB, { dryRun: true, propagationPolicy: 'Foreground' }));
    expect(foreground.deleted).toBe(false);
    expect(foreground.object.metadata).toMatchObject({ finalizers: ['foregroundDeletion'], deletionTimestamp: '2026-01-01T00:00:00Z' });
    const held = expectUntouched(api, () => api.delete({ ...CM, namespace: 'shop', name: 'settings' }, { dryRun: true }));
    expect([held.deleted, held.object.metadata.deletionTimestamp]).toEqual([false, '2026-01-01T00:00:00Z']);
    const ns = expectUntouched(api, () => api.delete({ ...NS, name: 'shop' }, { dryRun: true }));
    expect([ns.deleted, (ns.object as Obj).status.phase]).toEqual([false, 'Terminating']);
    expect(api.get({ ...RS, namespace: 'shop', name: 'web-rs' }).metadata.deletionTimestamp).toBeUndefined();
  });

  it('ApiServer.deleteCollection() with dryRun keeps every matching object', () => {
    const api = createApi();
    api.create(configMap('a'));
    api.create(configMap('b'));
    const results = expectUntouched(api, () => api.deleteCollection({ ...CM, namespace: 'shop' }, { dryRun: true }));
    expect(results.map((r) => [r.object.metadata.name, r.deleted])).toEqual([['a', true], ['b', true]]);
  });

  it('ApiServer with dryRun neither serves a CRD it did not store nor deletes custom resources', () => {
    const api = createApi();
    expectUntouched(api, () => api.create(widgetCrd(), { dryRun: true }));
    expectStatus(() => api.list({ ...WIDGET }), 404, 'NotFound', 'no matches for kind "Widget" in version "example.com/v1"');
    api.create(widgetCrd());
    api.create(widget());
    expectUntouched(api, () => api.delete({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'widgets.example.com' }, { dryRun: true }));
    expect(api.list({ ...WIDGET }).items.map((o) => o.metadata.name)).toEqual(['w1']);
  });
});
