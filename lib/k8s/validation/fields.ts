// Safe readers for loosely typed manifest JSON: validators walk `unknown` values from YAML,
// so every access goes through these instead of casts. No validation logic lives here.

/** A JSON object. */
export type Json = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object, or undefined. */
export function toRecord(value: unknown): Json | undefined {
  return isRecord(value) ? value : undefined;
}

/** `obj[key]` when it is an object. */
export function getRecord(obj: Json | undefined, key: string): Json | undefined {
  return obj === undefined ? undefined : toRecord(obj[key]);
}

/** `obj[key]` when it is an array; an empty array otherwise. */
export function getList(obj: Json | undefined, key: string): unknown[] {
  const value = obj?.[key];
  return Array.isArray(value) ? value : [];
}

/** `obj[key]` when it is a string. */
export function getString(obj: Json | undefined, key: string): string | undefined {
  const value = obj?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** `obj[key]` when it is a number. */
export function getNumber(obj: Json | undefined, key: string): number | undefined {
  const value = obj?.[key];
  return typeof value === 'number' ? value : undefined;
}

/** True when `obj[key]` is set to something other than null. */
export function hasValue(obj: Json | undefined, key: string): boolean {
  return obj?.[key] !== undefined && obj[key] !== null;
}

/** Number of keys of an object value, 0 when absent. */
export function countKeys(value: unknown): number {
  return isRecord(value) ? Object.keys(value).length : 0;
}

/** Deep equality for JSON values, with object key order ignored. */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => isDeepEqual(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => isDeepEqual(a[k], b[k]));
  }
  return false;
}
