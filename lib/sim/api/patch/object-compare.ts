// Comparing two versions of an object field by field, as managedFields bookkeeping needs: which
// paths a write added, changed or removed. The two values are walked together and field sets are
// built only where they differ, so a write that changes a few fields costs about those fields
// plus one equality walk. Ownership is managed-fields.ts's job; field sets of one object are
// object-fields.ts's.

import type { JsonValue } from '../../../k8s/types.ts';
import { createFieldNode, FieldSet, newFieldNode, type FieldNode, type PathElement } from './field-set.ts';
import { isDeepEqual, isJsonObject, type JsonObject } from './json-utils.ts';
import { findSchemaChild, findSchemaRoot, type KindRef, type ListSchema, type SchemaCursor } from './merge-keys.ts';
import { listItemElement } from './list-item-element.ts';
import { addFieldPaths, addListItemPaths, computeFieldSet, fieldElement, findFlatItemNode, hasNoKeys, type FieldSetOptions } from './object-fields.ts';

/** Paths that were added, changed or removed between two versions of an object. */
export interface FieldComparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

interface Comparison {
  /** Where paths the after version has below the current path, and the before one has not, go. */
  added: FieldNode;
  removed: FieldNode;
  readonly modified: FieldSet;
  /** Top-level rules (see FieldSetOptions); undefined below the root. */
  readonly options: Omit<FieldSetOptions, 'strict'>;
  /** The added and removed nodes of the levels above (see descend()). */
  readonly outer: FieldNode[];
}

/**
 * Compares two versions of an object field by field (`before` undefined for a create). A path is
 * added or removed when only one version's field set holds it, and modified when both hold it,
 * it names a field, and the values findValueAt() finds there differ.
 */
export function compareObjects(before: JsonValue | undefined, after: JsonValue, kind: KindRef, options: Omit<FieldSetOptions, 'strict'> = {}): FieldComparison {
  if (before === undefined) return { added: computeFieldSet(after, kind, options), modified: new FieldSet(), removed: new FieldSet() };
  const cursor = findSchemaRoot(kind.apiVersion, kind.kind);
  if (!isJsonObject(before) || !isJsonObject(after)) return compareWhole(before, after, kind, cursor, options);
  const out: Comparison = { added: createFieldNode(), removed: createFieldNode(), modified: new FieldSet(), options, outer: [] };
  compareMaps(before, after, cursor, [], out, true);
  return { added: FieldSet.fromNode(out.added), modified: out.modified, removed: FieldSet.fromNode(out.removed) };
}

/** Compares the field sets of two whole values (what the walk falls back to for anything but two objects). */
function compareWhole(before: JsonValue, after: JsonValue, kind: KindRef, cursor: SchemaCursor, options: Omit<FieldSetOptions, 'strict'>): FieldComparison {
  const beforeRoot = computeFieldSet(before, kind, options).node();
  const afterRoot = computeFieldSet(after, kind, options).node();
  const added: FieldNode = newFieldNode(afterRoot.member && !beforeRoot.member, undefined);
  const removed: FieldNode = newFieldNode(beforeRoot.member && !afterRoot.member, undefined);
  const out: Comparison = { added, removed, modified: new FieldSet(), options, outer: [] };
  compareNodes(beforeRoot, afterRoot, before, after, cursor, [], out);
  return { added: FieldSet.fromNode(added), modified: out.modified, removed: FieldSet.fromNode(removed) };
}

/**
 * Whether two values are the same JSON to every walk over them (own keys, list holes, scalars by
 * identity). Field sets computed from such values are equal and no path below differs.
 */
export function isSameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (i in a !== i in b || !isSameJson(a[i], b[i])) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key) || !isSameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** A map whose field set has one child per key (not atomic, not empty): such maps are compared key by key. */
function isGranularMap(value: JsonValue, cursor: SchemaCursor): value is JsonObject {
  return isJsonObject(value) && !hasNoKeys(value) && !cursor.schema.atomic;
}

/** Metadata compared without managedFields: granular when it holds some other field. */
function isGranularMetadata(value: JsonValue): value is JsonObject {
  if (!isJsonObject(value)) return false;
  for (const key in value) if (Object.hasOwn(value, key) && key !== 'managedFields') return true;
  return false;
}

/** Compares two maps key by key, attaching differences to `out.added` and `out.removed` (the maps' nodes). */
function compareMaps(before: JsonObject, after: JsonObject, cursor: SchemaCursor, path: PathElement[], out: Comparison, root: boolean): void {
  const skip = root ? out.options.skipTopLevel : undefined;
  const rootRules = root ? { skipManagedFields: out.options.skipManagedFields === true } : undefined;
  const skipManagedFields = !root && path.length === 1 && path[0] === 'f:metadata' && out.options.skipManagedFields === true;
  for (const key of Object.keys(after)) {
    if (key === skip || (skipManagedFields && key === 'managedFields')) continue;
    if (Object.hasOwn(before, key)) compareField(key, before[key]!, after[key]!, cursor, path, out, rootRules);
    else addFieldPaths(out.added, key, after[key]!, cursor, rootRules);
  }
  for (const key of Object.keys(before)) {
    if (key === skip || (skipManagedFields && key === 'managedFields') || Object.hasOwn(after, key)) continue;
    addFieldPaths(out.removed, key, before[key]!, cursor, rootRules);
  }
}

