import { describe, expect, it } from 'vitest';
import { compareQuantities, formatBytes, formatMillis, isQuantity, parseMillis, parseQuantity } from './quantity.ts';

describe('parseQuantity()', () => {
  it.each([
    ['500m', 0.5],
    ['1.5', 1.5],
    ['2', 2],
    ['256Mi', 256 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['1k', 1000],
    ['1Ki', 1024],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['100u', 1e-4],
    ['.5', 0.5],
    [3, 3],
  ])('parses %s', (input, expected) => {
    expect(parseQuantity(input)).toBeCloseTo(expected as number, 12);
  });

  it.each(['', 'abc', '1.5.5', '12Mb', '1 Gi', 'Mi', '--1'])('rejects %j with the API server wording', (input) => {
    expect(() => parseQuantity(input)).toThrow(
      `Invalid quantity "${input}": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  });
});

describe('quantity helpers', () => {
  it('isQuantity() accepts numbers and well-formed strings only', () => {
    expect(isQuantity('100m')).toBe(true);
    expect(isQuantity(2)).toBe(true);
    expect(isQuantity('2 cores')).toBe(false);
    expect(isQuantity(null)).toBe(false);
  });
  it('parseMillis() rounds up fractions of a millicore', () => {
    expect(parseMillis('0.1')).toBe(100);
    expect(parseMillis('250m')).toBe(250);
    expect(parseMillis('1.0005')).toBe(1001);
  });
  it('compareQuantities() orders mixed suffixes', () => {
    expect(compareQuantities('1Gi', '1G')).toBeGreaterThan(0);
    expect(compareQuantities('500m', '0.5')).toBe(0);
  });
  it('formats cpu and memory the way kubectl shows them', () => {
    expect(formatMillis(250)).toBe('250m');
    expect(formatMillis(2000)).toBe('2');
    expect(formatBytes(16 * 2 ** 30)).toBe('16Gi');
    expect(formatBytes(1000)).toBe('1000');
  });
});
