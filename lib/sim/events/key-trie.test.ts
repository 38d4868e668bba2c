import { describe, expect, it } from 'vitest';
import { KeyNode } from './key-trie.ts';

type Node = KeyNode<string, string, string>;

function newRoot(): Node {
  return new KeyNode<string, string, string>(undefined, '');
}

describe('KeyNode', () => {
  it('KeyNode.child() gives the same node for a part again and a new one for each other part', () => {
    const root = newRoot();
    const a = root.child('uid-a');
    const b = root.child('uid-b');
    const c = root.child('uid-c');
    expect([root.child('uid-a'), root.child('uid-b'), root.child('uid-c')]).toEqual([a, b, c]);
    expect(new Set([a, b, c]).size).toBe(3);
    expect([a.parent, a.part, c.part]).toEqual([root, 'uid-a', 'uid-c']);
  });

  it('KeyNode.prune() takes empty nodes out up to the first ancestor holding an entry or another child', () => {
    const root = newRoot();
    const object = root.child('uid-a').child('v1');
    object.bucket = 'bucket';
    const message = object.child('Normal').child('Pulling').child('').child('Pulling image');
    const other = object.child('Normal').child('Pulled');
    other.aggregate = 'record';
    message.prune();
    expect(message.pruned).toBe(true);
    expect(message.parent!.pruned).toBe(true);
    expect(message.parent!.parent!.pruned).toBe(true);
    // 'Normal' still has the 'Pulled' child.
    expect(other.parent!.pruned).toBe(false);
    other.aggregate = undefined;
    object.bucket = undefined;
    other.prune();
    expect([other.pruned, object.pruned, root.child('uid-a') === object.parent]).toEqual([true, true, false]);
  });

  it('KeyNode.child() finds each of many children again, and a pruned one no more, as its children move from a list to a map', () => {
    const root = newRoot();
    const parts = Array.from({ length: 20 }, (_, i) => `reason-${i}`);
    const nodes = parts.map((part) => root.child(part));
    expect(parts.map((part) => root.child(part))).toEqual(nodes);
    nodes[3]!.prune();
    nodes[15]!.prune();
    expect([root.child('reason-3') === nodes[3], root.child('reason-15') === nodes[15], root.child('reason-4') === nodes[4]]).toEqual([false, false, true]);
    const small = root.child('reason-0');
    const children = ['a', 'b', 'c'].map((part) => small.child(part));
    children[1]!.prune();
    expect([small.child('a'), small.child('c')]).toEqual([children[0], children[2]]);
    expect(small.child('b')).not.toBe(children[1]);
  });

  it('KeyNode.prune() keeps a node that holds an entry', () => {
    const root = newRoot();
    const node = root.child('uid-a');
    node.log = 'log';
    node.prune();
    expect([node.pruned, root.child('uid-a')]).toEqual([false, node]);
  });

  it('KeyNode.reattach() gives the live node at a pruned node\'s key, and the node itself when it is live', () => {
    const root = newRoot();
    const group = root.child('uid-a').child('v1').child('Normal').child('Pulling');
    expect(group.reattach()).toBe(group);
    group.prune();
    const fresh = group.reattach();
    expect(fresh).not.toBe(group);
    expect(fresh).toBe(root.child('uid-a').child('v1').child('Normal').child('Pulling'));
  });
});
