// The trie behind FieldSet: nodes keyed by path element, and the set operations on them. Sealed
// tries are never changed, so operations share the subtrees they leave as they are. No FieldsV1
// and no objects here (a node only has a slot where field-set.ts keeps its encoding); field-set.ts
// wraps these in the FieldSet class.

/** One path element, spelled as a FieldsV1 key: `f:replicas`, `k:{"name":"web"}`, `v:"a"` or `i:0`. */
export type PathElement = string;
/** A path from the object root, e.g. `['f:spec', 'f:replicas']`. */
export type FieldPath = readonly PathElement[];

/**
 * @internal One node of a set's trie: the path leading to it is a member, has members below it,
 * or both. Nodes of a sealed set are never changed again, so sets may share them.
 */
export interface FieldNode {
  member: boolean;
  children: Map<PathElement, FieldNode> | undefined;
  /** The node's encoding once field-set.ts made it (a sealed node never changes, so it stays right). */
  encoded: object | undefined;
}

/** @internal A node with no encoding yet. */
export function newFieldNode(member: boolean, children: Map<PathElement, FieldNode> | undefined): FieldNode {
  return { member, children, encoded: undefined };
}

/** The rank of an element's type in FieldsV1 order: fields, keys, values, indexes, then anything else. */
function rankElement(element: PathElement): number {
  switch (element.charCodeAt(0)) {
    case 102: // f
      return 0;
    case 107: // k
      return 1;
    case 118: // v
      return 2;
    case 105: // i
      return 3;
    default:
      return 9;
  }
}

/** Compares path elements in the order FieldsV1 and conflict lists use (fields, keys, values, indexes). */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const byType = rankElement(a) - rankElement(b);
  if (byType !== 0) return byType;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** @internal A new empty trie node. */
export function createFieldNode(): FieldNode {
  return newFieldNode(false, undefined);
}

/** @internal The child of a node under construction for an element, created when missing. */
export function childFieldNode(parent: FieldNode, element: PathElement): FieldNode {
  let children = parent.children;
  if (children === undefined) parent.children = children = new Map();
  let node = children.get(element);
  if (node === undefined) {
    node = newFieldNode(false, undefined);
    children.set(element, node);
  }
  return node;
}

/** Whether a node has no member at or below it. */
export function isEmptyNode(node: FieldNode): boolean {
  return !node.member && node.children === undefined;
}

/** A deep copy of a trie (for changing a sealed set). */
export function copyNode(node: FieldNode): FieldNode {
  if (node.children === undefined) return newFieldNode(node.member, undefined);
  const children = new Map<PathElement, FieldNode>();
  for (const [key, child] of node.children) children.set(key, copyNode(child));
  return newFieldNode(node.member, children);
}

/** The number of member paths at or below a node. */
export function countMembers(node: FieldNode): number {
  let n = node.member ? 1 : 0;
  if (node.children) for (const child of node.children.values()) n += countMembers(child);
  return n;
}

/** A node's child elements in FieldsV1 order. */
export function sortedKeys(children: Map<PathElement, FieldNode>): PathElement[] {
  const keys = [...children.keys()];
  if (keys.length > 1) keys.sort(comparePathElements);
  return keys;
}

/** Builds a node from a member flag and children, or undefined when it would be empty. */
export function makeNode(member: boolean, children: Map<PathElement, FieldNode> | undefined): FieldNode | undefined {
  if (children !== undefined && children.size === 0) children = undefined;
  if (!member && children === undefined) return undefined;
  return newFieldNode(member, children);
}

/** A copy of a node's children map (entry by entry: cheaper in V8 than `new Map(map)`). */
function copyChildren(children: Map<PathElement, FieldNode>): Map<PathElement, FieldNode> {
  const copy = new Map<PathElement, FieldNode>();
  for (const [key, child] of children) copy.set(key, child);
  return copy;
}

