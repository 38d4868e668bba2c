// The FieldsV1 a create records for its manager, computed in one walk of the new object: what
// computeFieldSet() finds, less the fields a write never owns, encoded as toFieldsV1() would.
// A fast path of updateManagedFields() for the commonest write; other writes use field sets.
// Objects of one shape and no lists (Events) are answered from a memo of their encodings.

import type { JsonValue } from '../../../k8s/types.ts';
import { comparePathElements, type PathElement } from './field-set.ts';
import { buildFieldsV1Range, EMPTY_FIELDS, type FieldsV1, type FieldsV1Map } from './fields-v1.ts';
import { isJsonObject, type JsonObject } from './json-utils.ts';
import { findSchemaChild, findSchemaRoot, type KindRef, type SchemaCursor } from './merge-keys.ts';
import { listItemElement } from './list-item-element.ts';
import { fieldElement, hasNoKeys } from './object-fields.ts';

/** Top-level fields no manager owns (as leaves). */
export const STRIPPED_TOP_LEVEL: readonly string[] = ['apiVersion', 'kind', 'metadata'];
/** Metadata fields no manager owns (as leaves). */
export const STRIPPED_METADATA: readonly string[] = ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'];

const TOP_LEVEL = new Set(STRIPPED_TOP_LEVEL);
const METADATA = new Set(STRIPPED_METADATA);

/** Thrown inside the walk when a list holds two items with the same element (their fields merge). */
class DuplicateItems extends Error {}

/**
 * The keys and encodings of the maps being built, as one stack shared by every level of the walk
 * (a level's entries sit from its base to `top`), so that no level allocates lists of its own.
 */
const stackKeys: string[] = [];
const stackChildren: FieldsV1Map[] = [];
let top = 0;

function pushEntry(key: string, encoded: FieldsV1Map): void {
  stackKeys[top] = key;
  stackChildren[top] = encoded;
  top++;
}

/** The map of the entries pushed since `base` (and `.` when `member`), popping them. */
function popMap(member: boolean, base: number): FieldsV1Map {
  const map = buildFieldsV1Range(member, stackKeys, stackChildren, base, top);
  top = base;
  return map;
}

/**
 * An object's keys in FieldsV1 order (as Array.prototype.sort() orders strings). An insertion
 * sort: objects have few keys, often already in order, and it beats sort() on such lists.
 */
