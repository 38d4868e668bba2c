// Small helpers over plain JSON values shared by the patch algorithms: type guards, deep
// equality and deep copies. Not a JSON parser or schema: values are assumed to be JSON already.

import type { JsonValue } from '../../../k8s/types.ts';

/** A JSON object (never an array or null). */
export type JsonObject = { [key: string]: JsonValue };

/** Tells whether a value is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Compares two JSON values structurally (object key order does not matter). Plain loops and for-in
 * (JSON objects inherit no enumerable keys): no key lists or callbacks are allocated.
 */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!isDeepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  let count = 0;
  for (const key in a) {
    count++;
    if (!Object.hasOwn(b, key) || !isDeepEqual((a as JsonObject)[key], (b as JsonObject)[key])) return false;
  }
  // Every key of a is one of b's: the same count means the same keys.
  for (const _ in b) count--;
  return count === 0;
}

/**
 * Returns a deep copy of a JSON value (undefined stays undefined), as structuredClone() would make
 * it; plain objects and arrays are copied here (much faster), anything else by structuredClone().
 */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (copyValue(value) as T);
}

function copyValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) {
    // structuredClone() throws its DataCloneError for these.
    return typeof value === 'function' || typeof value === 'symbol' ? structuredClone(value) : value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const list = value as unknown[];
    const out = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) if (i in list) out[i] = copyValue(list[i]);
    return out;
  }
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const copy = copyValue((value as Record<string, unknown>)[key]);
    if (key === '__proto__') Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return out;
}

/** Formats a value the way Go's `%v` prints a decoded JSON value (`map[a:1 b:x]`, `[1 2]`). */
export function formatGoValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(formatGoValue).join(' ')}]`;
  if (isJsonObject(value)) {
    const parts = Object.keys(value)
      .sort()
      .map((k) => `${k}:${formatGoValue(value[k])}`);
    return `map[${parts.join(' ')}]`;
  }
  return String(value);
}
