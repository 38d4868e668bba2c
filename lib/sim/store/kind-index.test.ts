import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { NamespaceIndex } from './kind-index.ts';

function cm(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } };
}

describe('NamespaceIndex', () => {
  it('NamespaceIndex.sortedNames() merges names added since the last sort in byte order', () => {
    const index = new NamespaceIndex();
    for (const name of ['b', 'd']) index.set(name, cm(name));
    expect(index.sortedNames()).toEqual(['b', 'd']);
    for (const name of ['e', 'a', 'c', 'B']) index.set(name, cm(name));
    expect(index.sortedNames()).toEqual(['B', 'a', 'b', 'c', 'd', 'e']);
  });

  it('NamespaceIndex.sortedNames() lists a name removed and added again once, and drops removed ones', () => {
    const index = new NamespaceIndex();
    for (const name of ['a', 'b', 'c']) index.set(name, cm(name));
    expect(index.sortedNames()).toEqual(['a', 'b', 'c']);
    index.delete('b');
    index.set('b', cm('b'));
    index.delete('c');
    index.set('x', cm('x'));
    index.delete('x');
    index.set('x', cm('x'));
    index.set('y', cm('y'));
    index.delete('y');
    index.set('a', cm('a'));
    expect(index.sortedNames()).toEqual(['a', 'b', 'x']);
    index.delete('a');
    expect(index.sortedNames()).toEqual(['b', 'x']);
  });

  it('NamespaceIndex keeps a bounded number of names when objects come and go and nobody lists them', () => {
    const index = new NamespaceIndex();
    index.set('keep', cm('keep'));
    for (let i = 0; i < 10_000; i++) {
      index.set(`pod-${i}`, cm(`pod-${i}`));
      index.delete(`pod-${i}`);
    }
    expect(index.keptNameCount).toBeLessThanOrEqual(2 * 1 + 64 + 1);
    expect(index.sortedNames()).toEqual(['keep']);
  });
});
