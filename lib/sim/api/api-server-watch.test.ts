import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import type { Status } from '../errors.ts';
import { Store, type WatchEvent } from '../store.ts';
import { ApiServer } from './api-server.ts';
import { CM, DEPLOY, NS, configMap, createApi, deployment, expectStatus } from './test-objects.ts';

type Obj = Record<string, any>;

function record(events: string[]): (event: WatchEvent) => void {
  return (e) => {
    const meta = (e.object as KubeObject).metadata;
    events.push(e.type === 'ERROR' ? `ERROR ${(e.object as Status).code} ${(e.object as Status).message}` : `${e.type} ${meta.name} ${meta.resourceVersion}`);
  };
}

describe('ApiServer.watch()', () => {
  it('ApiServer.watch() delivers ADDED, MODIFIED and DELETED in resourceVersion order', () => {
    const api = createApi();
    const from = api.store.resourceVersion;
    const events: string[] = [];
    const handle = api.watch({ ...CM, namespace: 'shop', resourceVersion: String(from) }, record(events));
    api.create(configMap('a'));
    api.create(configMap('b'));
    api.patch({ ...CM, namespace: 'shop', name: 'a' }, 'merge', { data: { X: '1' } });
    api.delete({ ...CM, namespace: 'shop', name: 'b' });
    handle.stop();
    api.create(configMap('c'));
    expect(events).toEqual([`ADDED a ${from + 1}`, `ADDED b ${from + 2}`, `MODIFIED a ${from + 3}`, `DELETED b ${from + 4}`]);
  });

  it('ApiServer.watch() resumes after a resourceVersion with exactly the later changes', () => {
    const api = createApi();
    const a = api.create(configMap('a'));
    api.create(configMap('b'));
    const changed = api.patch({ ...CM, namespace: 'shop', name: 'a' }, 'merge', { data: { X: '1' } });
    const events: string[] = [];
    api.watch({ ...CM, namespace: 'shop', resourceVersion: a.metadata.resourceVersion }, record(events));
    expect(events).toEqual([`ADDED b ${Number(a.metadata.resourceVersion) + 1}`, `MODIFIED a ${changed.metadata.resourceVersion}`]);
  });

  it('ApiServer.watch() without a resourceVersion starts with an ADDED per current object', () => {
    const api = createApi();
    api.create(configMap('b'));
    api.create(configMap('a'));
    api.create(configMap('elsewhere', {}, 'default'));
    const events: string[] = [];
    api.watch({ ...CM, namespace: 'shop' }, record(events));
    expect(events.map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual(['ADDED a', 'ADDED b']);
    const all: string[] = [];
    api.watch({ ...CM, resourceVersion: '0' }, record(all));
    expect(all.map((e) => e.split(' ')[1])).toEqual(['elsewhere', 'a', 'b']);
  });

  it('ApiServer.watch() with a label selector turns objects entering and leaving it into ADDED and DELETED', () => {
    const api = createApi();
    api.create({ ...configMap('a'), metadata: { name: 'a', namespace: 'shop', labels: { tier: 'cache' } } });
    const from = api.store.resourceVersion;
    const events: string[] = [];
    api.watch({ ...CM, labelSelector: 'tier=cache', resourceVersion: String(from) }, record(events));
    api.patch({ ...CM, namespace: 'shop', name: 'a' }, 'merge', { metadata: { labels: { tier: 'db' } } });
    api.patch({ ...CM, namespace: 'shop', name: 'a' }, 'merge', { metadata: { labels: { tier: 'cache' } } });
    api.create(configMap('unlabelled'));
    expect(events).toEqual([`DELETED a ${from + 1}`, `ADDED a ${from + 2}`]);
  });

  it('ApiServer.watch() with a field selector follows one object by name', () => {
    const api = createApi();
    const events: string[] = [];
    api.watch({ ...DEPLOY, namespace: 'shop', fieldSelector: 'metadata.name=web', resourceVersion: String(api.store.resourceVersion) }, record(events));
    api.create(deployment('api'));
    const web = api.create(deployment('web'));
    expect(events).toEqual([`ADDED web ${web.metadata.resourceVersion}`]);
  });

  it('ApiServer.watch() sends one 410 Expired ERROR for a compacted resourceVersion and a 504 for a future one', () => {
    const api = new ApiServer({ store: new Store({ historySize: 3 }) });
    bootstrapCluster(api);
    const events: string[] = [];
    api.watch({ ...NS, resourceVersion: '1' }, record(events));
    expect(events).toEqual([`ERROR 410 too old resource version: 1 (${api.store.compactedResourceVersion})`]);
    const future: string[] = [];
    const current = api.store.resourceVersion;
    api.watch({ ...NS, resourceVersion: String(current + 10) }, record(future));
    expect(future).toEqual([`ERROR 504 Timeout: Too large resource version: ${current + 10}, current: ${current}`]);
  });

  it('ApiServer.watch() answers 404 for a kind the server does not serve', () => {
    const api = createApi();
    expectStatus(() => api.watch({ apiVersion: 'extensions/v1beta1', kind: 'Ingress' }, () => {}), 404, 'NotFound', 'no matches for kind "Ingress" in version "extensions/v1beta1"');
  });
});

describe('ApiServer.list()', () => {
  it('ApiServer.list() answers a <Kind>List with the store resourceVersion, ordered by namespace and name', () => {
    const api = createApi();
    api.create(deployment('b'));
    api.create(deployment('a'));
    api.create(deployment('z', 'default'));
    const list = api.list({ ...DEPLOY });
    expect([list.apiVersion, list.kind, list.metadata]).toEqual(['apps/v1', 'DeploymentList', { resourceVersion: String(api.store.resourceVersion) }]);
    expect(list.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['default/z', 'shop/a', 'shop/b']);
    expect(api.list({ ...DEPLOY, namespace: 'shop' }).items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
  });

  it('ApiServer.list() pages with limit and continue, counting the remaining items', () => {
    const api = createApi();
    for (const name of ['a', 'b', 'c', 'd', 'e']) api.create(configMap(name));
    const seen: string[] = [];
    const pages: Array<[number, number | undefined]> = [];
    let token: string | undefined;
    do {
      const page = api.list({ ...CM, namespace: 'shop', limit: 2, continue: token });
      seen.push(...page.items.map((o) => o.metadata.name ?? ''));
      pages.push([page.items.length, page.metadata.remainingItemCount]);
      token = page.metadata.continue;
    } while (token);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(pages).toEqual([[2, 3], [2, 1], [1, undefined]]);
  });

  it('ApiServer.list() keeps the first page resourceVersion on later pages', () => {
    const api = createApi();
    for (const name of ['a', 'b', 'c']) api.create(configMap(name));
    const first = api.list({ ...CM, namespace: 'shop', limit: 2 });
    api.create(configMap('d'));
    const second = api.list({ ...CM, namespace: 'shop', limit: 2, continue: first.metadata.continue });
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(second.items.map((o) => o.metadata.name)).toEqual(['c', 'd']);
  });

  it('ApiServer.list() filters with label and field selectors, and pages a selection without a remaining count', () => {
    const api = createApi();
    for (const [name, tier] of [['a', 'cache'], ['b', 'db'], ['c', 'cache'], ['d', 'cache']] as const) {
      api.create({ ...configMap(name), metadata: { name, namespace: 'shop', labels: { tier } } });
    }
    expect(api.list({ ...CM, labelSelector: 'tier in (cache),tier!=db' }).items.map((o) => o.metadata.name)).toEqual(['a', 'c', 'd']);
    expect(api.list({ ...CM, labelSelector: { matchLabels: { tier: 'db' } } }).items.map((o) => o.metadata.name)).toEqual(['b']);
    expect(api.list({ ...CM, fieldSelector: 'metadata.namespace=shop,metadata.name!=a' }).items.map((o) => o.metadata.name)).toEqual(['b', 'c', 'd']);
    const page = api.list({ ...CM, labelSelector: 'tier=cache', limit: 2 });
    expect(page.items.map((o) => o.metadata.name)).toEqual(['a', 'c']);
    expect(page.metadata.continue).toBeDefined();
    expect(page.metadata.remainingItemCount).toBeUndefined();
  });

  it('ApiServer.list() answers 400 for malformed or unsupported selectors', () => {
    const api = createApi();
    expectStatus(() => api.list({ ...DEPLOY, fieldSelector: 'spec.replicas=1' }), 400, 'BadRequest', 'field label not supported: spec.replicas');
    expectStatus(() => api.list({ ...CM, fieldSelector: 'name' }), 400, 'BadRequest', "invalid selector: 'name'; can't understand 'name'");
  });

  it('ApiServer.list() answers 410 Expired for a continue token older than the history, with a fresh token', () => {
    const api = new ApiServer({ store: new Store({ historySize: 2 }) });
    bootstrapCluster(api);
    const first = api.list({ ...NS, limit: 1 });
    for (const name of ['x1', 'x2', 'x3']) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    const status = expectStatus(
      () => api.list({ ...NS, limit: 1, continue: first.metadata.continue }),
      410,
      'Expired',
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
    );
    const rest = api.list({ ...NS, continue: status.metadata.continue });
    expect(rest.items.map((o) => o.metadata.name)).toEqual(['kube-node-lease', 'kube-public', 'kube-system', 'x1', 'x2', 'x3']);
  });

  it('ApiServer.list() returns copies of the stored objects that cannot be changed', () => {
    const api = createApi();
    api.create(configMap());
    const [item] = api.list({ ...CM, namespace: 'shop' }).items;
    expect(() => {
      (item as Obj).data.LOG_LEVEL = 'debug';
    }).toThrow(TypeError);
  });
});

describe('ApiServer.get()', () => {
  it('ApiServer.get() reads one object, and tryGet() answers undefined where get() answers 404', () => {
    const api = createApi();
    const created = api.create(configMap());
    expect(api.get({ ...CM, namespace: 'shop', name: 'settings' })).toBe(created);
    expect(api.tryGet({ ...CM, namespace: 'default', name: 'settings' })).toBeUndefined();
    expectStatus(() => api.get({ ...CM, namespace: 'default', name: 'settings' }), 404, 'NotFound', 'configmaps "settings" not found');
    expectStatus(() => api.get({ apiVersion: 'v1', kind: 'Node', name: 'node-9' }), 404, 'NotFound', 'nodes "node-9" not found');
  });

  it('ApiServer.get() answers an object stored at another served version in the version asked for', () => {
    const api = createApi();
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5 },
    };
    api.create(hpa);
    const asV1 = api.get({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'web' });
    expect(asV1.apiVersion).toBe('autoscaling/v1');
    expectStatus(
      () => api.get({ apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'web' }),
      404,
      'NotFound',
      'no matches for kind "HorizontalPodAutoscaler" in version "autoscaling/v2beta2"',
    );
  });
});
