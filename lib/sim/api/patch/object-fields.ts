// Field sets of concrete objects, as server-side apply computes them: which paths an object (or
// an applied configuration) sets, and how to find or drop the value at a path. Built on
// field-set.ts and the schema facts of merge-keys.ts; no ownership. Comparing two versions of an
// object is object-compare.ts's job.

import type { JsonValue } from '../../../k8s/types.ts';
import { childFieldNode, createFieldNode, FieldSet, formatFieldPath, newFieldNode, type FieldNode, type FieldPath, type PathElement } from './field-set.ts';
import { isJsonObject, type JsonObject } from './json-utils.ts';
import { findSchemaChild, findSchemaRoot, resolveFieldSchema, type KindRef, type ListSchema, type SchemaCursor } from './merge-keys.ts';
import { listItemElement } from './list-item-element.ts';
import { PatchError } from './patch-error.ts';

/** Options of computeFieldSet(). */
export interface FieldSetOptions {
  /** Reject list-map items without their keys and duplicate keys, as for an applied configuration. @default false */
  readonly strict?: boolean;
  /** @internal Leave out this top-level field and everything below it. */
  readonly skipTopLevel?: string | undefined;
  /** @internal Leave out metadata.managedFields, as if the object had none. */
  readonly skipManagedFields?: boolean;
}

/** `f:` elements by field name: field names repeat across objects, so their elements are built once. */
const fieldElements = new Map<string, PathElement>();
const MAX_FIELD_ELEMENTS = 50_000;

/** @internal The `f:` element of a field name. */
export function fieldElement(name: string): PathElement {
  let element = fieldElements.get(name);
  if (element === undefined) {
    element = `f:${name}`;
    if (fieldElements.size < MAX_FIELD_ELEMENTS) fieldElements.set(name, element);
  }
  return element;
}

interface WalkContext {
  readonly strict: boolean;
  /** The path walked so far; kept only in strict mode, for error messages. */
  readonly path: PathElement[];
}

/** @internal Whether a map has no keys. */
export function hasNoKeys(object: JsonObject): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return false;
  return true;
}

/** Drops a child that ended up with no member at or below it (an empty granular list). */
function dropIfEmpty(parent: FieldNode, element: PathElement, child: FieldNode): void {
  if (child.member || child.children !== undefined) return;
  parent.children!.delete(element);
  if (parent.children!.size === 0) parent.children = undefined;
}

function addValue(value: JsonValue, node: FieldNode, cursor: SchemaCursor, ctx: WalkContext): void {
  if (Array.isArray(value)) {
    addListItems(value, node, cursor, ctx);
    return;
  }
  if (!isJsonObject(value) || (cursor.names.length > 0 && cursor.schema.atomic)) {
    node.member = true;
    return;
  }
  addFields(value, node, cursor, ctx, undefined);
}

function addListItems(list: JsonValue[], node: FieldNode, cursor: SchemaCursor, ctx: WalkContext): void {
  const schema = cursor.schema.list;
  if (schema.type === 'atomic') {
    node.member = true;
    return;
  }
  const seen = ctx.strict ? new Set<string>() : undefined;
  for (let index = 0; index < list.length; index++) {
    if (!(index in list)) continue; // as forEach: holes are no items
    const item = list[index]!;
    const element = listItemElement(item, index, schema);
    if (element === undefined) continue;
    if (seen !== undefined) checkItem(element, item, index, schema, ctx.path, seen);
    const child = childFieldNode(node, element);
    child.member = true;
    if (schema.type === 'map' && isJsonObject(item)) {
      if (ctx.strict) ctx.path.push(element);
      addValue(item, child, cursor, ctx);
      if (ctx.strict) ctx.path.pop();
    }
  }
}

/** Adds an object's fields; returns false when it had none besides `skip`. */
function addFields(object: JsonObject, node: FieldNode, cursor: SchemaCursor, ctx: WalkContext, skip: string | undefined): boolean {
  let any = false;
  for (const key of Object.keys(object)) {
    if (key === skip) continue;
    any = true;
    addField(node, key, object[key]!, cursor, ctx);
  }
  return any;
}

