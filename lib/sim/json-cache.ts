// The JSON bytes of stored objects, encoded once per object: a stored object is deep-frozen and
// never changes (a new resourceVersion is a new object), so an entry can never be stale and it
// goes when the object does. Shared by the served simulation's bodies and the state file. An
// object frozen only on top (a dry-run answer) is encoded afresh every time.

const encoded = new WeakMap<object, Buffer>();
const checkedDeep = new WeakSet<object>();

/**
 * True when `value` and everything inside it are frozen, so nothing can change it: what a cache
 * keyed by the object needs. Remembered per object, so each object is walked once.
 */
export function isDeeplyFrozen(value: object): boolean {
  if (checkedDeep.has(value)) return true;
  if (!Object.isFrozen(value)) return false;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (item !== null && typeof item === 'object' && !isDeeplyFrozen(item)) return false;
  } else {
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== null && typeof item === 'object' && !isDeeplyFrozen(item)) return false;
    }
  }
  checkedDeep.add(value);
  return true;
}

/** JSON.stringify(obj) as UTF-8, cached per object when nothing in it can change (stored objects). */
export function encodeObject(obj: object): Buffer {
  let bytes = encoded.get(obj);
  if (bytes) return bytes;
  bytes = Buffer.from(JSON.stringify(obj));
  if (isDeeplyFrozen(obj)) encoded.set(obj, bytes);
  return bytes;
}
