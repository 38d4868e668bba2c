import { describe, expect, it } from 'vitest';
import { App } from '../constructs/app.ts';
import { ConfigMap } from '../constructs/config-map.ts';
import { Secret } from '../constructs/secret.ts';
import { Resource } from '../core/resource.ts';
import { Stack } from '../core/stack.ts';
import { synthesizeStack } from '../core/synth.ts';
import { applyPlan } from '../apply/apply.ts';
import { LocalCluster } from '../cluster/local-cluster.ts';
import { planDestroy } from './destroy.ts';
import { planChanges } from './plan.ts';
import { renderPlan } from './render.ts';

interface ShopOptions {
  image?: string;
  extra?: boolean;
  secret?: string;
  autoscale?: boolean;
}

function shop(o: ShopOptions = {}): Stack {
  const stack = new Stack('shop', { namespace: 'shop' });
  const cfg = new ConfigMap(stack, 'cfg', { data: { level: 'info' } });
  const secret = new Secret(stack, 'api', { stringData: { token: o.secret ?? 's3cr3t-value' } });
  new App(stack, 'web', {
    image: o.image ?? 'nginx:1.26',
    port: 80,
    env: { LEVEL: cfg.keyRef('level'), TOKEN: secret.keyRef('token') },
    ...(o.autoscale ? { autoscaling: { minReplicas: 2, maxReplicas: 5 } } : {}),
  });
  if (o.extra) new ConfigMap(stack, 'extra', { data: { b: '2' } });
  return stack;
}

async function converge(cluster: LocalCluster, stack: Stack): Promise<void> {
  await applyPlan(await planChanges(synthesizeStack(stack), cluster), cluster, { wait: false });
}

