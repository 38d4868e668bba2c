import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { DEFAULT_LB_POOL, enableLoadBalancers, loadBalancerPoolOf } from '../network/lb-pool.ts';
import type { SimulationKnobs } from './controller.ts';
import { eventLines, testService } from './endpoints-testing.ts';
import { ControllerManager } from './manager.ts';
import { LOAD_BALANCER_FINALIZER, serviceLoadBalancerController } from './service-load-balancer.ts';

type Obj = Record<string, any>;

function setup(pool?: string): { api: ApiServer; manager: ControllerManager; knobs: SimulationKnobs } {
  const api = new ApiServer();
  bootstrapCluster(api, { nodes: 3 });
  const knobs: SimulationKnobs = { values: new Map() };
  if (pool !== undefined) enableLoadBalancers(knobs, pool);
  const manager = new ControllerManager(api, [serviceLoadBalancerController], knobs).start();
  return { api, manager, knobs };
}

const lb = (name: string, extra: Obj = {}): KubeObject => testService(name, { type: 'LoadBalancer', selector: { app: name }, ports: [{ port: 80 }], ...extra });

function getSvc(api: ApiServer, name: string): Obj | undefined {
  return api.tryGet({ apiVersion: 'v1', kind: 'Service', namespace: 'default', name }) as Obj | undefined;
}

describe('serviceLoadBalancerController', () => {
  it('serviceLoadBalancerController leaves LoadBalancer Services pending when the cluster has no pool', () => {
    const { api, manager } = setup();
    const svc = api.create(lb('web'));
    manager.settle();
    expect(getSvc(api, 'web')!.status).toEqual({ loadBalancer: {} });
    expect(getSvc(api, 'web')!.metadata.finalizers).toBeUndefined();
    expect(eventLines(api, svc)).toEqual([]);
  });

  it('serviceLoadBalancerController assigns pool addresses in order, with the cleanup finalizer and events', () => {
    const { api, manager } = setup();
    enableLoadBalancers(manager.context.sim);
    const web = api.create(lb('web'));
    api.create(lb('api'));
    api.create(testService('internal', { selector: { app: 'x' }, ports: [{ port: 80 }] }));
    manager.settle();
    expect(getSvc(api, 'web')!.status.loadBalancer).toEqual({ ingress: [{ ip: '172.18.255.200', ipMode: 'VIP' }] });
    expect(getSvc(api, 'api')!.status.loadBalancer).toEqual({ ingress: [{ ip: '172.18.255.201', ipMode: 'VIP' }] });
    expect(getSvc(api, 'internal')!.status).toEqual({ loadBalancer: {} });
    expect(getSvc(api, 'web')!.metadata.finalizers).toEqual([LOAD_BALANCER_FINALIZER]);
    expect(eventLines(api, web)).toEqual([
      'Normal EnsuringLoadBalancer (service-controller): Ensuring load balancer',
      'Normal EnsuredLoadBalancer (service-controller): Ensured load balancer',
    ]);
  });

  it('serviceLoadBalancerController releases an address on delete and gives it to a waiting Service', () => {
    const { api, manager } = setup('172.18.255.200/32');
    const web = api.create(lb('web'));
    manager.settle();
    const second = api.create(lb('second'));
    manager.settle();
    expect(getSvc(api, 'second')!.status).toEqual({ loadBalancer: {} });
    expect(eventLines(api, second)).toEqual([
      'Normal EnsuringLoadBalancer (service-controller): Ensuring load balancer',
      'Warning SyncLoadBalancerFailed (service-controller): Error syncing load balancer: failed to ensure load balancer: no available IP addresses in pool 172.18.255.200-172.18.255.200',
    ]);

    api.delete({ apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'web' });
    manager.settle();
    expect(getSvc(api, 'web')).toBeUndefined();
    expect(eventLines(api, web).slice(2)).toEqual([
      'Normal DeletingLoadBalancer (service-controller): Deleting load balancer',
      'Normal DeletedLoadBalancer (service-controller): Deleted load balancer',
    ]);
    expect(getSvc(api, 'second')!.status.loadBalancer.ingress).toEqual([{ ip: '172.18.255.200', ipMode: 'VIP' }]);
  });

  it('serviceLoadBalancerController clears the address when the type changes away from LoadBalancer', () => {
    const { api, manager } = setup('172.18.255.200-172.18.255.201');
    const web = api.create(lb('web'));
    manager.settle();
    const changed = structuredClone(getSvc(api, 'web')!);
    changed.spec.type = 'ClusterIP';
    for (const p of changed.spec.ports) delete p.nodePort;
    delete changed.spec.externalTrafficPolicy;
    delete changed.spec.allocateLoadBalancerNodePorts;
    api.update(changed as KubeObject);
    manager.settle();
    const svc = getSvc(api, 'web')!;
    expect(svc.status).toEqual({ loadBalancer: {} });
    expect(svc.metadata.finalizers).toBeUndefined();
    expect(eventLines(api, web).slice(2)).toEqual([
      'Normal Type (service-controller): LoadBalancer -> ClusterIP',
      'Normal DeletingLoadBalancer (service-controller): Deleting load balancer',
      'Normal DeletedLoadBalancer (service-controller): Deleted load balancer',
    ]);
  });

  it('serviceLoadBalancerController honours loadBalancerIP inside the pool and refuses one outside it', () => {
    const { api, manager } = setup(DEFAULT_LB_POOL);
    api.create(lb('fixed', { loadBalancerIP: '172.18.255.240' }));
    const outside = api.create(lb('outside', { loadBalancerIP: '10.1.2.3' }));
    manager.settle();
    expect(getSvc(api, 'fixed')!.status.loadBalancer.ingress[0].ip).toBe('172.18.255.240');
    expect(getSvc(api, 'outside')!.status).toEqual({ loadBalancer: {} });
    expect(eventLines(api, outside)[1]).toBe(
      'Warning SyncLoadBalancerFailed (service-controller): Error syncing load balancer: failed to ensure load balancer: requested IP 10.1.2.3 is not in the pool 172.18.255.200-172.18.255.250',
    );
  });

  it('serviceLoadBalancerController ignores Services with a loadBalancerClass', () => {
    const { api, manager } = setup(DEFAULT_LB_POOL);
    api.create(lb('metal', { loadBalancerClass: 'example.com/metal' }));
    manager.settle();
    expect(getSvc(api, 'metal')!.status).toEqual({ loadBalancer: {} });
  });

  it('enableLoadBalancers() takes a CIDR or a range and rejects anything else', () => {
    const knobs: SimulationKnobs = { values: new Map() };
    expect(loadBalancerPoolOf(knobs)).toBeUndefined();
    expect(enableLoadBalancers(knobs, '172.18.255.192/28')).toEqual({ first: 0xac12ffc0, last: 0xac12ffcf });
    expect(knobs.values.get('loadBalancerPool')).toEqual({ range: '172.18.255.192-172.18.255.207' });
    expect(() => enableLoadBalancers(knobs, '172.18.255.300/24')).toThrow('Invalid address range "172.18.255.300/24": expected a CIDR such as 172.18.255.192/27');
    expect(() => enableLoadBalancers(knobs, '10.0.0.9-10.0.0.1')).toThrow('Invalid address range "10.0.0.9-10.0.0.1": the last address comes before the first');
  });
});
