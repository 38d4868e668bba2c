// The cloud controller manager's service controller, simulated: when the cluster has a load
// balancer pool (lib/sim/network/lb-pool.ts, off by default) it gives each LoadBalancer Service an
// address in `status.loadBalancer.ingress`, guarded by the load-balancer-cleanup finalizer, and
// releases it when the Service is deleted or changes type. Without a pool it does nothing (`<pending>`).

import type { KubeObject } from '../../k8s/types.ts';
import { formatIpv4, formatIpv4Range, parseIpv4, type Ipv4Range } from '../network/ip.ts';
import { loadBalancerPoolOf } from '../network/lb-pool.ts';
import { done, mapped, objectKey, splitKey, type Controller, type ControllerContext } from './controller.ts';
import { compareStrings } from './endpoints-pods.ts';

type Obj = Record<string, any>;

/** The finalizer the service controller puts on Services whose load balancer it manages. */
export const LOAD_BALANCER_FINALIZER = 'service.kubernetes.io/load-balancer-cleanup';

const COMPONENT = 'service-controller';
const FIELD_MANAGER = 'cloud-controller-manager';
/** Reconcile key that retries Services waiting for an address once another one is released. */
const POOL_KEY = '#pool';
const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;

function addressesOf(svc: KubeObject): string[] {
  const ingress = ((svc as Obj).status?.loadBalancer?.ingress ?? []) as Obj[];
  return ingress.map((i) => i.ip).filter((ip): ip is string => typeof ip === 'string' && ip !== '');
}

function hasFinalizer(svc: KubeObject): boolean {
  return (svc.metadata.finalizers ?? []).includes(LOAD_BALANCER_FINALIZER);
}

/** True when the default service controller should provide a load balancer for the Service. */
function wantsLoadBalancer(svc: KubeObject): boolean {
  const spec = ((svc as Obj).spec ?? {}) as Obj;
  return spec.type === 'LoadBalancer' && !spec.loadBalancerClass && !svc.metadata.deletionTimestamp;
}

function withFinalizer(ctx: ControllerContext, svc: KubeObject, present: boolean): KubeObject {
  if (hasFinalizer(svc) === present) return svc;
  const next = structuredClone(svc) as Obj;
  const others = (next.metadata.finalizers ?? []).filter((f: string) => f !== LOAD_BALANCER_FINALIZER);
  next.metadata.finalizers = present ? [...others, LOAD_BALANCER_FINALIZER] : others;
  return ctx.api.update(next as KubeObject, { fieldManager: FIELD_MANAGER });
}

function writeStatus(ctx: ControllerContext, svc: KubeObject, ip: string | undefined): KubeObject {
  const next = structuredClone(svc) as Obj;
  next.status = { ...(next.status ?? {}), loadBalancer: ip ? { ingress: [{ ip, ipMode: 'VIP' }] } : {} };
  return ctx.api.update(next as KubeObject, { subresource: 'status', fieldManager: FIELD_MANAGER });
}

/** Picks the address for a Service: the requested one if free and in the pool, else the lowest free one. */
function allocate(ctx: ControllerContext, svc: KubeObject, pool: Ipv4Range): string {
  const used = new Map<number, string>();
  for (const other of ctx.api.list(SERVICE).items) {
    if (other.metadata.uid === svc.metadata.uid) continue;
    for (const ip of addressesOf(other)) {
      const n = parseIpv4(ip);
      if (n !== undefined) used.set(n, objectKey(other));
    }
  }
  const requested = (svc as Obj).spec?.loadBalancerIP as string | undefined;
  if (requested) {
    const n = parseIpv4(requested);
    if (n === undefined || n < pool.first || n > pool.last) throw new Error(`requested IP ${requested} is not in the pool ${formatIpv4Range(pool)}`);
    const holder = used.get(n);
    if (holder) throw new Error(`requested IP ${requested} is already in use by Service ${holder}`);
    return requested;
  }
  for (let n = pool.first; n <= pool.last; n++) if (!used.has(n)) return formatIpv4(n);
  throw new Error(`no available IP addresses in pool ${formatIpv4Range(pool)}`);
}

