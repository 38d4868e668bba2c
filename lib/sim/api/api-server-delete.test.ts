import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from './api-server.ts';
import { CM, DEPLOY, NS, POD, RS, configMap, createApi, deployment, expectStatus, ownedReplicaSet, pod, thaw } from './test-objects.ts';

type Obj = Record<string, any>;
const WEB = { ...DEPLOY, namespace: 'shop', name: 'web' };
const RS_KEY = { ...RS, namespace: 'shop', name: 'web-rs' };
const POD_KEY = { ...POD, namespace: 'shop', name: 'web-rs-1' };
const SETTINGS = { ...CM, namespace: 'shop', name: 'settings' };

/** Deployment web → ReplicaSet web-rs → Pod web-rs-1, linked by controller ownerReferences. */
function createChain(api: ApiServer, podFinalizers?: string[]): { deploy: KubeObject; rs: KubeObject; pod: KubeObject } {
  const deploy = api.create(deployment());
  const rs = api.create(ownedReplicaSet(deploy));
  const p = pod('web-rs-1') as Obj;
  p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-rs', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }];
  if (podFinalizers) p.metadata.finalizers = podFinalizers;
  return { deploy, rs, pod: api.create(p as KubeObject) };
}

function releaseFinalizers(api: ApiServer, key: { apiVersion: string; kind: string; namespace?: string; name: string }): KubeObject {
  const next = thaw(api.get(key));
  next.metadata.finalizers = [];
  return api.update(next);
}

