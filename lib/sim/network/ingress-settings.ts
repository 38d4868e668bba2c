// The simulated ingress controller's identity: a knob, off by default (a fresh cluster has no
// ingress controller, so Ingresses get no address), with its class name, controller value and
// published address; the IngressClass to create for it; and which Ingresses it serves.

import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';
import type { SimulationKnobs } from '../controllers/controller.ts';
import { isIpv4 } from './ip.ts';

/** How the simulated ingress controller is set up. */
export interface IngressControllerSettings {
  /** The IngressClass name it serves. @default 'nginx' */
  readonly className: string;
  /** Its `spec.controller` value. @default 'k8s.io/ingress-nginx' */
  readonly controller: string;
  /** The address it publishes in Ingress status and listens on (ports 80 and 443). @default '172.18.255.199' */
  readonly address: string;
  /** Also serve Ingresses without a class (ingress-nginx's --watch-ingress-without-class). @default false */
  readonly watchWithoutClass: boolean;
}

/** The defaults: ingress-nginx as kind installs it, just below the default load balancer pool. */
export const DEFAULT_INGRESS_CONTROLLER: IngressControllerSettings = {
  className: 'nginx',
  controller: 'k8s.io/ingress-nginx',
  address: '172.18.255.199',
  watchWithoutClass: false,
};

const KNOB = 'ingressController';
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/**
 * Turns on the simulated ingress controller. Create its IngressClass with ingressClassFor() for
 * `kubectl get ingressclass` to show it (and to make it the default class).
 * @throws RangeError when `address` is not an IPv4 address.
 */
export function enableIngressController(knobs: SimulationKnobs, options: Partial<IngressControllerSettings> = {}): IngressControllerSettings {
  const settings = { ...DEFAULT_INGRESS_CONTROLLER, ...options };
  if (!isIpv4(settings.address)) throw new RangeError(`Invalid ingress controller address "${settings.address}": expected an IPv4 address`);
  knobs.values.set(KNOB, { ...settings });
  return settings;
}

/** Turns the simulated ingress controller off (addresses already published stay). */
export function disableIngressController(knobs: SimulationKnobs): void {
  knobs.values.delete(KNOB);
}

/** The ingress controller in force, or undefined when there is none. */
export function ingressControllerOf(knobs: SimulationKnobs): IngressControllerSettings | undefined {
  const knob = knobs.values.get(KNOB) as Partial<IngressControllerSettings> | undefined;
  if (!knob || typeof knob !== 'object') return undefined;
  return { ...DEFAULT_INGRESS_CONTROLLER, ...knob };
}

/** The IngressClass object of the controller; `isDefault` marks it as the cluster's default class. */
export function ingressClassFor(settings: IngressControllerSettings, isDefault = false): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: {
      name: settings.className,
      labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
      ...(isDefault ? { annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } } : {}),
    },
    spec: { controller: settings.controller },
  } as KubeObject;
}

/**
 * True when the controller serves the Ingress: its class (spec or legacy annotation) is the
 * controller's class or an IngressClass with the controller's `spec.controller`; a class-less
 * Ingress is served when a default IngressClass points at this controller, or watchWithoutClass.
 */
export function isIngressServed(api: ApiServer, ingress: KubeObject, settings: IngressControllerSettings): boolean {
  const className = ((ingress as Record<string, any>).spec?.ingressClassName as string | undefined) ?? ingress.metadata.annotations?.[LEGACY_CLASS_ANNOTATION];
  if (className) {
    if (className === settings.className) return true;
    const cls = api.tryGet({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', name: className }) as Record<string, any> | undefined;
    return cls?.spec?.controller === settings.controller;
  }
  if (settings.watchWithoutClass) return true;
  return api
    .list({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass' })
    .items.some((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true' && (c as Record<string, any>).spec?.controller === settings.controller);
}
