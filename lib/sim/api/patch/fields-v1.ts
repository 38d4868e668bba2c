// Building FieldsV1 JSON as frozen maps that are interned: two equal maps built here are one
// object, so the managedFields of objects created alike (a ReplicaSet's pods) share their FieldsV1
// instead of each holding a copy. Knows nothing of field sets or objects; callers sort the keys.

/** A FieldsV1 map (`{"f:spec":{"f:replicas":{}}}`). */
export type FieldsV1 = Record<string, unknown>;

/** A built map and its number: maps with equal numbers are equal (and the same object while interned). */
export interface FieldsV1Map {
  readonly fields: FieldsV1;
  readonly id: number;
}

/** `{}`: a leaf, or the value of `.`. */
export const EMPTY_FIELDS: FieldsV1Map = { fields: Object.freeze({}), id: 0 };

/** Maps kept for reuse; past this many the tables start over (they are a cache, not a registry). */
const MAX_INTERNED = 20_000;

interface Interned extends FieldsV1Map {
  /** `member` (0 or 1), then each key's number and child's number. */
  readonly signature: readonly number[];
}

/** Interned maps by hash of their signature (several when hashes collide). */
const interned = new Map<number, Interned | Interned[]>();
/** Numbers of keys, so that a signature is a list of numbers. */
const keyNumbers = new Map<string, number>();
let nextId = 1;

function numberKey(key: string): number {
  let n = keyNumbers.get(key);
  if (n === undefined) keyNumbers.set(key, (n = keyNumbers.size + 1));
  return n;
}

/** The signature being looked up, reused from call to call (its length is `scratchLength`). */
const scratch: number[] = [];

/**
 * The frozen map holding `.` (when `member`) then `keys[i]: children[i]`, keys already in
 * FieldsV1 order; an equal map built before is returned instead of a new one.
 */
export function buildFieldsV1(member: boolean, keys: readonly string[], children: readonly FieldsV1Map[]): FieldsV1Map {
  return buildFieldsV1Range(member, keys, children, 0, keys.length);
}

/** buildFieldsV1() of the entries from `start` up to (not including) `end` of the two lists. */
export function buildFieldsV1Range(member: boolean, keys: readonly string[], children: readonly FieldsV1Map[], start: number, end: number): FieldsV1Map {
  if (keyNumbers.size >= MAX_INTERNED || interned.size >= MAX_INTERNED) {
    interned.clear();
    keyNumbers.clear();
  }
  scratch[0] = member ? 1 : 0;
  let length = 1;
  let hash = member ? 1 : 0;
  for (let i = start; i < end; i++) {
    const k = numberKey(keys[i]!);
    const c = children[i]!.id;
    scratch[length++] = k;
    scratch[length++] = c;
    hash = (Math.imul(hash ^ k, 0x01000193) + c) | 0;
    hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
  }
  const found = interned.get(hash);
  if (found !== undefined) {
    if (!Array.isArray(found)) {
      if (matchesScratch(found.signature, length)) return found;
    } else {
      for (const candidate of found) if (matchesScratch(candidate.signature, length)) return candidate;
    }
  }
  const fields: FieldsV1 = {};
  if (member) fields['.'] = EMPTY_FIELDS.fields;
  for (let i = start; i < end; i++) fields[keys[i]!] = children[i]!.fields;
  const map: Interned = { fields: Object.freeze(fields), id: nextId++, signature: scratch.slice(0, length) };
  if (found === undefined) interned.set(hash, map);
  else if (Array.isArray(found)) found.push(map);
  else interned.set(hash, [found, map]);
  return map;
}

/** A map for deep-frozen FieldsV1 built elsewhere (a stored entry's), with a number of its own: never interned. */
export function adoptFieldsV1(fields: FieldsV1): FieldsV1Map {
  return { fields, id: nextId++ };
}

function matchesScratch(signature: readonly number[], length: number): boolean {
  if (signature.length !== length) return false;
  for (let i = 0; i < length; i++) if (signature[i] !== scratch[i]) return false;
  return true;
}