/** Paths in either trie; unchanged subtrees are shared. */
export function unionNodes(a: FieldNode, b: FieldNode): FieldNode {
  if (a === b || isEmptyNode(b)) return a;
  if (isEmptyNode(a)) return b;
  const member = a.member || b.member;
  if (b.children === undefined) return member === a.member ? a : newFieldNode(member, a.children);
  if (a.children === undefined) return member === b.member ? b : newFieldNode(member, b.children);
  let children: Map<PathElement, FieldNode> | undefined;
  for (const [key, bc] of b.children) {
    const ac = a.children.get(key);
    const merged = ac === undefined ? bc : unionNodes(ac, bc);
    if (merged === ac) continue;
    children ??= copyChildren(a.children);
    children.set(key, merged);
  }
  if (children === undefined && member === a.member) return a;
  return newFieldNode(member, children ?? a.children);
}

/** Paths of `a` not in `b`; with `recursive`, also none below a member of `b`. Undefined when empty. */
export function subtractNodes(a: FieldNode, b: FieldNode, recursive: boolean): FieldNode | undefined {
  if (a === b) return undefined;
  if (recursive && b.member) return undefined;
  const member = a.member && !b.member;
  if (a.children === undefined || b.children === undefined) {
    return member === a.member ? a : makeNode(member, a.children);
  }
  let children: Map<PathElement, FieldNode> | undefined;
  const small = b.children.size <= a.children.size;
  for (const [key, other] of small ? b.children : a.children) {
    const ac = small ? a.children.get(key) : other;
    const bc = small ? other : b.children.get(key);
    if (ac === undefined || bc === undefined) continue;
    const rest = subtractNodes(ac, bc, recursive);
    if (rest === ac) continue;
    children ??= copyChildren(a.children);
    if (rest === undefined) children.delete(key);
    else children.set(key, rest);
  }
  if (children === undefined && member === a.member) return a;
  return makeNode(member, children ?? a.children);
}

/** Paths in both tries, or undefined when none. */
export function intersectNodes(a: FieldNode, b: FieldNode): FieldNode | undefined {
  if (a === b) return a;
  const member = a.member && b.member;
  if (a.children === undefined || b.children === undefined) return member ? newFieldNode(member, undefined) : undefined;
  let children: Map<PathElement, FieldNode> | undefined;
  const [small, large] = a.children.size <= b.children.size ? [a.children, b.children] : [b.children, a.children];
  for (const [key, sc] of small) {
    const lc = large.get(key);
    if (lc === undefined) continue;
    const both = intersectNodes(sc, lc);
    if (both === undefined) continue;
    children ??= new Map();
    children.set(key, both);
  }
  return makeNode(member, children);
}

/** The trie with every non-root node a member (a set plus its paths' ancestors). */
export function markAncestors(node: FieldNode, isRoot: boolean): FieldNode {
  const member = isRoot ? node.member : true;
  if (node.children === undefined) return member === node.member ? node : newFieldNode(member, undefined);
  const children = new Map<PathElement, FieldNode>();
  for (const [key, child] of node.children) children.set(key, markAncestors(child, false));
  return newFieldNode(member, children);
}

/** Whether every path of `a` is in `b` (no allocation: for checks on hot paths). */
export function isSubsetNode(a: FieldNode, b: FieldNode): boolean {
  if (a === b) return true;
  if (a.member && !b.member) return false;
  const ac = a.children;
  if (ac === undefined) return true;
  const bc = b.children;
  for (const key of ac.keys()) {
    const child = ac.get(key)!;
    const other = bc?.get(key);
    if (other === undefined ? countMembers(child) > 0 : !isSubsetNode(child, other)) return false;
  }
  return true;
}

/** Whether two tries hold the same paths. */
export function equalNodes(a: FieldNode, b: FieldNode): boolean {
  if (a === b) return true;
  if (a.member !== b.member) return false;
  const ac = a.children;
  const bc = b.children;
  if (ac === undefined || bc === undefined) return ac === bc;
  if (ac.size !== bc.size) return false;
  for (const [key, child] of ac) {
    const other = bc.get(key);
    if (other === undefined || !equalNodes(child, other)) return false;
  }
  return true;
}

/** Appends the member paths at or below a node to `out`, in canonical order. */
export function collectPaths(node: FieldNode, prefix: PathElement[], out: FieldPath[]): void {
  if (node.member) out.push([...prefix]);
  if (node.children === undefined) return;
  for (const key of sortedKeys(node.children)) {
    prefix.push(key);
    collectPaths(node.children.get(key)!, prefix, out);
    prefix.pop();
  }
}
