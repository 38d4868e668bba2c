// An informer-style index of the Services that select pods, per namespace, with each Service's
// current member pods, kept current from store events. The endpoint controllers use it to map a
// changed pod to the Services selecting it and to read a Service's pods without a scan. It reads
// the store only; it never writes, and it holds nothing for selector-less or ExternalName Services.

import type { KubeObject } from '../../k8s/types.ts';
import { compileLabelSelector, type LabelMatcher } from '../selectors.ts';
import type { Store, StoreEvent } from '../store.ts';

type Obj = Record<string, any>;

interface SelectingService {
  readonly selectorKey: string;
  readonly matches: LabelMatcher;
  /** Member pods by name (their latest state). */
  readonly pods: Map<string, KubeObject>;
}

/** The equality selector of a Service that gets endpoints from the controllers, or undefined. */
export function endpointSelectorOf(service: KubeObject): Record<string, string> | undefined {
  const spec = ((service as Obj).spec ?? {}) as Obj;
  if (spec.type === 'ExternalName') return undefined;
  const selector = spec.selector as Record<string, string> | undefined;
  if (!selector || typeof selector !== 'object' || Object.keys(selector).length === 0) return undefined;
  return selector;
}

/** Services with selectors and their member pods, by namespace. */
export class ServicePodIndex {
  private readonly byNamespace = new Map<string, Map<string, SelectingService>>();
  private readonly store: Store;

  constructor(store: Store) {
    this.store = store;
  }

  /** `namespace/name` keys of the Services in the pod's namespace whose selector matches its labels. */
  servicesSelecting(pod: KubeObject): string[] {
    const namespace = pod.metadata.namespace ?? '';
    const services = this.byNamespace.get(namespace);
    if (!services) return [];
    const keys: string[] = [];
    for (const [name, svc] of services) if (svc.matches(pod.metadata.labels)) keys.push(`${namespace}/${name}`);
    return keys;
  }

  /** The pods a Service selects, by name; undefined when the index holds no such Service. */
  podsOf(namespace: string, name: string): ReadonlyMap<string, KubeObject> | undefined {
    return this.byNamespace.get(namespace)?.get(name)?.pods;
  }

  /** Applies one store event. */
  apply(event: StoreEvent): void {
    if (event.group !== '') return;
    const obj = event.object;
    if (obj.kind === 'Pod') {
      if (event.type === 'DELETED') this.removePod(obj);
      else this.putPod(obj);
    } else if (obj.kind === 'Service') {
      if (event.type === 'DELETED') this.removeService(obj.metadata.namespace ?? '', obj.metadata.name ?? '');
      else this.putService(obj);
    }
  }

  /** Records a Service's selector; a changed selector recomputes its members from the namespace's pods. */
  putService(service: KubeObject): void {
    const namespace = service.metadata.namespace ?? '';
    const name = service.metadata.name ?? '';
    const selector = endpointSelectorOf(service);
    if (!selector) {
      this.removeService(namespace, name);
      return;
    }
    const selectorKey = JSON.stringify(Object.entries(selector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let services = this.byNamespace.get(namespace);
    if (services?.get(name)?.selectorKey === selectorKey) return;
    if (!services) this.byNamespace.set(namespace, (services = new Map()));
    const matches = compileLabelSelector({ matchLabels: selector });
    const pods = new Map<string, KubeObject>();
    for (const pod of this.store.list({ apiVersion: 'v1', kind: 'Pod', namespace }).items) {
      if (matches(pod.metadata.labels)) pods.set(pod.metadata.name ?? '', pod);
    }
    services.set(name, { selectorKey, matches, pods });
  }

  private removeService(namespace: string, name: string): void {
    const services = this.byNamespace.get(namespace);
    if (!services) return;
    services.delete(name);
    if (services.size === 0) this.byNamespace.delete(namespace);
  }

  private putPod(pod: KubeObject): void {
    const services = this.byNamespace.get(pod.metadata.namespace ?? '');
    if (!services) return;
    const name = pod.metadata.name ?? '';
    for (const svc of services.values()) {
      if (svc.matches(pod.metadata.labels)) svc.pods.set(name, pod);
      else svc.pods.delete(name);
    }
  }

  private removePod(pod: KubeObject): void {
    const services = this.byNamespace.get(pod.metadata.namespace ?? '');
    if (!services) return;
    for (const svc of services.values()) svc.pods.delete(pod.metadata.name ?? '');
  }
}

const INDEXES = new WeakMap<Store, ServicePodIndex>();

/** The Service/pod index of a store, built on first use and kept current from then on. */
export function servicePodIndexOf(store: Store): ServicePodIndex {
  let index = INDEXES.get(store);
  if (index) return index;
  const built = new ServicePodIndex(store);
  store.subscribe((event) => built.apply(event));
  for (const svc of store.list({ apiVersion: 'v1', kind: 'Service' }).items) built.putService(svc);
  INDEXES.set(store, (index = built));
  return index;
}