describe('ApiServer.delete()', () => {
  it('ApiServer.delete() removes an object without finalizers at once and returns its last state', () => {
    const api = createApi();
    const created = api.create(configMap());
    const events: string[] = [];
    api.watch({ ...CM, namespace: 'shop', resourceVersion: created.metadata.resourceVersion }, (e) => events.push(`${e.type} ${(e.object as KubeObject).metadata.resourceVersion}`));
    const result = api.delete(SETTINGS);
    expect(result.deleted).toBe(true);
    expect(result.object.metadata.uid).toBe(created.metadata.uid);
    expect(result.object.metadata.resourceVersion).toBe(String(api.store.resourceVersion));
    expect(api.tryGet(SETTINGS)).toBeUndefined();
    expect(events).toEqual([`DELETED ${api.store.resourceVersion}`]);
    expectStatus(() => api.get(SETTINGS), 404, 'NotFound', 'configmaps "settings" not found');
  });

  it('ApiServer.delete() answers 404 for an object that does not exist', () => {
    const api = createApi();
    const status = expectStatus(() => api.delete(WEB), 404, 'NotFound', 'deployments.apps "web" not found');
    expect(status.details).toEqual({ name: 'web', group: 'apps', kind: 'deployments' });
  });

  it('ApiServer.delete() checks uid and resourceVersion preconditions, naming the kind in the Conflict', () => {
    const api = createApi();
    const created = api.create(deployment());
    const uid = created.metadata.uid;
    const status = expectStatus(
      () => api.delete(WEB, { preconditions: { uid: 'stale-uid' } }),
      409,
      'Conflict',
      `Operation cannot be fulfilled on Deployment.apps "web": the UID in the precondition (stale-uid) does not match the UID in record (${uid}). The object might have been deleted and then recreated`,
    );
    expect(status.details).toEqual({ name: 'web', group: 'apps', kind: 'Deployment' });
    expectStatus(
      () => api.delete(WEB, { preconditions: { resourceVersion: '1' } }),
      409,
      'Conflict',
      `Operation cannot be fulfilled on Deployment.apps "web": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${created.metadata.resourceVersion}). The object might have been modified`,
    );
    expect(api.delete(WEB, { preconditions: { uid, resourceVersion: created.metadata.resourceVersion } }).deleted).toBe(true);
  });

  it('ApiServer.delete() keeps an object with a custom finalizer until an update removes it', () => {
    const api = createApi();
    api.create({ ...configMap(), metadata: { name: 'settings', namespace: 'shop', finalizers: ['example.com/hold'] } });
    const result = api.delete(SETTINGS);
    expect(result.deleted).toBe(false);
    expect(result.object.metadata).toMatchObject({ deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 0, finalizers: ['example.com/hold'] });
    expect(api.get(SETTINGS)).toEqual(result.object);
    expect(api.delete(SETTINGS).object).toEqual(result.object);

    const changed = thaw(api.get(SETTINGS)) as Obj;
    changed.data.EXTRA = 'yes';
    expect(api.update(changed as KubeObject).metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');

    const events: string[] = [];
    api.watch({ ...CM, namespace: 'shop', resourceVersion: String(api.store.resourceVersion) }, (e) => events.push(`${e.type} ${JSON.stringify((e.object as KubeObject).metadata.finalizers ?? [])}`));
    const released = releaseFinalizers(api, SETTINGS);
    expect(released.metadata.finalizers).toBeUndefined();
    expect(api.tryGet(SETTINGS)).toBeUndefined();
    expect(events).toEqual(['MODIFIED []', 'DELETED []']);
  });

  it('ApiServer.delete() gives a pod on a node its grace period before it goes', () => {
    const api = createApi();
    const p = pod() as Obj;
    p.spec.nodeName = 'node-1';
    api.create(p as KubeObject);
    const result = api.delete({ ...POD, namespace: 'shop', name: 'web-1' });
    expect(result.deleted).toBe(false);
    expect(result.object.metadata).toMatchObject({ deletionTimestamp: '2026-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 });
    const sooner = api.delete({ ...POD, namespace: 'shop', name: 'web-1' }, { gracePeriodSeconds: 5 });
    expect(sooner.object.metadata).toMatchObject({ deletionTimestamp: '2026-01-01T00:00:05Z', deletionGracePeriodSeconds: 5 });
  });
});

describe('ApiServer delete propagation', () => {
  it('ApiServer.delete() with Background removes the owner at once and its dependents after it', () => {
    const api = createApi();
    createChain(api);
    const result = api.delete(WEB, { propagationPolicy: 'Background' });
    expect(result.deleted).toBe(true);
    expect([api.tryGet(WEB), api.tryGet(RS_KEY), api.tryGet(POD_KEY)]).toEqual([undefined, undefined, undefined]);
  });

  it('ApiServer.delete() without a policy propagates in the background', () => {
    const api = createApi();
    createChain(api);
    expect(api.delete(WEB).deleted).toBe(true);
    expect(api.tryGet(POD_KEY)).toBeUndefined();
  });

  it('ApiServer.delete() with Foreground keeps the owner with foregroundDeletion until its dependents are gone', () => {
    const api = createApi();
    createChain(api, ['example.com/drain']);
    const result = api.delete(WEB, { propagationPolicy: 'Foreground' });
    expect(result.deleted).toBe(false);
    expect(result.object.metadata).toMatchObject({ finalizers: ['foregroundDeletion'], deletionTimestamp: '2026-01-01T00:00:00Z', generation: 2 });
    expect(api.get(RS_KEY).metadata).toMatchObject({ finalizers: ['foregroundDeletion'], deletionTimestamp: '2026-01-01T00:00:00Z' });
    expect(api.get(POD_KEY).metadata).toMatchObject({ finalizers: ['example.com/drain'], deletionTimestamp: '2026-01-01T00:00:00Z' });
    expect(api.get(WEB).metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');

    releaseFinalizers(api, POD_KEY);
    expect([api.tryGet(WEB), api.tryGet(RS_KEY), api.tryGet(POD_KEY)]).toEqual([undefined, undefined, undefined]);
  });

  it('ApiServer.delete() with Foreground does not wait for dependents that do not block owner deletion', () => {
    const api = createApi();
    const deploy = api.create(deployment());
    const rs = ownedReplicaSet(deploy) as Obj;
    rs.metadata.ownerReferences[0].blockOwnerDeletion = false;
    rs.metadata.finalizers = ['example.com/drain'];
    api.create(rs as KubeObject);
    expect(api.delete(WEB, { propagationPolicy: 'Foreground' }).deleted).toBe(true);
    expect(api.get(RS_KEY).metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
  });

  it('ApiServer.delete() with Orphan leaves the dependents living without the ownerReference', () => {
    const api = createApi();
    const { rs } = createChain(api);
    const events: string[] = [];
    api.watch({ ...DEPLOY, namespace: 'shop', resourceVersion: String(api.store.resourceVersion) }, (e) => {
      events.push(`${e.type} ${JSON.stringify((e.object as KubeObject).metadata.finalizers ?? [])}`);
    });
    const result = api.delete(WEB, { propagationPolicy: 'Orphan' });
    expect(result.deleted).toBe(true);
    expect(events).toEqual(['MODIFIED ["orphan"]', 'MODIFIED []', 'DELETED []']);
    const orphan = api.get(RS_KEY);
    expect(orphan.metadata.uid).toBe(rs.metadata.uid);
    expect(orphan.metadata.ownerReferences).toBeUndefined();
    expect(api.get(POD_KEY).metadata.ownerReferences?.[0]?.uid).toBe(rs.metadata.uid);
  });

  it('ApiServer keeps a dependent that still has another owner and drops the dangling reference', () => {
    const api = createApi();
    const a = api.create(configMap('owner-a'));
    const b = api.create(configMap('owner-b'));
    const refOf = (o: KubeObject) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata.name ?? '', uid: o.metadata.uid ?? '' });
    api.create({ ...configMap('shared'), metadata: { name: 'shared', namespace: 'shop', ownerReferences: [refOf(a), refOf(b)] } });
    api.delete({ ...CM, namespace: 'shop', name: 'owner-a' });
    expect(api.get({ ...CM, namespace: 'shop', name: 'shared' }).metadata.ownerReferences).toEqual([refOf(b)]);
    api.delete({ ...CM, namespace: 'shop', name: 'owner-b' });
    expect(api.tryGet({ ...CM, namespace: 'shop', name: 'shared' })).toBeUndefined();
  });
});

describe('ApiServer garbage collection of Events', () => {
  const EVENT = { apiVersion: 'v1', kind: 'Event', namespace: 'shop' };
  const event = (name: string, ownerReferences?: unknown[]): KubeObject => ({
    apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'shop', ...(ownerReferences ? { ownerReferences } : {}) },
    involvedObject: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'settings' }, reason: 'Test', message: 'm', type: 'Normal',
  } as unknown as KubeObject);

  it('ApiServer keeps an Event whose owner is deleted, as the collector ignores Events', () => {
    const api = createApi();
    const owner = api.create(configMap('settings'));
    api.create(event('noted', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', uid: owner.metadata.uid }]));
    api.delete(SETTINGS);
    expect(api.tryGet({ ...EVENT, name: 'noted' })?.metadata.ownerReferences?.[0]?.name).toBe('settings');
  });

  it('ApiServer keeps a dependent of an Event that exists and deletes one whose Event owner does not', () => {
    const api = createApi();
    const owner = api.create(event('owner'));
    const ref = { apiVersion: 'v1', kind: 'Event', name: 'owner', uid: owner.metadata.uid ?? '' };
    api.create({ ...configMap('kept'), metadata: { name: 'kept', namespace: 'shop', ownerReferences: [ref] } });
    api.create({ ...configMap('dangling'), metadata: { name: 'dangling', namespace: 'shop', ownerReferences: [{ ...ref, name: 'missing', uid: 'uid-missing' }] } });
    expect(api.get({ ...CM, namespace: 'shop', name: 'kept' }).metadata.ownerReferences).toEqual([ref]);
    expect(api.tryGet({ ...CM, namespace: 'shop', name: 'dangling' })).toBeUndefined();
  });
});

describe('ApiServer.deleteCollection()', () => {
  it('ApiServer.deleteCollection() deletes the objects its label selector matches, in one namespace', () => {
    const api = createApi();
    for (const [name, tier] of [['a', 'cache'], ['b', 'cache'], ['c', 'db']] as const) {
      api.create({ ...configMap(name), metadata: { name, namespace: 'shop', labels: { tier } } });
    }
    api.create({ ...configMap('d', {}, 'default'), metadata: { name: 'd', namespace: 'default', labels: { tier: 'cache' } } });
    const results = api.deleteCollection({ ...CM, namespace: 'shop', labelSelector: 'tier=cache' });
    expect(results.map((r) => [r.object.metadata.name, r.deleted])).toEqual([['a', true], ['b', true]]);
    expect(api.list({ ...CM, labelSelector: 'tier' }).items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['default/d', 'shop/c']);
  });

  it('ApiServer.deleteCollection() answers 400 for a malformed selector', () => {
    const api = createApi();
    expectStatus(() => api.deleteCollection({ ...CM, labelSelector: 'tier in (' }), 400, 'BadRequest', "unable to parse requirement: found '', expected: ',', ')' or identifier");
  });
});

describe('ApiServer namespace deletion', () => {
  it('ApiServer terminates a namespace, deletes its content, then the namespace once it is empty', () => {
    const api = createApi();
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tmp' } });
    api.create(configMap('a', {}, 'tmp'));
    api.create(deployment('web', 'tmp'));
    const events: string[] = [];
    api.watch({ ...NS, fieldSelector: 'metadata.name=tmp', resourceVersion: String(api.store.resourceVersion) }, (e) => {
      events.push(`${e.type} ${(e.object as Obj).status?.phase}`);
    });
    const result = api.delete({ ...NS, name: 'tmp' });
    expect(result.deleted).toBe(true);
    expect(events).toEqual(['MODIFIED Terminating', 'MODIFIED Terminating', 'DELETED Terminating']);
    expect(api.list({ ...CM, namespace: 'tmp' }).items).toEqual([]);
    expect(api.tryGet({ ...DEPLOY, namespace: 'tmp', name: 'web' })).toBeUndefined();
  });

  it('ApiServer keeps a terminating namespace while an object in it has a finalizer', () => {
    const api = createApi();
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tmp' } });
    api.create(configMap('free', {}, 'tmp'));
    api.create({ ...configMap('held', {}, 'tmp'), metadata: { name: 'held', namespace: 'tmp', finalizers: ['example.com/hold'] } });
    const result = api.delete({ ...NS, name: 'tmp' });
    expect(result.deleted).toBe(false);
    expect(result.object.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(result.object.metadata.deletionGracePeriodSeconds).toBeUndefined();
    expect((result.object as Obj).status).toEqual({ phase: 'Terminating' });
    expect((result.object as Obj).spec).toEqual({ finalizers: ['kubernetes'] });
    expect(api.list({ ...CM, namespace: 'tmp' }).items.map((o) => [o.metadata.name, o.metadata.deletionTimestamp])).toEqual([['held', '2026-01-01T00:00:00Z']]);

    releaseFinalizers(api, { ...CM, namespace: 'tmp', name: 'held' });
    expect(api.tryGet({ ...NS, name: 'tmp' })).toBeUndefined();
  });
});
