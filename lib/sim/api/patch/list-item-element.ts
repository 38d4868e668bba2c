// The path element of a list item (`k:{"name":"web"}`, `v:"a"`, `i:0`) as structured-merge-diff
// spells it, with a memo for items whose keys are scalars: they repeat across objects. Only the
// element; walking objects and field sets is object-fields.ts's and field-set.ts's job.

import type { JsonValue } from '../../../k8s/types.ts';
import { keyElement, type PathElement } from './field-set.ts';
import { isJsonObject } from './json-utils.ts';
import type { ListSchema } from './merge-keys.ts';

/** Computes the path element of a list item, or undefined when the list is atomic. */
export function listItemElement(item: JsonValue, index: number, list: ListSchema): PathElement | undefined {
  if (list.type === 'set') return `v:${JSON.stringify(item)}`;
  if (list.type !== 'map') return undefined;
  if (!isJsonObject(item)) return `i:${index}`;
  const names = list.keys;
  if (names.length === 1) {
    const key = names[0]!;
    const value = item[key] ?? list.keyDefaults?.[key];
    if (value === undefined) return `i:${index}`;
    if (!isScalar(value)) return `k:{${JSON.stringify(key)}:${JSON.stringify(value)}}`;
    // The common single-key case, spelled as keyElement() spells it.
    return findScalarElement(names, [value]) ?? rememberScalarElement(names, [value], `k:{${JSON.stringify(key)}:${JSON.stringify(value)}}`);
  }
  const keys: Record<string, JsonValue> = {};
  const values: JsonValue[] = [];
  let scalars = true;
  for (const key of names) {
    const value = item[key] ?? list.keyDefaults?.[key];
    if (value === undefined) return `i:${index}`;
    keys[key] = value;
    values.push(value);
    if (!isScalar(value)) scalars = false;
  }
  if (!scalars) return keyElement(keys);
  return findScalarElement(names, values) ?? rememberScalarElement(names, values, formatScalarKeyElement(keys, names));
}

function isScalar(value: JsonValue): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * Elements of list items whose keys are scalars, per list (its key names) and then per key value,
 * one map level per key: items repeat across objects (a container `app`, a port 8080), and an
 * element met before is one string, hashed once, wherever it is used. A bounded memo.
 */
const scalarElements = new WeakMap<readonly string[], Map<unknown, unknown>>();
const MAX_SCALAR_ELEMENTS = 20_000;
let scalarElementCount = 0;

function findScalarElement(names: readonly string[], values: readonly JsonValue[]): PathElement | undefined {
  let level: unknown = scalarElements.get(names);
  for (let i = 0; i < values.length && level !== undefined; i++) level = (level as Map<unknown, unknown>).get(values[i]);
  return level as PathElement | undefined;
}

function rememberScalarElement(names: readonly string[], values: readonly JsonValue[], element: PathElement): PathElement {
  if (scalarElementCount >= MAX_SCALAR_ELEMENTS) return element;
  let level = scalarElements.get(names);
  if (level === undefined) scalarElements.set(names, (level = new Map()));
  for (let i = 0; i < values.length - 1; i++) {
    let next = level.get(values[i]) as Map<unknown, unknown> | undefined;
    if (next === undefined) level.set(values[i], (next = new Map()));
    level = next;
  }
  level.set(values[values.length - 1], element);
  scalarElementCount++;
  return element;
}

/** The key names of multi-key lists in keyElement() order, per list schema. */
const sortedListKeys = new WeakMap<readonly string[], readonly string[]>();

/** keyElement() of keys whose values are scalars, spelled out with the names sorted once per schema. */
function formatScalarKeyElement(keys: Readonly<Record<string, JsonValue>>, names: readonly string[]): PathElement {
  let sorted = sortedListKeys.get(names);
  // The order JSON.stringify() gives the sorted object keyElement() builds (integer-like names first).
  if (sorted === undefined) sortedListKeys.set(names, (sorted = Object.keys(Object.fromEntries([...names].sort().map((n) => [n, 0])))));
  let out = 'k:{';
  for (let i = 0; i < sorted.length; i++) {
    const name = sorted[i]!;
    out += `${i > 0 ? ',' : ''}${JSON.stringify(name)}:${JSON.stringify(keys[name])}`;
  }
  return `${out}}`;
}
