import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bindPod } from '../api/binding.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { podNodeIndexOf } from './pod-node-index.ts';

function pod(name: string, namespace: string, nodeName?: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'app', image: 'nginx:1.27' }] } } as KubeObject;
}

function namesOn(api: ApiServer, node: string): string[] {
  return podNodeIndexOf(api.store).podsOn(node).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
}

describe('podNodeIndexOf', () => {
  it('podNodeIndexOf() lists a node\'s pods in field-selector list order and follows binds and deletions', () => {
    const api = new ApiServer();
    bootstrapCluster(api, { nodes: 2 });
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } });
    api.create(pod('b', 'default', 'node-1'));
    expect(namesOn(api, 'node-1')).toEqual(['default/b']);
    api.create(pod('a', 'default', 'node-1'));
    api.create(pod('z', 'apps', 'node-1'));
    api.create(pod('c', 'default', 'node-2'));
    api.create(pod('pending', 'default'));
    const bySelector = (node: string) => api.list({ apiVersion: 'v1', kind: 'Pod', fieldSelector: `spec.nodeName=${node}` }).items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    expect(namesOn(api, 'node-1')).toEqual(['apps/z', 'default/a', 'default/b']);
    expect(namesOn(api, 'node-1')).toEqual(bySelector('node-1'));
    api.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' }, { gracePeriodSeconds: 0 });
    bindPod(api, { namespace: 'default', name: 'pending' }, 'node-2');
    expect(namesOn(api, 'node-1')).toEqual(['apps/z', 'default/b']);
    expect(namesOn(api, 'node-2')).toEqual(bySelector('node-2'));
    expect(namesOn(api, 'node-3')).toEqual([]);
  });
});
