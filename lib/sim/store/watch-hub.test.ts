import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { Store } from '../store.ts';
import type { StoreEvent, WatchEvent } from './types.ts';

function makePod(name: string, labels?: Record<string, string>, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, ...(labels ? { labels } : {}) }, spec: {} };
}

const PODS = { apiVersion: 'v1', kind: 'Pod' };

/** `TYPE name@rv` per event, or the Status message for an ERROR. */
function record(events: string[]) {
  return (event: WatchEvent) => {
    const object = event.object as KubeObject & { message?: string };
    events.push(event.type === 'ERROR' ? `ERROR ${object.message}` : `${event.type} ${object.metadata.name ?? ''}@${object.metadata.resourceVersion}`);
  };
}

describe('Store.watch', () => {
  it('store.watch() delivers live events in resourceVersion order, DELETED with a new revision', () => {
    const store = new Store();
    const events: string[] = [];
    store.watch({ ...PODS, resourceVersion: '0' }, record(events));
    store.create(makePod('a'));
    store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' } });
    store.update({ ...makePod('a'), spec: { nodeName: 'n1' } });
    store.delete({ ...PODS, namespace: 'default', name: 'a' });
    expect(events).toEqual(['ADDED a@1', 'MODIFIED a@3', 'DELETED a@4']);
  });

  it('store.watch() from 0 or unset sends a synthetic ADDED per current object first', () => {
    const store = new Store();
    store.create(makePod('b', { app: 'web' }));
    store.create(makePod('a', { app: 'web' }));
    store.create(makePod('c', { app: 'db' }));
    for (const resourceVersion of ['0', undefined]) {
      const events: string[] = [];
      store.watch({ ...PODS, labelSelector: 'app=web', resourceVersion }, record(events));
      expect(events).toEqual(['ADDED a@2', 'ADDED b@1']);
    }
  });

  it('store.watch() from a resourceVersion sees exactly the later events', () => {
    const store = new Store();
    store.create(makePod('a'));
    store.create(makePod('b'));
    const { resourceVersion } = store.list(PODS);
    store.update({ ...makePod('a'), spec: { x: 1 } });
    store.delete({ ...PODS, namespace: 'default', name: 'b' });
    const events: string[] = [];
    store.watch({ ...PODS, resourceVersion }, record(events));
    expect(events).toEqual(['MODIFIED a@3', 'DELETED b@4']);
    store.create(makePod('c'));
    expect(events).toEqual(['MODIFIED a@3', 'DELETED b@4', 'ADDED c@5']);
  });

  it('store.watch() from a compacted resourceVersion gets one 410 ERROR and ends', () => {
    const store = new Store({ historySize: 3 });
    for (const name of ['a', 'b', 'c', 'd', 'e']) store.create(makePod(name));
    const events: WatchEvent[] = [];
    store.watch({ ...PODS, resourceVersion: '1' }, (e) => events.push(e));
    store.create(makePod('f'));
    expect(events).toEqual([
      {
        type: 'ERROR',
        object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 1 (2)', reason: 'Expired', code: 410 },
      },
    ]);
    const resumed: string[] = [];
    store.watch({ ...PODS, resourceVersion: String(store.compactedResourceVersion) }, record(resumed));
    expect(resumed).toEqual(['ADDED d@4', 'ADDED e@5', 'ADDED f@6']);
  });

  it('store.watch() from a resourceVersion ahead of the store gets one 504 ERROR', () => {
    const store = new Store();
    store.create(makePod('a'));
    const events: string[] = [];
    store.watch({ ...PODS, resourceVersion: '9' }, record(events));
    expect(events).toEqual(['ERROR Timeout: Too large resource version: 9, current: 1']);
  });

  it('store.watch() turns selector transitions into ADDED and DELETED, as the watch cache does', () => {
    const store = new Store();
    store.create(makePod('a', { app: 'web' }));
    const events: WatchEvent[] = [];
    store.watch({ ...PODS, labelSelector: 'app=web', resourceVersion: '1' }, (e) => events.push(e));
    store.update(makePod('a', { app: 'db' }));
    store.update(makePod('a', { app: 'db', x: 'y' }));
    store.update(makePod('a', { app: 'web' }));
    store.update(makePod('a', { app: 'web', x: 'z' }));
    expect(events.map((e) => `${e.type}@${(e.object as KubeObject).metadata.resourceVersion}`)).toEqual(['DELETED@2', 'ADDED@4', 'MODIFIED@5']);
    // The DELETED carries the last state that matched, stamped with the revision of the change.
    expect((events[0]!.object as KubeObject).metadata.labels).toEqual({ app: 'web' });
  });

  it('store.watch() filters by namespace and field selector', () => {
    const store = new Store();
    const events: string[] = [];
    store.watch({ ...PODS, namespace: 'shop', fieldSelector: 'metadata.name!=skip' }, record(events));
    store.create(makePod('a', undefined, 'shop'));
    store.create(makePod('b', undefined, 'other'));
    store.create(makePod('skip', undefined, 'shop'));
    expect(events).toEqual(['ADDED a@1']);
  });

  it('store.watch() sends bookmarks only to watches that allowed them', () => {
    const store = new Store();
    store.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } });
    const plain: WatchEvent[] = [];
    const withBookmarks: WatchEvent[] = [];
    store.watch({ group: 'apps', kind: 'Deployment', resourceVersion: '1' }, (e) => plain.push(e));
    store.watch({ group: 'apps', kind: 'Deployment', resourceVersion: '1', allowBookmarks: true }, (e) => withBookmarks.push(e));
    store.create(makePod('p'));
    store.bookmark();
    expect(plain).toEqual([]);
    expect(withBookmarks).toEqual([{ type: 'BOOKMARK', object: { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { resourceVersion: '2' } } }]);
  });

  it('store.watch() keeps order when a listener writes during delivery', () => {
    const store = new Store();
    const first: string[] = [];
    const second: string[] = [];
    store.watch({ ...PODS, resourceVersion: '0' }, (event) => {
      record(first)(event);
      const name = (event.object as KubeObject).metadata.name!;
      if (event.type === 'ADDED' && !name.endsWith('-child')) store.create(makePod(`${name}-child`));
    });
    store.watch({ ...PODS, resourceVersion: '0' }, record(second));
    store.create(makePod('a'));
    store.create(makePod('b'));
    const expected = ['ADDED a@1', 'ADDED a-child@2', 'ADDED b@3', 'ADDED b-child@4'];
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
  });

  it('store.watch() stop() ends delivery, including events already queued', () => {
    const store = new Store();
    const events: string[] = [];
    const handle = store.watch({ ...PODS, resourceVersion: '0' }, record(events));
    store.subscribe((event) => {
      if (event.object.metadata.name === 'a') handle.stop();
    });
    store.create(makePod('a'));
    store.create(makePod('b'));
    expect(events).toEqual(['ADDED a@1']);
  });

  it('store.watch() delivers to the other listeners when one throws, then rethrows', () => {
    const store = new Store();
    const events: string[] = [];
    store.watch({ ...PODS, resourceVersion: '0' }, () => {
      throw new Error('listener bug');
    });
    store.watch({ ...PODS, resourceVersion: '0' }, record(events));
    expect(() => store.create(makePod('a'))).toThrow('listener bug');
    expect(events).toEqual(['ADDED a@1']);
    expect(store.tryGet({ ...PODS, namespace: 'default', name: 'a' })).toBeDefined();
  });
});

