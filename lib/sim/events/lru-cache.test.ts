import { describe, expect, it } from 'vitest';
import { LruOrder, type LruLinks } from './lru-cache.ts';

interface Entry extends LruLinks<Entry> {
  readonly key: string;
}

describe('LruOrder', () => {
  it('LruOrder forgets the least recently appended or touched entry beyond its bound', () => {
    const entries = new Map<string, Entry>();
    const order = new LruOrder<Entry>(2, (entry) => entries.delete(entry.key));
    const add = (key: string): void => {
      const entry: Entry = { key, older: undefined, newer: undefined };
      entries.set(key, entry);
      order.append(entry);
    };
    add('a');
    add('b');
    order.touch(entries.get('a')!);
    add('c');
    expect([[...entries.keys()], order.size]).toEqual([['a', 'c'], 2]);
    order.touch(entries.get('c')!);
    add('d');
    expect([...entries.keys()]).toEqual(['c', 'd']);
    order.touch(entries.get('d')!);
    add('e');
    expect([...entries.keys()]).toEqual(['d', 'e']);
  });
});