/** Gives the Service an address, unless it already has one from the pool. */
function ensureLoadBalancer(ctx: ControllerContext, svc: KubeObject, pool: Ipv4Range): void {
  const current = addressesOf(svc);
  const requested = (svc as Obj).spec?.loadBalancerIP as string | undefined;
  const first = current.length === 1 ? parseIpv4(current[0]!) : undefined;
  if (first !== undefined && first >= pool.first && first <= pool.last && (!requested || requested === current[0])) {
    withFinalizer(ctx, svc, true);
    return;
  }
  ctx.events.record(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', COMPONENT);
  let ip: string;
  try {
    ip = allocate(ctx, svc, pool);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    ctx.events.record(svc, 'Warning', 'SyncLoadBalancerFailed', `Error syncing load balancer: failed to ensure load balancer: ${reason}`, COMPONENT);
    return;
  }
  const guarded = withFinalizer(ctx, svc, true);
  writeStatus(ctx, guarded, ip);
  ctx.events.record(guarded, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', COMPONENT);
}

/** Releases the Service's address: on deletion by dropping the finalizer, on a type change by clearing status too. */
function releaseLoadBalancer(ctx: ControllerContext, svc: KubeObject): void {
  const type = ((svc as Obj).spec?.type as string | undefined) ?? 'ClusterIP';
  const deleting = Boolean(svc.metadata.deletionTimestamp);
  if (!deleting && type !== 'LoadBalancer') ctx.events.record(svc, 'Normal', 'Type', `LoadBalancer -> ${type}`, COMPONENT);
  ctx.events.record(svc, 'Normal', 'DeletingLoadBalancer', 'Deleting load balancer', COMPONENT);
  let current = svc;
  if (!deleting && addressesOf(current).length > 0) current = writeStatus(ctx, current, undefined);
  withFinalizer(ctx, current, false);
  ctx.events.record(svc, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer', COMPONENT);
}

function syncService(ctx: ControllerContext, svc: KubeObject): void {
  if (!wantsLoadBalancer(svc)) {
    if (hasFinalizer(svc)) releaseLoadBalancer(ctx, svc);
    return;
  }
  const pool = loadBalancerPoolOf(ctx.sim);
  if (pool) ensureLoadBalancer(ctx, svc, pool);
}

/** Services that wait for an address, oldest first. */
function waitingServices(ctx: ControllerContext): KubeObject[] {
  return ctx.api
    .list(SERVICE)
    .items.filter((s) => wantsLoadBalancer(s) && addressesOf(s).length === 0)
    .sort((a, b) => compareStrings(`${a.metadata.creationTimestamp ?? ''} ${objectKey(a)}`, `${b.metadata.creationTimestamp ?? ''} ${objectKey(b)}`));
}

/**
 * The simulated cloud service controller: LoadBalancer Services get an address from the pool set
 * with enableLoadBalancers() and the EnsuringLoadBalancer / EnsuredLoadBalancer events.
 */
export const serviceLoadBalancerController: Controller = {
  name: 'service-controller',
  watches: [
    mapped('v1', 'Service', (svc) => {
      const keys = [objectKey(svc)];
      // An address being released may unblock a Service waiting for one.
      if (addressesOf(svc).length > 0 && !wantsLoadBalancer(svc)) keys.push(POOL_KEY);
      return keys;
    }),
  ],
  reconcile(key, ctx) {
    if (key === POOL_KEY) {
      if (loadBalancerPoolOf(ctx.sim)) for (const svc of waitingServices(ctx)) syncService(ctx, svc);
      return done();
    }
    const { namespace, name } = splitKey(key);
    const svc = ctx.api.tryGet({ ...SERVICE, namespace, name });
    if (svc) syncService(ctx, svc);
    return done();
  },
};
