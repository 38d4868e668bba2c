// Resource's copies of its state: props are copied at construction and every toObject() is a
// fresh copy, whether the state is plain data (copied directly) or not (structuredClone).

import { describe, expect, it } from 'vitest';
import { Resource } from './resource.ts';
import { Stack } from './stack.ts';

function configMap(data: Record<string, unknown>, labels: Record<string, string> = { team: 'shop' }): Resource {
  return new Resource(new Stack('shop'), 'settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels }, data });
}

describe('Resource state copies', () => {
  it('Resource copies its props: changing them after construction changes nothing', () => {
    const labels = { team: 'shop' };
    const data = { nested: { list: ['a'] } };
    const resource = configMap(data, labels);
    labels.team = 'changed';
    data.nested.list.push('b');
    expect(resource.toObject()).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { labels: { team: 'shop' }, name: 'settings' },
      data: { nested: { list: ['a'] } },
    });
  });

  it('Resource.toObject() returns an object that shares nothing mutable with the Resource', () => {
    const resource = configMap({ nested: { list: ['a'] } });
    const first = resource.toObject();
    first.metadata.labels!.team = 'changed';
    (first.data as { nested: { list: string[] } }).nested.list.push('b');
    expect(resource.toObject().metadata.labels).toEqual({ team: 'shop' });
    expect(resource.toObject().data).toEqual({ nested: { list: ['a'] } });
  });

  it('Resource.toObject() keeps key order, holes, null and a __proto__ key as data', () => {
    const data = JSON.parse('{"z": 1, "a": [1, null, {"__proto__": "x"}], "m": null}') as Record<string, unknown>;
    const object = configMap(data).toObject();
    expect(Object.keys(object.data as object)).toEqual(['z', 'a', 'm']);
    const third = (object.data as { a: unknown[] }).a[2] as Record<string, unknown>;
    expect(Object.getPrototypeOf(third)).toBe(Object.prototype);
    expect(Object.keys(third)).toEqual(['__proto__']);
    const sparse = configMap({ list: [1, , 3] }).toObject().data as { list: unknown[] };
    expect(1 in sparse.list).toBe(false);
  });

  it('Resource copies class instances and cycles the way structuredClone does', () => {
    const when = new Date(0);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const object = configMap({ when, cyclic }).toObject();
    const data = object.data as { when: Date; cyclic: Record<string, unknown> };
    expect(data.when).toBeInstanceOf(Date);
    expect(data.when).not.toBe(when);
    expect(data.when.getTime()).toBe(0);
    expect(data.cyclic.self).toBe(data.cyclic);
    expect(data.cyclic).not.toBe(cyclic);
  });

  it('Resource rejects functions in its props, as structuredClone does', () => {
    expect(() => configMap({ render: () => 'x' })).toThrow(/could not be cloned/);
  });
});
