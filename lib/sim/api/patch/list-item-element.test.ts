import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../k8s/types.ts';
import { keyElement } from './field-set.ts';
import { listItemElement } from './list-item-element.ts';
import type { ListSchema } from './merge-keys.ts';

const BY_NAME: ListSchema = { type: 'map', keys: ['name'], mergeKey: 'name' };
const PORTS: ListSchema = { type: 'map', keys: ['containerPort', 'protocol'], mergeKey: 'containerPort', keyDefaults: { protocol: 'TCP' } };

describe('listItemElement()', () => {
  it('listItemElement() spells single-key items as keyElement() does, the same string each time', () => {
    const first = listItemElement({ name: 'web', image: 'nginx' }, 0, BY_NAME);
    expect(first).toBe(keyElement({ name: 'web' }));
    expect(listItemElement({ name: 'web' }, 3, BY_NAME)).toBe(first);
    expect(listItemElement({ name: 8080 }, 0, BY_NAME)).toBe('k:{"name":8080}');
    expect(listItemElement({ name: '8080' }, 0, BY_NAME)).toBe('k:{"name":"8080"}');
    expect(listItemElement({ name: { a: 1 } } as JsonValue, 0, BY_NAME)).toBe('k:{"name":{"a":1}}');
  });

  it('listItemElement() sorts multi-key items, fills key defaults and falls back to the index', () => {
    expect(listItemElement({ protocol: 'UDP', containerPort: 53 }, 0, PORTS)).toBe('k:{"containerPort":53,"protocol":"UDP"}');
    expect(listItemElement({ containerPort: 80 }, 0, PORTS)).toBe(keyElement({ containerPort: 80, protocol: 'TCP' }));
    expect(listItemElement({ containerPort: 80 }, 1, PORTS)).toBe('k:{"containerPort":80,"protocol":"TCP"}');
    expect(listItemElement({ protocol: 'TCP' }, 2, PORTS)).toBe('i:2');
    expect(listItemElement('x', 4, PORTS)).toBe('i:4');
    expect(listItemElement({ containerPort: [1] } as JsonValue, 0, PORTS)).toBe(keyElement({ containerPort: [1], protocol: 'TCP' }));
  });

  it('listItemElement() orders integer-like key names as keyElement() does', () => {
    const odd: ListSchema = { type: 'map', keys: ['b', '10', '9'], mergeKey: 'b' };
    const item = { b: 'x', '10': 1, '9': 2 };
    expect(listItemElement(item, 0, odd)).toBe(keyElement(item));
  });
});