describe('planChanges()', () => {
  it('planChanges() on an empty cluster creates everything, namespace first', async () => {
    const plan = await planChanges(synthesizeStack(shop()), LocalCluster.inMemory());
    expect(plan.summary).toEqual({ create: 5, update: 0, replace: 0, delete: 0, unchanged: 0 });
    expect(plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual([
      'create Namespace shop',
      'create Secret api',
      'create ConfigMap cfg',
      'create Service web',
      'create Deployment web',
    ]);
    expect(plan.changes.every((c) => c.desired?.metadata.labels?.['applyset.kubernetes.io/part-of'] === plan.applySet.id)).toBe(true);
  });

  it('planChanges() after an apply finds nothing to change', async () => {
    const cluster = LocalCluster.inMemory();
    await converge(cluster, shop());
    const plan = await planChanges(synthesizeStack(shop()), cluster);
    expect(plan.summary).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
    expect(renderPlan(plan)).toBe(`Stack shop on in-memory simulated cluster: No changes. ${plan.summary.unchanged} objects already in shape.\n`);
  });

  it('planChanges() shows exactly the changed field and prunes a removed construct', async () => {
    const cluster = LocalCluster.inMemory();
    await converge(cluster, shop({ extra: true }));
    const plan = await planChanges(synthesizeStack(shop({ image: 'nginx:1.27' })), cluster);
    const changed = plan.changes.filter((c) => c.action !== 'no-op');
    expect(changed.map((c) => [c.action, c.kind, c.name, c.changes])).toEqual([
      ['update', 'Deployment', 'web', [{ path: 'spec.template.spec.containers[web].image', before: 'nginx:1.26', after: 'nginx:1.27' }]],
      ['delete', 'ConfigMap', 'extra', []],
    ]);
    expect(renderPlan(plan)).toContain('spec.template.spec.containers[web].image: "nginx:1.26" → "nginx:1.27"');
    expect(renderPlan(plan)).toContain('Plan: 1 to update, 1 to delete.');
  });

  it('planChanges() never shows a secret value, only that it changed', async () => {
    const cluster = LocalCluster.inMemory();
    await converge(cluster, shop({ secret: 'old-value-123' }));
    const plan = await planChanges(synthesizeStack(shop({ secret: 'new-value-456' })), cluster);
    const text = renderPlan(plan);
    const json = JSON.stringify(plan.changes.map(({ desired: _d, ...rest }) => rest));
    for (const out of [text, json]) {
      expect(out).not.toContain('old-value-123');
      expect(out).not.toContain('new-value-456');
      expect(out).not.toContain(Buffer.from('old-value-123').toString('base64'));
    }
    expect(text).toContain('(sensitive value changed)');
  });

  it('planChanges() plans a replace when an immutable field changes', async () => {
    const cluster = LocalCluster.inMemory();
    const stack = (app: string): Stack => {
      const s = new Stack('svc', { namespace: 'default' });
      new Resource(s, 'web', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        spec: { selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } },
      });
      return s;
    };
    await converge(cluster, stack('a'));
    const plan = await planChanges(synthesizeStack(stack('b')), cluster);
    const replace = plan.changes.find((c) => c.kind === 'Deployment')!;
    expect(replace.action).toBe('replace');
    expect(replace.reason).toMatch(/^spec\.selector: Invalid value: .*field is immutable/);
    await applyPlan(plan, cluster, { wait: false });
    expect((await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' }) as any).spec.selector.matchLabels).toEqual({ app: 'b' });
  });

  it('planChanges() reports drift as a conflict with the other field manager', async () => {
    const cluster = LocalCluster.inMemory();
    await converge(cluster, shop());
    cluster.sim.api.patch({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'cfg' }, 'merge', { data: { level: 'debug' } }, { fieldManager: 'kubectl-edit' });
    const plan = await planChanges(synthesizeStack(shop()), cluster);
    const cfg = plan.changes.find((c) => c.kind === 'ConfigMap')!;
    expect(cfg.action).toBe('update');
    expect(cfg.conflicts).toEqual(['.data.level (conflict with "kubectl-edit" using v1)']);
    expect(cfg.changes).toEqual([{ path: 'data.level', before: 'debug', after: 'info' }]);
    await expect(applyPlan(plan, cluster, { wait: false })).rejects.toThrow('Other field managers own fields this apply would change:\n  ConfigMap shop/cfg: .data.level (conflict with "kubectl-edit" using v1)');
    const forced = await planChanges(synthesizeStack(shop()), cluster, { forceConflicts: true });
    expect(forced.changes.find((c) => c.kind === 'ConfigMap')!.changes).toEqual([{ path: 'data.level', before: 'debug', after: 'info' }]);
    await applyPlan(forced, cluster, { wait: false, forceConflicts: true });
    expect((await cluster.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'cfg' }) as any).data).toEqual({ level: 'info' });
  });

  it('planChanges() leaves spec.replicas to an HPA of the same stack', async () => {
    const cluster = LocalCluster.inMemory();
    await converge(cluster, shop({ autoscale: true }));
    cluster.sim.api.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, 'merge', { spec: { replicas: 4 } }, { fieldManager: 'horizontal-pod-autoscaler' });
    const plan = await planChanges(synthesizeStack(shop({ autoscale: true })), cluster);
    expect(plan.changes.find((c) => c.kind === 'Deployment')!.action).toBe('no-op');
  });

  it('planChanges() and applyPlan() never write to the synthesized objects (plans share their unchanged parts)', async () => {
    const deepFreeze = (v: unknown): void => {
      if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
      Object.freeze(v);
      for (const child of Object.values(v)) deepFreeze(child);
    };
    const cluster = LocalCluster.inMemory();
    for (const stack of [shop({ autoscale: true }), shop({ autoscale: true, image: 'nginx:1.27', extra: true })]) {
      const desired = synthesizeStack(stack);
      deepFreeze(desired.objects);
      const plan = await planChanges(desired, cluster);
      await applyPlan(plan, cluster);
      expect((plan.changes.find((c) => c.kind === 'Deployment')!.desired as any).spec.replicas).toBeUndefined();
    }
  });

  it('planDestroy() deletes every member in reverse order and leaves nothing behind', async () => {
    const cluster = LocalCluster.inMemory();
    await converge(cluster, shop());
    const plan = await planDestroy({ name: 'shop', namespace: 'shop' }, cluster);
    expect(plan.changes.map((c) => `${c.action} ${c.kind}`)).toEqual(['delete Deployment', 'delete Service', 'delete ConfigMap', 'delete Secret', 'delete Namespace']);
    await applyPlan(plan, cluster, { removeApplySet: true });
    expect(await cluster.list({ apiVersion: 'v1', kind: 'Secret' }, { namespace: 'shop' })).toEqual([]);
    expect(await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: 'shop' })).toBeUndefined();
  });
});
