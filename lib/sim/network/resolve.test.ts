import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import type { SimulationKnobs } from '../controllers/controller.ts';
import { createEndpointsController } from '../controllers/endpoints.ts';
import { createEndpointSliceController } from '../controllers/endpoints-slices.ts';
import { createTestPod, setTestPodReady, testService } from '../controllers/endpoints-testing.ts';
import { createIngressController } from '../controllers/ingress.ts';
import { ControllerManager } from '../controllers/manager.ts';
import { serviceLoadBalancerController } from '../controllers/service-load-balancer.ts';
import { enableIngressController } from './ingress-settings.ts';
import { enableLoadBalancers } from './lb-pool.ts';
import { NetworkError } from './network-error.ts';
import { resolve, type Resolution } from './resolve.ts';

type Obj = Record<string, any>;

interface Net {
  api: ApiServer;
  knobs: SimulationKnobs;
  manager: ControllerManager;
}

/** A cluster with namespace shop, Service web (port 80 → named port http) and 3 ready pods, one per node. */
function setup(options: { loadBalancers?: boolean; ingress?: boolean; webSpec?: Obj } = {}): Net {
  const api = new ApiServer();
  bootstrapCluster(api, { nodes: 3 });
  const knobs: SimulationKnobs = { values: new Map() };
  if (options.loadBalancers) enableLoadBalancers(knobs);
  if (options.ingress) enableIngressController(knobs);
  const manager = new ControllerManager(api, [createEndpointSliceController(), createEndpointsController(), serviceLoadBalancerController, createIngressController()], knobs).start();
  api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } as KubeObject);
  api.create(testService('web', { selector: { app: 'web' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }], ...options.webSpec }, 'shop'));
  ['x2k9p', 'b7m4q', 'z9w2d'].forEach((suffix, i) => {
    createTestPod(api, { namespace: 'shop', name: `web-7d9c5b8f4-${suffix}`, labels: { app: 'web' }, ip: `10.244.${i}.10`, node: `node-${i + 1}`, ports: [{ name: 'http', containerPort: 8080 }] });
  });
  manager.settle();
  return { api, knobs, manager };
}

function summary(r: Resolution): string {
  return `${r.via} ${r.service}:${r.port} -> ${r.pod} ${r.podIP}:${r.targetPort} on ${r.node}`;
}

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof NetworkError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a NetworkError');
}

function clusterIpOf(api: ApiServer, name: string, namespace = 'shop'): string {
  return (api.get({ apiVersion: 'v1', kind: 'Service', namespace, name }) as Obj).spec.clusterIP;
}

function ingress(name: string, spec: Obj): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: 'shop' }, spec: { ingressClassName: 'nginx', ...spec } } as KubeObject;
}

const backend = (name: string, port: number): Obj => ({ service: { name, port: { number: port } } });

