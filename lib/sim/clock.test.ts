import { describe, expect, it } from 'vitest';
import { rfc3339, VirtualClock } from './clock.ts';
import { SeededRandom } from './random.ts';

describe('VirtualClock', () => {
  it('VirtualClock fires timers in time order as it advances, and not before', () => {
    const clock = new VirtualClock('2026-01-01T00:00:00Z');
    const fired: string[] = [];
    clock.setTimer(2000, () => fired.push(`b@${clock.nowIso()}`));
    clock.setTimer(1000, () => fired.push(`a@${clock.nowIso()}`));
    const c = clock.setTimer(1500, () => fired.push('cancelled'));
    c.cancel();
    clock.advance(999);
    expect(fired).toEqual([]);
    expect(clock.nextTimerAt()).toBe(Date.parse('2026-01-01T00:00:01Z'));
    clock.advance(5000);
    expect(fired).toEqual(['a@2026-01-01T00:00:01Z', 'b@2026-01-01T00:00:02Z']);
    expect(clock.nowIso()).toBe('2026-01-01T00:00:05Z');
    expect(clock.nextTimerAt()).toBeUndefined();
  });

  it('VirtualClock runs timers that timers register when they fall due', () => {
    const clock = new VirtualClock(0);
    const fired: number[] = [];
    clock.setTimer(10, () => clock.setTimer(10, () => fired.push(clock.nowMillis())));
    clock.advance(100);
    expect(fired).toEqual([20]);
  });

  it('VirtualClock fires many timers in time order, same-time timers in the order they were set, skipping cancelled ones', () => {
    const clock = new VirtualClock(0);
    const fired: number[] = [];
    const timers = [];
    for (let i = 0; i < 3000; i++) timers.push(clock.setTimer((i * 7919) % 1000, () => fired.push(i)));
    for (let i = 0; i < 3000; i++) if (i % 3 !== 0) timers[i]!.cancel();
    const expected = Array.from({ length: 3000 }, (_, i) => i).filter((i) => i % 3 === 0).sort((a, b) => ((a * 7919) % 1000) - ((b * 7919) % 1000) || a - b);
    expect(clock.nextTimerAt()).toBe((expected[0]! * 7919) % 1000);
    clock.advance(1000);
    expect(fired).toEqual(expected);
    expect(clock.nextTimerAt()).toBeUndefined();
  });

  it('VirtualClock.setTimerWith() calls one shared callback with each timer\'s argument, in time order, skipping cancelled ones', () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    const fire = (key: string) => fired.push(`${key}@${clock.nowMillis()}`);
    clock.setTimerWith(20, fire, 'b');
    const cancelled = clock.setTimerWith(15, fire, 'x');
    clock.setTimerWith(10, fire, 'a');
    clock.setTimerWith(20, fire, 'c');
    expect(cancelled.at).toBe(15);
    cancelled.cancel();
    cancelled.cancel();
    clock.advance(100);
    expect(fired).toEqual(['a@10', 'b@20', 'c@20']);
    expect(clock.nextTimerAt()).toBeUndefined();
  });

  it('VirtualClock rejects going backwards and bad start times', () => {
    expect(() => new VirtualClock(0).advance(-1)).toThrow('VirtualClock.advance(): ms must be >= 0: current value is -1');
    expect(() => new VirtualClock('soon')).toThrow('VirtualClock: invalid start time "soon"');
  });

  it('rfc3339() drops fractions of a second', () => {
    expect(rfc3339(Date.parse('2026-03-04T05:06:07.890Z'))).toBe('2026-03-04T05:06:07Z');
  });
});

describe('SeededRandom', () => {
  it('SeededRandom repeats the same sequence for the same seed', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    expect([a.uuid(), a.suffix(), a.int(100)]).toEqual([b.uuid(), b.suffix(), b.int(100)]);
    expect(new SeededRandom(7).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new SeededRandom(7).suffix()).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});
