import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { defineLazyManagedFields } from '../store/lazy-managed-fields.ts';
import { after, copyMetadata, done, keyListOf, keysIn, kind, mapped, NO_KEYS, objectKey, ownedBy, splitKey, type Controller } from './controller.ts';
import { ControllerManager } from './manager.ts';
import { WorkQueue } from './work-queue.ts';
import { VirtualClock } from '../clock.ts';

/** Copies a ConfigMap's data into `<name>-copy` after a delay given in the `delay` key. */
const copier: Controller = {
  name: 'copier',
  watches: [kind('v1', 'ConfigMap')],
  reconcile(key, { api, clock }) {
    const { namespace, name } = splitKey(key);
    if (name.endsWith('-copy')) return done();
    const cm = api.tryGet({ apiVersion: 'v1', kind: 'ConfigMap', namespace, name });
    if (!cm) return done();
    const due = Date.parse(cm.metadata.creationTimestamp!) + Number((cm.data as Record<string, string>).delay ?? 0);
    if (clock.nowMillis() < due) return after(due - clock.nowMillis());
    const copy = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-copy`, namespace }, data: cm.data } as KubeObject;
    if (!api.tryGet({ apiVersion: 'v1', kind: 'ConfigMap', namespace, name: `${name}-copy` })) api.create(copy, { fieldManager: 'copier' });
    return done();
  },
};

function cluster(): ApiServer {
  const api = new ApiServer();
  bootstrapCluster(api, { nodes: 0 });
  return api;
}

describe('ControllerManager', () => {
  it('settle() runs reconciles and moves the virtual clock to each timer until quiescent', () => {
    const api = cluster();
    const manager = new ControllerManager(api, [copier]).start();
    api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' }, data: { delay: '30000' } });
    const result = manager.settle();
    expect(result.settled).toBe(true);
    expect(result.elapsedMs).toBe(30_000);
    expect(api.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'a-copy' }).data).toEqual({ delay: '30000' });
  });

  it('settle() stops at its timeout and reports the keys still waiting', () => {
    const api = cluster();
    const manager = new ControllerManager(api, [copier]);
    api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'slow', namespace: 'default' }, data: { delay: '3600000' } });
    const result = manager.settle({ timeoutMs: 60_000 });
    expect(result).toMatchObject({ settled: false, elapsedMs: 60_000, pending: ['copier: default/slow'] });
    expect(api.tryGet({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'slow-copy' })).toBeUndefined();
  });

  it('settle() lists the pending keys when the result is first read and keeps that list', () => {
    const api = cluster();
    const manager = new ControllerManager(api, [copier]);
    api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'slow', namespace: 'default' }, data: { delay: '3600000' } });
    const result = manager.settle({ timeoutMs: 0 });
    expect(result.settled).toBe(false);
    const pending = result.pending;
    expect(pending).toEqual(['copier: default/slow']);
    expect(result.pending).toBe(pending);
    expect(manager.settle({ timeoutMs: 3_600_000 }).settled).toBe(true);
    expect(result.pending).toEqual(['copier: default/slow']);
  });

  it('a failing reconcile is retried with back-off and dropped after too many failures', () => {
    const api = cluster();
    let calls = 0;
    const flaky: Controller = {
      name: 'flaky',
      watches: [kind('v1', 'Namespace')],
      reconcile(key) {
        if (key !== 'default') return done();
        calls++;
        throw new Error('boom');
      },
    };
    const manager = new ControllerManager(api, [flaky]);
    const result = manager.settle({ timeoutMs: 24 * 3600 * 1000 });
    expect(result.settled).toBe(true);
    expect(calls).toBe(16);
    expect(manager.failures).toEqual([{ controller: 'flaky', key: 'default', error: 'boom' }]);
  });

  it('runPending() lets each controller work off the keys queued when its turn began, then the next one runs', () => {
    const api = cluster();
    const log: string[] = [];
    const recorder = (name: string, queueAlso: (key: string) => string[] = () => []): Controller => ({
      name,
      watches: [],
      reconcile(key) {
        log.push(`${name} ${key}`);
        return { alsoQueue: queueAlso(key) };
      },
    });
    const manager = new ControllerManager(api, [recorder('a', (key) => (key === '1' ? ['3'] : [])), recorder('b')]);
    for (const key of ['1', '2']) manager.enqueue('a', key);
    for (const key of ['x', 'y']) manager.enqueue('b', key);
    expect(manager.runPending()).toBe(5);
    // Key 3, which a's own reconcile of 1 queued, waits until b has had its turn.
    expect(log).toEqual(['a 1', 'a 2', 'b x', 'b y', 'a 3']);
  });

  it('a store event queues the keys of the new state, then those of the previous one unless the watch says they are the same', () => {
    const api = cluster();
    const seen: string[] = [];
    const byTeam = (cm: KubeObject): readonly string[] => {
      seen.push(`${cm.metadata.name}@${cm.metadata.resourceVersion}`);
      const team = cm.metadata.labels?.team;
      return team ? [`team-${team}`] : NO_KEYS;
    };
    const log: string[] = [];
    const teams: Controller = {
      name: 'teams',
      watches: [mapped('v1', 'ConfigMap', byTeam, (cm, prev) => cm.metadata.labels?.team === prev.metadata.labels?.team)],
      reconcile(key) {
        log.push(key);
        return done();
      },
    };
    const manager = new ControllerManager(api, [teams]).start();
    const created = api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default', labels: { team: 'x' } }, data: { v: '1' } });
    const edited = api.update({ ...created, data: { v: '2' } } as KubeObject);
    // Same team: the previous state is not mapped.
    expect(seen).toEqual([`a@${created.metadata.resourceVersion}`, `a@${edited.metadata.resourceVersion}`]);
    const moved = api.update({ ...edited, metadata: { ...edited.metadata, labels: { team: 'y' } } } as KubeObject);
    expect(seen.slice(2)).toEqual([`a@${moved.metadata.resourceVersion}`, `a@${edited.metadata.resourceVersion}`]);
    manager.runPending();
    expect(log).toEqual(['team-x', 'team-y']);
  });

  it('objectKey() and splitKey() round-trip namespaced and cluster-scoped keys', () => {
    expect(objectKey({ metadata: { namespace: 'ns', name: 'a' } })).toBe('ns/a');
    expect(splitKey('ns/a')).toEqual({ namespace: 'ns', name: 'a' });
    expect(splitKey('node-1')).toEqual({ name: 'node-1' });
    expect(splitKey(objectKey({ metadata: { namespace: 'ns', name: 'b' } }))).toEqual({ namespace: 'ns', name: 'b' });
    expect(objectKey({ metadata: { name: 'node-2' } })).toBe('node-2');
    expect(splitKey('node-2')).toEqual({ name: 'node-2' });
  });

  it('keyListOf() hands out the same frozen one-key list for a namespace and name every time', () => {
    const first = keyListOf('ns', 'web-1');
    expect(first).toEqual(['ns/web-1']);
    expect(Object.isFrozen(first)).toBe(true);
    expect(keyListOf('ns', 'web-1')).toBe(first);
    expect(keyListOf(undefined, 'node-1')).toEqual(['node-1']);
    expect(keyListOf('', 'node-1')).toBe(keyListOf(undefined, 'node-1'));
  });

  it('keysIn() keys names in a namespace, sharing the empty and one-key lists', () => {
    expect(keysIn('ns', [])).toBe(NO_KEYS);
    expect(keysIn('ns', ['a'])).toBe(keyListOf('ns', 'a'));
    expect(keysIn('ns', ['a', 'b'])).toEqual(['ns/a', 'ns/b']);
    expect(keysIn('', ['a'])).toEqual(['/a']);
  });

  it('ownedBy() keys an object by its controller owner of the kind, in the namespace of the object', () => {
    const source = ownedBy('v1', 'Pod', 'ReplicaSet');
    const pod = (refs: object[] | undefined) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'ns', name: 'p', ownerReferences: refs } }) as unknown as KubeObject;
    expect(source.keysFor(pod([{ kind: 'ReplicaSet', name: 'rs', controller: true }]))).toEqual(['ns/rs']);
    expect(source.keysFor(pod([{ kind: 'ReplicaSet', name: 'rs' }, { kind: 'Job', name: 'j', controller: true }]))).toBe(NO_KEYS);
    expect(source.keysFor(pod(undefined))).toBe(NO_KEYS);
  });

  it('copyMetadata() copies metadata in key order and hands a pending managedFields getter on uncalled', () => {
    let computed = 0;
    const metadata: Record<string, unknown> = { name: 'a', namespace: 'ns' };
    defineLazyManagedFields(metadata, () => (computed++, [{ manager: 'm' }]), 1);
    metadata.labels = { app: 'a' };
    const copy = copyMetadata(metadata as KubeObject['metadata']);
    expect(computed).toBe(0);
    expect(Object.keys(copy)).toEqual(['name', 'namespace', 'managedFields', 'labels']);
    expect(copy.labels).toBe(metadata.labels);
    expect(copy.managedFields).toEqual([{ manager: 'm' }]);
    expect(metadata.managedFields).toBe(copy.managedFields);
    expect(computed).toBe(1);
    expect(copyMetadata({ name: 'b', managedFields: [] } as KubeObject['metadata'])).toEqual({ name: 'b', managedFields: [] });
  });
});

describe('WorkQueue', () => {
  it('WorkQueue holds a key once and hands keys out in order', () => {
    const q = new WorkQueue(new VirtualClock(0));
    q.add('a');
    q.add('b');
    q.add('a');
    expect([q.next(), q.next(), q.next()]).toEqual(['a', 'b', undefined]);
  });

  it('WorkQueue.addAfter() keeps the earliest delay for a key', () => {
    const clock = new VirtualClock(0);
    const q = new WorkQueue(clock);
    q.addAfter('a', 1000);
    q.addAfter('a', 500);
    q.addAfter('a', 2000);
    clock.advance(499);
    expect(q.length).toBe(0);
    clock.advance(1);
    expect(q.next()).toBe('a');
    clock.advance(5000);
    expect(q.length).toBe(0);
  });

  it('WorkQueue back-off doubles per failure and forget() resets it', () => {
    const clock = new VirtualClock(0);
    const q = new WorkQueue(clock, { baseMs: 10 });
    q.addRateLimited('k');
    clock.advance(10);
    expect(q.next()).toBe('k');
    q.addRateLimited('k');
    expect(clock.nextTimerAt()).toBe(10 + 20);
    expect(q.numRequeues('k')).toBe(2);
    q.forget('k');
    expect(q.numRequeues('k')).toBe(0);
  });
});
