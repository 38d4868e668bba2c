import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { App } from '../constructs/app.ts';
import { ConfigMap } from '../constructs/config-map.ts';
import { Secret } from '../constructs/secret.ts';
import { Stack } from '../core/stack.ts';
import { synthesizeStack } from '../core/synth.ts';
import { applyPlan } from '../apply/apply.ts';
import type { Cluster } from '../cluster/cluster.ts';
import { LocalCluster } from '../cluster/local-cluster.ts';
import type { KubeObject } from '../k8s/types.ts';
import { manifestStack } from '../../cli/desired.ts';
import { listSetFiles, readProvenance, requireCorpus } from '../../test/support/corpus.ts';
import { planChanges, type DesiredStack } from './plan.ts';
import { isUnchangedByApply } from './unchanged.ts';

/** A live object as the server stores it after `shipshape` applied `fields`. */
function liveOf(object: Record<string, unknown>, fields: Record<string, unknown>, extra: { apiVersion?: string; deletionTimestamp?: string } = {}): KubeObject {
  const o = object as unknown as KubeObject;
  const managedFields = [{ manager: 'shipshape', operation: 'Apply', apiVersion: extra.apiVersion ?? o.apiVersion, fieldsType: 'FieldsV1', fieldsV1: fields }];
  return { ...o, metadata: { ...o.metadata, uid: 'u1', resourceVersion: '7', ...(extra.deletionTimestamp ? { deletionTimestamp: extra.deletionTimestamp } : {}), managedFields } } as KubeObject;
}

const CM = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop', labels: { app: 'shop' } }, data: { a: '1' } };
const CM_FIELDS = { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:data': { 'f:a': {} } };
const SVC = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] },
};
const SVC_FIELDS = { 'f:spec': { 'f:selector': {}, 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {} } } } };
const SVC_LIVE = { ...SVC, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }], clusterIP: '10.96.0.1' } };

describe('isUnchangedByApply()', () => {
  it('isUnchangedByApply() is true when the applied fields and their values are all live', () => {
    expect(isUnchangedByApply(CM as KubeObject, liveOf({ ...CM, metadata: { ...CM.metadata, labels: { app: 'shop', extra: 'x' } } }, CM_FIELDS), 'shipshape')).toBe(true);
  });

  it('isUnchangedByApply() is false when a value differs, a field is new, or an owned field is no longer desired', () => {
    const live = liveOf(CM, CM_FIELDS);
    expect(isUnchangedByApply({ ...CM, data: { a: '2' } } as KubeObject, live, 'shipshape')).toBe(false);
    expect(isUnchangedByApply({ ...CM, data: { a: '1', b: '2' } } as KubeObject, liveOf({ ...CM, data: { a: '1', b: '2' } }, CM_FIELDS), 'shipshape')).toBe(false);
    expect(isUnchangedByApply({ ...CM, data: {} } as KubeObject, live, 'shipshape')).toBe(false);
  });

  it('isUnchangedByApply() is false without a single Apply entry of the manager in the desired apiVersion, or while the object is deleted', () => {
    expect(isUnchangedByApply(CM as KubeObject, liveOf(CM, CM_FIELDS), 'kubectl')).toBe(false);
    expect(isUnchangedByApply(CM as KubeObject, liveOf(CM, CM_FIELDS, { apiVersion: 'v2' }), 'shipshape')).toBe(false);
    expect(isUnchangedByApply(CM as KubeObject, liveOf(CM, CM_FIELDS, { deletionTimestamp: '2026-01-01T00:00:00Z' }), 'shipshape')).toBe(false);
  });

  it('isUnchangedByApply() compares an atomic map or list as a whole', () => {
    expect(isUnchangedByApply(SVC as KubeObject, liveOf(SVC_LIVE, SVC_FIELDS), 'shipshape')).toBe(true);
    const widened = { ...SVC_LIVE, spec: { ...SVC_LIVE.spec, selector: { app: 'web', tier: 'x' } } };
    expect(isUnchangedByApply(SVC as KubeObject, liveOf(widened, SVC_FIELDS), 'shipshape')).toBe(false);
  });

  it('isUnchangedByApply() matches list items by their key in the live order, a defaulted key field included', () => {
    const two = { ...SVC, spec: { ...SVC.spec, ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443, protocol: 'TCP' }] } };
    const fields = { 'f:spec': { 'f:selector': {}, 'f:ports': { ...SVC_FIELDS['f:spec']['f:ports'], 'k:{"port":443,"protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {} } } } };
    const live = { ...SVC_LIVE, spec: { ...SVC_LIVE.spec, ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'https', port: 443, protocol: 'TCP' }] } };
    expect(isUnchangedByApply(two as KubeObject, liveOf(live, fields), 'shipshape')).toBe(true);
    const swapped = { ...live, spec: { ...live.spec, ports: [live.spec.ports[1], live.spec.ports[0]] } };
    expect(isUnchangedByApply(two as KubeObject, liveOf(swapped, fields), 'shipshape')).toBe(false);
    const udp = { ...SVC_LIVE, spec: { ...SVC_LIVE.spec, ports: [{ name: 'http', port: 80, protocol: 'UDP' }] } };
    expect(isUnchangedByApply(SVC as KubeObject, liveOf(udp, SVC_FIELDS), 'shipshape')).toBe(false);
  });

  it('isUnchangedByApply() reads a Secret\'s stringData from the base64 data the server stored', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, stringData: { token: 'abc' }, type: 'Opaque' };
    const fields = { 'f:stringData': { 'f:token': {} }, 'f:type': {} };
    const stored = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, type: 'Opaque', data: { token: Buffer.from('abc').toString('base64') } };
    expect(isUnchangedByApply(secret as KubeObject, liveOf(stored, fields), 'shipshape')).toBe(true);
    expect(isUnchangedByApply({ ...secret, stringData: { token: 'abd' } } as KubeObject, liveOf(stored, fields), 'shipshape')).toBe(false);
  });
});

