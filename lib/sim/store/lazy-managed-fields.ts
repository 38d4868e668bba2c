// metadata.managedFields worked out on first read. An update's managedFields depend only on
// frozen inputs (the stored object before, the admitted object, the write's manager and time), so
// the API server may store a getter in their place: whoever reads them (a GET, a watch client, a
// save, server-side apply) gets exactly the list the write would have recorded, and a cluster
// nobody asks never computes them. This module keeps which metadata objects carry such a getter,
// so that copies of the metadata (freezing, a /status write) pass the getter on instead of
// calling it. It does not compute anything itself.

interface LazyValue {
  readonly get: () => unknown;
  /** Getters not yet called along this one's chain of earlier versions (0 once called). */
  pendingDepth: number;
}

const lazyByMetadata = new WeakMap<object, LazyValue>();

/** The one descriptor every definition passes, its getter set first (defineProperty reads it at once). */
const descriptor: { get: (() => unknown) | undefined; enumerable: true; configurable: true } = { get: undefined, enumerable: true, configurable: true };

function defineGetter(metadata: object, get: () => unknown): void {
  descriptor.get = get;
  Object.defineProperty(metadata, 'managedFields', descriptor);
  descriptor.get = undefined;
}

/** Pending getters one object's managedFields may stand on before a write computes them at once. */
export const MAX_PENDING_DEPTH = 8;

/**
 * Defines `metadata.managedFields` as an enumerable getter that calls `compute` once, on first
 * read, and keeps its result (undefined reads as no managedFields). `pendingDepth` counts this
 * getter and the uncomputed ones it will call.
 */
export function defineLazyManagedFields(metadata: object, compute: () => unknown, pendingDepth: number): void {
  let pending: (() => unknown) | undefined = compute;
  let value: unknown;
  const lazy: LazyValue = {
    get: () => {
      if (pending !== undefined) {
        const run = pending;
        pending = undefined;
        value = run();
        lazy.pendingDepth = 0;
      }
      return value;
    },
    pendingDepth,
  };
  defineGetter(metadata, lazy.get);
  lazyByMetadata.set(metadata, lazy);
}

/** Pending getters behind `metadata.managedFields`: 0 when they are plain data or computed already. */
export function pendingManagedFieldsDepth(metadata: object): number {
  return lazyByMetadata.get(metadata)?.pendingDepth ?? 0;
}

/**
 * Gives `to` the same pending managedFields getter as `from`, without calling it; false when
 * `from` has none pending (the caller copies the value, a plain read).
 */
export function copyPendingManagedFields(from: object, to: object): boolean {
  const lazy = lazyByMetadata.get(from);
  if (lazy === undefined || lazy.pendingDepth === 0) return false;
  defineGetter(to, lazy.get);
  lazyByMetadata.set(to, lazy);
  return true;
}
