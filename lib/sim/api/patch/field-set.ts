// Sets of field paths as server-side apply tracks ownership, with the FieldsV1 wire format
// (`{"f:spec":{"f:replicas":{}}}`) and the `.spec.containers[name="web"].image` notation of
// conflict messages. Path elements are FieldsV1 keys: `f:name`, `k:{"name":"web"}`, `v:"x"`, `i:0`.
// Knows nothing about objects or schemas; managed-fields.ts computes sets from objects.
//
// A set is a trie keyed by path element. Set operations walk both tries and share the subtrees
// they leave unchanged, so removing a few paths from a large set costs about the few paths.

import { adoptFieldsV1, buildFieldsV1Range, EMPTY_FIELDS, type FieldsV1Map } from './fields-v1.ts';
import {
  childFieldNode,
  collectPaths,
  comparePathElements,
  copyNode,
  countMembers,
  createFieldNode,
  equalNodes,
  intersectNodes,
  isEmptyNode,
  isSubsetNode,
  makeNode,
  markAncestors,
  newFieldNode,
  subtractNodes,
  unionNodes,
  type FieldNode,
  type FieldPath,
  type PathElement,
} from './field-trie.ts';

export { childFieldNode, comparePathElements, createFieldNode, newFieldNode, type FieldNode, type FieldPath, type PathElement } from './field-trie.ts';

/** Child keys and encodings of the node being encoded, as one stack shared by every level. */
const stackKeys: PathElement[] = [];
const stackChildren: FieldsV1Map[] = [];
let top = 0;

/**
 * The node's FieldsV1, deep-frozen and interned (see fields-v1.ts), remembered on the node.
 * Nodes of sealed sets never change and set operations share the subtrees they leave alone, so
 * a set that changed in one place re-encodes that place.
 */
function encodeNode(node: FieldNode): FieldsV1Map {
  const children = node.children;
  if (children === undefined) return EMPTY_FIELDS;
  const known = node.encoded as FieldsV1Map | undefined;
  if (known !== undefined) return known;
  // Children first (they push and pop above this level), then this level's keys in FieldsV1 order.
  const base = top;
  for (const [key, child] of children) {
    const encoded = encodeNode(child);
    let at = top++;
    // An insertion sort: few keys, and often in order already.
    while (at > base && comparePathElements(stackKeys[at - 1]!, key) > 0) {
      stackKeys[at] = stackKeys[at - 1]!;
      stackChildren[at] = stackChildren[at - 1]!;
      at--;
    }
    stackKeys[at] = key;
    stackChildren[at] = encoded;
  }
  const map = buildFieldsV1Range(node.member, stackKeys, stackChildren, base, top);
  top = base;
  node.encoded = map;
  return map;
}

/** An immutable-by-convention set of field paths. */
export class FieldSet {
  private root: FieldNode;
  /** True once the trie may be shared with another set: insert() then copies it first. */
  private sealed: boolean;

  constructor(paths: Iterable<FieldPath> = []) {
    this.root = createFieldNode();
    this.sealed = false;
    for (const path of paths) this.insert(path);
  }

  /** @internal A set over a finished trie, which the caller hands over and no longer changes. */
  static fromNode(root: FieldNode): FieldSet {
    const set = new FieldSet();
    set.root = root;
    set.sealed = true;
    return set;
  }

  /** @internal The trie root; the caller must not change it. */
  node(): FieldNode {
    this.sealed = true;
    return this.root;
  }

  private derive(root: FieldNode | undefined): FieldSet {
    this.sealed = true;
    return FieldSet.fromNode(root ?? createFieldNode());
  }

  /** Adds a path in place (used while building a set). */
  insert(path: FieldPath): void {
    if (this.sealed) {
      this.root = copyNode(this.root);
      this.sealed = false;
    }
    let node = this.root;
    for (const element of path) node = childFieldNode(node, element);
    node.member = true;
  }

  /** Tells whether the exact path is a member. */
  has(path: FieldPath): boolean {
    let node: FieldNode | undefined = this.root;
    for (const element of path) {
      node = node.children?.get(element);
      if (node === undefined) return false;
    }
    return node.member;
  }

  get size(): number {
    return countMembers(this.root);
  }

  get isEmpty(): boolean {
    return isEmptyNode(this.root);
  }

  /** Returns the paths in both sets' union. */
  union(other: FieldSet): FieldSet {
    return this.derive(unionNodes(this.root, other.node()));
  }

  /** Returns the paths of this set that are not in the other. */
  difference(other: FieldSet): FieldSet {
    return this.derive(subtractNodes(this.root, other.node(), false));
  }

  /** Returns the paths in both sets. */
  intersection(other: FieldSet): FieldSet {
    return this.derive(intersectNodes(this.root, other.node()));
  }