/** The same target, but one that asks for a dry-run of every object. */
function exactly(cluster: LocalCluster): Cluster {
  return new Proxy(cluster, { get: (target, p) => (p === 'applyIsPureMerge' ? false : Reflect.get(target, p, target)) });
}

async function expectSamePlans(stack: DesiredStack, cluster: LocalCluster): Promise<void> {
  const fast = await planChanges(stack, cluster);
  const exact = await planChanges(stack, exactly(cluster));
  expect(isDeepStrictEqual(fast, exact)).toBe(true);
}

function shop(o: { image?: string; secret?: string; level?: string; autoscale?: boolean } = {}): DesiredStack {
  const stack = new Stack('shop', { namespace: 'shop' });
  const cfg = new ConfigMap(stack, 'cfg', { data: { level: o.level ?? 'info' } });
  const secret = new Secret(stack, 'api', { stringData: { token: o.secret ?? 's3cr3t' } });
  new App(stack, 'web', {
    image: o.image ?? 'nginx:1.26',
    port: 80,
    env: { LEVEL: cfg.keyRef('level'), TOKEN: secret.keyRef('token') },
    ingress: { host: 'shop.example.com' },
    disruptionBudget: { maxUnavailable: 1 },
    ...(o.autoscale ? { autoscaling: { minReplicas: 2, maxReplicas: 5 } } : {}),
  });
  return synthesizeStack(stack);
}

describe('planChanges() without dry-runs of unchanged objects', () => {
  it('planChanges() makes the plan a dry-run of every object makes, for changes, drift and HPA-owned replicas', async () => {
    const cluster = LocalCluster.inMemory();
    await applyPlan(await planChanges(shop({ autoscale: true }), cluster), cluster);
    await expectSamePlans(shop({ autoscale: true }), cluster);
    await expectSamePlans(shop({ autoscale: true, image: 'nginx:1.27', secret: 'other', level: 'debug' }), cluster);
    await expectSamePlans(shop(), cluster);
    cluster.sim.api.patch({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'cfg' }, 'merge', { data: { level: 'debug' } }, { fieldManager: 'kubectl-edit' });
    cluster.sim.api.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, 'merge', { spec: { replicas: 4 } }, { fieldManager: 'horizontal-pod-autoscaler' });
    await expectSamePlans(shop({ autoscale: true }), cluster);
    await expectSamePlans(shop({ autoscale: true, level: 'debug' }), cluster);
  });

  it('planChanges() asks for no dry-run of built-in objects a re-apply would leave unchanged', async () => {
    const cluster = LocalCluster.inMemory();
    await applyPlan(await planChanges(shop({ autoscale: true }), cluster), cluster);
    let dryRuns = 0;
    const counting = new Proxy(cluster, {
      get: (target, p) => {
        const value: unknown = Reflect.get(target, p, target);
        if (p !== 'apply' || typeof value !== 'function') return value;
        return (object: KubeObject, options: { dryRun?: boolean }) => {
          if (options.dryRun) dryRuns++;
          return (value as (o: KubeObject, opts: unknown) => unknown).call(target, object, options);
        };
      },
    });
    const plan = await planChanges(shop({ autoscale: true }), counting);
    expect(plan.changes.map((c) => c.action)).toEqual(plan.changes.map(() => 'no-op'));
    expect(plan.changes.length).toBeGreaterThan(4);
    expect(dryRuns).toBe(0);
    await planChanges(shop({ autoscale: true, level: 'debug' }), counting);
    expect(dryRuns).toBe(1);
  });

  it('planChanges() still asks the server about a custom resource whose schema tightened since it was applied', async () => {
    const cluster = LocalCluster.inMemory();
    const crd = (maxLength: number): KubeObject => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'string', maxLength } } } } } } }],
      },
    }) as KubeObject;
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec: { size: 'abcdef' } } as KubeObject;
    const stack = (objects: KubeObject[]): DesiredStack => ({ name: 'widgets', objects: objects.map((object) => ({ object })) });
    await applyPlan(await planChanges(stack([crd(10)]), cluster), cluster);
    await applyPlan(await planChanges(stack([crd(10), widget]), cluster), cluster, { wait: false });
    cluster.sim.api.patch({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'widgets.example.com' }, 'apply', crd(3), { fieldManager: 'someone-else', force: true });
    cluster.sim.settle({ timeoutMs: 10_000 });
    const fast = await planChanges(stack([widget]), cluster).catch((err: Error) => err.message);
    const exact = await planChanges(stack([widget]), exactly(cluster)).catch((err: Error) => err.message);
    expect(fast).toEqual(exact);
  });

  it('planChanges() makes the plan a dry-run of every object makes, for every manifest set of the corpus it can apply', async () => {
    requireCorpus();
    const sets = [...new Set(readProvenance().map((r) => r.set))];
    let compared = 0;
    for (const set of sets) {
      const cluster = LocalCluster.inMemory();
      let stack: DesiredStack;
      try {
        stack = manifestStack(listSetFiles(set), 'corpus', requireCorpus());
        await applyPlan(await planChanges(stack, cluster), cluster, { wait: false });
      } catch {
        continue; // sets kubectl or a current API server reject in part are the corpus tests' business
      }
      cluster.sim.settle({ timeoutMs: 60_000 });
      await expectSamePlans(stack, cluster);
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  }, 60_000);
});
