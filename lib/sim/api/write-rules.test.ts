import { describe, expect, it } from 'vitest';
import { createApi, expectStatus } from './test-objects.ts';

describe('write rules', () => {
  it('ApiServer stores Secret stringData base64-encoded in data and keeps no stringData', () => {
    const api = createApi();
    const created = api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, data: { a: Buffer.from('old').toString('base64') }, stringData: { a: 'new', b: 'plain text' } }) as any;
    expect(created.stringData).toBeUndefined();
    expect(created.data).toEqual({ a: Buffer.from('new').toString('base64'), b: Buffer.from('plain text').toString('base64') });
    const applied = api.patch({ apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 's' }, 'apply', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { c: 'x' } }, { fieldManager: 'tool' }) as any;
    expect(applied.stringData).toBeUndefined();
    expect(Buffer.from(applied.data.c, 'base64').toString()).toBe('x');
  });

  it('ApiServer refuses new finalizers on an object that is being deleted', () => {
    const api = createApi();
    api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop', finalizers: ['example.com/a'] } });
    api.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'c' });
    expectStatus(
      () => api.patch({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'c' }, 'merge', { metadata: { finalizers: ['example.com/a', 'example.com/b'] } }),
      422,
      'Invalid',
      'ConfigMap "c" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b"}',
    );
  });
});

describe('garbage collection', () => {
  it('ApiServer deletes every dependent of a deleted owner, not only the first', () => {
    const api = createApi();
    const owner = api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'shop' } });
    const ref = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid! }];
    for (const name of ['a', 'b', 'c']) api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop', ownerReferences: ref } });
    api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'd', namespace: 'shop', ownerReferences: ref } });
    api.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'owner' }, { propagationPolicy: 'Background' });
    expect(api.list({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop' }).items.map((o) => o.metadata.name)).toEqual([]);
    expect(api.list({ apiVersion: 'v1', kind: 'Secret', namespace: 'shop' }).items).toEqual([]);
  });

  it('ApiServer keeps the stored spec on a /status update, sharing it with the previous version', () => {
    const api = createApi();
    const created = api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }) as any;
    const updated = api.update({ ...created, spec: { containers: [] }, status: { phase: 'Running' } }, { subresource: 'status', fieldManager: 'kubelet' }) as any;
    expect(updated.status.phase).toBe('Running');
    expect(updated.spec).toBe(created.spec);
  });

  it('ApiServer defaults a stored spec that lacks defaults on a /status update, as before', () => {
    const api = createApi();
    api.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'raw', namespace: 'shop', uid: 'u-raw' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const current = api.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'raw' }) as any;
    const updated = api.update({ ...current, status: { phase: 'Running' } }, { subresource: 'status', fieldManager: 'kubelet' }) as any;
    expect(updated.spec.dnsPolicy).toBe('ClusterFirst');
    expect(updated.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(updated.status.phase).toBe('Running');
  });
});

describe('field validation', () => {
  it('ApiServer answers fieldValidation=Strict with 400 for a field the built-in kind does not have', () => {
    const api = createApi();
    const body = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { bogusField: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } };
    expectStatus(() => api.create(body, { fieldValidation: 'Strict' }), 400, 'BadRequest', 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.bogusField"');
    expect(api.create(body, { fieldValidation: 'Ignore' }).metadata.name).toBe('web');
  });

  it('ApiServer collects a Warning for each unknown field with fieldValidation=Warn and still writes', () => {
    const api = createApi();
    const warnings: string[] = [];
    const created = api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' }, data: { a: 'b' }, extra: 1 }, { fieldValidation: 'Warn', warnings });
    expect(created.metadata.name).toBe('c');
    expect(warnings).toEqual(['299 - "unknown field \\"extra\\""']);
    expect((created as any).extra).toBeUndefined();
  });

  it('ApiServer drops the unknown fields of a built-in kind on create, with or without fieldValidation=Ignore', () => {
    const api = createApi();
    for (const [name, fieldValidation] of [['a', undefined], ['b', 'Ignore']] as const) {
      const body = deployment(name, { bogusField: 1 }, { bogus: true });
      const created = api.create({ ...body, extra: 'x', metadata: { ...body.metadata, nme: 'typo' } }, { fieldValidation }) as any;
      expect([created.extra, created.metadata.nme, created.spec.bogusField, created.spec.template.spec.containers[0].bogus]).toEqual([undefined, undefined, undefined, undefined]);
      expect(JSON.stringify(created.metadata.managedFields)).not.toContain('bogus');
      expect(api.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name })).toEqual(created);
    }
  });

  it('ApiServer drops unknown fields on update, status update and every patch type, and refuses them under Strict', () => {
    const api = createApi();
    const key = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
    const created = api.create(deployment('web', {}, {})) as any;
    const body = structuredClone(created);
    body.spec.bogusField = 1;
    expectStatus(() => api.update(body, { fieldValidation: 'Strict' }), 400, 'BadRequest', 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.bogusField"');
    const updated = api.update({ ...body, spec: { ...body.spec, replicas: 2 } }) as any;
    expect([updated.spec.replicas, updated.spec.bogusField]).toEqual([2, undefined]);
    const status = api.update({ ...structuredClone(updated), status: { replicas: 0, bogusStatus: true } }, { subresource: 'status' }) as any;
    expect(status.status).toEqual({ replicas: 0 });
    const merged = api.patch(key, 'merge', { spec: { replicas: 3, bogusMerge: 1 } }) as any;
    const strategic = api.patch(key, 'strategic', { spec: { template: { spec: { containers: [{ name: 'c', bogusStrategic: 1 }] } } } }) as any;
    const json = api.patch(key, 'json', [{ op: 'add', path: '/spec/bogusJson', value: 1 }]) as any;
    expect([merged.spec.replicas, merged.spec.bogusMerge, strategic.spec.template.spec.containers[0].bogusStrategic, json.spec.bogusJson]).toEqual([3, undefined, undefined, undefined]);
    expect(api.get(key)).toEqual(json);
  });

  it('ApiServer refuses on apply the unknown fields of a built-in kind that create drops, whatever fieldValidation says', () => {
    const api = createApi();
    const key = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'c' };
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop', bogusMeta: 1 }, data: { a: 'b' }, extra: 1 };
    const message = 'failed to create typed patch object (shop/c; /v1, Kind=ConfigMap): errors:\n  .metadata.bogusMeta: field not declared in schema\n  .extra: field not declared in schema';
    for (const fieldValidation of ['Ignore', 'Warn', 'Strict'] as const) {
      const status = expectStatus(() => api.patch(key, 'apply', body, { fieldManager: 'tool', fieldValidation }), 500, undefined as unknown as string, message);
      expect(Object.hasOwn(status, 'reason')).toBe(false);
    }
    expect(body).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop', bogusMeta: 1 }, data: { a: 'b' }, extra: 1 });
    const created = api.create(structuredClone(body), { fieldValidation: 'Ignore' }) as any;
    expect([created.extra, created.metadata.bogusMeta, created.data]).toEqual([undefined, undefined, { a: 'b' }]);
  });
});

/** A Deployment `name` in shop with extra fields in its spec and its container. */
function deployment(name: string, spec: Record<string, unknown>, container: Record<string, unknown>): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop' },
    spec: { ...spec, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', ...container }] } } },
  };
}
