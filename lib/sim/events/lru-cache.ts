// The recency order of a bounded least-recently-used cache, as client-go's event correlator keeps
// its caches (groupcache's lru): reading or writing an entry makes it the most recent; adding beyond
// the bound forgets the least recent. The caller keeps the lookup structure (the entries link into
// this order themselves); not a general cache: no expiry, no size by weight.

/** An entry of an LruOrder: its links toward the least and the most recent entry. */
export interface LruLinks<E> {
  older: E | undefined;
  newer: E | undefined;
}

/** The order of at most `maxEntries` entries; the least recently used one is forgotten first. */
export class LruOrder<E extends LruLinks<E>> {
  private readonly maxEntries: number;
  /** Drops a forgotten entry from the caller's lookup structure. */
  private readonly forget: (entry: E) => void;
  private newest: E | undefined;
  private oldest: E | undefined;
  private count = 0;

  constructor(maxEntries: number, forget: (entry: E) => void) {
    this.maxEntries = maxEntries;
    this.forget = forget;
  }

  /** How many entries are remembered. */
  get size(): number {
    return this.count;
  }

  /** Adds an entry not in the order as the most recent, forgetting the least recent beyond the bound. */
  append(entry: E): void {
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
    if (++this.count > this.maxEntries && this.oldest) {
      const dropped = this.oldest;
      this.oldest = dropped.newer;
      if (this.oldest) this.oldest.older = undefined;
      else this.newest = undefined;
      dropped.newer = undefined;
      this.count--;
      this.forget(dropped);
    }
  }

  /** Makes an entry of the order the most recent (a read or a rewrite of it). */
  touch(entry: E): void {
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