/** Compares the values of one field both versions of a map have. */
function compareField(key: string, before: JsonValue, after: JsonValue, cursor: SchemaCursor, path: PathElement[], out: Comparison, rootRules: { skipManagedFields: boolean } | undefined): void {
  if (isSameJson(before, after)) return;
  const element = fieldElement(key);
  const child = findSchemaChild(cursor, key);
  const metadata = rootRules?.skipManagedFields === true && key === 'metadata';
  if (metadata ? isGranularMetadata(before) && isGranularMetadata(after) : isGranularMap(before, child) && isGranularMap(after, child)) {
    descend(element, path, out);
    compareMaps(before as JsonObject, after as JsonObject, child, path, out, false);
    ascend(element, path, out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && child.schema.list.type === 'map') {
    const beforeIds = listUniqueElements(before, child.schema.list);
    const afterIds = beforeIds && listUniqueElements(after, child.schema.list);
    if (beforeIds && afterIds) {
      compareKeyedLists(element, before, after, beforeIds, afterIds, child, path, out);
      return;
    }
  }
  // Anything else (lists, scalars, atomic maps, a change of type): compare the field's two field sets.
  const beforeParent = createFieldNode();
  const afterParent = createFieldNode();
  addFieldPaths(beforeParent, key, before, cursor, rootRules);
  addFieldPaths(afterParent, key, after, cursor, rootRules);
  const b = beforeParent.children?.get(element);
  const a = afterParent.children?.get(element);
  if (a === undefined || b === undefined) {
    if (a !== undefined) attach(out.added, element, a);
    if (b !== undefined) attach(out.removed, element, b);
    return;
  }
  compareChild(element, b, a, before, after, child, path, out);
}

/** The elements of a list-map's items, or undefined when one repeats or the list has holes (those lists take the general path). */
function listUniqueElements(list: JsonValue[], schema: ListSchema): PathElement[] | undefined {
  const out = new Array<PathElement>(list.length);
  const seen = new Set<PathElement>();
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) return undefined;
    const element = listItemElement(list[i]!, i, schema);
    if (element === undefined || seen.has(element)) return undefined;
    seen.add(element);
    out[i] = element;
  }
  return out;
}

/** An item's node in a list-map's field set: a member, with the item's fields below. */
function buildItemNode(item: JsonValue, cursor: SchemaCursor): FieldNode {
  if (isJsonObject(item) && !(cursor.names.length > 0 && cursor.schema.atomic)) {
    const shared = findFlatItemNode(item);
    if (shared !== undefined) return shared;
  }
  const node: FieldNode = newFieldNode(true, undefined);
  addListItemPaths(node, item, cursor);
  return node;
}

/** Compares two list-maps whose items have unique elements item by item (`cursor`: the list's schema). */
function compareKeyedLists(element: PathElement, before: JsonValue[], after: JsonValue[], beforeIds: PathElement[], afterIds: PathElement[], cursor: SchemaCursor, path: PathElement[], out: Comparison): void {
  descend(element, path, out);
  const beforeIndex = new Map<PathElement, number>();
  for (let i = 0; i < beforeIds.length; i++) beforeIndex.set(beforeIds[i]!, i);
  const kept = new Set<PathElement>();
  for (let i = 0; i < afterIds.length; i++) {
    const id = afterIds[i]!;
    const j = beforeIndex.get(id);
    if (j === undefined) {
      attach(out.added, id, buildItemNode(after[i]!, cursor));
      continue;
    }
    kept.add(id);
    compareItem(id, before[j]!, after[i]!, cursor, path, out);
  }
  for (let j = 0; j < beforeIds.length; j++) if (!kept.has(beforeIds[j]!)) attach(out.removed, beforeIds[j]!, buildItemNode(before[j]!, cursor));
  ascend(element, path, out);
}

/** Compares an item both list-maps hold (both item nodes are members). */
function compareItem(id: PathElement, before: JsonValue, after: JsonValue, cursor: SchemaCursor, path: PathElement[], out: Comparison): void {
  if (isSameJson(before, after)) return;
  const atomic = cursor.names.length > 0 && cursor.schema.atomic;
  if (atomic || !isJsonObject(before) || hasNoKeys(before) || !isJsonObject(after) || hasNoKeys(after)) {
    compareChild(id, buildItemNode(before, cursor), buildItemNode(after, cursor), before, after, cursor, path, out);
    return;
  }
  descend(id, path, out);
  compareMaps(before, after, cursor, path, out, false);
  ascend(id, path, out);
}

/**
 * Goes one level down, to `element`: out's added and removed nodes are fresh ones for that
 * element until ascend(), which attaches them to the outer ones when they hold anything.
 */
