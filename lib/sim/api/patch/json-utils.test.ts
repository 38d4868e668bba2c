import { describe, expect, it } from 'vitest';
import { cloneJson } from './json-utils.ts';

describe('cloneJson()', () => {
  it('cloneJson() copies deeply, keeping undefined values, holes and key order as structuredClone does', () => {
    // eslint-disable-next-line no-sparse-arrays
    const value = { b: [1, , { c: undefined }], a: null, nested: Object.freeze({ x: 'y' }) };
    const copy = cloneJson(value);
    expect(copy).toStrictEqual(structuredClone(value));
    expect(Object.keys(copy)).toEqual(['b', 'a', 'nested']);
    expect(1 in copy.b).toBe(false);
    expect(copy.nested).not.toBe(value.nested);
    expect(Object.isFrozen(copy.nested)).toBe(false);
    expect(cloneJson(undefined)).toBeUndefined();
  });

  it('cloneJson() copies other values with structuredClone, and fails where it fails', () => {
    const when = new Date(0);
    const copy = cloneJson({ when });
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.when).not.toBe(when);
    expect(() => cloneJson({ f: () => 1 })).toThrow(expect.objectContaining({ name: 'DataCloneError' }));
    const own = JSON.parse('{"__proto__": {"x": 1}}');
    expect(Object.keys(cloneJson(own))).toEqual(['__proto__']);
  });
});