function addField(node: FieldNode, key: string, value: JsonValue, cursor: SchemaCursor, ctx: WalkContext): void {
  const element = fieldElement(key);
  const child = childFieldNode(node, element);
  if (value === null || typeof value !== 'object' || (!Array.isArray(value) && hasNoKeys(value))) {
    child.member = true;
    return;
  }
  if (ctx.strict) ctx.path.push(element);
  addValue(value, child, findSchemaChild(cursor, key), ctx);
  if (ctx.strict) ctx.path.pop();
  dropIfEmpty(node, element, child);
}

/** The root object's fields, leaving out what the options say. */
function addRootFields(object: JsonObject, root: FieldNode, cursor: SchemaCursor, ctx: WalkContext, options: FieldSetOptions): void {
  for (const key of Object.keys(object)) {
    if (key !== options.skipTopLevel) addRootField(root, key, object[key]!, cursor, ctx, options.skipManagedFields === true);
  }
}

/** One top-level field; with `skipManagedFields`, metadata without its managedFields. */
function addRootField(root: FieldNode, key: string, value: JsonValue, cursor: SchemaCursor, ctx: WalkContext, skipManagedFields: boolean): void {
  if (key !== 'metadata' || !skipManagedFields || !isJsonObject(value)) {
    addField(root, key, value, cursor, ctx);
    return;
  }
  const element = fieldElement(key);
  const child = childFieldNode(root, element);
  if (ctx.strict) ctx.path.push(element);
  // Without managedFields, a metadata holding nothing else is an empty map: a leaf.
  if (!addFields(value, child, findSchemaChild(cursor, key), ctx, 'managedFields')) child.member = true;
  if (ctx.strict) ctx.path.pop();
  dropIfEmpty(root, element, child);
}

/**
 * @internal Adds the paths one field of an object sets below `node` (the object's node), as
 * computeFieldSet() would; `root` applies its top-level rules (`skipManagedFields` for metadata).
 */
export function addFieldPaths(node: FieldNode, key: string, value: JsonValue, cursor: SchemaCursor, root: { skipManagedFields: boolean } | undefined): void {
  const ctx: WalkContext = { strict: false, path: [] };
  if (root) addRootField(node, key, value, cursor, ctx, root.skipManagedFields);
  else addField(node, key, value, cursor, ctx);
}

/** @internal Adds the paths below one item of a list-map (its node is a member already), as computeFieldSet() would. */
export function addListItemPaths(node: FieldNode, item: JsonValue, cursor: SchemaCursor): void {
  if (isJsonObject(item)) addValue(item, node, cursor, { strict: false, path: [] });
}

/** One level of the flat item memo: the node of the keys so far, and the levels one key longer. */
interface FlatItemLevel {
  node: FieldNode | undefined;
  next: Map<string, FlatItemLevel> | undefined;
}

/**
 * Nodes of list-map items whose values are all scalars, nulls or empty maps (a condition, an
 * `{ip}`), by their keys in order: such an item's node depends on its keys alone, and items of one
 * shape repeat across objects. Shared nodes are sealed: set operations never change a node. Bounded.
 */
const flatItems: FlatItemLevel = { node: undefined, next: undefined };
const MAX_FLAT_ITEMS = 5_000;
let flatItemCount = 0;

/**
 * @internal The node addListItemPaths() builds below a member item node, shared, for a flat
 * item of a list-map whose items are not atomic maps; undefined for any other item.
 */
export function findFlatItemNode(item: JsonObject): FieldNode | undefined {
  let level = flatItems;
  const keys = Object.keys(item);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = item[key];
    if (value !== null && typeof value === 'object' && (Array.isArray(value) || !hasNoKeys(value))) return undefined;
    let next = level.next?.get(key);
    if (next === undefined) {
      if (flatItemCount >= MAX_FLAT_ITEMS) return undefined;
      next = { node: undefined, next: undefined };
      (level.next ??= new Map()).set(key, next);
      flatItemCount++;
    }
    level = next;
  }
  if (level.node === undefined) {
    const node = newFieldNode(true, undefined);
    for (let i = 0; i < keys.length; i++) childFieldNode(node, fieldElement(keys[i]!)).member = true;
    level.node = node;
  }
  return level.node;
}

