import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { compileLabelSelector } from '../selectors.ts';
import { Store } from '../store.ts';
import { PodLabelIndex, podLabelIndexOf } from './disruption-pod-index.ts';
import { endpointSelectorOf, servicePodIndexOf } from './endpoints-index.ts';

const NAMESPACES = ['shop', 'blog'];
const APPS = ['web', 'api', 'db'];
const TIERS = ['front', 'back'];

function pod(namespace: string, name: string, labels: Record<string, string>, ready = false): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name, labels }, status: { phase: ready ? 'Running' : 'Pending' } } as KubeObject;
}

function service(namespace: string, name: string, selector: Record<string, string> | undefined, type = 'ClusterIP'): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace, name }, spec: { type, ...(selector ? { selector } : {}) } } as KubeObject;
}

/** A small deterministic generator (tests use no real randomness). */
function createSequence(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}

function list(store: Store, kindName: string): KubeObject[] {
  return store.list({ apiVersion: 'v1', kind: kindName }).items;
}

/** Writes one random change: a pod or Service created, relabelled, re-selected, made ready or deleted. */
function writeRandomChange(store: Store, next: (n: number) => number): void {
  const namespace = NAMESPACES[next(NAMESPACES.length)]!;
  const labels = (): Record<string, string> => {
    const out: Record<string, string> = {};
    if (next(4) > 0) out.app = APPS[next(APPS.length)]!;
    if (next(2) > 0) out.tier = TIERS[next(TIERS.length)]!;
    return out;
  };
  const podName = `p${next(12)}`;
  const serviceName = `s${next(5)}`;
  const existingPod = store.tryGet({ apiVersion: 'v1', kind: 'Pod', namespace, name: podName });
  const existingService = store.tryGet({ apiVersion: 'v1', kind: 'Service', namespace, name: serviceName });
  switch (next(6)) {
    case 0:
      if (existingPod) store.delete({ apiVersion: 'v1', kind: 'Pod', namespace, name: podName });
      else store.create(pod(namespace, podName, labels()));
      return;
    case 1:
      if (existingPod) store.update(pod(namespace, podName, labels()));
      return;
    case 2:
      if (existingPod) store.update(pod(namespace, podName, existingPod.metadata.labels ?? {}, (existingPod as any).status.phase !== 'Running'));
      return;
    case 3: {
      const selector = next(5) === 0 ? undefined : labels();
      const body = service(namespace, serviceName, selector, next(8) === 0 ? 'ExternalName' : 'ClusterIP');
      if (existingService) store.update(body);
      else store.create(body);
      return;
    }
    case 4:
      if (existingService) store.delete({ apiVersion: 'v1', kind: 'Service', namespace, name: serviceName });
      return;
    default:
      if (!existingPod) store.create(pod(namespace, podName, labels()));
  }
}

describe('ServicePodIndex', () => {
  it('ServicePodIndex agrees with a scan of the store after every one of 2,000 random pod and Service writes', () => {
    const store = new Store();
    const index = servicePodIndexOf(store);
    const next = createSequence(7);
    let checked = 0;
    for (let step = 0; step < 2000; step++) {
      writeRandomChange(store, next);
      const services = list(store, 'Service').filter((s) => endpointSelectorOf(s));
      for (const svc of services) {
        const matches = compileLabelSelector({ matchLabels: endpointSelectorOf(svc)! });
        const { namespace = '', name = '' } = svc.metadata;
        const want = list(store, 'Pod').filter((p) => p.metadata.namespace === namespace && matches(p.metadata.labels));
        const got = index.podsOf(namespace, name);
        expect(got && [...got.keys()].sort()).toEqual(want.map((p) => p.metadata.name).sort());
        for (const p of want) expect(got?.get(p.metadata.name ?? '')).toBe(p);
        checked += want.length;
      }
      for (const p of list(store, 'Pod')) {
        const want = services
          .filter((s) => s.metadata.namespace === p.metadata.namespace && compileLabelSelector({ matchLabels: endpointSelectorOf(s)! })(p.metadata.labels))
          .map((s) => `${s.metadata.namespace}/${s.metadata.name}`);
        expect(index.servicesSelecting(p).slice().sort()).toEqual(want.sort());
      }
    }
    expect(checked).toBeGreaterThan(5_000);
  });

  it('ServicePodIndex.servicesSelecting() lists Services in the order they were first indexed, a re-selected one keeping its place', () => {
    const store = new Store();
    const index = servicePodIndexOf(store);
    store.create(service('shop', 'zeta', { app: 'web' }));
    store.create(service('shop', 'alpha', { tier: 'front' }));
    store.create(service('shop', 'mid', { app: 'web', tier: 'front' }));
    const web = store.create(pod('shop', 'p', { app: 'web', tier: 'front' }));
    expect(index.servicesSelecting(web)).toEqual(['shop/zeta', 'shop/alpha', 'shop/mid']);
    store.update(service('shop', 'zeta', { tier: 'front' }));
    expect(index.servicesSelecting(web)).toEqual(['shop/zeta', 'shop/alpha', 'shop/mid']);
    store.delete({ apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'zeta' });
    store.create(service('shop', 'zeta', { app: 'web' }));
    expect(index.servicesSelecting(web)).toEqual(['shop/alpha', 'shop/mid', 'shop/zeta']);
  });
});

describe('PodLabelIndex', () => {
  it('PodLabelIndex.candidatesFor() holds every pod a selector with a required pair selects, after random writes', () => {
    const store = new Store();
    const index = podLabelIndexOf(store);
    const next = createSequence(11);
    const selectors: Array<Record<string, string>> = [{ app: 'web' }, { app: 'api', tier: 'back' }, { tier: 'front' }];
    for (let step = 0; step < 1000; step++) {
      writeRandomChange(store, next);
      for (const namespace of NAMESPACES) {
        for (const matchLabels of selectors) {
          const matches = compileLabelSelector({ matchLabels });
          const want = list(store, 'Pod').filter((p) => p.metadata.namespace === namespace && matches(p.metadata.labels)).map((p) => p.metadata.name);
          const candidates = index.candidatesFor(namespace, Object.entries(matchLabels).map(([key, value]) => ({ key, operator: '=', values: [value] })));
          expect([...(candidates ?? [])].filter((name) => want.includes(name)).sort()).toEqual(want.sort());
        }
      }
    }
  });

  it('PodLabelIndex.candidatesFor() is undefined for requirements without a required pair and empty for an unknown pair', () => {
    const index = new PodLabelIndex();
    index.putPod('shop', 'a', { app: 'web' });
    expect(index.candidatesFor('shop', [{ key: 'app', operator: 'exists', values: [] }])).toBeUndefined();
    expect([...index.candidatesFor('shop', [{ key: 'app', operator: '=', values: ['api'] }])!]).toEqual([]);
    expect([...index.candidatesFor('shop', [{ key: 'app', operator: 'in', values: ['web'] }])!]).toEqual(['a']);
    index.removePod('shop', 'a');
    expect([...index.candidatesFor('shop', [{ key: 'app', operator: '=', values: ['web'] }])!]).toEqual([]);
  });
});
