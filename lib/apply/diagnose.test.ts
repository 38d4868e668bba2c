import { describe, expect, it } from 'vitest';
import { App } from '../constructs/app.ts';
import { Stack } from '../core/stack.ts';
import { synthesizeStack } from '../core/synth.ts';
import { LocalCluster } from '../cluster/local-cluster.ts';
import { planChanges } from '../plan/plan.ts';
import { makeUnpullable } from '../sim/faults.ts';
import { applyPlan } from './apply.ts';
import { PodSnapshot, podsOf } from './diagnose.ts';

function pod(name: string, labels: Record<string, string>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', labels }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } };
}

function apps(count: number, image: string): Stack {
  const stack = new Stack('shop', { namespace: 'shop' });
  for (let i = 0; i < count; i++) new App(stack, `web-${i}`, { image, port: 80 });
  return stack;
}

describe('PodSnapshot', () => {
  it('PodSnapshot.select() finds what a label selector lists, in the same order, from one list of the namespace', async () => {
    const cluster = LocalCluster.inMemory();
    cluster.sim.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    cluster.sim.api.create(pod('a', { app: 'web', tier: 'front' }) as never);
    cluster.sim.api.create(pod('b', { app: 'web', tier: 'back' }) as never);
    cluster.sim.api.create(pod('c', { app: 'db' }) as never);
    cluster.sim.api.create(pod('d', { app: 'web', tier: 'front', extra: 'x' }) as never);
    let lists = 0;
    const counting = new Proxy(cluster, { get: (t, p) => (p === 'list' ? (...args: Parameters<LocalCluster['list']>) => (lists++, t.list(...args)) : Reflect.get(t, p, t)) });
    const snapshot = new PodSnapshot(counting);
    const selectors: Array<Record<string, string>> = [{ app: 'web' }, { app: 'web', tier: 'front' }, { tier: 'back', app: 'web' }, { app: 'db' }, { app: 'none' }];
    for (const labels of selectors) {
      const selector = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
      const expected = (await cluster.list({ apiVersion: 'v1', kind: 'Pod' }, { namespace: 'shop', labelSelector: selector })).map((p) => p.metadata.name);
      expect((await snapshot.select('shop', labels)).map((p) => p.metadata.name)).toEqual(expected);
    }
    expect(lists).toBe(1);
    const workload = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'web' } } } };
    expect((await podsOf(cluster, workload, snapshot)).map((p) => p.metadata.name)).toEqual((await podsOf(cluster, workload)).map((p) => p.metadata.name));
  });
});

describe('applyPlan() with many workloads', () => {
  it('applyPlan() fails fast with the pod-level reason when many workloads of one namespace wait together', async () => {
    const cluster = LocalCluster.inMemory();
    makeUnpullable({ api: cluster.sim.api, knobs: cluster.sim.knobs, manager: cluster.sim.manager }, 'ngnix:*');
    const failing = applyPlan(await planChanges(synthesizeStack(apps(12, 'ngnix:1.27')), cluster), cluster);
    await expect(failing).rejects.toThrow(/^Deployment shop\/web-0 is not ready: web-0-[a-z0-9]+-[a-z0-9]+: (ImagePullBackOff|ErrImagePull): .*ngnix:1\.27/s);
  });
});