describe('Store.subscribe', () => {
  it('store.subscribe() receives every write of every kind in order, with the previous state', () => {
    const store = new Store();
    const events: StoreEvent[] = [];
    const handle = store.subscribe((e) => events.push(e));
    const pod = store.create(makePod('a'));
    store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } });
    store.update({ ...makePod('a'), spec: { x: 1 } });
    handle.stop();
    store.delete({ ...PODS, namespace: 'default', name: 'a' });
    expect(events.map((e) => `${e.type} ${e.object.kind} ${e.resourceVersion}`)).toEqual(['ADDED Pod 1', 'ADDED ConfigMap 2', 'MODIFIED Pod 3']);
    expect(events[2]!.prevObject).toBe(pod);
    expect(events[1]!.group).toBe('');
  });

  it('store.subscribe() listeners see each event in subscription order, a write from one queued after the event reaches the rest', () => {
    const store = new Store();
    const log: string[] = [];
    store.subscribe((e) => {
      log.push(`first ${e.object.metadata.name}`);
      if (e.object.metadata.name === 'a') store.create(makePod('b'));
    });
    store.subscribe((e) => log.push(`second ${e.object.metadata.name}`));
    store.create(makePod('a'));
    expect(log).toEqual(['first a', 'second a', 'first b', 'second b']);
  });

  it('store.subscribe() stop() from another listener skips the events already queued for it', () => {
    const store = new Store();
    const log: string[] = [];
    let second: { stop(): void } | undefined;
    store.subscribe((e) => {
      log.push(`first ${e.object.metadata.name}`);
      if (e.object.metadata.name === 'a') second?.stop();
    });
    second = store.subscribe((e) => log.push(`second ${e.object.metadata.name}`));
    store.create(makePod('a'));
    store.create(makePod('b'));
    expect(log).toEqual(['first a', 'first b']);
  });

  it('store.subscribe() listeners after a throwing one still get the event, then the error is rethrown', () => {
    const store = new Store();
    const log: string[] = [];
    store.subscribe(() => {
      throw new Error('listener bug');
    });
    store.subscribe((e) => log.push(e.object.metadata.name ?? ''));
    expect(() => store.create(makePod('a'))).toThrow('listener bug');
    expect(log).toEqual(['a']);
  });

  it('store.subscribe() during delivery gets only the events published after it', () => {
    const store = new Store();
    const log: string[] = [];
    store.subscribe((e) => {
      if (e.object.metadata.name === 'a') {
        store.create(makePod('b'));
        store.subscribe((later) => log.push(later.object.metadata.name ?? ''));
        store.create(makePod('c'));
      }
    });
    store.create(makePod('a'));
    expect(log).toEqual(['c']);
  });
});
