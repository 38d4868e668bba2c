// An informer-style index of the Services that select pods, per namespace, with each Service's
// current member pods, kept current from store events. The endpoint controllers use it to map a
// changed pod to the Services selecting it and to read a Service's pods without a scan. It reads
// the store only; it never writes, and it holds nothing for selector-less or ExternalName Services.

import type { KubeObject } from '../../k8s/types.ts';
import { keysIn, NO_KEYS } from './controller.ts';
import { compileRequirements, convertLabelSelector, type LabelMatcher } from '../selectors.ts';
import { SelectorIndex } from '../selectors/selector-index.ts';
import type { Store, StoreEvent } from '../store.ts';

type Obj = Record<string, any>;

interface SelectingService {
  readonly selectorKey: string;
  readonly matches: LabelMatcher;
  /** Member pods by name (their latest state). */
  readonly pods: Map<string, KubeObject>;
}

/** One namespace's selecting Services, their selectors by label pair, and each pod's Services. */
interface NamespaceServices {
  readonly services: Map<string, SelectingService>;
  readonly selectors: SelectorIndex<string>;
  /** The Services whose `pods` hold a pod, by pod name (no entry: none). */
  readonly memberOf: Map<string, Set<string>>;
}

/** The equality selector of a Service that gets endpoints from the controllers, or undefined. */
export function endpointSelectorOf(service: KubeObject): Record<string, string> | undefined {
  const spec = ((service as Obj).spec ?? {}) as Obj;
  if (spec.type === 'ExternalName') return undefined;
  const selector = spec.selector as Record<string, string> | undefined;
  if (!selector || typeof selector !== 'object' || Object.keys(selector).length === 0) return undefined;
  return selector;
}

function addMember(ns: NamespaceServices, serviceName: string, svc: SelectingService, pod: KubeObject): void {
  const podName = pod.metadata.name ?? '';
  svc.pods.set(podName, pod);
  let services = ns.memberOf.get(podName);
  if (!services) ns.memberOf.set(podName, (services = new Set()));
  services.add(serviceName);
}

function removeMember(ns: NamespaceServices, serviceName: string, svc: SelectingService, podName: string): void {
  svc.pods.delete(podName);
  const services = ns.memberOf.get(podName);
  if (!services) return;
  services.delete(serviceName);
  if (services.size === 0) ns.memberOf.delete(podName);
}

/**
 * Services with selectors and their member pods, by namespace. The selectors are indexed by label
 * pair and each pod's Services remembered, so a pod event costs O(its labels), not O(Services).
 */
export class ServicePodIndex {
  private readonly byNamespace = new Map<string, NamespaceServices>();
  private readonly store: Store;

  constructor(store: Store) {
    this.store = store;
  }

  /** `namespace/name` keys of the Services in the pod's namespace whose selector matches its labels. */
  servicesSelecting(pod: KubeObject): readonly string[] {
    const namespace = pod.metadata.namespace ?? '';
    const ns = this.byNamespace.get(namespace);
    if (!ns) return NO_KEYS;
    return keysIn(namespace, ns.selectors.matching(pod.metadata.labels));
  }

  /** The pods a Service selects, by name; undefined when the index holds no such Service. */
  podsOf(namespace: string, name: string): ReadonlyMap<string, KubeObject> | undefined {
    return this.byNamespace.get(namespace)?.services.get(name)?.pods;
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
    let ns = this.byNamespace.get(namespace);
    const old = ns?.services.get(name);
    if (old?.selectorKey === selectorKey) return;
    const requirements = convertLabelSelector({ matchLabels: selector });
    const matches = compileRequirements(requirements);
    if (!ns) this.byNamespace.set(namespace, (ns = { services: new Map(), selectors: new SelectorIndex(), memberOf: new Map() }));
    if (old) for (const podName of [...old.pods.keys()]) removeMember(ns, name, old, podName);
    const svc: SelectingService = { selectorKey, matches, pods: new Map() };
    ns.services.set(name, svc);
    ns.selectors.put(name, requirements);
    for (const pod of this.store.list({ apiVersion: 'v1', kind: 'Pod', namespace }).items) {
      if (matches(pod.metadata.labels)) addMember(ns, name, svc, pod);
    }
  }

  private removeService(namespace: string, name: string): void {
    const ns = this.byNamespace.get(namespace);
    const svc = ns?.services.get(name);
    if (!ns || !svc) return;
    for (const podName of [...svc.pods.keys()]) removeMember(ns, name, svc, podName);
    ns.services.delete(name);
    ns.selectors.delete(name);
    if (ns.services.size === 0) this.byNamespace.delete(namespace);
  }

  private putPod(pod: KubeObject): void {
    const ns = this.byNamespace.get(pod.metadata.namespace ?? '');
    if (!ns) return;
    const podName = pod.metadata.name ?? '';
    const selecting = ns.selectors.matching(pod.metadata.labels);
    const before = ns.memberOf.get(podName);
    if (before) {
      for (const serviceName of [...before]) {
        if (!selecting.includes(serviceName)) removeMember(ns, serviceName, ns.services.get(serviceName)!, podName);
      }
    }
    for (const serviceName of selecting) addMember(ns, serviceName, ns.services.get(serviceName)!, pod);
  }

  private removePod(pod: KubeObject): void {
    const ns = this.byNamespace.get(pod.metadata.namespace ?? '');
    const podName = pod.metadata.name ?? '';
    const services = ns?.memberOf.get(podName);
    if (!ns || !services) return;
    for (const serviceName of [...services]) removeMember(ns, serviceName, ns.services.get(serviceName)!, podName);
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