/**
 * Computes the paths an object sets: every scalar, null or empty map, every list-map item (and its
 * fields), every set value, and atomic lists and maps as a whole.
 * @example computeFieldSet({ spec: { replicas: 3 } }, { apiVersion: 'apps/v1', kind: 'Deployment' }).paths() // [['f:spec', 'f:replicas']]
 */
export function computeFieldSet(object: JsonValue, kind: KindRef, options: FieldSetOptions = {}): FieldSet {
  const root = createFieldNode();
  const cursor = findSchemaRoot(kind.apiVersion, kind.kind);
  const ctx: WalkContext = { strict: options.strict === true, path: [] };
  if ((options.skipTopLevel !== undefined || options.skipManagedFields) && isJsonObject(object)) addRootFields(object, root, cursor, ctx, options);
  else addValue(object, root, cursor, ctx);
  return FieldSet.fromNode(root);
}

function checkItem(element: PathElement, item: JsonValue, index: number, list: ListSchema, path: PathElement[], seen: Set<string>): void {
  const where = formatFieldPath(path);
  if (list.type === 'map' && element.startsWith('i:')) {
    const missing = list.keys.find((k) => !isJsonObject(item) || (item[k] === undefined && list.keyDefaults?.[k] === undefined));
    throw new PatchError(`${where}: element ${index}: associative list with keys has an element that omits key field "${missing}" (and doesn't have default value)`, {
      code: 400,
      reason: 'BadRequest',
    });
  }
  if (seen.has(element)) {
    const shown = formatFieldPath([element]);
    throw new PatchError(`${where}: duplicate entries for key ${shown}`, { code: 422, reason: 'Invalid' });
  }
  seen.add(element);
}

interface Location {
  readonly value: JsonValue | undefined;
  readonly names: string[];
}

/** Finds the value at a path, or undefined when the object does not have it. */
export function findValueAt(object: JsonValue, path: FieldPath, kind: KindRef): JsonValue | undefined {
  return locate(object, path, kind)?.value;
}

function locate(object: JsonValue, path: FieldPath, kind: KindRef): Location | undefined {
  let value: JsonValue | undefined = object;
  const names: string[] = [];
  for (const element of path) {
    if (element.startsWith('f:')) {
      if (!isJsonObject(value)) return undefined;
      const name = element.slice(2);
      value = value[name];
      names.push(name);
    } else {
      if (!Array.isArray(value)) return undefined;
      const index = findItemIndex(value, element, names, kind);
      if (index < 0) return undefined;
      value = value[index];
    }
    if (value === undefined) return undefined;
  }
  return { value, names };
}

function findItemIndex(list: JsonValue[], element: PathElement, names: string[], kind: KindRef): number {
  if (element.startsWith('i:')) {
    const index = Number(element.slice(2));
    return index < list.length ? index : -1;
  }
  const schema = resolveFieldSchema(kind.apiVersion, kind.kind, names).list;
  return list.findIndex((item, i) => listItemElement(item, i, schema) === element);
}

/** Removes the value at a path in place (a field, a list-map item or a set value); false when absent. */
export function removeValueAt(object: JsonValue, path: FieldPath, kind: KindRef): boolean {
  if (path.length === 0) return false;
  const parent = locate(object, path.slice(0, -1), kind);
  const last = path[path.length - 1]!;
  if (!parent) return false;
  if (last.startsWith('f:')) {
    if (!isJsonObject(parent.value) || !(last.slice(2) in parent.value)) return false;
    delete parent.value[last.slice(2)];
    return true;
  }
  if (!Array.isArray(parent.value)) return false;
  const index = findItemIndex(parent.value, last, parent.names, kind);
  if (index < 0) return false;
  parent.value.splice(index, 1);
  return true;
}
