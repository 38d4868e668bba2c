// A bounded least-recently-used map, as client-go's event correlator keeps its caches (groupcache's
// lru): reading or writing a key makes it the most recent; adding beyond the bound forgets the
// least recent. Not a general cache: no expiry, no size by weight.

interface Entry<V> {
  readonly key: string;
  value: V;
  /** Toward the least recent. */
  older: Entry<V> | undefined;
  /** Toward the most recent. */
  newer: Entry<V> | undefined;
}

/** A map of at most `maxEntries` keys that forgets the least recently used one first. */
export class LruCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly maxEntries: number;
  private newest: Entry<V> | undefined;
  private oldest: Entry<V> | undefined;

  constructor(maxEntries: number) {
    this.maxEntries = maxEntries;
  }

  /** The value under `key`, made the most recent; undefined when absent. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.touch(entry);
    return entry.value;
  }

  /** Stores `value` under `key` as the most recent, forgetting the least recent beyond the bound. */
  add(key: string, value: V): void {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      entry.value = value;
      this.touch(entry);
      return;
    }
    this.insert(key, value);
  }

  /** add() of a key the caller has just found absent (get() gave undefined): no second lookup. */
  insert(key: string, value: V): void {
    const added: Entry<V> = { key, value, older: this.newest, newer: undefined };
    if (this.newest) this.newest.newer = added;
    else this.oldest = added;
    this.newest = added;
    this.entries.set(key, added);
    if (this.entries.size > this.maxEntries && this.oldest) {
      const dropped = this.oldest;
      this.oldest = dropped.newer;
      if (this.oldest) this.oldest.older = undefined;
      this.entries.delete(dropped.key);
    }
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.entries.size;
  }

  /** Makes an entry the most recent. */
  private touch(entry: Entry<V>): void {
    if (entry === this.newest) return;
    // Unlink (it has a newer neighbour, since it is not the newest), then append.
    entry.newer!.older = entry.older;
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    entry.older = this.newest;
    entry.newer = undefined;
    this.newest!.newer = entry;
    this.newest = entry;
  }
}
