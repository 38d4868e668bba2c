import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalCluster } from './local-cluster.ts';

const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { level: 'info' } };

describe('LocalCluster', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function stateDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-local-cluster-'));
    dirs.push(dir);
    return join(dir, '.shipshape');
  }

  it('LocalCluster.close() leaves the state file alone when only reads and dry runs happened', async () => {
    const dir = stateDir();
    await (await LocalCluster.open({ stateDir: dir })).close();
    const file = join(dir, 'cluster.json');
    const before = { text: readFileSync(file, 'utf8'), mtime: statSync(file).mtimeMs };
    const cluster = await LocalCluster.open({ stateDir: dir });
    await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: 'default' });
    await cluster.apply(CONFIG_MAP, { dryRun: true });
    await cluster.close();
    expect(readFileSync(file, 'utf8')).toBe(before.text);
    expect(statSync(file).mtimeMs).toBe(before.mtime);
    expect(existsSync(join(dir, 'cluster.json.bak'))).toBe(false);
  });

  it('LocalCluster.close() saves a write, made through it or straight to the simulation', async () => {
    const dir = stateDir();
    const cluster = await LocalCluster.open({ stateDir: dir });
    await cluster.apply(CONFIG_MAP);
    await cluster.close();
    const reopened = await LocalCluster.open({ stateDir: dir });
    expect((await reopened.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'cfg' }))?.data).toEqual({ level: 'info' });
    reopened.sim.api.create({ ...CONFIG_MAP, metadata: { name: 'other', namespace: 'default' } });
    await reopened.close();
    const again = await LocalCluster.open({ stateDir: dir });
    expect(await again.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'other' })).toBeDefined();
    await again.close();
  });
});
