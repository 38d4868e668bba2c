// The JSON bytes of stored objects, encoded once per object: a stored object is deep-frozen and
// never changes (a new resourceVersion is a new object), so an entry can never be stale and it
// goes when the object does. Shared by the served simulation's bodies and the state file.

const encoded = new WeakMap<object, Buffer>();

/** JSON.stringify(obj) as UTF-8, cached per object when the object is frozen (stored objects are, deeply). */
export function encodeObject(obj: object): Buffer {
  let bytes = encoded.get(obj);
  if (bytes) return bytes;
  bytes = Buffer.from(JSON.stringify(obj));
  if (Object.isFrozen(obj)) encoded.set(obj, bytes);
  return bytes;
}
