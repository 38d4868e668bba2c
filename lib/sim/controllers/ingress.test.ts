import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { enableIngressController, ingressClassFor, ingressControllerOf } from '../network/ingress-settings.ts';
import type { SimulationKnobs } from './controller.ts';
import { eventLines, testService } from './endpoints-testing.ts';
import { backendServiceNames, createIngressController } from './ingress.ts';
import { ControllerManager } from './manager.ts';

type Obj = Record<string, any>;

function setup(enabled = true): { api: ApiServer; manager: ControllerManager; knobs: SimulationKnobs } {
  const api = new ApiServer();
  bootstrapCluster(api, { nodes: 3 });
  const knobs: SimulationKnobs = { values: new Map() };
  if (enabled) enableIngressController(knobs);
  const manager = new ControllerManager(api, [createIngressController()], knobs).start();
  return { api, manager, knobs };
}

function ingress(name: string, spec: Obj, metadata: Obj = {}): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: 'default', ...metadata }, spec } as KubeObject;
}

const shop = (extra: Obj = {}): KubeObject =>
  ingress('shop', {
    ingressClassName: 'nginx',
    rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }, { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 8080 } } } }] } }],
    ...extra,
  });

function getIngress(api: ApiServer, name: string): Obj {
  return api.get({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: 'default', name }) as Obj;
}

describe('ingress controller', () => {
  it('Ingresses get no address when the cluster has no ingress controller', () => {
    const { api, manager } = setup(false);
    const ing = api.create(shop());
    manager.settle();
    expect(getIngress(api, 'shop').status).toEqual({ loadBalancer: {} });
    expect(eventLines(api, ing)).toEqual([]);
  });

  it('the ingress controller publishes its address and warns about each missing backend Service once', () => {
    const { api, manager } = setup();
    api.create(testService('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    const ing = api.create(shop());
    manager.settle();
    expect(getIngress(api, 'shop').status).toEqual({ loadBalancer: { ingress: [{ ip: '172.18.255.199' }] } });
    expect(eventLines(api, ing)).toEqual([
      'Normal Sync (nginx-ingress-controller): Scheduled for sync',
      'Warning Sync (nginx-ingress-controller): Service "default/api" does not exist',
    ]);

    // Unrelated Service changes do not repeat the warning; creating the backend settles it.
    api.create(testService('other', { selector: { app: 'other' }, ports: [{ port: 80 }] }));
    manager.settle();
    expect(eventLines(api, ing)).toHaveLength(2);
    api.create(testService('api', { selector: { app: 'api' }, ports: [{ port: 8080 }] }));
    manager.settle();
    expect(eventLines(api, ing)).toHaveLength(2);

    // Deleting a backend again is reported again.
    api.delete({ apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'web' });
    manager.settle();
    expect(eventLines(api, ing).slice(2)).toEqual(['Warning Sync (nginx-ingress-controller): Service "default/web" does not exist']);
  });

  it('the ingress controller serves its class, a default IngressClass of its own, and nothing else', () => {
    const { api, manager, knobs } = setup();
    api.create(ingress('other-class', { ingressClassName: 'traefik', defaultBackend: { service: { name: 'web', port: { number: 80 } } } }));
    api.create(ingress('no-class', { defaultBackend: { service: { name: 'web', port: { number: 80 } } } }));
    api.create(ingress('legacy', { defaultBackend: { service: { name: 'web', port: { number: 80 } } } }, { annotations: { 'kubernetes.io/ingress.class': 'nginx' } }));
    manager.settle();
    expect(getIngress(api, 'other-class').status).toEqual({ loadBalancer: {} });
    expect(getIngress(api, 'no-class').status).toEqual({ loadBalancer: {} });
    expect(getIngress(api, 'legacy').status.loadBalancer.ingress).toEqual([{ ip: '172.18.255.199' }]);

    api.create(ingressClassFor(ingressControllerOf(knobs)!, true));
    manager.settle();
    expect(getIngress(api, 'no-class').status.loadBalancer.ingress).toEqual([{ ip: '172.18.255.199' }]);
    expect(getIngress(api, 'other-class').status).toEqual({ loadBalancer: {} });
  });

  it('the ingress controller takes its address back when an Ingress moves to another class', () => {
    const { api, manager } = setup();
    api.create(shop());
    manager.settle();
    const moved = structuredClone(getIngress(api, 'shop'));
    moved.spec.ingressClassName = 'traefik';
    api.update(moved as KubeObject);
    manager.settle();
    expect(getIngress(api, 'shop').status).toEqual({ loadBalancer: {} });
  });

  it('backendServiceNames() lists the default backend and every path backend once', () => {
    expect(backendServiceNames(shop({ defaultBackend: { service: { name: 'web', port: { number: 80 } } } }))).toEqual(['api', 'web']);
  });
});
