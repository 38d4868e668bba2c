// An informer-style index of pod names by label pair, per namespace, kept current from store
// events. The disruption controller uses it to find the pods a PodDisruptionBudget may select
// without scanning the namespace. It holds names only (the pods are read from the store) and never
// writes.

import type { LabelRequirement } from '../selectors.ts';
import { listRequiredPairs } from '../selectors/selector-index.ts';
import type { Store, StoreEvent } from '../store.ts';

type Labels = Readonly<Record<string, string>>;

/** One namespace: each pod's indexed labels, and the pod names by label key and value. */
interface NamespacePods {
  readonly labels: Map<string, Labels>;
  readonly byPair: Map<string, Map<string, Set<string>>>;
}

/** Pod names by label pair, by namespace. */
export class PodLabelIndex {
  private readonly byNamespace = new Map<string, NamespacePods>();

  /** Applies one store event. */
  apply(event: StoreEvent): void {
    if (event.group !== '' || event.object.kind !== 'Pod') return;
    const { namespace = '', name = '', labels } = event.object.metadata;
    if (event.type === 'DELETED') this.removePod(namespace, name);
    else this.putPod(namespace, name, labels ?? {});
  }

  /**
   * The names of the pods in `namespace` that carry every pair the requirements require (a
   * superset of the pods they select), from the least crowded pair's bucket; undefined when the
   * requirements require no pair (every pod is a candidate).
   */
  candidatesFor(namespace: string, requirements: readonly LabelRequirement[]): ReadonlySet<string> | undefined {
    const pairs = listRequiredPairs(requirements);
    if (pairs.length === 0) return undefined;
    const ns = this.byNamespace.get(namespace);
    let smallest: ReadonlySet<string> | undefined;
    for (const [key, value] of pairs) {
      const bucket = ns?.byPair.get(key)?.get(value);
      if (!bucket) return new Set();
      if (!smallest || bucket.size < smallest.size) smallest = bucket;
    }
    return smallest;
  }

  /** Records a pod's labels (replacing what was recorded for it). */
  putPod(namespace: string, name: string, labels: Labels): void {
    let ns = this.byNamespace.get(namespace);
    if (!ns) this.byNamespace.set(namespace, (ns = { labels: new Map(), byPair: new Map() }));
    const old = ns.labels.get(name);
    if (old === labels) return;
    if (old) this.unfile(ns, name, old);
    ns.labels.set(name, labels);
    for (const key of Object.keys(labels)) {
      const value = labels[key];
      if (typeof value !== 'string') continue;
      let values = ns.byPair.get(key);
      if (!values) ns.byPair.set(key, (values = new Map()));
      let bucket = values.get(value);
      if (!bucket) values.set(value, (bucket = new Set()));
      bucket.add(name);
    }
  }

  /** Forgets a pod. */
  removePod(namespace: string, name: string): void {
    const ns = this.byNamespace.get(namespace);
    const old = ns?.labels.get(name);
    if (!ns || !old) return;
    this.unfile(ns, name, old);
    ns.labels.delete(name);
    if (ns.labels.size === 0) this.byNamespace.delete(namespace);
  }

  private unfile(ns: NamespacePods, name: string, labels: Labels): void {
    for (const key of Object.keys(labels)) {
      const value = labels[key];
      if (typeof value !== 'string') continue;
      const values = ns.byPair.get(key);
      const bucket = values?.get(value);
      if (!values || !bucket) continue;
      bucket.delete(name);
      if (bucket.size > 0) continue;
      values.delete(value);
      if (values.size === 0) ns.byPair.delete(key);
    }
  }
}

const INDEXES = new WeakMap<Store, PodLabelIndex>();

/** The pod label index of a store, built on first use and kept current from then on. */
export function podLabelIndexOf(store: Store): PodLabelIndex {
  let index = INDEXES.get(store);
  if (index) return index;
  const built = new PodLabelIndex();
  store.subscribe((event) => built.apply(event));
  for (const pod of store.list({ apiVersion: 'v1', kind: 'Pod' }).items) built.putPod(pod.metadata.namespace ?? '', pod.metadata.name ?? '', pod.metadata.labels ?? {});
  INDEXES.set(store, (index = built));
  return index;
}
