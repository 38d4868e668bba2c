// An index of label selectors by one required label pair each (a matchLabels entry, an `=`/`==`
// or an `in` with a single value), so the selectors that match a label set are found from the
// set's own pairs instead of by testing every selector. It holds selectors only, never objects;
// selectors without a required pair sit in a short list that every lookup checks.

import { compileRequirements, type LabelMatcher, type LabelRequirement, type Labels } from './label-selector.ts';

/** A label pair every label set a selector matches must carry. */
export type RequiredPair = readonly [key: string, value: string];

interface Entry<K> {
  readonly id: K;
  /** Position among the entries: kept when a selector is replaced, as a Map keeps a key's. */
  readonly seq: number;
  readonly matches: LabelMatcher;
  /** The bucket the entry sits in; undefined for the always-checked list (or a nil selector). */
  readonly pair: RequiredPair | undefined;
}

/** The label pairs a selector requires: equalities and single-value `in`s, in requirement order. */
export function listRequiredPairs(requirements: readonly LabelRequirement[]): RequiredPair[] {
  const pairs: RequiredPair[] = [];
  for (const req of requirements) {
    const single = req.values.length === 1 ? req.values[0] : undefined;
    if (single !== undefined && (req.operator === '=' || req.operator === '==' || req.operator === 'in')) pairs.push([req.key, single]);
  }
  return pairs;
}

/**
 * Selectors by id, answering "which of them match these labels" in the order the ids were first
 * put (like iterating a Map of them). Each selector is filed under the required pair whose bucket
 * is smallest when it is put; only the selectors in the buckets of a label set's pairs, and those
 * without a required pair, are evaluated.
 * @example index.put('web', convertLabelSelector({ matchLabels: { app: 'web' } })); index.matching({ app: 'web' }) // ['web']
 */
export class SelectorIndex<K> {
  private readonly entries = new Map<K, Entry<K>>();
  private readonly byPair = new Map<string, Map<string, Set<Entry<K>>>>();
  private readonly unpaired = new Set<Entry<K>>();
  private nextSeq = 0;

  /** How many selectors the index holds. */
  get size(): number {
    return this.entries.size;
  }

  /** Whether a selector is held under `id`. */
  has(id: K): boolean {
    return this.entries.has(id);
  }

  /**
   * Holds (or replaces) the selector `id`; undefined requirements (a nil selector) match nothing,
   * an empty list matches everything. A replaced selector keeps its place in the order.
   */
  put(id: K, requirements: readonly LabelRequirement[] | undefined): void {
    const matches = compileRequirements(requirements);
    const old = this.entries.get(id);
    if (old) this.unfile(old);
    const pair = requirements === undefined ? undefined : this.choosePair(listRequiredPairs(requirements));
    const entry: Entry<K> = { id, seq: old ? old.seq : this.nextSeq++, matches, pair };
    this.entries.set(id, entry);
    if (requirements === undefined) return;
    if (!pair) {
      this.unpaired.add(entry);
      return;
    }
    let values = this.byPair.get(pair[0]);
    if (!values) this.byPair.set(pair[0], (values = new Map()));
    let bucket = values.get(pair[1]);
    if (!bucket) values.set(pair[1], (bucket = new Set()));
    bucket.add(entry);
  }

  /** Drops the selector `id`; returns whether it was held. */
  delete(id: K): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.unfile(entry);
    this.entries.delete(id);
    return true;
  }

  /** The ids of the selectors matching `labels`, in the order they were first put. */
  matching(labels: Labels): K[] {
    const found: Entry<K>[] = [];
    for (const entry of this.unpaired) if (entry.matches(labels)) found.push(entry);
    if (labels && this.byPair.size > 0) {
      for (const key of Object.keys(labels)) {
        const value: unknown = labels[key];
        if (typeof value !== 'string') continue;
        const bucket: Set<Entry<K>> | undefined = this.byPair.get(key)?.get(value);
        if (bucket) for (const entry of bucket) if (entry.matches(labels)) found.push(entry);
      }
    }
    if (found.length > 1) found.sort((a, b) => a.seq - b.seq);
    return found.map((entry) => entry.id);
  }

  /** The pair with the fewest selectors filed under it now (the first such), or undefined. */
  private choosePair(pairs: readonly RequiredPair[]): RequiredPair | undefined {
    let best: RequiredPair | undefined;
    let bestSize = Infinity;
    for (const pair of pairs) {
      const size = this.byPair.get(pair[0])?.get(pair[1])?.size ?? 0;
      if (size < bestSize) {
        best = pair;
        bestSize = size;
        if (size === 0) break;
      }
    }
    return best;
  }

  private unfile(entry: Entry<K>): void {
    if (!entry.pair) {
      this.unpaired.delete(entry);
      return;
    }
    const values = this.byPair.get(entry.pair[0]);
    const bucket = values?.get(entry.pair[1]);
    if (!values || !bucket) return;
    bucket.delete(entry);
    if (bucket.size > 0) return;
    values.delete(entry.pair[1]);
    if (values.size === 0) this.byPair.delete(entry.pair[0]);
  }
}
