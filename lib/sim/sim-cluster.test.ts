import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/types.ts';
import { decodeState, type SimState } from './persist/state-codec.ts';
import { SimCluster } from './sim-cluster.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-simcluster-'));
  dirs.push(dir);
  return join(dir, '.shipshape');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SimCluster', () => {
  it('SimCluster.create() bootstraps system namespaces, the default StorageClass and 3 nodes', () => {
    const { api } = SimCluster.create();
    expect(api.list({ apiVersion: 'v1', kind: 'Namespace' }).items.map((n) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    const sc = api.get({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: 'standard' });
    expect(sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class']).toBe('true');
    const nodes = api.list({ apiVersion: 'v1', kind: 'Node' }).items as any[];
    expect(nodes.map((n) => n.metadata.name)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(nodes[0].status.allocatable).toMatchObject({ cpu: '4', memory: '16Gi' });
    expect(nodes[0].metadata.labels).toMatchObject({ 'kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64' });
  });

  it('SimCluster.open() creates the state on first use and reopens it with objects, resourceVersion, clock and seed', async () => {
    const stateDir = tempDir();
    const first = await SimCluster.open({ stateDir, shape: { nodes: 2 } });
    first.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { a: '1' } });
    first.clock.advance(60_000);
    const rv = first.api.store.resourceVersion;
    const nextUid = first.random.uuid();
    await first.close();

    const second = await SimCluster.open({ stateDir });
    expect(second.api.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'settings' }).data).toEqual({ a: '1' });
    expect(second.api.list({ apiVersion: 'v1', kind: 'Node' }).items).toHaveLength(2);
    expect(second.api.store.resourceVersion).toBe(rv);
    expect(second.clock.nowIso()).toBe('2026-01-01T00:01:00Z');
    expect(second.random.uuid()).not.toBe(nextUid);
    await second.close();
  });

  it('SimCluster.open() restores every object deep-frozen, and saving it again writes the same file', async () => {
    const stateDir = tempDir();
    const first = await SimCluster.open({ stateDir, shape: { nodes: 1 } });
    first.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { a: '1' } });
    await first.close();
    const file = join(stateDir, 'cluster.json');
    const saved = readFileSync(file, 'utf8');

    const second = await SimCluster.open({ stateDir });
    const node = second.api.get({ apiVersion: 'v1', kind: 'Node', name: 'node-1' }) as any;
    expect(Object.isFrozen(node.status.allocatable)).toBe(true);
    expect(Object.isFrozen(node.metadata.labels)).toBe(true);
    expect(() => {
      node.status.conditions[0].status = 'False';
    }).toThrow(TypeError);
    await second.close({ save: true });
    expect(readFileSync(file, 'utf8')).toBe(saved);
  });

  it('SimCluster.open() keeps each kind as the file text until used, and a save writes the kinds nothing wrote to byte for byte', async () => {
    const stateDir = tempDir();
    const settings = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { a: '1' } };
    const first = await SimCluster.open({ stateDir, shape: { nodes: 2 } });
    first.api.create(settings);
    await first.close();
    const file = join(stateDir, 'cluster.json');
    const nodeLines = (text: string) => text.split('\n').filter((line) => line.includes('"kind":"Node"'));
    const before = readFileSync(file, 'utf8');

    const second = await SimCluster.open({ stateDir });
    expect(second.api.store.snapshotForSave().objects).toEqual([]);
    second.api.create({ ...settings, metadata: { ...settings.metadata, name: 'other' } });
    const saved = second.api.store.snapshotForSave();
    expect(saved.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/other', 'ConfigMap/settings']);
    expect(saved.texts.map((t) => t.kindKey)).toEqual(expect.arrayContaining(['/Namespace', '/Node', 'storage.k8s.io/StorageClass']));
    await second.close();
    const after = readFileSync(file, 'utf8');
    expect(nodeLines(after)).toEqual(nodeLines(before));

    const third = await SimCluster.open({ stateDir });
    expect(third.api.list({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default' }).items.map((c) => c.metadata.name)).toEqual(['other', 'settings']);
    expect(third.api.list({ apiVersion: 'v1', kind: 'Node' }).items).toHaveLength(2);
    await third.close();
  });

  it('SimCluster.open() restores a hand-edited `__proto__` key as a copying restore does', async () => {
    const stateDir = tempDir();
    const first = await SimCluster.open({ stateDir, shape: { nodes: 1 } });
    first.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'odd', namespace: 'default' }, data: { plain: 'x' } });
    await first.close();
    const file = join(stateDir, 'cluster.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"data":{"plain":"x"}', '"data":{"__proto__":{"b":"c"},"plain":"x"}'));
    const copied = SimCluster.restoreApi(decodeState(readFileSync(file, 'utf8')) as SimState);

    const opened = await SimCluster.open({ stateDir });
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'odd' };
    const odd = opened.api.get(ref);
    expect(JSON.stringify(odd)).toBe(JSON.stringify(copied.get(ref)));
    expect(Object.isFrozen(odd.data)).toBe(true);
    await opened.close();
  });

  it('SimCluster.open() refuses a second opener while the first holds the lock', async () => {
    const stateDir = tempDir();
    const first = await SimCluster.open({ stateDir, command: 'shipshape apply' });
    await expect(SimCluster.open({ stateDir })).rejects.toThrow(/is locked by pid \d+ \(shipshape apply, started /);
    await first.close();
    const again = await SimCluster.open({ stateDir });
    await again.close();
  });

  it('SimCluster serves custom kinds again after a reopen', async () => {
    const stateDir = tempDir();
    const first = await SimCluster.open({ stateDir });
    first.api.create({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
      },
    });
    await first.close();
    const second = await SimCluster.open({ stateDir });
    const w = second.api.create<KubeObject>({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec: { size: 2 } });
    expect(w.metadata.uid).toBeDefined();
    await second.close();
  });

  it('SimCluster.save() on an in-memory cluster says how to get one on disk', async () => {
    await expect(SimCluster.create().save()).rejects.toThrow('SimCluster.save(): this cluster was created in memory; open one with SimCluster.open({ stateDir })');
  });
});
