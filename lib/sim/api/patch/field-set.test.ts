import { describe, expect, it } from 'vitest';
import { FieldSet, formatFieldPath, keyElement } from './field-set.ts';

describe('FieldSet', () => {
  it('FieldSet.toFieldsV1() marks items with "." and leaves with {}', () => {
    const set = new FieldSet([
      ['f:spec', 'f:replicas'],
      ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}'],
      ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'],
      ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:name'],
      ['f:metadata', 'f:finalizers', 'v:"example.com/guard"'],
    ]);
    expect(set.toFieldsV1()).toEqual({
      'f:metadata': { 'f:finalizers': { 'v:"example.com/guard"': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
      },
    });
  });

  it('FieldSet.fromFieldsV1() reads what toFieldsV1() writes', () => {
    const fields = {
      'f:data': { '.': {}, 'f:LOG_LEVEL': {} },
      'f:metadata': { 'f:labels': { 'f:app': {} } },
    };
    const set = FieldSet.fromFieldsV1(fields);
    expect(set.paths()).toEqual([['f:data'], ['f:data', 'f:LOG_LEVEL'], ['f:metadata', 'f:labels', 'f:app']]);
    expect(set.toFieldsV1()).toEqual(fields);
  });

  it('FieldSet set operations work on exact paths, recursiveDifference on subtrees', () => {
    const a = new FieldSet([['f:spec', 'f:replicas'], ['f:status', 'f:replicas']]);
    const b = new FieldSet([['f:spec', 'f:replicas']]);
    expect(a.difference(b).paths()).toEqual([['f:status', 'f:replicas']]);
    expect(a.intersection(b).equals(b)).toBe(true);
    expect(a.recursiveDifference(new FieldSet([['f:status']])).equals(b)).toBe(true);
    expect(b.withAncestors().paths()).toEqual([['f:spec'], ['f:spec', 'f:replicas']]);
  });

  it('formatFieldPath() prints keys, values and indexes like conflict messages do', () => {
    expect(formatFieldPath(['f:spec', 'f:template', 'f:spec', 'f:containers', keyElement({ name: 'web' }), 'f:image'])).toBe(
      '.spec.template.spec.containers[name="web"].image',
    );
    expect(formatFieldPath(['f:spec', 'f:ports', keyElement({ protocol: 'TCP', port: 80 })])).toBe('.spec.ports[port=80,protocol="TCP"]');
    expect(formatFieldPath(['f:metadata', 'f:finalizers', 'v:"a"'])).toBe('.metadata.finalizers[="a"]');
    expect(formatFieldPath(['f:metadata', 'f:annotations', 'f:kubectl.kubernetes.io/last-applied-configuration'])).toBe(
      '.metadata.annotations.kubectl.kubernetes.io/last-applied-configuration',
    );
  });

  it('FieldSet.insert() after a set operation changes only that set (operations share subtrees)', () => {
    const a = new FieldSet([['f:spec', 'f:replicas'], ['f:spec', 'f:paused']]);
    const b = new FieldSet([['f:metadata', 'f:labels', 'f:app']]);
    const union = a.union(b);
    union.insert(['f:spec', 'f:minReadySeconds']);
    a.insert(['f:spec', 'f:strategy']);
    expect(union.paths()).toEqual([['f:metadata', 'f:labels', 'f:app'], ['f:spec', 'f:minReadySeconds'], ['f:spec', 'f:paused'], ['f:spec', 'f:replicas']]);
    expect(a.paths()).toEqual([['f:spec', 'f:paused'], ['f:spec', 'f:replicas'], ['f:spec', 'f:strategy']]);
    expect(b.paths()).toEqual([['f:metadata', 'f:labels', 'f:app']]);
  });

  it('FieldSet.recursiveDifference() removes a root member only as itself', () => {
    const set = new FieldSet([[], ['f:spec', 'f:replicas']]);
    expect(set.recursiveDifference(new FieldSet([[]])).paths()).toEqual([['f:spec', 'f:replicas']]);
  });

  it('FieldSet.toFieldsV1() is deep-frozen and gives back decoded frozen FieldsV1 while the set is unchanged', () => {
    const encoded = new FieldSet([['f:data', 'f:a'], ['f:data']]).toFieldsV1();
    expect(Object.isFrozen(encoded) && Object.isFrozen(encoded['f:data'])).toBe(true);
    const decoded = FieldSet.fromFieldsV1(encoded);
    expect(decoded.toFieldsV1()).toBe(encoded);
    expect(decoded.difference(new FieldSet([['f:other']])).toFieldsV1()).toBe(encoded);
    expect(decoded.difference(new FieldSet([['f:data', 'f:a']])).toFieldsV1()).toEqual({ 'f:data': {} });
  });

  it('FieldSet.isSubsetOf() compares member paths, not the shape of the tries', () => {
    const small = new FieldSet([['f:spec', 'f:replicas']]);
    const large = new FieldSet([['f:spec', 'f:replicas'], ['f:spec', 'f:paused'], ['f:metadata']]);
    expect([small.isSubsetOf(large), large.isSubsetOf(small), small.isSubsetOf(small)]).toEqual([true, false, true]);
    expect(new FieldSet([['f:spec']]).isSubsetOf(large)).toBe(false);
    expect(new FieldSet().isSubsetOf(small)).toBe(true);
    expect(large.difference(new FieldSet([['f:metadata']])).isSubsetOf(new FieldSet([['f:spec', 'f:paused'], ['f:spec', 'f:replicas']]))).toBe(true);
  });

  it('FieldSet.toFieldsV1() of a set that shares subtrees with an encoded one spells them the same', () => {
    const base = new FieldSet([['f:spec', 'f:replicas'], ['f:status', 'f:phase']]);
    const encoded = base.toFieldsV1() as Record<string, any>;
    const grown = base.union(new FieldSet([['f:status', 'f:podIP']])).toFieldsV1() as Record<string, any>;
    expect(grown['f:spec']).toBe(encoded['f:spec']);
    expect(grown).toEqual({ 'f:spec': { 'f:replicas': {} }, 'f:status': { 'f:phase': {}, 'f:podIP': {} } });
  });

  it('FieldSet.fromFieldsV1() of mutable FieldsV1 decodes it afresh every time', () => {
    const fields: Record<string, any> = { 'f:data': { 'f:a': {} } };
    expect(FieldSet.fromFieldsV1(fields).paths()).toEqual([['f:data', 'f:a']]);
    fields['f:data']['f:b'] = {};
    expect(FieldSet.fromFieldsV1(fields).paths()).toEqual([['f:data', 'f:a'], ['f:data', 'f:b']]);
  });
});
