// The plan/apply engine through KubeCluster (@kubernetes/client-node) against the simulated
// cluster served over HTTP on 127.0.0.1: the real-cluster path, proven end to end, with the
// same results as through LocalCluster.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../lib/apply/apply.ts';
import { KubeCluster } from '../lib/cluster/kube-cluster.ts';
import { LocalCluster } from '../lib/cluster/local-cluster.ts';
import { App } from '../lib/constructs/app.ts';
import { ConfigMap } from '../lib/constructs/config-map.ts';
import { Database } from '../lib/constructs/database.ts';
import { Stack } from '../lib/core/stack.ts';
import { synthesizeStack } from '../lib/core/synth.ts';
import { planDestroy } from '../lib/plan/destroy.ts';
import { planChanges } from '../lib/plan/plan.ts';
import { serveCluster, type ServedCluster } from '../lib/sim/server/serve.ts';
import { SimCluster } from '../lib/sim/sim-cluster.ts';

function shop(image: string, extra: boolean): Stack {
  const stack = new Stack('shop', { namespace: 'shop' });
  const db = new Database(stack, 'db', { engine: 'postgres' });
  const cfg = new ConfigMap(stack, 'cfg', { data: { level: 'info' } });
  new App(stack, 'web', { image, port: 80, replicas: 2, env: { LEVEL: cfg.keyRef('level') }, envGroups: { DB_: db.connection } });
  if (extra) new ConfigMap(stack, 'extra', { data: { b: '2' } });
  return stack;
}

let served: ServedCluster;
let dir: string;
let kube: KubeCluster;

beforeAll(async () => {
  served = await serveCluster(SimCluster.create(), { speed: 30, tickMs: 20 });
  dir = mkdtempSync(join(tmpdir(), 'shipshape-kubecluster-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: sim\n  cluster: {server: "${served.url}", insecure-skip-tls-verify: true}\nusers:\n- name: u\n  user: {token: test}\ncontexts:\n- name: sim\n  context: {cluster: sim, user: u, namespace: default}\ncurrent-context: sim\n`,
  );
  kube = KubeCluster.fromKubeconfig({ kubeconfig, context: 'sim' });
});

afterAll(async () => {
  await served?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('KubeCluster against the served simulation', () => {
  it('plans and applies a stack exactly as LocalCluster does, through its whole life', async () => {
    const local = LocalCluster.inMemory();
    const opts = { timeoutMs: 120_000, pollMs: 100 };

    const firstKube = await planChanges(synthesizeStack(shop('nginx:1.26', true)), kube);
    const firstLocal = await planChanges(synthesizeStack(shop('nginx:1.26', true)), local);
    expect(firstKube.summary).toEqual(firstLocal.summary);
    expect(firstKube.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual(firstLocal.changes.map((c) => `${c.action} ${c.kind} ${c.name}`));
    expect(firstKube.applySet.id).toBe(firstLocal.applySet.id);
    await applyPlan(firstKube, kube, opts);

    const noop = await planChanges(synthesizeStack(shop('nginx:1.26', true)), kube);
    expect(noop.summary).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });

    const changed = await planChanges(synthesizeStack(shop('nginx:1.27', false)), kube);
    expect(changed.changes.filter((c) => c.action !== 'no-op').map((c) => [c.action, c.kind, c.name, c.changes])).toEqual([
      ['update', 'Deployment', 'web', [{ path: 'spec.template.spec.containers[web].image', before: 'nginx:1.26', after: 'nginx:1.27' }]],
      ['delete', 'ConfigMap', 'extra', []],
    ]);
    await applyPlan(changed, kube, opts);
    const web = (await kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' })) as any;
    expect(web.status.availableReplicas).toBe(2);
    expect(web.spec.template.spec.containers[0].image).toBe('nginx:1.27');

    const destroy = await planDestroy({ name: 'shop', namespace: 'shop' }, kube);
    await applyPlan(destroy, kube, { ...opts, removeApplySet: true });
    expect(await kube.list({ apiVersion: 'apps/v1', kind: 'Deployment' }, { namespace: 'shop' })).toEqual([]);
    expect(await kube.get({ apiVersion: 'v1', kind: 'Namespace', name: 'shop' })).toBeUndefined();
  }, 120_000);
});
