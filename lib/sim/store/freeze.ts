// Copy-and-freeze for stored objects (or freeze-in-place for objects a writer hands over), and
// the equality test that spots no-op updates. Subtrees this module froze earlier are shared, not
// copied: writing back a stored object with one field changed copies only what changed. It knows
// nothing of keys, versions or watches. Walks use for-in over plain objects (no enumerable keys are
// inherited by JSON objects): it visits the same keys as Object.keys() without allocating their list.

import type { KubeObject } from '../../k8s/types.ts';
import { copyPendingManagedFields, pendingManagedFieldsDepth } from './lazy-managed-fields.ts';

// Values copied and frozen here whose whole subtree is frozen too. Only top-level fields and
// metadata's fields are recorded: that is where controllers reuse parts of stored objects, and it keeps
// the set small.
const deepFrozen = new WeakSet<object>();

function copyFrozen(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} is not a JSON number`);
      return value;
    case 'object':
      break;
    default:
      throw new TypeError(`a ${typeof value} is not JSON`);
  }
  const source = value as object;
  if (deepFrozen.has(source)) return source;
  if (Array.isArray(source)) {
    const out = new Array<unknown>(source.length);
    for (let i = 0; i < source.length; i++) out[i] = source[i] === undefined ? null : copyFrozen(source[i]);
    return Object.freeze(out);
  }
  const proto = Object.getPrototypeOf(source);
  if (proto !== Object.prototype && proto !== null) throw new TypeError(`a ${proto?.constructor?.name ?? 'class'} instance is not JSON`);
  const out: Record<string, unknown> = {};
  for (const key in source) {
    const v = (source as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = copyFrozen(v);
  }
  return Object.freeze(out);
}

/** A string, boolean, null or finite number: JSON as it is (copyFrozen() throws for the rest). */
function isPlainScalar(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'boolean' || value === null || (type === 'number' && Number.isFinite(value));
}

/**
 * copyFrozen() without the copy where it can: plain objects and arrays are frozen in place (only
 * one holding undefined values is copied), and frozen values are taken as stored already.
 */
function adoptFrozen(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return copyFrozen(value);
  if (Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const list = value as unknown[];
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (item === undefined) list[i] = null;
      else if (item !== null && typeof item === 'object') {
        const adopted = adoptFrozen(item);
        if (adopted !== item) list[i] = adopted;
      } else if (!isPlainScalar(item)) copyFrozen(item);
    }
    return Object.freeze(list);
  }
  if (proto !== Object.prototype) return copyFrozen(value);
  const source = value as Record<string, unknown>;
  let dropped = false;
  for (const key in source) {
    const v = source[key];
    if (v === undefined) dropped = true;
    else if (key === '__proto__') return copyFrozen(value);
    else if (v !== null && typeof v === 'object') {
      const adopted = adoptFrozen(v);
      if (adopted !== v) source[key] = adopted;
    } else if (!isPlainScalar(v)) copyFrozen(v);
  }
  if (!dropped) return Object.freeze(source);
  const out: Record<string, unknown> = {};
  for (const key in source) if (source[key] !== undefined) out[key] = source[key];
  return Object.freeze(out);
}

function record(value: unknown): unknown {
  if (value !== null && typeof value === 'object') deepFrozen.add(value);
  return value;
}

/**
 * A deep-frozen copy of `obj` with `metadata.resourceVersion` set. Drops undefined fields; throws
 * TypeError for anything that is not JSON (functions, class instances, NaN). With `adopt` the
 * caller hands `obj` over: its values are frozen in place instead of copied (only the top level
 * and metadata are copied), and frozen values inside it are taken as stored already (deep-frozen
 * JSON, as everything the store hands out is). Adopted values are not recorded for sharing by
 * later copying writes (recording costs more than it saves on the API server's write path).
 */
export function freezeObject(obj: KubeObject, resourceVersion: string, adopt = false): KubeObject {
  const out: Record<string, unknown> = {};
  for (const key in obj) {
    const value = obj[key];
    if (value === undefined) continue;
    out[key] = key === 'metadata' ? freezeMetadata(value, resourceVersion, adopt) : adopt ? adoptFrozen(value) : record(copyFrozen(value));
  }
  if (out.metadata === undefined) out.metadata = freezeMetadata({}, resourceVersion, adopt);
  return Object.freeze(out) as KubeObject;
}

function freezeMetadata(metadata: unknown, resourceVersion: string, adopt: boolean): object {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) throw new TypeError('metadata must be an object');
  if (adopt && pendingManagedFieldsDepth(metadata) > 0 && adoptMetadata(metadata as Record<string, unknown>, resourceVersion)) return metadata;
  const out: Record<string, unknown> = {};
  for (const key in metadata) {
    // Managed fields not worked out yet stay so (see lazy-managed-fields.ts): the getter moves over.
    if (key === 'managedFields' && copyPendingManagedFields(metadata, out)) continue;
    const value = (metadata as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = key === 'resourceVersion' ? resourceVersion : adopt ? adoptFrozen(value) : record(copyFrozen(value));
  }
  out.resourceVersion = resourceVersion;
  return Object.freeze(out);
}

/**
 * Freezes handed-over metadata in place, its pending managedFields getter with it (the API
 * server's deferred writes build such metadata for the store alone); false, untouched, when a
 * field is undefined (a copy drops it).
 */
function adoptMetadata(metadata: Record<string, unknown>, resourceVersion: string): boolean {
  if (Object.isFrozen(metadata)) return false;
  for (const key in metadata) if (key !== 'managedFields' && metadata[key] === undefined) return false;
  for (const key in metadata) {
    if (key === 'managedFields' || key === 'resourceVersion') continue;
    const value = metadata[key];
    if (value !== null && typeof value === 'object') {
      const adopted = adoptFrozen(value);
      if (adopted !== value) metadata[key] = adopted;
    } else if (!isPlainScalar(value)) metadata[key] = copyFrozen(value);
  }
  metadata.resourceVersion = resourceVersion;
  return Object.isFrozen(Object.freeze(metadata));
}

/**
 * Hands fresh JSON.parse output over to the store (a state file being restored): deep-freezes
 * its values in place and records its top-level and metadata values as stored already, so
 * freezeObject() shares them instead of copying. Nothing else may hold or change `obj`. A value
 * with a `__proto__` key stays unrecorded (freezeObject copies it, as it copies any value).
 */
export function adoptParsedObject(obj: Record<string, unknown>): void {
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    if (key !== 'metadata' || value === null || typeof value !== 'object' || Array.isArray(value)) recordParsed(value);
    else for (const field of Object.keys(value)) recordParsed((value as Record<string, unknown>)[field]);
  }
}

function recordParsed(value: unknown): void {
  if (value !== null && typeof value === 'object' && freezeParsed(value)) deepFrozen.add(value);
}

/** Freezes parsed JSON in place; false when a `__proto__` key is inside (JSON.parse makes it an own key). */
function freezeParsed(value: object): boolean {
  let plain = true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object' && !freezeParsed(item)) plain = false;
    }
  } else {
    // JSON.parse output has no inherited enumerable keys: for-in visits exactly its own.
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      if (key === '__proto__') plain = false;
      if (item !== null && typeof item === 'object' && !freezeParsed(item)) plain = false;
    }
  }
  Object.freeze(value);
  return plain;
}

/**
 * A deep-frozen copy of a value that is plain JSON through and through (plain objects and arrays,
 * strings, booleans, null, finite numbers; no undefined, no holes, no `__proto__` key), keys in
 * their order: what cloneJson() and then freezing in place would give, in one walk. Undefined for
 * any other value, which the caller copies the general way.
 */
export function copyPlainJsonFrozen(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : undefined;
    case 'object':
      break;
    default:
      return undefined;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const list = value as unknown[];
    const out = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) {
      if (!(i in list)) return undefined;
      const copy = copyPlainJsonFrozen(list[i]);
      if (copy === undefined) return undefined;
      out[i] = copy;
    }
    return Object.freeze(out);
  }
  if (proto !== Object.prototype) return undefined;
  const out: Record<string, unknown> = {};
  for (const key in value as object) {
    if (key === '__proto__') return undefined;
    const copy = copyPlainJsonFrozen((value as Record<string, unknown>)[key]);
    if (copy === undefined) return undefined;
    out[key] = copy;
  }
  return Object.freeze(out);
}

/** A stored object with a new resourceVersion; everything else is shared. */
export function restampObject(obj: KubeObject, resourceVersion: string): KubeObject {
  const metadata: Record<string, unknown> = {};
  for (const key in obj.metadata) {
    if (key !== 'managedFields' || !copyPendingManagedFields(obj.metadata, metadata)) metadata[key] = (obj.metadata as Record<string, unknown>)[key];
  }
  metadata.resourceVersion = resourceVersion;
  return Object.freeze({ ...obj, metadata: Object.freeze(metadata) }) as KubeObject;
}

/**
 * Deep-freezes a JSON value its caller built and holds alone, in place (a copy only where a
 * value holds undefined); frozen values inside are taken as stored already.
 */
export function freezeOwnedJson<T>(value: T): T {
  return adoptFrozen(value) as T;
}

/** Deep equality of JSON values (a class instance equals no plain object); shared subtrees compare by identity first. */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!isDeepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  return isSameFields(a as Record<string, unknown>, b as Record<string, unknown>, undefined);
}

/** Whether two objects have the same keys with deep-equal values, `skip` aside (compared by neither). */
function isSameFields(a: Record<string, unknown>, b: Record<string, unknown>, skip: string | undefined): boolean {
  let count = 0;
  for (const key in a) {
    count++;
    if (!Object.hasOwn(b, key) || (key !== skip && !isDeepEqual(a[key], b[key]))) return false;
  }
  // Every key of a is one of b's: the same count means the same keys.
  for (const _ in b) count--;
  return count === 0;
}

/** True when two stored objects differ only in metadata.resourceVersion (the write is a no-op). */
export function isSameContent(a: KubeObject, b: KubeObject): boolean {
  return isSameFields(a, b, 'metadata') && isSameFields(a.metadata as Record<string, unknown>, b.metadata as Record<string, unknown>, 'resourceVersion');
}
