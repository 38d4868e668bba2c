import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { createEndpointSliceController } from '../controllers/endpoints-slices.ts';
import { createTestPod, testService } from '../controllers/endpoints-testing.ts';
import { ControllerManager } from '../controllers/manager.ts';
import { lookup, podDnsName, searchNames, serviceDnsName } from './dns.ts';

type Obj = Record<string, any>;

function setup(): ApiServer {
  const api = new ApiServer();
  bootstrapCluster(api, { nodes: 3 });
  const manager = new ControllerManager(api, [createEndpointSliceController()]).start();
  api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } as KubeObject);
  api.create(testService('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }, 'shop'));
  api.create(testService('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] }, 'shop'));
  api.create(testService('ext', { type: 'ExternalName', externalName: 'my.database.example.com' }, 'shop'));
  createTestPod(api, { namespace: 'shop', name: 'db-0', labels: { app: 'db' }, ip: '10.244.0.31', hostname: 'db-0', subdomain: 'db' });
  createTestPod(api, { namespace: 'shop', name: 'db-1', labels: { app: 'db' }, ip: '10.244.1.31', hostname: 'db-1', subdomain: 'db', ready: false });
  createTestPod(api, { namespace: 'shop', name: 'db-2', labels: { app: 'db' }, ip: '10.244.2.31', hostname: 'db-2', subdomain: 'db' });
  manager.settle();
  return api;
}

describe('cluster DNS', () => {
  it('serviceDnsName() and podDnsName() build the names CoreDNS serves', () => {
    const api = setup();
    expect(serviceDnsName(api.get({ apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' }))).toBe('web.shop.svc.cluster.local');
    expect(podDnsName(api.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'db-0' }))).toBe('db-0.db.shop.svc.cluster.local');
    expect(podDnsName({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'shop' }, spec: {} } as KubeObject)).toBeUndefined();
  });

  it('searchNames() expands a short name with the pod namespace search list before trying it as is', () => {
    expect(searchNames('web', 'shop')).toEqual(['web.shop.svc.cluster.local', 'web.svc.cluster.local', 'web.cluster.local', 'web']);
    expect(searchNames('Web.Shop.svc.cluster.local.', 'x')).toEqual(['web.shop.svc.cluster.local']);
    expect(searchNames('a.b.c.d.e.f', 'x')[0]).toBe('a.b.c.d.e.f');
  });

  it('lookup() answers a ClusterIP, the ready pod IPs of a headless Service, one pod, and a CNAME', () => {
    const api = setup();
    const clusterIP = (api.get({ apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' }) as Obj).spec.clusterIP;
    const web = lookup(api, 'web', { namespace: 'shop' });
    expect(web).toMatchObject({ type: 'Service', name: 'web.shop.svc.cluster.local', headless: false, addresses: [clusterIP] });
    expect(lookup(api, 'db.shop')).toMatchObject({ type: 'Service', headless: true, addresses: ['10.244.0.31', '10.244.2.31'] });
    expect(lookup(api, 'db-2.db.shop.svc.cluster.local')).toMatchObject({ type: 'Pod', addresses: ['10.244.2.31'] });
    expect(lookup(api, 'db-1.db.shop.svc.cluster.local')).toBeUndefined();
    expect(lookup(api, 'ext.shop.svc')).toMatchObject({ type: 'ExternalName', target: 'my.database.example.com' });
    expect(lookup(api, 'web')).toBeUndefined();
    expect(lookup(api, 'example.com')).toBeUndefined();
  });
});
