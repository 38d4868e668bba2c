import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { createEndpointsController } from './endpoints.ts';
import { createEndpointSliceController } from './endpoints-slices.ts';
import { createTestPod, setTestPodReady, testService } from './endpoints-testing.ts';
import { ControllerManager } from './manager.ts';

type Obj = Record<string, any>;

function setup(): { api: ApiServer; manager: ControllerManager } {
  const api = new ApiServer();
  bootstrapCluster(api, { nodes: 3 });
  const manager = new ControllerManager(api, [createEndpointSliceController(), createEndpointsController()]).start();
  return { api, manager };
}

function slicesOf(api: ApiServer, service: string, namespace = 'default'): Obj[] {
  return api.list({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespace, labelSelector: `kubernetes.io/service-name=${service}` }).items as Obj[];
}

function endpointsOf(api: ApiServer, service: string, namespace = 'default'): Obj | undefined {
  return api.tryGet({ apiVersion: 'v1', kind: 'Endpoints', namespace, name: service }) as Obj | undefined;
}

/** `pod ready/serving/terminating` for every endpoint of every slice, sorted. */
function sliceSummary(api: ApiServer, service: string): string[] {
  return slicesOf(api, service)
    .flatMap((s) => (s.endpoints ?? []) as Obj[])
    .map((e) => `${e.targetRef.name} ${e.addresses[0]} r=${e.conditions.ready} s=${e.conditions.serving} t=${e.conditions.terminating}`)
    .sort();
}

