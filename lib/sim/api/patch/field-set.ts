// Sets of field paths as server-side apply tracks ownership, with the FieldsV1 wire format
// (`{"f:spec":{"f:replicas":{}}}`) and the `.spec.containers[name="web"].image` notation of
// conflict messages. Path elements are FieldsV1 keys: `f:name`, `k:{"name":"web"}`, `v:"x"`, `i:0`.
// Knows nothing about objects or schemas; managed-fields.ts computes sets from objects.

/** One path element, spelled as a FieldsV1 key: `f:replicas`, `k:{"name":"web"}`, `v:"a"` or `i:0`. */
export type PathElement = string;
/** A path from the object root, e.g. `['f:spec', 'f:replicas']`. */
export type FieldPath = readonly PathElement[];

const SEPARATOR = '\u0000';
const TYPE_ORDER: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** Compares path elements in the order FieldsV1 and conflict lists use (fields, keys, values, indexes). */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const byType = (TYPE_ORDER[a[0]!] ?? 9) - (TYPE_ORDER[b[0]!] ?? 9);
  if (byType !== 0) return byType;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePaths(a: FieldPath, b: FieldPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = comparePathElements(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** An immutable-by-convention set of field paths. */
export class FieldSet {
  private readonly members: Set<string>;

  constructor(paths: Iterable<FieldPath> = []) {
    this.members = new Set();
    for (const path of paths) this.members.add(path.join(SEPARATOR));
  }

  private static fromKeys(keys: Iterable<string>): FieldSet {
    const set = new FieldSet();
    for (const key of keys) set.members.add(key);
    return set;
  }

  /** Adds a path in place (used while building a set). */
  insert(path: FieldPath): void {
    this.members.add(path.join(SEPARATOR));
  }

  /** Tells whether the exact path is a member. */
  has(path: FieldPath): boolean {
    return this.members.has(path.join(SEPARATOR));
  }

  get size(): number {
    return this.members.size;
  }

  get isEmpty(): boolean {
    return this.members.size === 0;
  }

  /** Returns the paths in both sets' union. */
  union(other: FieldSet): FieldSet {
    return FieldSet.fromKeys([...this.members, ...other.members]);
  }

  /** Returns the paths of this set that are not in the other. */
  difference(other: FieldSet): FieldSet {
    return FieldSet.fromKeys([...this.members].filter((k) => !other.members.has(k)));
  }

  /** Returns the paths in both sets. */
  intersection(other: FieldSet): FieldSet {
    return FieldSet.fromKeys([...this.members].filter((k) => other.members.has(k)));
  }

  /** Returns the paths of this set that are neither in the other nor below one of its paths. */
  recursiveDifference(other: FieldSet): FieldSet {
    return FieldSet.fromKeys(
      [...this.members].filter((key) => {
        const parts = key.split(SEPARATOR);
        return !parts.some((_, i) => other.members.has(parts.slice(0, i + 1).join(SEPARATOR)));
      }),
    );
  }

  /** Returns this set plus every ancestor of its paths (the containing fields and items). */
  withAncestors(): FieldSet {
    const keys = new Set<string>();
    for (const key of this.members) {
      const parts = key.split(SEPARATOR);
      for (let i = 1; i <= parts.length; i++) keys.add(parts.slice(0, i).join(SEPARATOR));
    }
    return FieldSet.fromKeys(keys);
  }

  /** Tells whether both sets hold the same paths. */
  equals(other: FieldSet): boolean {
    return this.size === other.size && [...this.members].every((k) => other.members.has(k));
  }

  /** Lists the paths in canonical order. */
  paths(): FieldPath[] {
    return [...this.members].map((k) => (k === '' ? [] : k.split(SEPARATOR))).sort(comparePaths);
  }

  /** Encodes the set as FieldsV1 JSON (`.` marks a path that is a member and has children). */
  toFieldsV1(): Record<string, unknown> {
    const root: Node = { member: false, children: new Map() };
    for (const path of this.paths()) {
      let node = root;
      for (const element of path) {
        let next = node.children.get(element);
        if (!next) {
          next = { member: false, children: new Map() };
          node.children.set(element, next);
        }
        node = next;
      }
      node.member = true;
    }
    return encodeNode(root);
  }

  /** Decodes FieldsV1 JSON into a set. */
  static fromFieldsV1(fields: unknown): FieldSet {
    const set = new FieldSet();
    const walk = (node: unknown, prefix: PathElement[]): void => {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) {
        throw new TypeError(`FieldsV1 at ${formatFieldPath(prefix) || '.'} must be an object`);
      }
      const entries = Object.entries(node);
      if (entries.length === 0 && prefix.length > 0) set.insert(prefix);
      for (const [key, child] of entries) {
        if (key === '.') set.insert(prefix);
        else walk(child, [...prefix, key]);
      }
    };
    walk(fields, []);
    return set;
  }
}

interface Node {
  member: boolean;
  children: Map<PathElement, Node>;
}

function encodeNode(node: Node): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (node.member && node.children.size > 0) out['.'] = {};
  for (const key of [...node.children.keys()].sort(comparePathElements)) out[key] = encodeNode(node.children.get(key)!);
  return out;
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