function sortedKeys(object: JsonObject): string[] {
  const keys = Object.keys(object);
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    if (keys[i - 1]! <= key) continue;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * The FieldsV1 of every field `object` sets, leaving out metadata.managedFields, the top-level
 * field `skipTopLevel` and the server-set fields; null when that leaves nothing, undefined when
 * this fast path does not apply (the object is not a map, or a list repeats a key). The result
 * is deep-frozen and shared with other objects' equal FieldsV1.
 */
export function encodeCreatedFields(object: JsonValue, kind: KindRef, skipTopLevel: string | undefined): FieldsV1 | null | undefined {
  if (!isJsonObject(object)) return undefined;
  const cursor = findRootCursor(kind);
  // A shape walk with for-in would see a polluted prototype's keys on every map: encoded without the memo.
  if (hasInheritedKeys()) return encodeObject(object, cursor, skipTopLevel);
  // Objects of one shape (their keys, which values are maps; no lists) encode alike: the memo answers.
  const shape = followShape(object, findShapeRoot(cursor, skipTopLevel), skipTopLevel);
  if (shape !== undefined && shape.known) return shape.result;
  const fields = encodeObject(object, cursor, skipTopLevel);
  if (shape !== undefined) {
    shape.known = true;
    shape.result = fields;
  }
  return fields;
}

function encodeObject(object: JsonObject, cursor: SchemaCursor, skipTopLevel: string | undefined): FieldsV1 | null | undefined {
  top = 0;
  try {
    for (const key of sortedKeys(object)) {
      if (key === skipTopLevel) continue;
      const value = object[key]!;
      let encoded: FieldsV1Map | null;
      if (key === 'metadata' && isJsonObject(value)) {
        // Metadata itself is stripped, and so is what the server sets in it.
        encoded = encodeFields(false, value, findSchemaChild(cursor, key), 'managedFields', METADATA);
      } else {
        encoded = encodeField(value, cursor, key, TOP_LEVEL.has(key));
      }
      if (encoded !== null) pushEntry(fieldElement(key), encoded);
    }
    return top === 0 ? null : popMap(false, 0).fields;
  } catch (error) {
    if (error instanceof DuplicateItems) return undefined;
    throw error;
  } finally {
    top = 0;
  }
}

/** The last kind's schema root, so that a run of creates of one kind skips the lookup. */
let lastKind: KindRef | undefined;
let lastCursor: SchemaCursor | undefined;

function findRootCursor(kind: KindRef): SchemaCursor {
  if (lastKind !== undefined && lastKind.apiVersion === kind.apiVersion && lastKind.kind === kind.kind) return lastCursor!;
  lastCursor = findSchemaRoot(kind.apiVersion, kind.kind);
  lastKind = { apiVersion: kind.apiVersion, kind: kind.kind };
  return lastCursor;
}

// The shape memo. An object's FieldsV1 here depends on its kind, the skipped top-level field, the
// keys of each of its maps and which values are non-empty maps; values in lists (their keys and
// merge keys) count too, so an object with a list is not memoized. A shape is a path through a
// trie: one step per key (as a leaf or as a map whose keys follow, then an end step), in the
// object's key order. The node after the last end step holds the encoding.

const LEAF = 0;
const MAP = 1;
const LIST = 2;

/** One point of a walk through the shape trie. */
interface ShapeNode {
  readonly keys: string[];
  readonly classes: number[];
  readonly next: ShapeNode[];
  /** After the last key of the map being walked. */
  end: ShapeNode | undefined;
  /** Whether `result` is the encoding of the shape ending here. */
  known: boolean;
  result: FieldsV1 | null | undefined;
}

/** Steps kept out of one node; a shape past them is encoded without the memo. */
const MAX_STEPS_PER_NODE = 32;
/** Nodes kept in all; past this many the memo starts over (it is a cache, not a registry). */
const MAX_SHAPE_NODES = 50_000;
let shapeNodeCount = 0;
/** Roots by schema root cursor, then by the skipped top-level field. */
let shapeRoots = new Map<SchemaCursor, Map<string | undefined, ShapeNode>>();

function createShapeNode(): ShapeNode {
  shapeNodeCount++;
  return { keys: [], classes: [], next: [], end: undefined, known: false, result: undefined };
}

function findShapeRoot(cursor: SchemaCursor, skipTopLevel: string | undefined): ShapeNode {
  if (shapeNodeCount >= MAX_SHAPE_NODES) {
    shapeRoots = new Map();
    shapeNodeCount = 0;
  }
  let bySkip = shapeRoots.get(cursor);
  if (bySkip === undefined) shapeRoots.set(cursor, (bySkip = new Map()));
  let root = bySkip.get(skipTopLevel);
  if (root === undefined) bySkip.set(skipTopLevel, (root = createShapeNode()));
  return root;
}

/** The node after one step; undefined when the node has no room for a new one. */
function stepShape(node: ShapeNode, key: string, valueClass: number): ShapeNode | undefined {
  const { keys, classes } = node;
  for (let i = 0; i < keys.length; i++) if (keys[i] === key && classes[i] === valueClass) return node.next[i];
  if (keys.length >= MAX_STEPS_PER_NODE) return undefined;
  const next = createShapeNode();
  keys.push(key);
  classes.push(valueClass);
  node.next.push(next);
  return next;
}

/** Whether Object.prototype has enumerable keys, which for-in would visit on every object (a polluted prototype). */
function hasInheritedKeys(): boolean {
  for (const _ in Object.prototype) return true;
  return false;
}

/** The node of an object's shape, after its end step; undefined when the shape holds a list or finds no room. */
function followShape(object: JsonObject, node: ShapeNode | undefined, skip: string | undefined): ShapeNode | undefined {
  // for-in visits the keys in Object.keys() order without building an array: JSON maps are plain or
  // null-prototype, so it sees only own keys while Object.prototype has none (encodeCreatedFields checks).
  for (const key in object) {
    if (key === skip) continue;
    const value = object[key];
    if (value === null || typeof value !== 'object') {
      node = stepShape(node!, key, LEAF);
    } else if (Array.isArray(value)) {
      // Marked, so that the next object with the list gives up here without a new node.
      stepShape(node!, key, LIST);
      return undefined;
    } else if (hasNoKeys(value)) {
      node = stepShape(node!, key, LEAF);
    } else {
      node = stepShape(node!, key, MAP);
      if (node !== undefined) node = followShape(value, node, undefined);
    }
    if (node === undefined) return undefined;
  }
  node!.end ??= createShapeNode();
  return node!.end;
}

/** An object's fields (and `.` when `member`) in FieldsV1 order; null when there are none and it is no member. */
function encodeFields(member: boolean, object: JsonObject, cursor: SchemaCursor, skip: string | undefined, stripped: ReadonlySet<string> | undefined): FieldsV1Map | null {
  const base = top;
  for (const key of sortedKeys(object)) {
    if (key === skip) continue;
    const encoded = encodeField(object[key]!, cursor, key, stripped !== undefined && stripped.has(key));
    if (encoded !== null) pushEntry(fieldElement(key), encoded);
  }
  if (top === base) return member ? EMPTY_FIELDS : null;
  return popMap(member, base);
}

/** A field's encoding; null when nothing is left (a stripped leaf, an empty granular list). */
function encodeField(value: JsonValue, parent: SchemaCursor, key: string, stripped: boolean): FieldsV1Map | null {
  if (value === null || typeof value !== 'object' || (!Array.isArray(value) && hasNoKeys(value))) return stripped ? null : EMPTY_FIELDS;
  return encodeValue(value, findSchemaChild(parent, key), stripped);
}

function encodeValue(value: JsonValue, cursor: SchemaCursor, stripped: boolean): FieldsV1Map | null {
  if (Array.isArray(value)) return encodeList(value, cursor, stripped);
  if (!isJsonObject(value) || (cursor.names.length > 0 && cursor.schema.atomic)) return stripped ? null : EMPTY_FIELDS;
  return encodeFields(false, value, cursor, undefined, undefined);
}

/** A list item's encoding: its fields (marked with `.`) for a map item, else `{}`. */
function encodeItem(item: JsonValue, mapItems: boolean, cursor: SchemaCursor): FieldsV1Map {
  return mapItems && isJsonObject(item) ? encodeFields(true, item, cursor, undefined, undefined)! : EMPTY_FIELDS;
}

function encodeList(list: JsonValue[], cursor: SchemaCursor, stripped: boolean): FieldsV1Map | null {
  const schema = cursor.schema.list;
  if (schema.type === 'atomic') return stripped ? null : EMPTY_FIELDS;
  // The item is a member; with fields it is marked with '.'.
  const mapItems = schema.type === 'map' && !(cursor.names.length > 0 && cursor.schema.atomic);
  if (list.length === 1 && 0 in list) {
    // The commonest list: one item, nothing to sort or compare.
    const item = list[0]!;
    const element = listItemElement(item, 0, schema)!;
    const encoded = encodeItem(item, mapItems, cursor);
    const base = top;
    pushEntry(element, encoded);
    return popMap(false, base);
  }
  const items: Array<{ element: PathElement; encoded: FieldsV1Map }> = [];
  const seen = new Set<PathElement>();
  for (let index = 0; index < list.length; index++) {
    if (!(index in list)) continue; // as forEach: holes are no items
    const item = list[index]!;
    const element = listItemElement(item, index, schema)!;
    if (seen.has(element)) throw new DuplicateItems();
    seen.add(element);
    items.push({ element, encoded: encodeItem(item, mapItems, cursor) });
  }
  if (items.length === 0) return null;
  if (items.length > 1) items.sort((a, b) => comparePathElements(a.element, b.element));
  const base = top;
  for (const item of items) pushEntry(item.element, item.encoded);
  return popMap(false, base);
}
