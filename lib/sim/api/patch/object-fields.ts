// Field sets of concrete objects, as server-side apply computes them: which paths an object (or
// an applied configuration) sets, how two versions of an object differ, and how to find or drop
// the value at a path. Built on field-set.ts and the schema facts of merge-keys.ts; no ownership.

import type { JsonValue } from '../../../k8s/types.ts';
import { FieldSet, formatFieldPath, keyElement, type FieldPath, type PathElement } from './field-set.ts';
import { isDeepEqual, isJsonObject } from './json-utils.ts';
import { resolveFieldSchema, type KindRef, type ListSchema } from './merge-keys.ts';
import { PatchError } from './patch-error.ts';

/** Options of computeFieldSet(). */
export interface FieldSetOptions {
  /** Reject list-map items without their keys and duplicate keys, as for an applied configuration. @default false */
  readonly strict?: boolean;
}

/** Paths that were added, changed or removed between two versions of an object. */
export interface FieldComparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

/** Computes the path element of a list item, or undefined when the list is atomic. */
export function listItemElement(item: JsonValue, index: number, list: ListSchema): PathElement | undefined {
  if (list.type === 'set') return `v:${JSON.stringify(item)}`;
  if (list.type !== 'map') return undefined;
  if (!isJsonObject(item)) return `i:${index}`;
  const keys: Record<string, JsonValue> = {};
  for (const key of list.keys) {
    const value = item[key] ?? list.keyDefaults?.[key];
    if (value === undefined) return `i:${index}`;
    keys[key] = value;
  }
  return keyElement(keys);
}

/**
 * Computes the paths an object sets: every scalar, null or empty map, every list-map item (and its
 * fields), every set value, and atomic lists and maps as a whole.
 * @example computeFieldSet({ spec: { replicas: 3 } }, { apiVersion: 'apps/v1', kind: 'Deployment' }).paths() // [['f:spec', 'f:replicas']]
 */
export function computeFieldSet(object: JsonValue, kind: KindRef, options: FieldSetOptions = {}): FieldSet {
  const set = new FieldSet();
  const walk = (value: JsonValue, path: PathElement[], names: string[]): void => {
    if (Array.isArray(value)) {
      const { list } = resolveFieldSchema(kind.apiVersion, kind.kind, names);
      if (list.type === 'atomic') {
        set.insert(path);
        return;
      }
      const seen = new Set<string>();
      value.forEach((item, index) => {
        const element = listItemElement(item, index, list);
        if (element === undefined) return;
        if (options.strict) checkItem(element, item, index, list, path, seen);
        set.insert([...path, element]);
        if (list.type === 'map' && isJsonObject(item)) walk(item, [...path, element], names);
      });
      return;
    }
    if (!isJsonObject(value)) {
      set.insert(path);
      return;
    }
    if (names.length > 0 && resolveFieldSchema(kind.apiVersion, kind.kind, names).atomic) {
      set.insert(path);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, `f:${key}`];
      if (child === null || (isJsonObject(child) && Object.keys(child).length === 0)) set.insert(childPath);
      else walk(child, childPath, [...names, key]);
    }
  };
  walk(object, [], []);
  return set;
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

/** Compares two versions of an object field by field (`before` undefined for a create). */
export function compareObjects(before: JsonValue | undefined, after: JsonValue, kind: KindRef): FieldComparison {
  const beforeSet = before === undefined ? new FieldSet() : computeFieldSet(before, kind);
  const afterSet = computeFieldSet(after, kind);
  const modified = new FieldSet();
  for (const path of beforeSet.intersection(afterSet).paths()) {
    const last = path[path.length - 1];
    if (!last?.startsWith('f:')) continue;
    if (!isDeepEqual(findValueAt(before!, path, kind), findValueAt(after, path, kind))) modified.insert(path);
  }
  return { added: afterSet.difference(beforeSet), modified, removed: beforeSet.difference(afterSet) };
}
