import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../lib/k8s/types.ts';
import { SimCluster } from '../../lib/sim/sim-cluster.ts';
import type { CliIo } from '../output.ts';
import { runOomKill } from './fault-actions.ts';
import { runStatus } from './status-action.ts';

type Obj = Record<string, any>;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A state directory holding a settled cluster with a Running pod `shop/web`. */
async function stateWithPod(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-fault-actions-'));
  dirs.push(dir);
  const state = join(dir, 'state');
  const cluster = await SimCluster.open({ stateDir: state });
  cluster.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  cluster.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } as KubeObject);
  cluster.settle();
  await cluster.close();
  return state;
}

function captureIo(): CliIo & { out: string[] } {
  const out: string[] = [];
  return { cwd: tmpdir(), env: {}, stdout: (t) => out.push(t), stderr: (t) => out.push(t), out };
}

describe('sim fault actions', () => {
  it('runOomKill() OOM-kills the container and the cluster settles into running it again', async () => {
    const state = await stateWithPod();
    const io = captureIo();
    await runOomKill({ state, pod: 'web', namespace: 'shop', times: 2 }, io);
    expect(io.out).toEqual(['Container app of pod shop/web is OOM-killed (exit code 137) the next 2 times it runs\n']);
    const cluster = await SimCluster.open({ stateDir: state });
    const status = (cluster.api.tryGet({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web' }) as Obj).status.containerStatuses[0];
    await cluster.close({ save: false });
    expect(status).toMatchObject({ restartCount: 2, ready: true, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } } });
  });

  it('runOomKill() without settling leaves the fault pending, and sim status lists it', async () => {
    const state = await stateWithPod();
    const io = captureIo();
    await runOomKill({ state, pod: 'shop/web', times: 1, settle: false }, io);
    expect(io.out).toEqual(['Container app of pod shop/web is OOM-killed (exit code 137) the next time it runs\n']);
    const status = captureIo();
    await runStatus({ state, settle: false }, status);
    expect(status.out.join('')).toContain('Faults:\n  OOM-killed containers: shop/web/app (1 more)\n');
  });
});
