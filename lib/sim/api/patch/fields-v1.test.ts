import { describe, expect, it } from 'vitest';
import { buildFieldsV1, EMPTY_FIELDS } from './fields-v1.ts';

describe('buildFieldsV1()', () => {
  it('buildFieldsV1() returns one frozen object for equal maps', () => {
    const a = buildFieldsV1(true, ['f:image', 'f:name'], [EMPTY_FIELDS, EMPTY_FIELDS]);
    const b = buildFieldsV1(true, ['f:image', 'f:name'], [EMPTY_FIELDS, EMPTY_FIELDS]);
    expect(b).toBe(a);
    expect(a.fields).toEqual({ '.': {}, 'f:image': {}, 'f:name': {} });
    expect(Object.keys(a.fields)).toEqual(['.', 'f:image', 'f:name']);
    expect(Object.isFrozen(a.fields)).toBe(true);
  });

  it('buildFieldsV1() tells maps apart by member mark, keys and children', () => {
    const leafs = [EMPTY_FIELDS, EMPTY_FIELDS];
    const item = buildFieldsV1(true, ['f:a', 'f:b'], leafs);
    const map = buildFieldsV1(false, ['f:a', 'f:b'], leafs);
    const other = buildFieldsV1(false, ['f:a', 'f:c'], leafs);
    const nested = buildFieldsV1(false, ['f:a', 'f:b'], [EMPTY_FIELDS, item]);
    expect(new Set([item.id, map.id, other.id, nested.id]).size).toBe(4);
    expect(nested.fields).toEqual({ 'f:a': {}, 'f:b': { '.': {}, 'f:a': {}, 'f:b': {} } });
  });
});
