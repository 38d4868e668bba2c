// Durations on the command line: `90s`, `5m`, `1h30m`, `2500ms`, or a bare number of seconds.

import { InvalidArgumentError } from 'commander';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a duration to milliseconds. @throws InvalidArgumentError with the allowed forms. */
export function parseDuration(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    consumed += m[0].length;
  }
  if (consumed !== text.length || consumed === 0) {
    throw new InvalidArgumentError(`'${text}' is not a duration: use e.g. 90s, 5m, 1h30m, 2500ms, or a number of seconds`);
  }
  return Math.round(total);
}
