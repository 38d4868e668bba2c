// An informer-style index of Pods by `spec.nodeName`, kept current from store events, so that a
// controller can find a node's pods without scanning every pod (a `spec.nodeName=` field
// selector). It reads the store only; it never writes.

import type { KubeObject } from '../../k8s/types.ts';
import type { Store, StoreEvent } from '../store.ts';

/** Pods by the node they are bound to. */
export class PodNodeIndex {
  private readonly byNode = new Map<string, Map<string, KubeObject>>();
  private readonly nodeOf = new Map<string, string>();

  /** Puts a pod's current state in the index (replacing its previous state). */
  put(pod: KubeObject): void {
    const key = keyOf(pod);
    const nodeName = (pod as { spec?: { nodeName?: string } }).spec?.nodeName;
    const previous = this.nodeOf.get(key);
    if (previous !== undefined && previous !== nodeName) this.remove(key);
    if (!nodeName) return;
    let pods = this.byNode.get(nodeName);
    if (!pods) this.byNode.set(nodeName, (pods = new Map()));
    pods.set(key, pod);
    this.nodeOf.set(key, nodeName);
  }

  /** Drops a pod (by `namespace/name`) from the index. */
  remove(key: string): void {
    const nodeName = this.nodeOf.get(key);
    if (nodeName === undefined) return;
    this.nodeOf.delete(key);
    const pods = this.byNode.get(nodeName);
    pods?.delete(key);
    if (pods?.size === 0) this.byNode.delete(nodeName);
  }

  /** The pods bound to `nodeName`, in list order (namespace, then name), as a field-selector list returns them. */
  podsOn(nodeName: string): KubeObject[] {
    const pods = this.byNode.get(nodeName);
    if (!pods) return [];
    return [...pods.values()].sort(compareListOrder);
  }
}

function keyOf(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareListOrder(a: KubeObject, b: KubeObject): number {
  return compareStrings(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || compareStrings(a.metadata.name ?? '', b.metadata.name ?? '');
}

const INDEXES = new WeakMap<Store, PodNodeIndex>();

function applyEvent(index: PodNodeIndex, event: StoreEvent): void {
  if (event.group !== '' || event.object.kind !== 'Pod') return;
  if (event.type === 'DELETED') index.remove(keyOf(event.object));
  else index.put(event.object);
}

/** The pods-by-node index of a store, built on first use and kept current from then on. */
export function podNodeIndexOf(store: Store): PodNodeIndex {
  let index = INDEXES.get(store);
  if (index) return index;
  const built = new PodNodeIndex();
  store.subscribe((event) => applyEvent(built, event));
  for (const pod of store.list({ apiVersion: 'v1', kind: 'Pod' }).items) built.put(pod);
  INDEXES.set(store, (index = built));
  return index;
}
