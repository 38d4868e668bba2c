// A simulated ingress controller (ingress-nginx's visible behaviour), off by default: when the
// cluster has one (lib/sim/network/ingress-settings.ts), every Ingress of its class gets the
// controller's address in `status.loadBalancer.ingress`, a `Sync` event per new generation, and a
// Warning for each backend Service that does not exist, rechecked as Services come and go.

import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../k8s/types.ts';
import { ingressControllerOf, isIngressServed, type IngressControllerSettings } from '../network/ingress-settings.ts';
import { done, kind, mapped, splitKey, type Controller, type ControllerContext } from './controller.ts';
import { compareStrings } from './endpoints-pods.ts';

type Obj = Record<string, any>;

const COMPONENT = 'nginx-ingress-controller';
const INGRESS = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' } as const;
/** Key for "every Ingress" (an IngressClass changed). */
const ALL = '*';

/** The names of the Services an Ingress sends traffic to (default backend and rule paths), sorted. */
export function backendServiceNames(ingress: KubeObject): string[] {
  const spec = ((ingress as Obj).spec ?? {}) as Obj;
  const names = new Set<string>();
  const add = (backend: Obj | undefined): void => {
    const name = backend?.service?.name;
    if (typeof name === 'string' && name !== '') names.add(name);
  };
  add(spec.defaultBackend);
  for (const rule of (spec.rules ?? []) as Obj[]) for (const path of (rule.http?.paths ?? []) as Obj[]) add(path.backend);
  return [...names].sort(compareStrings);
}

/** What the controller remembers of one Ingress: the generation it announced and the missing backends it reported. */
interface Remembered {
  readonly uid: string;
  generation: number;
  missing: Set<string>;
}

/** Remembered Ingresses by `namespace/name`. */
type IngressMemory = Map<string, Remembered>;

function writeStatus(ctx: ControllerContext, ingress: KubeObject, ingressStatus: Obj[]): void {
  const current = ((ingress as Obj).status?.loadBalancer?.ingress ?? []) as Obj[];
  if (isDeepStrictEqual(current, ingressStatus)) return;
  const next = structuredClone(ingress) as Obj;
  next.status = { ...(next.status ?? {}), loadBalancer: ingressStatus.length > 0 ? { ingress: ingressStatus } : {} };
  ctx.api.update(next as KubeObject, { subresource: 'status', fieldManager: COMPONENT });
}

function syncIngress(ctx: ControllerContext, memory: IngressMemory, settings: IngressControllerSettings, ingress: KubeObject): void {
  const namespace = ingress.metadata.namespace ?? 'default';
  const key = `${namespace}/${ingress.metadata.name ?? ''}`;
  if (!isIngressServed(ctx.api, ingress, settings)) {
    // Not (or no longer) ours: take back our address if we published it.
    const current = ((ingress as Obj).status?.loadBalancer?.ingress ?? []) as Obj[];
    if (current.some((i) => i.ip === settings.address)) writeStatus(ctx, ingress, current.filter((i) => i.ip !== settings.address));
    memory.delete(key);
    return;
  }
  if (ingress.metadata.deletionTimestamp) return;
  const uid = ingress.metadata.uid ?? '';
  const generation = ingress.metadata.generation ?? 1;
  let remembered = memory.get(key);
  if (remembered?.uid !== uid) memory.set(key, (remembered = { uid, generation: 0, missing: new Set() }));
  if (remembered.generation !== generation) {
    ctx.events.record(ingress, 'Normal', 'Sync', 'Scheduled for sync', COMPONENT);
    remembered.generation = generation;
  }
  const missing = new Set(backendServiceNames(ingress).filter((name) => !ctx.api.tryGet({ apiVersion: 'v1', kind: 'Service', namespace, name })));
  for (const name of missing) {
    if (!remembered.missing.has(name)) ctx.events.record(ingress, 'Warning', 'Sync', `Service "${namespace}/${name}" does not exist`, COMPONENT);
  }
  remembered.missing = missing;
  writeStatus(ctx, ingress, [{ ip: settings.address }]);
}

/**
 * Creates the simulated ingress controller (one per cluster: it remembers what it reported).
 * It acts only while the cluster's knobs enable it (enableIngressController).
 */
export function createIngressController(): Controller {
  const memory: IngressMemory = new Map();
  return {
    name: 'ingress-nginx-controller',
    watches: [
      kind(INGRESS.apiVersion, INGRESS.kind),
      // A Service appearing or disappearing changes which backends exist: recheck its namespace.
      mapped('v1', 'Service', (svc) => [`${svc.metadata.namespace ?? ''}/${ALL}`]),
      mapped('networking.k8s.io/v1', 'IngressClass', () => [ALL]),
    ],
    reconcile(key, ctx) {
      const settings = ingressControllerOf(ctx.sim);
      if (!settings) return done();
      const { namespace, name } = splitKey(key);
      if (name === ALL) {
        const items = ctx.api.list({ ...INGRESS, ...(namespace !== undefined ? { namespace } : {}) }).items;
        for (const ingress of items) syncIngress(ctx, memory, settings, ingress);
        return done();
      }
      const ingress = ctx.api.tryGet({ ...INGRESS, namespace, name });
      if (ingress) syncIngress(ctx, memory, settings, ingress);
      else memory.delete(key);
      return done();
    },
  };
}
