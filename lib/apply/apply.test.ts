import { describe, expect, it } from 'vitest';
import { Database } from '../constructs/database.ts';
import { App } from '../constructs/app.ts';
import { Resource } from '../core/resource.ts';
import { Stack } from '../core/stack.ts';
import { synthesizeStack } from '../core/synth.ts';
import { LocalCluster } from '../cluster/local-cluster.ts';
import { planChanges } from '../plan/plan.ts';
import { applyPlan, checkStale, type ApplyEvent } from './apply.ts';
import { makeUnpullable } from '../sim/faults.ts';
import { readinessRuleFor } from '../k8s/readiness.ts';

function stack(image = 'nginx:1.27'): Stack {
  const s = new Stack('shop', { namespace: 'shop' });
  const db = new Database(s, 'db', { engine: 'postgres' });
  new App(s, 'web', { image, port: 80, envGroups: { DB_: db.connection } });
  return s;
}

describe('applyPlan()', () => {
  it('applyPlan() generates a Database password once, under its own field manager', async () => {
    const cluster = LocalCluster.inMemory();
    const events: ApplyEvent[] = [];
    await applyPlan(await planChanges(synthesizeStack(stack()), cluster), cluster, { wait: false, onEvent: (e) => events.push(e) });
    expect(events).toContainEqual({ type: 'generated', object: 'Secret shop/db-credentials', keys: ['password'] });
    const secret = (await cluster.get({ apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 'db-credentials' })) as any;
    const password = Buffer.from(secret.data.password, 'base64').toString();
    expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(secret.metadata.managedFields.map((m: any) => m.manager).sort()).toEqual(['shipshape', 'shipshape-generator']);

    const again = await planChanges(synthesizeStack(stack()), cluster);
    expect(again.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
    await applyPlan(await planChanges(synthesizeStack(stack('nginx:1.28')), cluster), cluster, { wait: false });
    const after = (await cluster.get({ apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 'db-credentials' })) as any;
    expect(Buffer.from(after.data.password, 'base64').toString()).toBe(password);
  });

  it('applyPlan() keeps the ApplySet parent listing what the stack contains', async () => {
    const cluster = LocalCluster.inMemory();
    const plan = await planChanges(synthesizeStack(stack()), cluster);
    await applyPlan(plan, cluster, { wait: false });
    const parent = await cluster.get({ apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 'shipshape-shop' });
    expect(parent?.metadata.labels?.['applyset.kubernetes.io/id']).toBe(plan.applySet.id);
    expect(parent?.metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds']).toBe('Deployment.apps,Namespace,Secret,Service,StatefulSet.apps');
    expect(parent?.metadata.annotations?.['applyset.kubernetes.io/tooling']).toBe('shipshape/v0.1.0');
  });

  it('checkStale() refuses a saved plan when an object moved since, naming it and both versions', async () => {
    const cluster = LocalCluster.inMemory();
    await applyPlan(await planChanges(synthesizeStack(stack()), cluster), cluster, { wait: false });
    const plan = await planChanges(synthesizeStack(stack('nginx:1.28')), cluster);
    await expect(checkStale(plan, cluster)).resolves.toBeUndefined();
    const before = (await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }))!.metadata.resourceVersion;
    cluster.sim.api.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, 'merge', { metadata: { labels: { touched: 'yes' } } }, { fieldManager: 'someone' });
    const now = (await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }))!.metadata.resourceVersion;
    await expect(checkStale(plan, cluster)).rejects.toThrow(`Cannot apply plan: Deployment shop/web changed since the plan was made (resourceVersion ${before} → ${now})`);
  });

  it('applyPlan() fails fast on an unpullable image, and with atomic the previous revision serves again', async () => {
    const cluster = LocalCluster.inMemory();
    await applyPlan(await planChanges(synthesizeStack(stack('nginx:1.26')), cluster), cluster);
    makeUnpullable({ api: cluster.sim.api, knobs: cluster.sim.knobs, manager: cluster.sim.manager }, 'ngnix:*');
    const events: ApplyEvent[] = [];
    const failing = applyPlan(await planChanges(synthesizeStack(stack('ngnix:1.27')), cluster), cluster, { atomic: true, onEvent: (e) => events.push(e) });
    await expect(failing).rejects.toThrow(/^Deployment shop\/web is not ready: web-[a-z0-9]+-[a-z0-9]+: (ImagePullBackOff|ErrImagePull): .*ngnix:1\.27.*\nRolled back 1 change: the previous state is restored$/s);
    expect(events).toContainEqual({ type: 'rolled-back', object: 'Deployment shop/web', action: 'restored' });
    const web = (await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' })) as any;
    expect(web.spec.template.spec.containers[0].image).toBe('nginx:1.26');
    expect(readinessRuleFor('apps/v1', 'Deployment').check(web).ready).toBe(true);
  });

  it('applyPlan() without atomic leaves the failed rollout in place and says why', async () => {
    const cluster = LocalCluster.inMemory();
    await applyPlan(await planChanges(synthesizeStack(stack('nginx:1.26')), cluster), cluster);
    makeUnpullable({ api: cluster.sim.api, knobs: cluster.sim.knobs, manager: cluster.sim.manager }, 'ngnix:*');
    await expect(applyPlan(await planChanges(synthesizeStack(stack('ngnix:1.27')), cluster), cluster)).rejects.toThrow(/ngnix:1\.27/);
    const web = (await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' })) as any;
    expect(web.spec.template.spec.containers[0].image).toBe('ngnix:1.27');
  });
});

describe('applyPlan() and storage', () => {
  it('applyPlan() does not wait on a claim that binds on first use', async () => {
    const cluster = LocalCluster.inMemory();
    const s = new Stack('data', { namespace: 'data' });
    new Resource(s, 'cache', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const events: ApplyEvent[] = [];
    await applyPlan(await planChanges(synthesizeStack(s), cluster), cluster, { onEvent: (e) => events.push(e) });
    expect(events).toContainEqual({ type: 'ready', object: 'PersistentVolumeClaim data/cache' });
    expect(((await cluster.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'data', name: 'cache' })) as any).status.phase).toBe('Pending');
  });
});
