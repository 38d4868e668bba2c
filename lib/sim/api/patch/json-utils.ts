// Small helpers over plain JSON values shared by the patch algorithms: type guards, deep
// equality and deep copies. Not a JSON parser or schema: values are assumed to be JSON already.

import type { JsonValue } from '../../../k8s/types.ts';

/** A JSON object (never an array or null). */
export type JsonObject = { [key: string]: JsonValue };

/** Tells whether a value is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Compares two JSON values structurally (object key order does not matter). */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => isDeepEqual(item, b[i]));
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && isDeepEqual(a[k], b[k]));
  }
  return false;
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
  for (const key of Object.keys(value)) {
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