describe('resolve()', () => {
  it('resolve() reaches the ready pods of a Service by DNS name, round-robin, with the named targetPort', () => {
    const net = setup();
    const seen = [
      resolve(net, 'http://web.shop.svc.cluster.local:80/path'),
      resolve(net, 'http://web.shop:80'),
      resolve(net, 'http://web/', { namespace: 'shop' }),
      resolve(net, 'http://web.shop.svc/'),
    ].map(summary);
    expect(seen).toEqual([
      'ClusterIP shop/web:80 -> shop/web-7d9c5b8f4-b7m4q 10.244.1.10:8080 on node-2',
      'ClusterIP shop/web:80 -> shop/web-7d9c5b8f4-x2k9p 10.244.0.10:8080 on node-1',
      'ClusterIP shop/web:80 -> shop/web-7d9c5b8f4-z9w2d 10.244.2.10:8080 on node-3',
      'ClusterIP shop/web:80 -> shop/web-7d9c5b8f4-b7m4q 10.244.1.10:8080 on node-2',
    ]);
  });

  it('resolve() reaches the API server through Service default/kubernetes by name from any namespace, and by 10.96.0.1', () => {
    const { api, knobs } = setup();
    const apiServer = 'ClusterIP default/kubernetes:443 -> undefined 172.18.0.1:6443 on undefined';
    expect(summary(resolve({ api, knobs }, 'https://kubernetes.default.svc'))).toBe(apiServer);
    expect(summary(resolve({ api, knobs }, 'https://kubernetes.default.svc.cluster.local', { namespace: 'shop' }))).toBe(apiServer);
    expect(summary(resolve({ api, knobs }, 'https://kubernetes.default', { namespace: 'shop' }))).toBe(apiServer);
    expect(summary(resolve({ api, knobs }, 'https://10.96.0.1/'))).toBe(apiServer);
    expect(errorOf(() => resolve({ api, knobs }, 'https://kubernetes.default.svc.cluster.local', { from: 'outside' })).code).toBe('InsideOnly');
  });

  it('resolve() reaches a Service by its ClusterIP and skips pods that are not ready', () => {
    const net = setup();
    setTestPodReady(net.api, 'shop', 'web-7d9c5b8f4-b7m4q', false);
    net.manager.settle();
    const ip = clusterIpOf(net.api, 'web');
    expect(ip).toMatch(/^10\.96\./);
    const pods = [1, 2, 3].map(() => resolve(net, `http://${ip}:80/`).pod);
    expect(pods).toEqual(['shop/web-7d9c5b8f4-x2k9p', 'shop/web-7d9c5b8f4-z9w2d', 'shop/web-7d9c5b8f4-x2k9p']);
  });

  it('resolve() reaches a NodePort through any node, or only local pods with externalTrafficPolicy Local', () => {
    const net = setup({ webSpec: { type: 'NodePort' } });
    const nodePort = (net.api.get({ apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' }) as Obj).spec.ports[0].nodePort as number;
    const r = resolve(net, `http://172.18.0.3:${nodePort}/`, { from: 'outside' });
    expect(summary(r)).toBe('NodePort shop/web:80 -> shop/web-7d9c5b8f4-b7m4q 10.244.1.10:8080 on node-2');
    expect(r.nodePort).toBe(nodePort);

    const svc = structuredClone(net.api.get({ apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' })) as Obj;
    svc.spec.externalTrafficPolicy = 'Local';
    net.api.update(svc as KubeObject);
    net.manager.settle();
    expect([1, 2].map(() => resolve(net, `http://172.18.0.4:${nodePort}/`, { from: 'outside' }).pod)).toEqual(['shop/web-7d9c5b8f4-z9w2d', 'shop/web-7d9c5b8f4-z9w2d']);
    setTestPodReady(net.api, 'shop', 'web-7d9c5b8f4-z9w2d', false);
    net.manager.settle();
    expect(errorOf(() => resolve(net, `http://172.18.0.4:${nodePort}/`, { from: 'outside' }))).toEqual({
      code: 'NoReadyEndpoints',
      message: 'Service shop/web has externalTrafficPolicy Local and no ready endpoint on node node-3 (its ready endpoints are on node-1, node-2)',
    });
  });

  it('resolve() reaches a LoadBalancer Service through its pool address', () => {
    const net = setup({ loadBalancers: true, webSpec: { type: 'LoadBalancer' } });
    expect(summary(resolve(net, 'http://172.18.255.200/', { from: 'outside' }))).toBe('LoadBalancer shop/web:80 -> shop/web-7d9c5b8f4-b7m4q 10.244.1.10:8080 on node-2');
  });

  it('resolve() routes an Ingress host and path by exact, prefix and longest match', () => {
    const net = setup({ ingress: true });
    net.api.create(testService('api', { selector: { app: 'api' }, ports: [{ name: 'grpc', port: 9000, targetPort: 9090 }] }, 'shop'));
    createTestPod(net.api, { namespace: 'shop', name: 'api-0', labels: { app: 'api' }, ip: '10.244.0.20', node: 'node-1' });
    net.api.create(
      ingress('shop', {
        rules: [
          {
            host: 'shop.example.com',
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: backend('web', 80) },
                { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { name: 'grpc' } } } },
                { path: '/api/login', pathType: 'Exact', backend: backend('web', 80) },
              ],
            },
          },
          { host: '*.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('api', 9000) }] } },
        ],
      }),
    );
    net.manager.settle();
    const via = (url: string): string => {
      const r = resolve(net, url, { from: 'outside' });
      return `${r.ingress} ${r.service}:${r.port} -> ${r.pod}:${r.targetPort}`;
    };
    expect(via('http://shop.example.com/api/orders')).toBe('shop/shop shop/api:9000 -> shop/api-0:9090');
    expect(via('http://shop.example.com/api')).toBe('shop/shop shop/api:9000 -> shop/api-0:9090');
    expect(via('http://shop.example.com/apis')).toBe('shop/shop shop/web:80 -> shop/web-7d9c5b8f4-b7m4q:8080');
    expect(via('http://shop.example.com/api/login')).toBe('shop/shop shop/web:80 -> shop/web-7d9c5b8f4-x2k9p:8080');
    expect(via('http://blog.example.com/')).toBe('shop/shop shop/api:9000 -> shop/api-0:9090');
    expect(resolve(net, 'http://shop.example.com/').via).toBe('Ingress');
    expect(errorOf(() => resolve(net, 'http://a.b.example.com/', { from: 'outside' }))).toEqual({
      code: 'UnknownHost',
      message: 'Cannot resolve http://a.b.example.com/: a.b.example.com is not a cluster DNS name and no Ingress rule serves it',
    });
  });

  it('resolve() sends requests to the ingress controller address to host-less rules and default backends', () => {
    const net = setup({ ingress: true });
    net.api.create(ingress('catch-all', { defaultBackend: backend('web', 80) }));
    net.api.create(ingress('paths', { rules: [{ http: { paths: [{ path: '/missing', pathType: 'Prefix', backend: backend('nope', 80) }] } }] }));
    net.manager.settle();
    expect(resolve(net, 'http://172.18.255.199/anything', { from: 'outside' }).ingress).toBe('shop/catch-all');
    expect(errorOf(() => resolve(net, 'http://172.18.255.199/missing/x', { from: 'outside' }))).toEqual({
      code: 'NoSuchService',
      message: 'Ingress shop/paths sends path /missing to Service shop/nope, which does not exist',
    });
    expect(errorOf(() => resolve(net, 'http://172.18.255.199:8080/', { from: 'outside' }))).toEqual({
      code: 'PortNotExposed',
      message: 'Cannot resolve http://172.18.255.199:8080/: the ingress controller (172.18.255.199) listens on ports 80 and 443, not 8080',
    });
  });

  it('resolve() reaches a headless Service and a StatefulSet pod by its own DNS name', () => {
    const net = setup();
    net.api.create(testService('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] }, 'shop'));
    for (const i of [0, 1]) createTestPod(net.api, { namespace: 'shop', name: `db-${i}`, labels: { app: 'db' }, ip: `10.244.${i}.30`, node: `node-${i + 1}`, hostname: `db-${i}`, subdomain: 'db' });
    net.manager.settle();
    expect(summary(resolve(net, 'http://db-1.db.shop.svc.cluster.local:5432/'))).toBe('Headless shop/db:5432 -> shop/db-1 10.244.1.30:5432 on node-2');
    expect([1, 2, 3].map(() => resolve(net, 'http://db.shop:5432/').pod)).toEqual(['shop/db-0', 'shop/db-1', 'shop/db-0']);
  });

  it('resolve() explains why a request reaches no pod', () => {
    const net = setup();
    net.api.create(testService('ext', { type: 'ExternalName', externalName: 'my.database.example.com' }, 'shop'));
    net.api.create(testService('empty', { selector: { app: 'none' }, ports: [{ port: 80 }] }, 'shop'));
    net.manager.settle();
    const cases = [
      () => resolve(net, 'not a url'),
      () => resolve(net, 'ftp://web.shop/'),
      () => resolve(net, 'http://nope.shop.svc.cluster.local/'),
      () => resolve(net, 'http://nope/', { namespace: 'shop' }),
      () => resolve(net, 'http://web.shop.svc.cluster.local/', { from: 'outside' }),
      () => resolve(net, `http://${clusterIpOf(net.api, 'web')}/`, { from: 'outside' }),
      () => resolve(net, 'http://web.shop:8080/'),
      () => resolve(net, 'http://ext.shop/'),
      () => resolve(net, 'http://empty.shop/'),
      () => resolve(net, 'http://172.18.0.2:30999/', { from: 'outside' }),
      () => resolve(net, 'http://10.244.0.10:8080/'),
      () => resolve(net, 'http://1.2.3.4/'),
    ];
    expect(cases.map((c) => errorOf(c))).toEqual([
      { code: 'InvalidUrl', message: 'Cannot resolve "not a url": not a URL (expected e.g. http://web.shop.svc.cluster.local:80/)' },
      { code: 'InvalidUrl', message: 'Cannot resolve "ftp://web.shop/": only http and https URLs are supported' },
      { code: 'NoSuchService', message: 'Cannot resolve http://nope.shop.svc.cluster.local/: Service shop/nope does not exist' },
      { code: 'NoSuchService', message: 'Cannot resolve http://nope/: no Service nope in namespace shop' },
      { code: 'InsideOnly', message: 'web.shop.svc.cluster.local is a cluster DNS name, resolvable only from inside the cluster (from outside use a NodePort, a load balancer or an Ingress)' },
      { code: 'InsideOnly', message: `${clusterIpOf(net.api, 'web')} is the ClusterIP of Service shop/web, reachable only from inside the cluster` },
      { code: 'PortNotExposed', message: 'Service shop/web does not expose port 8080 (it exposes 80/TCP)' },
      { code: 'ExternalName', message: 'Service shop/ext is an ExternalName Service: ext.shop.svc.cluster.local is a CNAME to my.database.example.com, outside the cluster' },
      { code: 'NoReadyEndpoints', message: 'Service shop/empty has no ready endpoints: no pods match its selector app=none' },
      { code: 'PortNotExposed', message: 'Cannot resolve http://172.18.0.2:30999/: no Service has nodePort 30999 (node node-1, 172.18.0.2)' },
      { code: 'UnknownHost', message: 'Cannot resolve http://10.244.0.10:8080/: 10.244.0.10 is the IP of pod shop/web-7d9c5b8f4-x2k9p, not a Service address' },
      { code: 'UnknownHost', message: 'Cannot resolve http://1.2.3.4/: no Service, node, load balancer or ingress controller has the address 1.2.3.4' },
    ]);
  });

  it('resolve() counts ready pods when none is ready', () => {
    const net = setup();
    for (const suffix of ['x2k9p', 'b7m4q', 'z9w2d']) setTestPodReady(net.api, 'shop', `web-7d9c5b8f4-${suffix}`, false);
    net.manager.settle();
    expect(errorOf(() => resolve(net, 'http://web.shop/'))).toEqual({ code: 'NoReadyEndpoints', message: 'Service shop/web has no ready endpoints: 0 of 3 pods ready' });
  });

  it('resolve() reports Ingress hosts without a controller and paths without a rule', () => {
    const net = setup();
    net.api.create(ingress('shop', { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/api', pathType: 'Exact', backend: backend('web', 80) }] } }] }));
    net.manager.settle();
    expect(errorOf(() => resolve(net, 'http://shop.example.com/api', { from: 'outside' }))).toEqual({
      code: 'NoIngressController',
      message: 'Cannot resolve http://shop.example.com/api: an Ingress routes host shop.example.com, but no ingress controller serves it (Ingresses get no address)',
    });
    enableIngressController(net.knobs);
    expect(errorOf(() => resolve(net, 'http://shop.example.com/other', { from: 'outside' }))).toEqual({
      code: 'NoIngressRule',
      message: 'Cannot resolve http://shop.example.com/other: no Ingress path for host shop.example.com matches /other and there is no default backend',
    });
  });
});
