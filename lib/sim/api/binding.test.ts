import { describe, expect, it } from 'vitest';
import { bindPod } from './binding.ts';
import { createApi, expectStatus } from './test-objects.ts';

function pod(api: ReturnType<typeof createApi>, name: string) {
  return api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
}

describe('bindPod()', () => {
  it('bindPod() sets nodeName and PodScheduled=True in one write', () => {
    const api = createApi();
    const created = pod(api, 'p');
    const rv = api.store.resourceVersion;
    const bound = bindPod(api, { namespace: 'shop', name: 'p' }, 'node-2') as any;
    expect(api.store.resourceVersion).toBe(rv + 1);
    expect(bound.spec.nodeName).toBe('node-2');
    expect(bound.status.conditions).toContainEqual({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: api.clock.nowIso() });
    expect(bound.metadata.managedFields).toEqual(created.metadata.managedFields);
  });

  it('bindPod() refuses a pod that is already bound, or missing', () => {
    const api = createApi();
    pod(api, 'p');
    bindPod(api, { namespace: 'shop', name: 'p' }, 'node-1');
    expectStatus(() => bindPod(api, { namespace: 'shop', name: 'p' }, 'node-2'), 409, 'Conflict', 'Operation cannot be fulfilled on pods "p": pod p is already assigned to node "node-1"');
    expectStatus(() => bindPod(api, { namespace: 'shop', name: 'nope' }, 'node-2'), 404, 'NotFound', 'pods "nope" not found');
  });
});
