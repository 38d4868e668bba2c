import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { Store } from '../store.ts';
import { ownerIndexesOf } from './replicaset-owner-index.ts';

const OWNER = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-1', controller: true };

function makePod(name: string, options: { labels?: Record<string, string>; ready?: boolean; owned?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: options.labels ?? { app: 'web' }, ...(options.owned === false ? {} : { ownerReferences: [OWNER] }) },
    spec: {},
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: options.ready ? 'True' : 'False' }] },
  } as KubeObject;
}

/** `labels: active/ready` per label set of the owner. */
function countsOf(store: Store): string[] {
  return [...ownerIndexesOf(store).pods.ownedBy('rs-1').labelSets.values()].map((s) => `${JSON.stringify(s.labels)}: ${s.active}/${s.ready}`);
}

describe('OwnerIndex', () => {
  it('ownerIndexesOf() lists an owner’s pods, the last written last, and counts them per label set', () => {
    const store = new Store();
    for (const name of ['a', 'b', 'c']) store.create(makePod(name));
    const owned = ownerIndexesOf(store).pods.ownedBy('rs-1');
    store.update(makePod('a', { ready: true }));
    expect([...owned.objects.keys()]).toEqual(['default/b', 'default/c', 'default/a']);
    expect(owned.objects.get('default/a')?.metadata.resourceVersion).toBe('4');
    expect(countsOf(store)).toEqual(['{"app":"web"}: 3/1']);
    expect(ownerIndexesOf(store).pods.ownedBy('rs-1')).toBe(owned);
  });

  it('ownerIndexesOf() moves a pod whose labels changed to its new label set, and drops emptied sets', () => {
    const store = new Store();
    ownerIndexesOf(store);
    for (const name of ['a', 'b']) store.create(makePod(name, { ready: true }));
    store.update(makePod('a', { labels: { app: 'web', tier: 'x' }, ready: true }));
    expect(countsOf(store)).toEqual(['{"app":"web"}: 1/1', '{"app":"web","tier":"x"}: 1/1']);
    store.update(makePod('b', { labels: { app: 'web', tier: 'x' } }));
    expect(countsOf(store)).toEqual(['{"app":"web","tier":"x"}: 2/1']);
  });

  it('ownerIndexesOf() counts pods in one label set per distinct labels, key order included', () => {
    const store = new Store();
    ownerIndexesOf(store);
    store.create(makePod('a', { labels: { app: 'web', tier: 'x' }, ready: true }));
    store.create(makePod('b', { labels: { app: 'web', tier: 'x' } }));
    store.create(makePod('c', { labels: { tier: 'x', app: 'web' } }));
    store.create(makePod('d', { labels: { app: 'web', tier: 'y' } }));
    expect(countsOf(store)).toEqual(['{"app":"web","tier":"x"}: 2/1', '{"tier":"x","app":"web"}: 1/0', '{"app":"web","tier":"y"}: 1/0']);
  });

  it('ownerIndexesOf() stops counting a pod that finished or is terminating, and forgets a deleted one', () => {
    const store = new Store();
    ownerIndexesOf(store);
    for (const name of ['a', 'b', 'c']) store.create(makePod(name, { ready: true }));
    store.update({ ...makePod('a'), status: { phase: 'Succeeded' } } as KubeObject);
    expect(countsOf(store)).toEqual(['{"app":"web"}: 2/2']);
    store.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'b' });
    expect(countsOf(store)).toEqual(['{"app":"web"}: 1/1']);
    expect([...ownerIndexesOf(store).pods.ownedBy('rs-1').objects.keys()]).toEqual(['default/c', 'default/a']);
  });

  it('ownerIndexesOf() files a pod released by its owner as an orphan, and an adopted one under its owner', () => {
    const store = new Store();
    for (const name of ['a', 'b']) store.create(makePod(name));
    const indexes = ownerIndexesOf(store);
    store.update(makePod('a', { owned: false }));
    expect([...indexes.pods.orphansIn('default').keys()]).toEqual(['a']);
    store.update(makePod('a', { owned: false, ready: true }));
    expect(indexes.pods.orphansIn('default').get('a')?.metadata.resourceVersion).toBe('4');
    store.update(makePod('a'));
    expect([...indexes.pods.orphansIn('default').keys()]).toEqual([]);
    expect([...indexes.pods.ownedBy('rs-1').objects.keys()]).toEqual(['default/b', 'default/a']);
    expect(countsOf(store)).toEqual(['{"app":"web"}: 2/0']);
  });
});
