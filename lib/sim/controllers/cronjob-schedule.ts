// CronJob schedules: the standard five-field cron syntax and the `@hourly`-style descriptors
// (plus `@every <duration>`) that the CronJob controller accepts, evaluated in the CronJob's
// `timeZone` (UTC when unset) with the cron-parser library; and time formats the controller
// writes (RFC 3339 in a zone, RFC 1123Z). No controller logic here.

import { CronExpressionParser } from 'cron-parser';
import { checkCronSchedule } from '../../k8s/validation/cron-schedule.ts';

/** A parsed schedule. */
export interface CronSchedule {
  /** The first scheduled time strictly after `afterMs`, in ms since the epoch. */
  next(afterMs: number): number;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const DURATION_UNITS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, 'µs': 0.001, ns: 0.000001 };

/** Parses a Go duration (`1h30m`, `90s`) into ms; undefined when it is not one. */
function parseGoDuration(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
  return total;
}

/** Throws a RangeError when `timeZone` is not an IANA zone this runtime knows. */
export function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new RangeError(`unknown time zone ${timeZone}`);
  }
}

/**
 * Parses a CronJob schedule in `timeZone` (UTC when undefined).
 * @throws Error with robfig/cron's reason (e.g. `expected exactly 5 fields, found 6: [* * * * * *]`)
 */
export function parseCronSchedule(schedule: string, timeZone?: string): CronSchedule {
  const tz = timeZone ?? 'UTC';
  checkTimeZone(tz);
  const text = schedule.trim();
  const problem = checkCronSchedule(text);
  if (problem !== undefined) throw new Error(problem);
  if (text.startsWith('@every ')) {
    const every = parseGoDuration(text.slice('@every '.length).trim()) ?? 0;
    // robfig/cron's ConstantDelaySchedule: whole seconds, at least one second, counted from `after`.
    const step = Math.max(1000, Math.floor(every / 1000) * 1000);
    return { next: (afterMs) => Math.floor(afterMs / 1000) * 1000 + step };
  }
  const expression = text.startsWith('@') ? DESCRIPTORS[text] ?? text : text;
  CronExpressionParser.parse(expression, { currentDate: new Date(0), tz });
  return {
    next(afterMs) {
      const parsed = CronExpressionParser.parse(expression, { currentDate: new Date(afterMs), tz });
      return parsed.next().getTime();
    },
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Offset of `timeZone` from UTC at `ms`, in minutes. */
function offsetMinutes(ms: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

/** `ms` as Go's time.RFC3339 in `timeZone` (UTC when undefined): `2026-01-01T09:00:00-05:00`, or `…Z` at offset 0. */
export function formatRfc3339InZone(ms: number, timeZone?: string): string {
  const offset = offsetMinutes(ms, timeZone ?? 'UTC');
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset * 60_000);
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  if (offset === 0) return `${date}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${date}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `ms` as Go's time.RFC1123Z in UTC: `Thu, 01 Jan 2026 00:05:00 +0000`. */
export function formatRfc1123z(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
