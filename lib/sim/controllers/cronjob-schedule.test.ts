import { describe, expect, it } from 'vitest';
import { formatRfc1123z, formatRfc3339InZone, parseCronSchedule } from './cronjob-schedule.ts';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();

describe('parseCronSchedule', () => {
  it('parseCronSchedule gives the next time strictly after the given one', () => {
    const s = parseCronSchedule('*/5 * * * *');
    expect(iso(s.next(at('2026-01-01T00:02:00Z')))).toBe('2026-01-01T00:05:00.000Z');
    expect(iso(s.next(at('2026-01-01T00:05:00Z')))).toBe('2026-01-01T00:10:00.000Z');
  });

  it('parseCronSchedule understands descriptors and @every', () => {
    expect(iso(parseCronSchedule('@hourly').next(at('2026-01-01T00:12:00Z')))).toBe('2026-01-01T01:00:00.000Z');
    expect(iso(parseCronSchedule('@midnight').next(at('2026-01-01T00:12:00Z')))).toBe('2026-01-02T00:00:00.000Z');
    expect(iso(parseCronSchedule('@yearly').next(at('2026-01-01T00:12:00Z')))).toBe('2027-01-01T00:00:00.000Z');
    expect(iso(parseCronSchedule('@every 1h30m').next(at('2026-01-01T00:12:00Z')))).toBe('2026-01-01T01:42:00.000Z');
    expect(iso(parseCronSchedule('0 9 * * MON-FRI').next(at('2026-01-03T00:00:00Z')))).toBe('2026-01-05T09:00:00.000Z');
  });

  it('parseCronSchedule evaluates in the time zone', () => {
    expect(iso(parseCronSchedule('0 9 * * *', 'America/New_York').next(at('2026-01-01T00:00:00Z')))).toBe('2026-01-01T14:00:00.000Z');
  });

  it('parseCronSchedule rejects what the standard parser rejects', () => {
    expect(() => parseCronSchedule('* * * * * *')).toThrow('expected exactly 5 fields, found 6: [* * * * * *]');
    expect(() => parseCronSchedule('@often')).toThrow('unrecognized descriptor: @often');
    expect(() => parseCronSchedule('0 0 L * *')).toThrow('failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax');
    expect(() => parseCronSchedule('61 * * * *')).toThrow();
    expect(() => parseCronSchedule('0 9 * * *', 'Mars/Olympus')).toThrow('unknown time zone Mars/Olympus');
  });
});

describe('time formats', () => {
  it('formatRfc3339InZone writes the zone offset, or Z at offset 0', () => {
    expect(formatRfc3339InZone(at('2026-01-01T14:00:00Z'), 'America/New_York')).toBe('2026-01-01T09:00:00-05:00');
    expect(formatRfc3339InZone(at('2026-07-01T08:00:00Z'), 'Asia/Kolkata')).toBe('2026-07-01T13:30:00+05:30');
    expect(formatRfc3339InZone(at('2026-01-01T00:05:00Z'))).toBe('2026-01-01T00:05:00Z');
  });

  it('formatRfc1123z writes Go time.RFC1123Z in UTC', () => {
    expect(formatRfc1123z(at('2026-01-01T00:05:00Z'))).toBe('Thu, 01 Jan 2026 00:05:00 +0000');
  });
});