function descend(element: PathElement, path: PathElement[], out: Comparison): void {
  out.outer.push(out.added, out.removed);
  out.added = createFieldNode();
  out.removed = createFieldNode();
  path.push(element);
}

/** Comes back up from descend(element). */
function ascend(element: PathElement, path: PathElement[], out: Comparison): void {
  path.pop();
  const addedChild = out.added;
  const removedChild = out.removed;
  out.removed = out.outer.pop()!;
  out.added = out.outer.pop()!;
  if (addedChild.member || addedChild.children !== undefined) attach(out.added, element, addedChild);
  if (removedChild.member || removedChild.children !== undefined) attach(out.removed, element, removedChild);
}

/** Index of the first item of a list with each element (findItemIndex's answer for every element). */
function indexItems(list: JsonValue[], schema: ListSchema): Map<PathElement, number> {
  const index = new Map<PathElement, number>();
  for (let i = 0; i < list.length; i++) {
    const element = listItemElement(list[i]!, i, schema);
    if (element !== undefined && !index.has(element)) index.set(element, i);
  }
  return index;
}

/** The item findValueAt() steps to for a list element, or undefined. */
function findItem(list: JsonValue | undefined, element: PathElement, index: () => Map<PathElement, number>): JsonValue | undefined {
  if (!Array.isArray(list)) return undefined;
  if (element.startsWith('i:')) {
    const i = Number(element.slice(2));
    return i < list.length ? list[i] : undefined;
  }
  const i = index().get(element);
  return i === undefined ? undefined : list[i];
}

function attach(parent: FieldNode, element: PathElement, child: FieldNode): void {
  (parent.children ??= new Map()).set(element, child);
}

/**
 * Walks both tries at once: subtrees only one side has are added or removed whole (shared, not
 * copied); paths both hold are modified when the values findValueAt() finds there differ.
 */
function compareNodes(before: FieldNode, after: FieldNode, beforeValue: JsonValue | undefined, afterValue: JsonValue | undefined, cursor: SchemaCursor, path: PathElement[], out: Comparison): void {
  const { added, removed } = out;
  const bc = before.children;
  const ac = after.children;
  if (ac === undefined || bc === undefined) {
    if (ac !== undefined) added.children = ac;
    if (bc !== undefined) removed.children = bc;
    return;
  }
  for (const [element, a] of ac) if (!bc.has(element)) attach(added, element, a);
  let beforeIndex: Map<PathElement, number> | undefined;
  let afterIndex: Map<PathElement, number> | undefined;
  for (const [element, b] of bc) {
    const a = ac.get(element);
    if (a === undefined) {
      attach(removed, element, b);
      continue;
    }
    // The values at this path, as findValueAt() steps to them.
    let bv: JsonValue | undefined;
    let av: JsonValue | undefined;
    const isField = element.startsWith('f:');
    if (isField) {
      const name = element.slice(2);
      bv = isJsonObject(beforeValue) ? beforeValue[name] : undefined;
      av = isJsonObject(afterValue) ? afterValue[name] : undefined;
    } else {
      bv = findItem(beforeValue, element, () => (beforeIndex ??= indexItems(beforeValue as JsonValue[], cursor.schema.list)));
      av = findItem(afterValue, element, () => (afterIndex ??= indexItems(afterValue as JsonValue[], cursor.schema.list)));
    }
    const both = b.children !== undefined && a.children !== undefined;
    compareChild(element, b, a, bv, av, isField && both ? findSchemaChild(cursor, element.slice(2)) : cursor, path, out);
  }
}

/** Compares one element both tries hold (`cursor`: the schema below it), attaching the differences to out's nodes. */
function compareChild(element: PathElement, b: FieldNode, a: FieldNode, bv: JsonValue | undefined, av: JsonValue | undefined, cursor: SchemaCursor, path: PathElement[], out: Comparison): void {
  const { added, removed } = out;
  const addedChild: FieldNode = newFieldNode(a.member && !b.member, undefined);
  const removedChild: FieldNode = newFieldNode(b.member && !a.member, undefined);
  const isField = element.startsWith('f:');
  const both = b.member && a.member;
  if (isField ? both || (b.children !== undefined && a.children !== undefined) : b.children !== undefined && a.children !== undefined) {
    path.push(element);
    if (isField && both && !isDeepEqual(bv, av)) out.modified.insert(path);
    out.added = addedChild;
    out.removed = removedChild;
    compareNodes(b, a, bv, av, cursor, path, out);
    out.added = added;
    out.removed = removed;
    path.pop();
  } else {
    if (a.children !== undefined) addedChild.children = b.children === undefined ? a.children : undefined;
    if (b.children !== undefined) removedChild.children = a.children === undefined ? b.children : undefined;
  }
  if (addedChild.member || addedChild.children !== undefined) attach(added, element, addedChild);
  if (removedChild.member || removedChild.children !== undefined) attach(removed, element, removedChild);
}
