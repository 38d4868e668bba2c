// An informer-style index of one kind (Pods, ReplicaSets) by controller owner uid, with the
// orphans of each namespace, kept current from store events. For owned pods it also keeps counts
// per distinct label set, so a ReplicaSet with 10,000 pods gets its status without a scan. It
// reads the store only; it never writes, and it knows nothing about any controller's rules.

import type { KubeObject } from '../../k8s/types.ts';
import { isPodActive, isPodReady } from '../conditions.ts';
import type { Store, StoreEvent } from '../store.ts';

/** Active (and ready) pods of one owner that carry one exact label set. */
export interface LabelSetCount {
  readonly labels: Readonly<Record<string, string>>;
  active: number;
  ready: number;
}

/** What one owner uid holds. */
export interface OwnedObjects {
  /** Every owned object (terminating and finished pods too), by `namespace/name`. */
  readonly objects: Map<string, KubeObject>;
  /** Active pods by label set (JSON of the labels); empty for other kinds. */
  readonly labelSets: Map<string, LabelSetCount>;
}

const EMPTY: OwnedObjects = Object.freeze({ objects: new Map(), labelSets: new Map() }) as OwnedObjects;

/** The controller owner uid of an object, or undefined for an orphan. */
export function controllerUidOf(obj: KubeObject): string | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true)?.uid;
}

/** Objects of one kind by controller owner, and orphans by namespace. */
export class OwnerIndex {
  private readonly byOwner = new Map<string, OwnedObjects>();
  private readonly orphansByNamespace = new Map<string, Map<string, KubeObject>>();
  private readonly indexed = new Map<string, KubeObject>();
  private readonly countsLabels: boolean;

  constructor(countsLabels: boolean) {
    this.countsLabels = countsLabels;
  }

  /** What `uid` owns (an empty view when nothing). */
  ownedBy(uid: string | undefined): OwnedObjects {
    return (uid && this.byOwner.get(uid)) || EMPTY;
  }

  /** Objects without a controller owner in a namespace, by name. */
  orphansIn(namespace: string): ReadonlyMap<string, KubeObject> {
    return this.orphansByNamespace.get(namespace) ?? new Map();
  }

  /** Puts an object's current state in the index (replacing its previous state). */
  put(obj: KubeObject): void {
    const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
    this.remove(key);
    this.indexed.set(key, obj);
    const uid = controllerUidOf(obj);
    if (!uid) {
      const ns = obj.metadata.namespace ?? '';
      let orphans = this.orphansByNamespace.get(ns);
      if (!orphans) this.orphansByNamespace.set(ns, (orphans = new Map()));
      orphans.set(obj.metadata.name ?? '', obj);
      return;
    }
    let owned = this.byOwner.get(uid);
    if (!owned) this.byOwner.set(uid, (owned = { objects: new Map(), labelSets: new Map() }));
    owned.objects.set(key, obj);
    if (this.countsLabels && isPodActive(obj)) this.count(owned, obj, +1);
  }

  /** Drops an object (by `namespace/name`) from the index. */
  remove(key: string): void {
    const old = this.indexed.get(key);
    if (!old) return;
    this.indexed.delete(key);
    const uid = controllerUidOf(old);
    if (!uid) {
      this.orphansByNamespace.get(old.metadata.namespace ?? '')?.delete(old.metadata.name ?? '');
      return;
    }
    const owned = this.byOwner.get(uid);
    if (!owned) return;
    owned.objects.delete(key);
    if (this.countsLabels && isPodActive(old)) this.count(owned, old, -1);
    if (owned.objects.size === 0) this.byOwner.delete(uid);
  }

  private count(owned: OwnedObjects, pod: KubeObject, delta: number): void {
    const labels = pod.metadata.labels ?? {};
    const key = JSON.stringify(labels);
    let set = owned.labelSets.get(key);
    if (!set) owned.labelSets.set(key, (set = { labels, active: 0, ready: 0 }));
    set.active += delta;
    if (isPodReady(pod)) set.ready += delta;
    if (set.active === 0) owned.labelSets.delete(key);
  }
}

interface StoreIndexes {
  readonly pods: OwnerIndex;
  readonly replicaSets: OwnerIndex;
}

const INDEXES = new WeakMap<Store, StoreIndexes>();

function applyEvent(indexes: StoreIndexes, event: StoreEvent): void {
  const target =
    event.group === '' && event.object.kind === 'Pod'
      ? indexes.pods
      : event.group === 'apps' && event.object.kind === 'ReplicaSet'
        ? indexes.replicaSets
        : undefined;
  if (!target) return;
  if (event.type === 'DELETED') target.remove(`${event.object.metadata.namespace ?? ''}/${event.object.metadata.name ?? ''}`);
  else target.put(event.object);
}

/** The Pod and ReplicaSet owner indexes of a store, built on first use and kept current from then on. */
export function ownerIndexesOf(store: Store): StoreIndexes {
  let indexes = INDEXES.get(store);
  if (indexes) return indexes;
  const built: StoreIndexes = { pods: new OwnerIndex(true), replicaSets: new OwnerIndex(false) };
  store.subscribe((event) => applyEvent(built, event));
  for (const pod of store.list({ apiVersion: 'v1', kind: 'Pod' }).items) built.pods.put(pod);
  for (const rs of store.list({ apiVersion: 'apps/v1', kind: 'ReplicaSet' }).items) built.replicaSets.put(rs);
  INDEXES.set(store, (indexes = built));
  return indexes;
}
