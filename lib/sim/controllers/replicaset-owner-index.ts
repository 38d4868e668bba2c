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
  const refs = obj.metadata.ownerReferences;
  if (refs) for (const ref of refs) if (ref.controller === true) return ref.uid;
  return undefined;
}

// The labelSets key of a frozen label set (stored objects' labels are frozen and shared between
// versions while unchanged), computed once.
const labelKeys = new WeakMap<object, string>();

function labelKeyOf(labels: Readonly<Record<string, string>>, sets: ReadonlyMap<string, LabelSetCount>): string {
  if (!Object.isFrozen(labels)) return JSON.stringify(labels);
  let key = labelKeys.get(labels);
  if (key === undefined) labelKeys.set(labels, (key = findSameLabelsKey(labels, sets) ?? JSON.stringify(labels)));
  return key;
}

/**
 * The key of a counted set whose labels are the same strings under the same keys in the same order
 * as `labels` (so the same JSON): each new pod of a template brings a new labels object with the
 * labels of a set already counted. Undefined when none is, or a value is not a string.
 */
function findSameLabelsKey(labels: Readonly<Record<string, string>>, sets: ReadonlyMap<string, LabelSetCount>): string | undefined {
  const keys = Object.keys(labels);
  for (const k of keys) if (typeof labels[k] !== 'string') return undefined;
  for (const [setKey, set] of sets) {
    const other = set.labels;
    const otherKeys = Object.keys(other);
    if (otherKeys.length !== keys.length) continue;
    let same = true;
    for (let i = 0; i < keys.length && same; i++) same = otherKeys[i] === keys[i] && other[keys[i]!] === labels[keys[i]!];
    if (same) return setKey;
  }
  return undefined;
}

/** What the index holds of one object. */
interface Entry {
  /** `namespace/name`: its key in `owned.objects`, built once (a string kept is hashed once). */
  readonly key: string;
  obj: KubeObject;
  /** What its controller owner holds (undefined for an orphan); kept while the object is. */
  readonly owned: OwnedObjects | undefined;
  /** The label set it is counted in, while it is an active pod of an index that counts labels. */
  set: LabelSetCount | undefined;
}

/** Objects of one kind by controller owner, and orphans by namespace. */
export class OwnerIndex {
  private readonly byOwner = new Map<string, OwnedObjects>();
  private readonly orphansByNamespace = new Map<string, Map<string, KubeObject>>();
  /**
   * Entries by namespace, then name. Stored objects share their namespace and name strings across
   * versions, so these lookups hash nothing new (a `namespace/name` key built per event would be).
   */
  private readonly indexed = new Map<string, Map<string, Entry>>();
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
    const namespace = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    let names = this.indexed.get(namespace);
    const entry = names?.get(name);
    if (entry && entry.obj.metadata.ownerReferences === obj.metadata.ownerReferences && this.replaceSameOwner(entry, obj)) return;
    if (entry) this.removeEntry(names!, name, entry);
    if (!names) this.indexed.set(namespace, (names = new Map()));
    const key = entry?.key ?? `${namespace}/${name}`;
    const uid = controllerUidOf(obj);
    if (!uid) {
      let orphans = this.orphansByNamespace.get(namespace);
      if (!orphans) this.orphansByNamespace.set(namespace, (orphans = new Map()));
      orphans.set(name, obj);
      names.set(name, { key, obj, owned: undefined, set: undefined });
      return;
    }
    let owned = this.byOwner.get(uid);
    if (!owned) this.byOwner.set(uid, (owned = { objects: new Map(), labelSets: new Map() }));
    owned.objects.set(key, obj);
    names.set(name, { key, obj, owned, set: this.countsLabels && isPodActive(obj) ? this.count(owned, obj, +1) : undefined });
  }

  /** Drops an object (found by its namespace and name) from the index. */
  remove(obj: KubeObject): void {
    const names = this.indexed.get(obj.metadata.namespace ?? '');
    const name = obj.metadata.name ?? '';
    const entry = names?.get(name);
    if (entry) this.removeEntry(names!, name, entry);
  }

  private removeEntry(names: Map<string, Entry>, name: string, entry: Entry): void {
    names.delete(name);
    const { obj: old, owned } = entry;
    if (!owned) {
      this.orphansByNamespace.get(old.metadata.namespace ?? '')?.delete(old.metadata.name ?? '');
      return;
    }
    owned.objects.delete(entry.key);
    if (this.countsLabels && isPodActive(old)) this.count(owned, old, -1);
    if (owned.objects.size === 0) this.byOwner.delete(controllerUidOf(old)!);
  }

  /**
   * Removing the entry then putting `obj`, for a new state with the same owner references, leaving
   * the maps as those would (the object's entries move last) without dropping and filing it again;
   * false, with nothing done, when the owner's objects would be dropped (it is their only one).
   */
  private replaceSameOwner(entry: Entry, obj: KubeObject): boolean {
    const owned = entry.owned;
    if (!owned) {
      const orphans = this.orphansByNamespace.get(obj.metadata.namespace ?? '');
      if (!orphans) return false;
      orphans.delete(obj.metadata.name ?? '');
      orphans.set(obj.metadata.name ?? '', obj);
      entry.obj = obj;
      return true;
    }
    if (owned.objects.size < 2) return false;
    owned.objects.delete(entry.key);
    owned.objects.set(entry.key, obj);
    const old = entry.obj;
    entry.obj = obj;
    if (!this.countsLabels) return true;
    const set = entry.set;
    const isActive = isPodActive(obj);
    // Uncounted and counted again in a set of more than one, a pod only moves between its ready counts.
    if (set && isActive && set.active > 1 && obj.metadata.labels === old.metadata.labels) {
      if (obj.status !== old.status) set.ready += (isPodReady(obj) ? 1 : 0) - (isPodReady(old) ? 1 : 0);
      return true;
    }
    if (isPodActive(old)) this.count(owned, old, -1);
    entry.set = isActive ? this.count(owned, obj, +1) : undefined;
    return true;
  }

  /** Counts a pod in (+1) or out (-1) of its label set; returns the set while it is counted. */
  private count(owned: OwnedObjects, pod: KubeObject, delta: number): LabelSetCount | undefined {
    const labels = pod.metadata.labels ?? {};
    const key = labelKeyOf(labels, owned.labelSets);
    let set = owned.labelSets.get(key);
    if (!set) owned.labelSets.set(key, (set = { labels, active: 0, ready: 0 }));
    set.active += delta;
    if (isPodReady(pod)) set.ready += delta;
    if (set.active === 0) {
      owned.labelSets.delete(key);
      return undefined;
    }
    return set;
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
  if (event.type === 'DELETED') target.remove(event.object);
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
