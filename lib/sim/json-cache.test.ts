import { describe, expect, it } from 'vitest';
import { encodeObject, isDeeplyFrozen } from './json-cache.ts';

describe('json-cache', () => {
  it('encodeObject() re-encodes an object frozen only on top, so a change inside shows', () => {
    const obj = Object.freeze({ data: { a: '1' } });
    expect(encodeObject(obj).toString()).toBe('{"data":{"a":"1"}}');
    obj.data.a = '2';
    expect(encodeObject(obj).toString()).toBe('{"data":{"a":"2"}}');
  });

  it('encodeObject() encodes a deep-frozen object once and answers the same bytes after', () => {
    const obj = Object.freeze({ data: Object.freeze({ a: '1' }), list: Object.freeze([Object.freeze({ b: 2 })]) });
    expect(isDeeplyFrozen(obj)).toBe(true);
    expect(encodeObject(obj)).toBe(encodeObject(obj));
  });

  it('isDeeplyFrozen() finds a mutable value inside a list', () => {
    expect(isDeeplyFrozen(Object.freeze({ list: Object.freeze([{ b: 2 }]) }))).toBe(false);
  });
});