const web = (extra: Obj = {}): KubeObject => testService('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }], ...extra });

describe('endpoint controllers', () => {
  it('EndpointSlice and Endpoints list the selected pods with their readiness', () => {
    const { api, manager } = setup();
    const svc = api.create(web());
    createTestPod(api, { name: 'web-a', labels: { app: 'web' }, ip: '10.244.0.11', node: 'node-1' });
    createTestPod(api, { name: 'web-b', labels: { app: 'web' }, ip: '10.244.1.12', node: 'node-2', ready: false });
    createTestPod(api, { name: 'other', labels: { app: 'other' }, ip: '10.244.2.13' });
    manager.settle();

    const slices = slicesOf(api, 'web');
    expect(slices).toHaveLength(1);
    const slice = slices[0]!;
    expect(slice.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(slice.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(slice.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const podA = api.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-a' });
    expect(slice.endpoints[0]).toEqual({
      addresses: ['10.244.0.11'],
      conditions: { ready: true, serving: true, terminating: false },
      targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: podA.metadata.uid },
      nodeName: 'node-1',
    });
    expect(sliceSummary(api, 'web')).toEqual(['web-a 10.244.0.11 r=true s=true t=false', 'web-b 10.244.1.12 r=false s=false t=false']);

    const ep = endpointsOf(api, 'web')!;
    expect(ep.metadata.labels).toEqual({ 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    expect(ep.subsets).toEqual([
      {
        addresses: [{ ip: '10.244.0.11', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: podA.metadata.uid } }],
        notReadyAddresses: [expect.objectContaining({ ip: '10.244.1.12', nodeName: 'node-2' })],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('EndpointSlices follow pods becoming ready, not ready, terminating and deleted', () => {
    const { api, manager } = setup();
    api.create(web());
    createTestPod(api, { name: 'web-a', labels: { app: 'web' }, ip: '10.244.0.11', ready: false });
    manager.settle();
    expect(sliceSummary(api, 'web')).toEqual(['web-a 10.244.0.11 r=false s=false t=false']);
    expect(endpointsOf(api, 'web')!.subsets[0].addresses).toBeUndefined();

    setTestPodReady(api, 'default', 'web-a', true);
    manager.settle();
    expect(sliceSummary(api, 'web')).toEqual(['web-a 10.244.0.11 r=true s=true t=false']);
    expect(endpointsOf(api, 'web')!.subsets[0].addresses.map((a: Obj) => a.ip)).toEqual(['10.244.0.11']);

    // A bound pod lingers with a deletionTimestamp until its kubelet removes it.
    api.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-a' });
    manager.settle();
    expect(sliceSummary(api, 'web')).toEqual(['web-a 10.244.0.11 r=false s=true t=true']);
    expect(endpointsOf(api, 'web')!.subsets).toBeUndefined();

    api.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-a' }, { gracePeriodSeconds: 0 });
    manager.settle();
    const slices = slicesOf(api, 'web');
    expect(slices).toHaveLength(1);
    expect(slices[0]!.endpoints).toEqual([]);
    expect(slices[0]!.ports).toBeUndefined();
  });

  it('EndpointSlices drop a pod whose labels stop matching and add one that starts to', () => {
    const { api, manager } = setup();
    api.create(web());
    createTestPod(api, { name: 'web-a', labels: { app: 'web' }, ip: '10.244.0.11' });
    createTestPod(api, { name: 'web-b', labels: { app: 'nope' }, ip: '10.244.0.12' });
    manager.settle();
    api.patch({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-a' }, 'merge', { metadata: { labels: { app: 'gone' } } });
    api.patch({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-b' }, 'merge', { metadata: { labels: { app: 'web' } } });
    manager.settle();
    expect(sliceSummary(api, 'web')).toEqual(['web-b 10.244.0.12 r=true s=true t=false']);
  });

  it('EndpointSlices resolve a named targetPort through each pod’s container ports', () => {
    const { api, manager } = setup();
    api.create(testService('db', { selector: { app: 'db' }, ports: [{ name: 'sql', port: 5432, targetPort: 'pg' }, { name: 'metrics', port: 9090 }] }));
    createTestPod(api, { name: 'db-old', labels: { app: 'db' }, ip: '10.244.0.21', ports: [{ name: 'pg', containerPort: 5432 }] });
    createTestPod(api, { name: 'db-new', labels: { app: 'db' }, ip: '10.244.0.22', ports: [{ name: 'pg', containerPort: 6432 }] });
    createTestPod(api, { name: 'db-bad', labels: { app: 'db' }, ip: '10.244.0.23', ports: [{ name: 'postgres', containerPort: 5432 }] });
    manager.settle();

    const byPorts = slicesOf(api, 'db')
      .map((s) => `${JSON.stringify(s.ports)} ${(s.endpoints as Obj[]).map((e) => e.targetRef.name).join(',')}`)
      .sort();
    expect(byPorts).toEqual([
      '[{"name":"metrics","port":9090,"protocol":"TCP"}] db-bad',
      '[{"name":"sql","port":5432,"protocol":"TCP"},{"name":"metrics","port":9090,"protocol":"TCP"}] db-old',
      '[{"name":"sql","port":6432,"protocol":"TCP"},{"name":"metrics","port":9090,"protocol":"TCP"}] db-new',
    ]);
    const subsets = (endpointsOf(api, 'db')!.subsets as Obj[]).map((s) => `${s.ports.map((p: Obj) => `${p.name}:${p.port}`).join(',')} ${s.addresses.map((a: Obj) => a.ip).join(',')}`);
    expect(subsets.sort()).toEqual(['metrics:9090 10.244.0.23', 'sql:5432,metrics:9090 10.244.0.21', 'sql:6432,metrics:9090 10.244.0.22']);
  });

  it('headless Services get endpoints with hostnames, and publishNotReadyAddresses marks every pod ready', () => {
    const { api, manager } = setup();
    api.create(testService('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }], publishNotReadyAddresses: true }));
    createTestPod(api, { name: 'db-0', labels: { app: 'db' }, ip: '10.244.0.30', hostname: 'db-0', subdomain: 'db', ready: false });
    createTestPod(api, { name: 'db-1', labels: { app: 'db' }, ip: '10.244.0.31', hostname: 'db-1', subdomain: 'other' });
    manager.settle();

    const slice = slicesOf(api, 'db')[0]!;
    expect(slice.metadata.labels['service.kubernetes.io/headless']).toBe('');
    expect((slice.endpoints as Obj[]).map((e) => [e.targetRef.name, e.hostname, e.conditions.ready])).toEqual([
      ['db-0', 'db-0', true],
      ['db-1', undefined, true],
    ]);
    expect(slice.ports).toEqual([{ name: '', port: 5432, protocol: 'TCP' }]);
    const ep = endpointsOf(api, 'db')!;
    expect(ep.metadata.labels['service.kubernetes.io/headless']).toBe('');
    expect(ep.subsets[0].addresses.map((a: Obj) => `${a.ip} ${a.hostname ?? '-'}`)).toEqual(['10.244.0.30 db-0', '10.244.0.31 -']);
    expect(ep.subsets[0].ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
  });

  it('the Endpoints controller honours the deprecated tolerate-unready-endpoints annotation', () => {
    const { api, manager } = setup();
    api.create(web({}), {});
    api.create(testService('peers', { clusterIP: 'None', selector: { app: 'web' } }, 'default', { annotations: { 'service.alpha.kubernetes.io/tolerate-unready-endpoints': 'true' } }));
    createTestPod(api, { name: 'web-a', labels: { app: 'web' }, ip: '10.244.0.11', ready: false });
    manager.settle();
    expect(endpointsOf(api, 'peers')!.subsets).toEqual([{ addresses: [expect.objectContaining({ ip: '10.244.0.11' })] }]);
    expect(sliceSummary(api, 'peers')).toEqual(['web-a 10.244.0.11 r=false s=false t=false']);
  });

  it('ExternalName and selector-less Services get no EndpointSlices or Endpoints', () => {
    const { api, manager } = setup();
    api.create(testService('ext', { type: 'ExternalName', externalName: 'my.database.example.com', selector: { app: 'web' } }));
    api.create(testService('manual', { ports: [{ port: 80 }] }));
    createTestPod(api, { name: 'web-a', labels: { app: 'web' } });
    manager.settle();
    expect(slicesOf(api, 'ext')).toEqual([]);
    expect(slicesOf(api, 'manual')).toEqual([]);
    expect(endpointsOf(api, 'ext')).toBeUndefined();
    expect(endpointsOf(api, 'manual')).toBeUndefined();
  });

  it('a Service selecting no pods gets a placeholder slice and an Endpoints without subsets', () => {
    const { api, manager } = setup();
    api.create(web());
    manager.settle();
    const slices = slicesOf(api, 'web');
    expect(slices.map((s) => [s.endpoints, s.ports])).toEqual([[[], undefined]]);
    expect(endpointsOf(api, 'web')!.subsets).toBeUndefined();
  });

  it('EndpointSlices hold at most 100 endpoints each', () => {
    const { api, manager } = setup();
    api.create(web());
    for (let i = 0; i < 150; i++) createTestPod(api, { name: `web-${String(i).padStart(3, '0')}`, labels: { app: 'web' }, ip: `10.244.${Math.floor(i / 200)}.${i + 2}` });
    manager.settle();
    expect(slicesOf(api, 'web').map((s) => s.endpoints.length).sort()).toEqual([100, 50]);
    api.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-000' }, { gracePeriodSeconds: 0 });
    manager.settle();
    expect(slicesOf(api, 'web').map((s) => s.endpoints.length).sort()).toEqual([50, 99]);
  });

  it('deleting a Service removes its EndpointSlices and Endpoints', () => {
    const { api, manager } = setup();
    api.create(web());
    createTestPod(api, { name: 'web-a', labels: { app: 'web' } });
    manager.settle();
    api.delete({ apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'web' });
    manager.settle();
    expect(slicesOf(api, 'web')).toEqual([]);
    expect(endpointsOf(api, 'web')).toBeUndefined();
  });

  it('a Service changed to ExternalName loses its EndpointSlices', () => {
    const { api, manager } = setup();
    api.create(web());
    createTestPod(api, { name: 'web-a', labels: { app: 'web' } });
    manager.settle();
    expect(slicesOf(api, 'web')).toHaveLength(1);
    const svc = structuredClone(api.get({ apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'web' })) as Obj;
    svc.spec = { type: 'ExternalName', externalName: 'example.com' };
    api.update(svc as KubeObject);
    manager.settle();
    expect(slicesOf(api, 'web')).toEqual([]);
  });

  it('EndpointSlices gather changes for 100 ms, so pods turning Ready together cost one write', () => {
    const { api, manager } = setup();
    api.create(web());
    manager.settle();
    const writes: string[] = [];
    api.store.subscribe((e) => {
      if (e.object.kind === 'EndpointSlice') writes.push(`${e.type} ${api.clock.nowMillis()}`);
    });
    const start = api.clock.nowMillis();
    for (let i = 0; i < 20; i++) createTestPod(api, { name: `web-${i}`, labels: { app: 'web' }, ip: `10.244.0.${i + 2}` });
    manager.runPending();
    expect(writes).toEqual([]);
    manager.settle();
    expect(writes).toEqual([`MODIFIED ${start + 100}`]);
    expect(sliceSummary(api, 'web')).toHaveLength(20);
  });
});
