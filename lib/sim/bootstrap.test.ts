import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/types.ts';
import { ApiServer } from './api/api-server.ts';
import { API_SERVER_ADDRESS, bootstrapCluster, ensureKubernetesService, KUBERNETES_SERVICE_IP } from './bootstrap.ts';
import { SimCluster } from './sim-cluster.ts';

type Obj = Record<string, any>;

const SERVICE = { apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'kubernetes' } as const;
const ENDPOINTS = { apiVersion: 'v1', kind: 'Endpoints', namespace: 'default', name: 'kubernetes' } as const;
const SLICE = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespace: 'default', name: 'kubernetes' } as const;

function service(name: string, spec: Obj = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } } as KubeObject;
}

function errorMessageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('bootstrapCluster()', () => {
  it('bootstrapCluster() creates Service default/kubernetes as the API server does', () => {
    const api = new ApiServer();
    bootstrapCluster(api, { nodes: 0 });
    const svc = api.get(SERVICE) as Obj;
    expect(svc.metadata.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
    expect(svc.spec).toEqual({
      type: 'ClusterIP',
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
    expect(svc.spec.selector).toBeUndefined();
    expect(svc.metadata.managedFields[0].manager).toBe('kube-apiserver');
  });

  it('bootstrapCluster() creates Endpoints and EndpointSlice default/kubernetes naming the API server on port https 6443', () => {
    const api = new ApiServer();
    bootstrapCluster(api, { nodes: 0 });
    const endpoints = api.get(ENDPOINTS) as Obj;
    expect(endpoints.metadata.labels).toEqual({ 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    expect(endpoints.subsets).toEqual([{ addresses: [{ ip: '172.18.0.1' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]);
    const slice = api.get(SLICE) as Obj;
    expect(slice.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'kubernetes' });
    expect([slice.addressType, slice.endpoints, slice.ports]).toEqual(['IPv4', [{ addresses: ['172.18.0.1'], conditions: { ready: true } }], [{ name: 'https', port: 6443, protocol: 'TCP' }]]);
  });

  it('bootstrapCluster() puts the API server on the node network at an address no node gets', () => {
    const api = new ApiServer();
    bootstrapCluster(api, { nodes: 3 });
    const nodeIps = api.list({ apiVersion: 'v1', kind: 'Node' }).items.map((n) => (n as Obj).status.addresses[0].address);
    expect(nodeIps).toEqual(['172.18.0.2', '172.18.0.3', '172.18.0.4']);
    expect(nodeIps).not.toContain(API_SERVER_ADDRESS);
  });

  it('bootstrapCluster() reserves 10.96.0.1: the next Service gets 10.96.0.2 and asking for 10.96.0.1 is refused', () => {
    const api = new ApiServer();
    bootstrapCluster(api, { nodes: 0 });
    expect((api.create(service('web')) as Obj).spec.clusterIP).toBe('10.96.0.2');
    expect(errorMessageOf(() => api.create(service('taken', { clusterIP: KUBERNETES_SERVICE_IP })))).toBe(
      'Service "taken" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    );
  });

  it('bootstrapCluster() run again on a bootstrapped server writes nothing', () => {
    const api = new ApiServer();
    bootstrapCluster(api, { nodes: 1 });
    const rv = api.store.snapshot().resourceVersion;
    bootstrapCluster(api, { nodes: 1 });
    expect(api.store.snapshot().resourceVersion).toBe(rv);
  });
});

describe('the kubernetes Service reconciler', () => {
  it('the controllers leave the selector-less Service default/kubernetes, its Endpoints and EndpointSlice untouched', () => {
    const cluster = SimCluster.create({ shape: { nodes: 1 } });
    const before = [SERVICE, ENDPOINTS, SLICE].map((k) => cluster.api.get(k).metadata.resourceVersion);
    cluster.manager.start();
    cluster.settle();
    expect([SERVICE, ENDPOINTS, SLICE].map((k) => cluster.api.get(k).metadata.resourceVersion)).toEqual(before);
    const slices = cluster.api.list({ apiVersion: SLICE.apiVersion, kind: SLICE.kind, namespace: 'default' }).items;
    expect(slices.map((s) => s.metadata.name)).toEqual(['kubernetes']);
  });

  it('a deleted Service default/kubernetes comes back with 10.96.0.1, and so do its Endpoints and EndpointSlice', () => {
    const cluster = SimCluster.create({ shape: { nodes: 1 } });
    cluster.manager.start();
    const oldUid = cluster.api.get(SERVICE).metadata.uid;
    cluster.api.delete(SERVICE);
    cluster.api.delete(SLICE);
    cluster.settle();
    const svc = cluster.api.get(SERVICE) as Obj;
    expect([svc.metadata.uid === oldUid, svc.spec.clusterIP, svc.spec.ports]).toEqual([false, '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]]);
    expect((cluster.api.get(ENDPOINTS) as Obj).subsets[0].addresses).toEqual([{ ip: API_SERVER_ADDRESS }]);
    expect((cluster.api.get(SLICE) as Obj).endpoints).toEqual([{ addresses: [API_SERVER_ADDRESS], conditions: { ready: true } }]);
  });

  it('changed Endpoints, EndpointSlice and Service ports of default/kubernetes are reset, as the API server resets them', () => {
    const cluster = SimCluster.create({ shape: { nodes: 1 } });
    cluster.manager.start();
    const endpoints = structuredClone(cluster.api.get(ENDPOINTS)) as Obj;
    endpoints.subsets = [{ addresses: [{ ip: '10.0.0.9' }], ports: [{ name: 'https', port: 8443, protocol: 'TCP' }] }];
    cluster.api.update(endpoints as KubeObject);
    const svc = structuredClone(cluster.api.get(SERVICE)) as Obj;
    svc.spec.ports = [{ name: 'https', port: 8443, protocol: 'TCP', targetPort: 8443 }];
    cluster.api.update(svc as KubeObject);
    cluster.api.create({ apiVersion: SLICE.apiVersion, kind: SLICE.kind, metadata: { name: 'kubernetes-extra', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } }, addressType: 'IPv4', endpoints: [] } as unknown as KubeObject);
    cluster.settle();
    expect((cluster.api.get(ENDPOINTS) as Obj).subsets).toEqual([{ addresses: [{ ip: '172.18.0.1' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]);
    expect((cluster.api.get(SERVICE) as Obj).spec.ports).toEqual([{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]);
    expect(cluster.api.list({ apiVersion: SLICE.apiVersion, kind: SLICE.kind, namespace: 'default' }).items.map((s) => s.metadata.name)).toEqual(['kubernetes']);
  });

  it('ensureKubernetesService() on a cluster saved before the Service existed creates it, unless a user Service holds 10.96.0.1', () => {
    const api = new ApiServer();
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } as KubeObject);
    api.create(service('first'));
    expect((api.get({ ...SERVICE, name: 'first' }) as Obj).spec.clusterIP).toBe('10.96.0.1');
    ensureKubernetesService(api);
    expect(api.tryGet(SERVICE)).toBeUndefined();
    expect((api.get(ENDPOINTS) as Obj).subsets[0].addresses).toEqual([{ ip: API_SERVER_ADDRESS }]);
    api.delete({ ...SERVICE, name: 'first' });
    ensureKubernetesService(api);
    expect((api.get(SERVICE) as Obj).spec.clusterIP).toBe('10.96.0.1');
  });
});
