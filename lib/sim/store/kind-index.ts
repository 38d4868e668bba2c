// The objects of one kind, by namespace and name, with a sorted view for lists and paging.
// Writes are O(1); the sorted names are rebuilt lazily on the next read by merging the new
// names into the previous order, so a list after k creates costs O(n + k log k), not a full sort.

import type { KubeObject } from '../../k8s/types.ts';

/** Upper bound: the first index whose name sorts after `name`. */
export function findIndexAfter(sorted: readonly string[], name: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One namespace's objects of one kind. */
export class NamespaceIndex {
  readonly objects = new Map<string, KubeObject>();
  private sorted: string[] = [];
  /** Names added since the last sort, in write order (a name added, removed and added again twice). */
  private added: string[] = [];
  private hasRemovals = false;

  /** Stores an object under its name; returns the previous one. */
  set(name: string, obj: KubeObject): KubeObject | undefined {
    const previous = this.objects.get(name);
    this.objects.set(name, obj);
    if (previous === undefined) this.noteAdded(name);
    return previous;
  }

  /** set() of a name the caller has just found absent: no lookup of the previous object. */
  add(name: string, obj: KubeObject): void {
    this.objects.set(name, obj);
    this.noteAdded(name);
  }

  private noteAdded(name: string): void {
    this.added.push(name);
    this.compactIfStale();
  }

  delete(name: string): void {
    if (this.objects.delete(name)) {
      this.hasRemovals = true;
      this.compactIfStale();
    }
  }

  /** How many names the index keeps for its sorted view, removed ones included (bounded by the live count). */
  get keptNameCount(): number {
    return this.sorted.length + this.added.length;
  }

  /**
   * Rebuilds the sorted view once the names kept for it (removed ones included) outnumber the
   * live objects twice over: a namespace that churns and is never listed stays bounded.
   */
  private compactIfStale(): void {
    if (this.sorted.length + this.added.length > 2 * this.objects.size + 64) this.sortedNames();
  }

  /** Names in byte order (as etcd keys sort). */
  sortedNames(): readonly string[] {
    if (this.added.length === 0 && !this.hasRemovals) return this.sorted;
    const objects = this.objects;
    const fresh = this.added.sort().filter((n, i, all) => (i === 0 || all[i - 1] !== n) && objects.has(n));
    const base = this.hasRemovals ? this.sorted.filter((n) => objects.has(n)) : this.sorted;
    // A name removed and then added again is in both lists: it is kept once.
    const merged: string[] = [];
    let i = 0;
    let j = 0;
    while (i < base.length && j < fresh.length) {
      const a = base[i]!;
      const b = fresh[j]!;
      if (a === b) {
        merged.push(a);
        i++;
        j++;
      } else merged.push(a < b ? base[i++]! : fresh[j++]!);
    }
    while (i < base.length) merged.push(base[i++]!);
    while (j < fresh.length) merged.push(fresh[j++]!);
    this.sorted = merged;
    this.added = [];
    this.hasRemovals = false;
    return merged;
  }
}

/** All objects of one kind (group/kind). */
export class KindIndex {
  readonly namespaces = new Map<string, NamespaceIndex>();
  private sortedNamespaceList: string[] | undefined = [];
  size = 0;

  get(namespace: string, name: string): KubeObject | undefined {
    return this.namespaces.get(namespace)?.objects.get(name);
  }

  /** set() of a name the caller has just found absent (get() gave undefined). */
  add(namespace: string, name: string, obj: KubeObject): void {
    let bucket = this.namespaces.get(namespace);
    if (!bucket) {
      bucket = new NamespaceIndex();
      this.namespaces.set(namespace, bucket);
      this.sortedNamespaceList = undefined;
    }
    bucket.add(name, obj);
    this.size++;
  }

  /** set() of a name the caller has just found present: the object under it is replaced. */
  replace(namespace: string, name: string, obj: KubeObject): void {
    this.namespaces.get(namespace)!.objects.set(name, obj);
  }

  /** Stores an object; returns the previous one. */
  set(namespace: string, name: string, obj: KubeObject): KubeObject | undefined {
    let bucket = this.namespaces.get(namespace);
    if (!bucket) {
      bucket = new NamespaceIndex();
      this.namespaces.set(namespace, bucket);
      this.sortedNamespaceList = undefined;
    }
    const previous = bucket.set(name, obj);
    if (previous === undefined) this.size++;
    return previous;
  }

  delete(namespace: string, name: string): void {
    const bucket = this.namespaces.get(namespace);
    if (!bucket || !bucket.objects.has(name)) return;
    bucket.delete(name);
    this.size--;
    if (bucket.objects.size === 0) {
      this.namespaces.delete(namespace);
      this.sortedNamespaceList = undefined;
    }
  }

  /** Namespaces holding objects of this kind, sorted ('' for cluster-scoped first). */
  sortedNamespaces(): readonly string[] {
    this.sortedNamespaceList ??= [...this.namespaces.keys()].sort();
    return this.sortedNamespaceList;
  }
}
