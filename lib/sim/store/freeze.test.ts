import { describe, expect, it } from 'vitest';
import { copyPlainJsonFrozen } from './freeze.ts';

describe('copyPlainJsonFrozen()', () => {
  it('copyPlainJsonFrozen() copies plain JSON deep-frozen, keys in their order', () => {
    const value = { b: 1, a: [{ x: 'y', n: null }, true], c: {} };
    const copy = copyPlainJsonFrozen(value) as Record<string, any>;
    expect(copy).toEqual(value);
    expect(Object.keys(copy)).toEqual(['b', 'a', 'c']);
    expect(copy).not.toBe(value);
    expect([Object.isFrozen(copy), Object.isFrozen(copy.a), Object.isFrozen(copy.a[0]), Object.isFrozen(copy.c)]).toEqual([true, true, true, true]);
    expect(Object.isFrozen(value)).toBe(false);
  });

  it('copyPlainJsonFrozen() answers undefined for values a plain copy and a frozen one tell apart', () => {
    const proto = JSON.parse('{"__proto__": {"a": 1}}');
    // eslint-disable-next-line no-sparse-arrays
    for (const odd of [{ a: undefined }, [1, , 2], [undefined], { n: Number.NaN }, { n: Infinity }, { d: new Date(0) }, { f: () => 1 }, proto, Object.create(null)]) {
      expect(copyPlainJsonFrozen(odd)).toBeUndefined();
    }
  });
});
