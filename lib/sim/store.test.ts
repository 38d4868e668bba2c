import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/types.ts';
import { StatusError } from './errors.ts';
import { INCONSISTENT_CONTINUE_MESSAGE, Store } from './store.ts';
import { hashKindText, type KindText } from './store/kind-text.ts';

function makePod(name: string, namespace = 'default', labels?: Record<string, string>, spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, ...(labels ? { labels } : {}) }, spec };
}

function makeDeployment(name: string, replicas = 1): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' }, spec: { replicas } };
}

function statusOf(run: () => unknown): StatusError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error('expected a StatusError');
}

const WEB = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };

describe('Store writes', () => {
  it('store.create() stamps the next resourceVersion and get() returns the stored object', () => {
    const store = new Store();
    const a = store.create(makeDeployment('web'));
    const b = store.create(makePod('p'));
    expect(a.metadata.resourceVersion).toBe('1');
    expect(b.metadata.resourceVersion).toBe('2');
    expect(store.resourceVersion).toBe(2);
    expect(store.get(WEB)).toBe(a);
    expect(store.get({ group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' })).toBe(a);
    expect(store.tryGet({ ...WEB, name: 'other' })).toBeUndefined();
  });

  it('store.create() copies its input: later changes to the input do not reach the store', () => {
    const store = new Store();
    const input = makeDeployment('web');
    store.create(input);
    (input.spec as { replicas: number }).replicas = 9;
    expect(store.get(WEB).spec).toEqual({ replicas: 1 });
    expect(input.metadata.resourceVersion).toBeUndefined();
  });

  it('store.create() fails with AlreadyExists when the key is taken, whatever the version', () => {
    const store = new Store();
    store.create(makeDeployment('web'));
    const error = statusOf(() => store.create({ ...makeDeployment('web'), apiVersion: 'apps/v1beta2' }));
    expect(error.message).toBe('deployments.apps "web" already exists');
    expect(error.status.code).toBe(409);
    expect(store.resourceVersion).toBe(1);
  });

  it('store.get() of a missing object fails with NotFound naming the resource', () => {
    const store = new Store({ resourceOf: (group, kind) => (kind === 'Widget' ? 'widgetz' : undefined) });
    expect(statusOf(() => store.get(WEB)).message).toBe('deployments.apps "web" not found');
    expect(statusOf(() => store.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'p' })).message).toBe('pods "p" not found');
    expect(statusOf(() => store.get({ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' })).message).toBe('widgetz.example.com "w" not found');
    expect(statusOf(() => store.get({ apiVersion: 'example.com/v1', kind: 'Policy', name: 'x' })).message).toBe('policies.example.com "x" not found');
  });

  it('store.update() bumps the resourceVersion and fails with NotFound for a missing object', () => {
    const store = new Store();
    store.create(makeDeployment('web'));
    const updated = store.update(makeDeployment('web', 3));
    expect(updated.metadata.resourceVersion).toBe('2');
    expect(store.get(WEB).spec).toEqual({ replicas: 3 });
    expect(statusOf(() => store.update(makeDeployment('api'))).message).toBe('deployments.apps "api" not found');
  });

  it('store.update() with a stale expectedResourceVersion fails with Conflict and changes nothing', () => {
    const store = new Store();
    store.create(makeDeployment('web'));
    store.update(makeDeployment('web', 2));
    const error = statusOf(() => store.update(makeDeployment('web', 5), { expectedResourceVersion: '1' }));
    expect(error.message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(error.status.reason).toBe('Conflict');
    expect(store.get(WEB).spec).toEqual({ replicas: 2 });
    expect(store.update(makeDeployment('web', 5), { expectedResourceVersion: '2' }).metadata.resourceVersion).toBe('3');
  });

  it('store.update() that changes nothing keeps the revision and emits no event', () => {
    const store = new Store();
    const events: string[] = [];
    store.subscribe((e) => events.push(e.type));
    const created = store.create(makeDeployment('web'));
    expect(store.update({ ...created, metadata: { ...created.metadata, resourceVersion: 'junk' } })).toBe(created);
    expect(store.resourceVersion).toBe(1);
    expect(events).toEqual(['ADDED']);
  });

  it('store.delete() returns the last state with a new resourceVersion, then get() is NotFound', () => {
    const store = new Store();
    store.create(makeDeployment('web'));
    const deleted = store.delete(WEB);
    expect(deleted.metadata.resourceVersion).toBe('2');
    expect(deleted.spec).toEqual({ replicas: 1 });
    expect(store.tryGet(WEB)).toBeUndefined();
    expect(statusOf(() => store.delete(WEB)).message).toBe('deployments.apps "web" not found');
  });

  it('store.delete() checks uid and resourceVersion preconditions with the API server wording', () => {
    const store = new Store();
    store.create({ ...makeDeployment('web'), metadata: { name: 'web', namespace: 'shop', uid: 'u-1' } });
    expect(statusOf(() => store.delete(WEB, { expectedUid: 'u-2' })).message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": Precondition failed: UID in precondition: u-2, UID in object meta: u-1',
    );
    expect(statusOf(() => store.delete(WEB, { expectedResourceVersion: '7' })).message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": Precondition failed: ResourceVersion in precondition: 7, ResourceVersion in object meta: 1',
    );
    expect(store.delete(WEB, { expectedUid: 'u-1', expectedResourceVersion: '1' }).metadata.resourceVersion).toBe('2');
  });

  it('store objects are deep-frozen: changing one throws in strict mode', () => {
    const store = new Store();
    const stored = store.create(makePod('p', 'default', { app: 'web' }, { containers: [{ name: 'c', image: 'nginx' }] }));
    expect(() => {
      (stored.metadata.labels as Record<string, string>).app = 'db';
    }).toThrow(TypeError);
    expect(() => {
      ((stored.spec as { containers: Array<{ image: string }> }).containers[0]!).image = 'x';
    }).toThrow(TypeError);
    expect(() => {
      stored.kind = 'Service';
    }).toThrow(TypeError);
    expect(Object.isFrozen(store.list({ apiVersion: 'v1', kind: 'Pod' }).items[0]!.metadata)).toBe(true);
  });

  it('store.create() rejects values that are not JSON, naming the object', () => {
    const store = new Store();
    expect(() => store.create({ ...makePod('p'), spec: { when: new Date(0) } })).toThrow('Cannot store Pod default/p: a Date instance is not JSON');
    expect(() => store.create({ apiVersion: 'v1', kind: 'Pod', metadata: {} })).toThrow('Cannot store a Pod without metadata.name');
    expect(store.resourceVersion).toBe(0);
  });

  it('store.update() shares unchanged parts of a stored object instead of copying them', () => {
    const store = new Store();
    const stored = store.create({ ...makePod('p'), spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending' } });
    const next = store.update({ ...stored, status: { phase: 'Running' } });
    expect(next.spec).toBe(stored.spec);
    expect(next.status).toEqual({ phase: 'Running' });
  });

  it('store.create() with adopt freezes the object in place, drops undefined fields and keeps frozen values', () => {
    const store = new Store();
    const shared = Object.freeze({ phase: 'Pending' });
    const spec = { containers: [{ name: 'c', image: undefined }], tolerations: [undefined] };
    const stored = store.create({ ...makePod('p'), spec, status: shared }, { adopt: true }) as any;
    expect(stored.status).toBe(shared);
    expect(stored.spec).toBe(spec);
    expect(Object.isFrozen(spec) && Object.isFrozen(spec.containers)).toBe(true);
    expect(stored.spec.containers[0]).toEqual({ name: 'c' });
    expect(Object.isFrozen(stored.spec.containers[0])).toBe(true);
    expect(Object.keys(stored.spec.containers[0])).toEqual(['name']);
    expect(stored.spec.tolerations).toEqual([null]);
    expect(stored.metadata.resourceVersion).toBe('1');
  });

  it('store.update() of the same content returns the stored object and leaves the sent one as it is', () => {
    const store = new Store();
    const stored = store.create({ ...makePod('p'), spec: { when: {} } });
    const same = { ...makePod('p'), spec: { when: {} } };
    expect(store.update(same, { adopt: true })).toBe(stored);
    expect(Object.isFrozen(same)).toBe(false);
    expect(() => store.update({ ...makePod('p'), spec: { when: new Date(0) } }, { adopt: true })).toThrow('Cannot store Pod default/p: a Date instance is not JSON');
    expect(store.resourceVersion).toBe(1);
  });

  it('store.update() with adopt rejects values that are not JSON as a copying update does', () => {
    const store = new Store();
    store.create(makePod('p'));
    expect(() => store.update({ ...makePod('p'), spec: { when: new Date(0) } }, { adopt: true })).toThrow('Cannot store Pod default/p: a Date instance is not JSON');
    expect(() => store.update({ ...makePod('p'), spec: { n: Number.NaN } }, { adopt: true })).toThrow('Cannot store Pod default/p: NaN is not a JSON number');
    expect(store.resourceVersion).toBe(1);
  });
});

describe('Store.list', () => {
  function seed(): Store {
    const store = new Store();
    store.create(makePod('b', 'shop', { app: 'web', tier: 'front' }, { nodeName: 'n1' }));
    store.create(makePod('a', 'shop', { app: 'db' }, { nodeName: 'n2' }));
    store.create(makePod('c', 'default', { app: 'web', tier: 'back' }, { nodeName: 'n1' }));
    store.create(makePod('z', 'other', { app: 'cache' }));
    store.create(makeDeployment('web'));
    return store;
  }
  const PODS = { apiVersion: 'v1', kind: 'Pod' };
  const names = (items: KubeObject[]) => items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);

  it('store.list() orders items by namespace, then name, and reports the latest revision', () => {
    const store = seed();
    const result = store.list(PODS);
    expect(names(result.items)).toEqual(['default/c', 'other/z', 'shop/a', 'shop/b']);
    expect(result.resourceVersion).toBe('5');
    expect(result.continue).toBeUndefined();
    expect(names(store.list({ ...PODS, namespace: 'shop' }).items)).toEqual(['shop/a', 'shop/b']);
    expect(store.list({ group: 'apps', kind: 'Deployment' }).items).toHaveLength(1);
    expect(store.list({ apiVersion: 'v1', kind: 'Secret' }).items).toEqual([]);
  });

  it('store.list() filters by label selector in string and object form', () => {
    const store = seed();
    expect(names(store.list({ ...PODS, labelSelector: 'app=web' }).items)).toEqual(['default/c', 'shop/b']);
    expect(names(store.list({ ...PODS, labelSelector: 'app in (db,cache),!tier' }).items)).toEqual(['other/z', 'shop/a']);
    expect(names(store.list({ ...PODS, labelSelector: 'tier' }).items)).toEqual(['default/c', 'shop/b']);
    expect(names(store.list({ ...PODS, labelSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }] } }).items)).toEqual([
      'other/z', 'shop/a', 'shop/b',
    ]);
  });

  it('store.list() filters by field selector', () => {
    const store = seed();
    expect(names(store.list({ ...PODS, fieldSelector: 'spec.nodeName=n1' }).items)).toEqual(['default/c', 'shop/b']);
    expect(names(store.list({ ...PODS, fieldSelector: 'metadata.namespace!=shop,metadata.name!=z' }).items)).toEqual(['default/c']);
    expect(names(store.list({ ...PODS, fieldSelector: 'metadata.name=a', labelSelector: 'app=db' }).items)).toEqual(['shop/a']);
  });

  it('store.list() answers a bad selector with 400 BadRequest and the parser message', () => {
    const store = seed();
    const fieldError = statusOf(() => store.list({ group: 'apps', kind: 'Deployment', fieldSelector: 'spec.replicas=1' }));
    expect([fieldError.code, fieldError.message]).toEqual([400, 'field label not supported: spec.replicas']);
    expect(statusOf(() => store.list({ ...PODS, labelSelector: 'app web' })).message).toBe(
      "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt",
    );
  });

  it('store.list() pages with limit and continue across several pages', () => {
    const store = new Store();
    for (const ns of ['b', 'a']) for (let i = 0; i < 5; i++) store.create(makePod(`p${i}`, ns, { odd: String(i % 2) }));
    const seen: string[] = [];
    let token: string | undefined;
    const counts: Array<number | undefined> = [];
    do {
      const page = store.list({ ...PODS, limit: 3, continue: token });
      expect(page.resourceVersion).toBe('10');
      seen.push(...names(page.items));
      counts.push(page.remainingItemCount);
      token = page.continue;
    } while (token);
    expect(seen).toEqual(['a/p0', 'a/p1', 'a/p2', 'a/p3', 'a/p4', 'b/p0', 'b/p1', 'b/p2', 'b/p3', 'b/p4']);
    expect(counts).toEqual([7, 4, 1, undefined]);
  });

  it('store.list() pages with a selector and leaves remainingItemCount unset', () => {
    const store = new Store();
    for (let i = 0; i < 7; i++) store.create(makePod(`p${i}`, 'x', { odd: String(i % 2) }));
    const first = store.list({ ...PODS, labelSelector: 'odd=0', limit: 2 });
    expect(names(first.items)).toEqual(['x/p0', 'x/p2']);
    expect(first.remainingItemCount).toBeUndefined();
    const second = store.list({ ...PODS, labelSelector: 'odd=0', limit: 2, continue: first.continue });
    expect(names(second.items)).toEqual(['x/p4', 'x/p6']);
    expect(second.continue).toBeUndefined();
  });

  it('store.list() continues from the current state after the last key and reports the first page revision', () => {
    const store = new Store();
    for (const name of ['a', 'c', 'e']) store.create(makePod(name));
    const first = store.list({ ...PODS, limit: 1 });
    store.delete({ ...PODS, namespace: 'default', name: 'c' });
    store.create(makePod('b'));
    store.create(makePod('d'));
    const second = store.list({ ...PODS, limit: 5, continue: first.continue });
    expect(names(second.items)).toEqual(['default/b', 'default/d', 'default/e']);
    expect(second.resourceVersion).toBe('3');
  });

  it('store.list() rejects a continue token older than the history with 410 and offers a fresh token', () => {
    const store = new Store({ historySize: 2 });
    for (const name of ['a', 'b', 'c']) store.create(makePod(name));
    const first = store.list({ ...PODS, limit: 1 });
    for (const name of ['d', 'e', 'f']) store.create(makePod(name));
    const error = statusOf(() => store.list({ ...PODS, limit: 1, continue: first.continue }));
    expect(error.status).toMatchObject({ code: 410, reason: 'Expired', message: INCONSISTENT_CONTINUE_MESSAGE });
    const rest = store.list({ ...PODS, continue: error.status.metadata.continue });
    expect(names(rest.items)).toEqual(['default/b', 'default/c', 'default/d', 'default/e', 'default/f']);
    expect(rest.resourceVersion).toBe('6');
  });

  it('store.list() rejects a malformed continue token with 400', () => {
    const store = seed();
    const error = statusOf(() => store.list({ ...PODS, continue: 'bm90IGpzb24' }));
    expect(error.code).toBe(400);
    expect(error.message).toMatch(/^invalid continue token: continue key is not valid: /);
  });
});

describe('Store snapshots', () => {
  it('Store.restore() of a snapshot holds the same objects and continues the revision', () => {
    const store = new Store();
    store.create(makePod('b', 'x'));
    store.create(makeDeployment('web'));
    store.create(makePod('a', 'x'));
    store.update(makeDeployment('web', 2));
    const snapshot = store.snapshot();
    expect(snapshot.resourceVersion).toBe(4);
    expect(snapshot.objects.map((o) => `${o.kind}/${o.metadata.name}@${o.metadata.resourceVersion}`)).toEqual(['Pod/a@3', 'Pod/b@1', 'Deployment/web@4']);
    const restored = Store.restore(JSON.parse(JSON.stringify(snapshot)));
    expect(restored.snapshot()).toEqual(snapshot);
    expect(restored.get(WEB)).toEqual(store.get(WEB));
    expect(Object.isFrozen(restored.get(WEB).spec)).toBe(true);
    expect(restored.create(makePod('c', 'x')).metadata.resourceVersion).toBe('5');
  });

  it('Store.restore() lets watches resume only from the snapshot revision on', () => {
    const restored = Store.restore({ resourceVersion: 4, objects: [{ ...makePod('a'), metadata: { name: 'a', namespace: 'default', resourceVersion: '3' } }] });
    const events: unknown[] = [];
    restored.watch({ apiVersion: 'v1', kind: 'Pod', resourceVersion: '3' }, (e) => events.push(e.object));
    expect(events).toEqual([expect.objectContaining({ message: 'too old resource version: 3 (4)' })]);
    expect(() => Store.restore({ resourceVersion: 2, objects: [{ ...makePod('a'), metadata: { name: 'a', resourceVersion: '3' } }] })).toThrow(
      'Snapshot object Pod a: resourceVersion "3" is not a revision at or below 2',
    );
  });

  function textOf(kindKey: string, objects: readonly unknown[], raw?: string): KindText {
    const bytes = Buffer.from(raw ?? objects.map((o) => JSON.stringify(o)).join(',\n'));
    return { kindKey, count: objects.length, bytes, maxResourceVersion: 3, sha256: hashKindText(bytes) };
  }
  const stamped = (obj: KubeObject, rv: string): KubeObject => ({ ...obj, metadata: { ...obj.metadata, resourceVersion: rv } });
  const PODS = { apiVersion: 'v1', kind: 'Pod' };

  it('Store.restore() with kind texts parses a kind on its first use only', () => {
    const pods = textOf('/Pod', [stamped(makePod('a'), '2'), stamped(makePod('b'), '3')]);
    const broken = textOf('/ConfigMap', [{}], '{"apiVersion":"v1",');
    const restored = Store.restore({ resourceVersion: 3, objects: [], texts: [pods, broken] });
    expect(restored.list(PODS).items.map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`)).toEqual(['a@2', 'b@3']);
    expect(Object.isFrozen(restored.get({ ...PODS, namespace: 'default', name: 'a' }).metadata)).toBe(true);
    expect(() => restored.list({ apiVersion: 'v1', kind: 'ConfigMap' })).toThrow(/^Snapshot objects of kind \/ConfigMap: not valid JSON \(/);
  });

  it('Store.restore() with kind texts refuses, on use, an object filed under another kind', () => {
    const restored = Store.restore({ resourceVersion: 3, objects: [], texts: [textOf('/Pod', [stamped(makeDeployment('web'), '1')])] });
    expect(() => restored.tryGet({ ...PODS, namespace: 'shop', name: 'web' })).toThrow(new RangeError('Snapshot object Deployment shop/web is among the objects of kind /Pod'));
  });

  it('Store.snapshotForSave() keeps a kind nothing was written to as its text, parsed or not, and a written kind as objects', () => {
    const pods = textOf('/Pod', [stamped(makePod('a'), '2')]);
    const deployments = textOf('apps/Deployment', [stamped(makeDeployment('web'), '3')]);
    const restored = Store.restore({ resourceVersion: 3, objects: [], texts: [pods, deployments] });
    expect(restored.snapshotForSave()).toEqual({ resourceVersion: 3, objects: [], texts: [pods, deployments] });
    restored.get(WEB);
    restored.update(stamped(makeDeployment('web'), '3'));
    expect(restored.snapshotForSave().texts).toEqual([pods, deployments]);
    restored.update(makeDeployment('web', 2));
    const saved = restored.snapshotForSave();
    expect(saved.texts).toEqual([pods]);
    expect(saved.objects.map((o) => `${o.kind}/${o.metadata.name}@${o.metadata.resourceVersion}`)).toEqual(['Deployment/web@4']);
    expect(restored.snapshot().objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Pod/a', 'Deployment/web']);
  });
});
