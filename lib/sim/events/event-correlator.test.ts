import { describe, expect, it } from 'vitest';
import { CORRELATOR_CACHE_ENTRIES, EventCorrelator, type CorrelatedEvent, type RecordedEvent } from './event-correlator.ts';

const T0 = Date.UTC(2026, 0, 1);
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const RS = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f7', namespace: 'default', uid: 'uid-rs' };

function created(i: number): RecordedEvent {
  return { involvedObject: RS, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: web-5d8f7-${i}` };
}

/** A first occurrence about pod `i`: one bucket, one aggregate record and one log entry. */
function pulled(i: number): RecordedEvent {
  return { involvedObject: { apiVersion: 'v1', kind: 'Pod', name: `web-${i}`, namespace: 'default', uid: `uid-pod-${i}` }, type: 'Normal', reason: 'Pulling', message: 'Pulling image "nginx"' };
}

function newCorrelator(): EventCorrelator {
  return new EventCorrelator((name, ms) => `${name}.${(BigInt(ms) * 1_000_000n).toString(16)}`);
}

/** Correlates an event at `ms`. */
function correlate(c: EventCorrelator, event: RecordedEvent, ms: number): CorrelatedEvent | undefined {
  return c.correlate(event.involvedObject, event.type, event.reason, event.message, ms, iso(ms));
}

/** Correlates and, like the recorder after a successful write, updates the correlator's state. */
function write(c: EventCorrelator, event: RecordedEvent, ms: number, name = 'first'): CorrelatedEvent | undefined {
  const out = correlate(c, event, ms);
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
      group: expect.anything(),
      fieldPath: '',
      node: expect.anything(),
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

  it('EventCorrelator forgets the least recently used object beyond 4096 token buckets: a fresh burst follows', () => {
    const c = newCorrelator();
    for (let i = 0; i < 25; i++) write(c, created(i), T0);
    for (let i = 0; i < CORRELATOR_CACHE_ENTRIES - 1; i++) write(c, pulled(i), T0);
    // 4096 buckets: the ReplicaSet's is still known (and now the most recent), so it stays empty.
    expect(write(c, created(25), T0)).toBeUndefined();
    for (let i = 0; i < CORRELATOR_CACHE_ENTRIES; i++) write(c, pulled(10_000 + i), T0);
    // Its aggregate record went too: the event passes as a first occurrence.
    expect(write(c, created(26), T0)).toMatchObject({ name: undefined, count: 1, aggregate: false });
    expect(c.cacheSizes).toEqual({ aggregates: CORRELATOR_CACHE_ENTRIES, logs: CORRELATOR_CACHE_ENTRIES, buckets: CORRELATOR_CACHE_ENTRIES });
  });

  it('EventCorrelator forgets an event beyond 4096 logged keys: its repeat is a first occurrence again', () => {
    const c = newCorrelator();
    const event: RecordedEvent = { involvedObject: RS, type: 'Warning', reason: 'FailedCreate', message: 'Error creating: quota' };
    write(c, event, T0, 'web-5d8f7.abc');
    for (let i = 0; i < CORRELATOR_CACHE_ENTRIES - 1; i++) write(c, pulled(i), T0);
    expect(write(c, event, T0)).toMatchObject({ name: 'web-5d8f7.abc', count: 2 });
    for (let i = 0; i < CORRELATOR_CACHE_ENTRIES; i++) write(c, pulled(10_000 + i), T0);
    expect(write(c, event, T0, 'web-5d8f7.def')).toMatchObject({ name: undefined, count: 1 });
  });

  it('EventCorrelator.updateState() remembers an event whose keys were all forgotten since it was correlated', () => {
    const c = newCorrelator();
    const out = correlate(c, created(0), T0)!;
    for (let i = 0; i < CORRELATOR_CACHE_ENTRIES; i++) write(c, pulled(i), T0);
    c.updateState(out, 'web-5d8f7.abc');
    expect(write(c, created(0), T0 + 1000)).toMatchObject({ name: 'web-5d8f7.abc', count: 2, firstTimestamp: '2026-01-01T00:00:00Z' });
  });

  it('EventCorrelator keeps objects without a uid apart by kind, namespace and name, and objects by apiVersion', () => {
    const c = newCorrelator();
    const noUid = { apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: '' };
    const event = (involvedObject: RecordedEvent['involvedObject']): RecordedEvent => ({ involvedObject, type: 'Normal', reason: 'NodeReady', message: 'ready' });
    write(c, event(noUid), T0, 'a');
    expect(write(c, event(noUid), T0)).toMatchObject({ name: 'a', count: 2 });
    expect(write(c, event({ ...noUid, name: 'node-2' }), T0)).toMatchObject({ name: undefined, count: 1 });
    expect(write(c, event({ ...RS, apiVersion: 'apps/v1beta2' }), T0)).toMatchObject({ name: undefined, count: 1 });
  });
});