  /** Returns the paths of this set that are neither in the other nor below one of its paths. */
  recursiveDifference(other: FieldSet): FieldSet {
    // Only proper paths count as "above": a member root path ([]) removes just itself.
    const otherRoot = other.node();
    const rest = subtractNodes(this.root, newFieldNode(false, otherRoot.children), true);
    if (rest === undefined || !rest.member || !otherRoot.member) return this.derive(rest);
    return this.derive(makeNode(false, rest.children));
  }

  /** Returns this set plus every ancestor of its paths (the containing fields and items). */
  withAncestors(): FieldSet {
    return this.derive(markAncestors(this.root, true));
  }

  /** Tells whether every path of this set is in the other. */
  isSubsetOf(other: FieldSet): boolean {
    return isSubsetNode(this.root, other.root);
  }

  /** Tells whether both sets hold the same paths. */
  equals(other: FieldSet): boolean {
    return equalNodes(this.root, other.root);
  }

  /** Lists the paths in canonical order. */
  paths(): FieldPath[] {
    const out: FieldPath[] = [];
    collectPaths(this.root, [], out);
    return out;
  }

  /**
   * Encodes the set as FieldsV1 JSON (`.` marks a path that is a member and has children). The
   * result is deep-frozen and may be shared: a set decoded from deep-frozen canonical FieldsV1, or
   * encoded before, and left unchanged encodes as that same object.
   */
  toFieldsV1(): Record<string, unknown> {
    this.sealed = true;
    const root = this.root;
    const known = root.encoded as FieldsV1Map | undefined;
    if (known !== undefined) return known.fields;
    const encoded = encodeNode(root).fields;
    decodedSets.set(encoded, root);
    return encoded;
  }

  /** Decodes FieldsV1 JSON into a set (remembered for deep-frozen input, which cannot change). */
  static fromFieldsV1(fields: unknown): FieldSet {
    const known = typeof fields === 'object' && fields !== null ? decodedSets.get(fields) : undefined;
    if (known !== undefined) return FieldSet.fromNode(known);
    const root = createFieldNode();
    const seen: DecodeState = { frozen: true, canonical: true };
    decodeInto(root, fields, [], seen);
    if (seen.frozen) {
      decodedSets.set(fields as object, root);
      // Encoding the set gives this very object back (a root is never another node's child).
      if (seen.canonical) root.encoded = adoptFieldsV1(fields as Record<string, unknown>);
    }
    return FieldSet.fromNode(root);
  }
}

/** Tries decoded from deep-frozen FieldsV1, by the decoded object. */
const decodedSets = new WeakMap<object, FieldNode>();

interface DecodeState {
  /** Every object visited was frozen. */
  frozen: boolean;
  /** Encoding the result gives back the same JSON, key order included. */
  canonical: boolean;
}

function decodeInto(node: FieldNode, fields: unknown, prefix: PathElement[], state: DecodeState): void {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new TypeError(`FieldsV1 at ${formatFieldPath(prefix) || '.'} must be an object`);
  }
  if (state.frozen && !Object.isFrozen(fields)) state.frozen = false;
  let empty = true;
  let previous: PathElement | undefined;
  let dot = false;
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue;
    const value = (fields as Record<string, unknown>)[key];
    if (key === '.') {
      if (state.frozen && typeof value === 'object' && value !== null && !Object.isFrozen(value)) state.frozen = false;
      // Canonical only as the first key, holding {}, of a map with more keys.
      if (!empty || !isEmptyMap(value)) state.canonical = false;
      empty = false;
      dot = true;
      node.member = true;
      continue;
    }
    if (previous !== undefined && comparePathElements(previous, key) >= 0) state.canonical = false;
    previous = key;
    empty = false;
    prefix.push(key);
    decodeInto(childFieldNode(node, key), value, prefix, state);
    prefix.pop();
  }
  if (dot && previous === undefined) state.canonical = false;
  if (empty && prefix.length > 0) node.member = true;
}

function isEmptyMap(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

/** Formats a path the way conflict messages show it: `.spec.template.spec.containers[name="web"].image`. */
export function formatFieldPath(path: FieldPath): string {
  return path.map(formatPathElement).join('');
}

function formatPathElement(element: PathElement): string {
  const body = element.slice(2);
  switch (element[0]) {
    case 'f':
      return `.${body}`;
    case 'k': {
      const keys = JSON.parse(body) as Record<string, unknown>;
      return `[${Object.keys(keys).sort().map((k) => `${k}=${JSON.stringify(keys[k])}`).join(',')}]`;
    }
    case 'v':
      return `[=${body}]`;
    case 'i':
      return `[${body}]`;
    default:
      return '{{invalid path element}}';
  }
}

/** Builds a `k:` element from a list item's key values, keys sorted by name. */
export function keyElement(keys: Readonly<Record<string, unknown>>): PathElement {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(keys).sort()) sorted[k] = keys[k];
  return `k:${JSON.stringify(sorted)}`;
}
