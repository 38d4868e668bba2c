import { describe, expect, it } from 'vitest';
import { EventCorrelator, type CorrelatedEvent, type RecordedEvent } from './event-correlator.ts';
import { LruCache } from './lru-cache.ts';

const T0 = Date.UTC(2026, 0, 1);
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const RS = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f7', namespace: 'default', uid: 'uid-rs' };

function created(i: number): RecordedEvent {
  return { involvedObject: RS, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: web-5d8f7-${i}` };
}

function newCorrelator(): EventCorrelator {
  return new EventCorrelator((name, ms) => `${name}.${(BigInt(ms) * 1_000_000n).toString(16)}`);
}

/** Correlates and, like the recorder after a successful write, updates the correlator's state. */
function write(c: EventCorrelator, event: RecordedEvent, ms: number, name = 'first'): CorrelatedEvent | undefined {
  const out = c.correlate(event, ms, iso(ms));
  if (out) c.updateState(out, out.name ?? name);
  return out;
}

describe('EventCorrelator', () => {
  it('EventCorrelator passes nine distinct messages, then folds the rest into one combined event', () => {
    const c = newCorrelator();
    const out = Array.from({ length: 12 }, (_, i) => write(c, created(i), T0, `e${i}`)!);
    expect(out.slice(0, 9).map((e) => [e.count, e.aggregate, e.message])).toEqual(Array.from({ length: 9 }, (_, i) => [1, false, `Created pod: web-5d8f7-${i}`]));
    expect(out.slice(9).map((e) => [e.name, e.count, e.aggregate, e.message])).toEqual([
      ['web-5d8f7.18867251edfa0000', 1, true, '(combined from similar events): Created pod: web-5d8f7-9'],
      ['web-5d8f7.18867251edfa0000', 2, true, '(combined from similar events): Created pod: web-5d8f7-10'],
      ['web-5d8f7.18867251edfa0000', 3, true, '(combined from similar events): Created pod: web-5d8f7-11'],
    ]);
  });

  it('EventCorrelator counts an exact repeat into the first event, keeping its name and first timestamp', () => {
    const c = newCorrelator();
    const event: RecordedEvent = { involvedObject: RS, type: 'Warning', reason: 'FailedCreate', message: 'Error creating: quota' };
    write(c, event, T0, 'web-5d8f7.abc');
    expect(write(c, event, T0 + 3_600_000)).toEqual({
      name: 'web-5d8f7.abc',
      message: 'Error creating: quota',
      count: 2,
      firstTimestamp: '2026-01-01T00:00:00Z',
      aggregate: false,
      storedKey: expect.any(String),
    });
  });

  it('EventCorrelator drops events about one object beyond a burst of 25 and lets one more through every 300 seconds', () => {
    const c = newCorrelator();
    const passed = Array.from({ length: 40 }, (_, i) => write(c, created(i), T0)).filter((e) => e !== undefined);
    expect(passed).toHaveLength(25);
    expect(passed.at(-1)).toMatchObject({ aggregate: true, count: 16 });
    expect(write(c, created(40), T0 + 299_999)).toBeUndefined();
    // The logger counted the dropped ones too: the next patch carries every occurrence.
    expect(write(c, created(41), T0 + 300_000)).toMatchObject({ aggregate: true, count: 33 });
    expect(write(c, created(42), T0 + 300_001)).toBeUndefined();
  });

  it('EventCorrelator keeps one token bucket per object and per source', () => {
    const c = newCorrelator();
    for (let i = 0; i < 25; i++) write(c, created(i), T0);
    expect(write(c, created(99), T0)).toBeUndefined();
    const other = { ...created(0), involvedObject: { ...RS, name: 'api-6c9d', uid: 'uid-other' } };
    expect(write(c, other, T0)).toMatchObject({ count: 1, aggregate: false });
    expect(write(newCorrelator(), created(99), T0)).toMatchObject({ count: 1 });
  });

  it('EventCorrelator starts a fresh aggregate record after 600 seconds without a similar event', () => {
    const c = newCorrelator();
    for (let i = 0; i < 9; i++) write(c, created(i), T0);
    expect(write(c, created(100), T0 + 600_001)).toMatchObject({ aggregate: false, count: 1, message: 'Created pod: web-5d8f7-100' });
    for (let i = 0; i < 8; i++) write(c, created(200 + i), T0 + 600_001);
    expect(write(c, created(300), T0 + 600_001)).toMatchObject({ aggregate: true, count: 1 });
  });

  it('EventCorrelator aggregates by reason and type: other reasons about the object stay separate', () => {
    const c = newCorrelator();
    for (let i = 0; i < 9; i++) write(c, created(i), T0);
    const deleted = { involvedObject: RS, type: 'Normal', reason: 'SuccessfulDelete', message: 'Deleted pod: web-5d8f7-0' };
    expect(write(c, deleted, T0)).toMatchObject({ aggregate: false, message: 'Deleted pod: web-5d8f7-0' });
  });

  it('EventCorrelator counts a repeated combined event into the same aggregate even after the interval', () => {
    const c = newCorrelator();
    for (let i = 0; i < 10; i++) write(c, created(i), T0);
    for (let i = 0; i < 9; i++) write(c, created(100 + i), T0 + 3_600_000);
    // The aggregate key stays in the logger: the second round's combined event is the first one, counted on.
    expect(write(c, created(109), T0 + 3_600_000)).toMatchObject({ name: 'web-5d8f7.18867251edfa0000', count: 2, aggregate: true, firstTimestamp: '2026-01-01T00:00:00Z' });
  });
});

describe('LruCache', () => {
  it('LruCache forgets the least recently read or written key beyond its bound', () => {
    const cache = new LruCache<number>(2);
    cache.add('a', 1);
    cache.add('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.add('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([1, undefined, 3, 2]);
    cache.add('a', 4);
    cache.add('d', 5);
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([4, undefined, 5]);
  });

  it('LruCache.insert() adds an absent key as the most recent, forgetting the least recent beyond its bound', () => {
    const cache = new LruCache<number>(2);
    cache.insert('a', 1);
    cache.insert('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.insert('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([1, undefined, 3, 2]);
  });
});
