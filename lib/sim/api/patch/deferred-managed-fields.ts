// A write's managedFields, deferred until someone reads them. updateManagedFields() and
// recordCreatedFields() are pure functions of the stored object before the write, the admitted
// object and the write's scope, all frozen or owned by this write: so the API server can store a
// getter that runs them on first read (store/lazy-managed-fields.ts) and give every reader the list
// an eager write records. Most writes in a busy cluster (kubelet status, controller status, Pod
// creates) are never read for their managedFields. Not for applies, dry runs, writes that send
// managedFields, Jobs, or creates of objects without a spec (see write-metadata.ts).

import type { KubeObject } from '../../../k8s/types.ts';
import { freezeOwnedJson } from '../../store/freeze.ts';
import { defineLazyManagedFields, MAX_PENDING_DEPTH, pendingManagedFieldsDepth } from '../../store/lazy-managed-fields.ts';
import { recordCreatedFields, updateManagedFields, type UpdateManagedFieldsOptions } from './managed-fields.ts';

type Obj = Record<string, unknown>;

/**
 * `after` as updateManagedFields(before, after, options).object gives it, its managedFields a
 * getter that works them out on first read (and reads as undefined when there are none). Both
 * objects must stay unchanged: `before` is stored (frozen), `after` is this write's own and
 * handed to the store. Undefined when the chain of pending getters is long enough: the caller
 * computes now, which also bounds the earlier versions the getters keep alive.
 */
export function deferManagedFields(before: KubeObject, after: KubeObject, options: UpdateManagedFieldsOptions): KubeObject | undefined {
  const depth = pendingManagedFieldsDepth(before.metadata) + 1;
  if (depth > MAX_PENDING_DEPTH) return undefined;
  // withManagedFields()' key order: the other metadata fields, then managedFields last.
  const metadata: Obj = {};
  const sent = after.metadata as Obj;
  for (const key in sent) if (key !== 'managedFields') metadata[key] = sent[key];
  defineLazyManagedFields(metadata, () => {
    const { managedFields } = updateManagedFields(before, after, options);
    return managedFields.length > 0 ? freezeOwnedJson(managedFields) : undefined;
  }, depth);
  return { ...after, metadata } as KubeObject;
}

/** Top-level fields a created object's managedFields never hold on their own. */
const UNOWNED_TOP_LEVEL: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** Whether the created object's manager surely owns a field: a top-level one with a value that is not empty. */
function hasOwnedTopLevelField(object: KubeObject): boolean {
  for (const key in object) {
    if (UNOWNED_TOP_LEVEL.has(key)) continue;
    const value = (object as Obj)[key];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object') return true;
    for (const _ in value) return true;
  }
  return false;
}

/**
 * Gives a create's own object (no managedFields sent) managedFields worked out on first read, as
 * recordCreatedFields() or, where it cannot, updateManagedFields() give them at once; false,
 * untouched, when the list might be empty (an eager create then leaves the key out). The object
 * must not change after this but for the store adopting it.
 */
export function deferCreatedFields(object: KubeObject, options: UpdateManagedFieldsOptions): boolean {
  // Only objects with a spec: the fields of small ones (an Event) come from a memo of their shape
  // at less than the cost of deferring them.
  if ((object as Obj).spec === undefined || !hasOwnedTopLevelField(object)) return false;
  // What the fields are read from: the object as it is now (the store sets resourceVersion in its metadata).
  const source = { ...object, metadata: { ...object.metadata } } as KubeObject;
  defineLazyManagedFields(object.metadata, () => {
    const managedFields = recordCreatedFields(source, options) ?? updateManagedFields(undefined, source, options).managedFields;
    return managedFields.length > 0 ? freezeOwnedJson(managedFields) : undefined;
  }, 1);
  return true;
}

