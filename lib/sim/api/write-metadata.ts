// The metadata side of the API server's writes: what an update keeps from the stored object
// whatever it sends (identity, timestamps, generation, resourceVersion, managedFields), and the
// managedFields a create or an update records, at once or worked out on first read
// (patch/deferred-managed-fields.ts). Admission, validation and storage are api-server.ts's.

import type { KubeObject } from '../../k8s/types.ts';
import { invalid } from '../errors.ts';
import { copyPendingManagedFields } from '../store/lazy-managed-fields.ts';
import { deferCreatedFields, deferManagedFields } from './patch/deferred-managed-fields.ts';
import { recordCreatedFields, updateManagedFields, type UpdateManagedFieldsOptions } from './patch/managed-fields.ts';
import type { ResourceInfo } from './resources.ts';
import { separateStatus } from './write-rules.ts';

type Obj = Record<string, any>;

/** Metadata an update keeps from the stored object whatever it sends. */
const KEPT_METADATA = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const;

/**
 * Whether an update keeps the stored managedFields as its starting point: it sends none (or an
 * empty list), or it is a /status write. Otherwise updateManagedFields() honours the sent list
 * (kubectl's move from client-side to server-side apply sends one).
 */
function keepsStoredManagedFields(input: KubeObject, subresource: string | undefined): boolean {
  if (subresource === 'status') return true;
  const sent = input.metadata?.managedFields as unknown;
  return !(Array.isArray(sent) && sent.length > 0);
}

/** How a write is recorded: its scope, whether it is a dry run, whether the store adopts its object. */
export interface RecordOptions {
  readonly scope: UpdateManagedFieldsOptions;
  readonly dryRun: boolean;
  /** The store freezes the object in place (a built-in kind): only then may managedFields be deferred. */
  readonly adoptable: boolean;
}

/**
 * The object an update admits: the request over what it cannot change (identity, timestamps,
 * generation, managedFields). `shareStored`: a /status write shares the stored values below its
 * top level and metadata (see separateStatus()).
 */
export function prepareUpdate(info: ResourceInfo, old: KubeObject, input: KubeObject, options: { subresource: string | undefined; applied: boolean; shareStored: boolean }): KubeObject {
  const { subresource, applied } = options;
  const oldMeta = old.metadata as Obj;
  let next = separateStatus(old, input, info, subresource === 'status' ? 'status' : undefined, options.shareStored) as Obj;
  // A /status write's object is a fresh copy of the stored one already, metadata included.
  if (subresource !== 'status') next = { ...next, metadata: { ...(next.metadata as Obj) } };
  const meta = next.metadata as Obj;
  if (meta.uid && meta.uid !== oldMeta.uid) {
    throw invalid(info.kind, info.group, oldMeta.name, [{ field: 'metadata.uid', reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(meta.uid)}: field is immutable` }]);
  }
  for (const field of KEPT_METADATA) {
    if (oldMeta[field] === undefined) delete meta[field];
    else meta[field] = oldMeta[field];
  }
  meta.resourceVersion = oldMeta.resourceVersion;
  // An apply brings its own managedFields. Another write may send a new list (kubectl's move from
  // client-side to server-side apply does): updateManagedFields honours it; absent or empty keeps the stored one.
  if (!applied) {
    // A /status write's metadata is the stored one's copy without managedFields: updateManagedFields
    // starts from the stored object's (and an eager write puts them back in their place, last).
    if (subresource === 'status') return next as KubeObject;
    if (keepsStoredManagedFields(input, subresource)) {
      // Stored managedFields not worked out yet stay so (the getter moves over; see deferManagedFields).
      if (!copyPendingManagedFields(oldMeta, meta)) meta.managedFields = oldMeta.managedFields;
    } else meta.managedFields = input.metadata.managedFields;
  } else if (input.metadata.managedFields === undefined) delete meta.managedFields;
  else meta.managedFields = input.metadata.managedFields;
  return next as KubeObject;
}

/**
 * A non-apply create's object with its managedFields: `admitted` as stored, `recorded` as its
 * manager saw it (they differ for a Service, whose allocated addresses no manager set). The
 * commonest create (no managedFields sent, an object of this request's own) records in place.
 */
export function recordCreate(info: ResourceInfo, admitted: KubeObject, recorded: KubeObject, options: RecordOptions): KubeObject {
  const { scope } = options;
  const own = recorded === admitted && options.adoptable && !Object.hasOwn(admitted.metadata, 'managedFields');
  // The Job strategy changes the object after the handler recorded its fields: no deferring there.
  const deferred = own && !options.dryRun && !(info.kind === 'Job' && info.group === 'batch') && deferCreatedFields(admitted, scope);
  const created = deferred ? [] : own ? recordCreatedFields(admitted, scope) : undefined;
  if (created !== undefined) {
    if (created.length > 0) (admitted.metadata as Obj).managedFields = created;
    return admitted;
  }
  const { managedFields } = updateManagedFields(undefined, recorded, scope);
  const out = { ...admitted, metadata: { ...admitted.metadata, managedFields } } as KubeObject;
  if (managedFields.length === 0) delete (out.metadata as Obj).managedFields;
  return out;
}

/**
 * A non-apply update's admitted object with its managedFields. A write that keeps the stored list
 * leaves the new one to be worked out when read (`input` is the request, as prepareUpdate() took it).
 */
export function recordUpdate(old: KubeObject, admitted: KubeObject, input: KubeObject, options: RecordOptions): KubeObject {
  const { scope } = options;
  const deferred = !options.dryRun && options.adoptable && keepsStoredManagedFields(input, scope.subresource) ? deferManagedFields(old, admitted, scope) : undefined;
  return deferred ?? updateManagedFields(old, admitted, scope).object;
}
