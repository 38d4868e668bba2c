import { describe, expect, it } from 'vitest';
import { formatAge, formatHumanDuration, formatLabels, formatLabelSelector } from './format.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('formatHumanDuration()', () => {
  it.each([
    [-5 * S, '<invalid>'],
    [-1 * S, '0s'],
    [5 * S, '5s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [3 * M + 20 * S, '3m20s'],
    [10 * M + 59 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H + 30 * M, '8h'],
    [47 * H, '47h'],
    [2 * D + 3 * H, '2d3h'],
    [7 * D, '7d'],
    [8 * D + 5 * H, '8d'],
    [400 * D, '400d'],
    [3 * 365 * D + 10 * D, '3y10d'],
    [9 * 365 * D, '9y'],
  ])('formatHumanDuration(%d) is %s', (ms, text) => {
    expect(formatHumanDuration(ms)).toBe(text);
  });

  it('formatAge() measures from the given clock and shows <unknown> for no timestamp', () => {
    expect(formatAge('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:05:00Z'))).toBe('5m');
    expect(formatAge(undefined, 0)).toBe('<unknown>');
  });
});

describe('label formatting', () => {
  it('formatLabels() sorts keys and shows <none> for no labels', () => {
    expect(formatLabels({ tier: 'web', app: 'shop' })).toBe('app=shop,tier=web');
    expect(formatLabels({})).toBe('<none>');
  });

  it('formatLabelSelector() prints matchLabels and matchExpressions like kubectl', () => {
    expect(formatLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] })).toBe('app=web,tier in (a,b)');
    expect(formatLabelSelector(undefined)).toBe('<none>');
  });
});
