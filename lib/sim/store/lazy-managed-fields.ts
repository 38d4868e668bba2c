// metadata.managedFields worked out on first read. A write's managedFields depend only on frozen
// inputs (the stored object before, the admitted object, the write's manager and time), so
// the API server may store a getter in their place: whoever reads them (a GET, a watch client, a
// save, server-side apply) gets exactly the list the write would have recorded, and a cluster
// nobody asks never computes them. This module keeps which metadata objects carry such a getter,
// so that copies of the metadata (freezing, a /status write) pass the getter on instead of
// calling it. It does not compute anything itself.

interface LazyValue {
  compute: (() => unknown) | undefined;
  value: unknown;
  /** Getters not yet called along this one's chain of earlier versions (0 once called). */
  pendingDepth: number;
}

const lazyByMetadata = new WeakMap<object, LazyValue>();

/** Pending getters one object's managedFields may stand on before a write computes them at once. */
export const MAX_PENDING_DEPTH = 8;

function readLazy(lazy: LazyValue): unknown {
  const compute = lazy.compute;
  if (compute !== undefined) {
    lazy.compute = undefined;
    lazy.value = compute();
    lazy.pendingDepth = 0;
  }
  return lazy.value;
}

/**
 * The one getter every lazy metadata object shares: it finds its state by the object read. One
 * function (not one per object) keeps the objects' shapes alike and defining it cheap.
 */
function getManagedFields(this: object): unknown {
  const lazy = lazyByMetadata.get(this);
  return lazy === undefined ? undefined : readLazy(lazy);
}

const descriptor: PropertyDescriptor = Object.freeze({ get: getManagedFields, enumerable: true, configurable: true });

/**
 * Defines `metadata.managedFields` as an enumerable getter that calls `compute` once, on first
 * read, and keeps its result (undefined reads as no managedFields). `pendingDepth` counts this
 * getter and the uncomputed ones it will call.
 */
export function defineLazyManagedFields(metadata: object, compute: () => unknown, pendingDepth: number): void {
  lazyByMetadata.set(metadata, { compute, value: undefined, pendingDepth });
  Object.defineProperty(metadata, 'managedFields', descriptor);
}

/** Pending getters behind `metadata.managedFields`: 0 when they are plain data or computed already. */
export function pendingManagedFieldsDepth(metadata: object): number {
  return lazyByMetadata.get(metadata)?.pendingDepth ?? 0;
}

/**
 * Gives `to` the same pending managedFields as `from`, without working them out; false when
 * `from` has none pending (the caller copies the value, a plain read).
 */
export function copyPendingManagedFields(from: object, to: object): boolean {
  const lazy = lazyByMetadata.get(from);
  if (lazy === undefined || lazy.pendingDepth === 0) return false;
  lazyByMetadata.set(to, lazy);
  Object.defineProperty(to, 'managedFields', descriptor);
  return true;
}
