// Server-side apply (`application/apply-patch+yaml`) as the API server runs it: merge the applied
// configuration into the live object, make the manager own exactly what it applied, prune what it
// stopped applying (unless someone else owns it), and refuse changes to other managers' fields
// unless forced. Pure: no store, no defaulting, no validation of the merged object.

import { ShipshapeError } from '../../../k8s/errors.ts';
import type { JsonValue, KubeObject } from '../../../k8s/types.ts';
import { FieldSet, formatFieldPath, type FieldPath } from './field-set.ts';
import { cloneJson, isDeepEqual, isJsonObject, type JsonObject } from './json-utils.ts';
import {
  asJson,
  compareForWrite,
  decodeManagedFields,
  encodeManagedFields,
  managerIdentifier,
  removeIgnoredFields,
  withManagedFields,
  withoutManagedFields,
  type ManagedFieldsEntry,
  type ManagerFields,
  type WriteScope,
} from './managed-fields.ts';
import { findSchemaChild, findSchemaRoot, type KindRef, type SchemaCursor } from './merge-keys.ts';
import { listItemElement } from './list-item-element.ts';
import { computeFieldSet, removeValueAt } from './object-fields.ts';
import { badPatchRequest } from './patch-error.ts';

/** Options of applyPatch(). */
export interface ApplyOptions extends WriteScope {
  /** The field manager, e.g. `kubectl` or `shipshape`. */
  readonly manager: string;
  /** Take ownership of conflicting fields instead of failing (`force=true`). */
  readonly force: boolean;
  /** Timestamp recorded on the entry (RFC 3339, from the virtual clock). */
  readonly now: string;
  readonly operation?: 'Apply';
}

/** One cause of an apply conflict, as in the 409 Status `details.causes`. */
export interface ApplyConflictCause {
  readonly reason: 'FieldManagerConflict';
  readonly message: string;
  readonly field: string;
}

/** A server-side apply that would change fields other managers own (409 Conflict). */
export class ApplyConflictError extends ShipshapeError {
  readonly code = 409;
  readonly reason = 'Conflict';
  readonly causes: readonly ApplyConflictCause[];
  constructor(message: string, causes: readonly ApplyConflictCause[]) {
    super(message, { hint: 'Re-run with --force-conflicts to take these fields, or stop setting them' });
    this.causes = causes;
  }
}

/**
 * Applies a configuration the way the API server does for an apply patch and returns the merged
 * object (with its new managedFields). `live` is undefined when the apply creates the object.
 * Throws ApplyConflictError when another manager owns a field the apply changes and force is off.
 * @example applyPatch(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3 } }, { manager: 'shipshape', force: false, apiVersion: 'apps/v1', kind: 'Deployment', now })
 */
export function applyPatch(
  live: KubeObject | undefined,
  applied: KubeObject,
  options: ApplyOptions,
): { object: KubeObject; managedFields: ManagedFieldsEntry[] } {
  if (applied.metadata?.managedFields !== undefined && applied.metadata.managedFields !== null) {
    throw badPatchRequest('metadata.managedFields must be nil');
  }
  const state = decodeManagedFields(live?.metadata?.managedFields);
  const liveJson = live ? asJson(withoutManagedFields(live)) : {};
  let merged = mergeApplied(liveJson, asJson(applied), findSchemaRoot(options.apiVersion, options.kind));

  const entry = { manager: options.manager, operation: 'Apply' as const, apiVersion: options.apiVersion, ...(options.subresource ? { subresource: options.subresource } : {}) };
  const id = managerIdentifier(entry);
  const previous = state.get(id);
  const computed = removeIgnoredFields(computeFieldSet(asJson(applied), options, { strict: true }), options);
  // Pruning removes only what the manager applied last time and not now: nothing when it applied all of that again.
  const reapplied = previous !== undefined && previous.fields.isSubsetOf(computed);
  // Applying the same fields again keeps the set (and so its encoded FieldsV1).
  const appliedFields = reapplied && computed.isSubsetOf(previous.fields) ? previous.fields : computed;
  state.set(id, { ...entry, ...(previous?.time ? { time: previous.time } : {}), fields: appliedFields });
  if (previous && !reapplied) merged = prune(merged, previous.fields, state, options);

  const mergedObject = merged as unknown as KubeObject;
  const change = compareForWrite(live, mergedObject, options);
  const touched = change.added.union(change.modified);
  const conflicts: Array<{ owner: ManagerFields; ownerId: string; path: FieldPath }> = [];
  for (const [ownerId, owner] of state) {
    if (ownerId === id) continue;
    for (const path of owner.fields.intersection(touched).paths()) conflicts.push({ owner, ownerId, path });
  }
  if (conflicts.length > 0 && !options.force) throw buildConflictError(conflicts);
  for (const [ownerId, owner] of state) {
    if (ownerId !== id) owner.fields = owner.fields.difference(touched).difference(change.removed);
  }
  if (!previous || !isDeepEqual(liveJson, merged)) state.get(id)!.time = options.now;

  const managedFields = encodeManagedFields(state);
  return { object: withManagedFields(mergedObject, managedFields), managedFields };
}

function printManager(m: ManagerFields): string {
  let text = JSON.stringify(m.manager);
  if (m.subresource) text += ` with subresource ${JSON.stringify(m.subresource)}`;
  return m.operation === 'Update' ? `${text} using ${m.apiVersion}` : text;
}

function buildConflictError(conflicts: Array<{ owner: ManagerFields; ownerId: string; path: FieldPath }>): ApplyConflictError {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict' as const, message: `conflict with ${printManager(c.owner)}`, field: formatFieldPath(c.path) }));
  if (conflicts.length === 1) {
    const only = conflicts[0]!;
    return new ApplyConflictError(`Apply failed with 1 conflict: conflict with ${printManager(only.owner)}: ${formatFieldPath(only.path)}`, causes);
  }
  const lines: string[] = [];
  for (const ownerId of [...new Set(conflicts.map((c) => c.ownerId))].sort()) {
    const mine = conflicts.filter((c) => c.ownerId === ownerId);
    lines.push(`conflicts with ${printManager(mine[0]!.owner)}:`, ...mine.map((c) => `- ${formatFieldPath(c.path)}`));
  }
  return new ApplyConflictError(`Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`, causes);
}

/** Merges an applied configuration into the live object: maps and list-maps by key, everything else replaced. */
function mergeApplied(live: JsonValue | undefined, applied: JsonValue, cursor: SchemaCursor): JsonValue {
  if (isJsonObject(applied)) {
    const atomic = cursor.names.length > 0 && cursor.schema.atomic;
    if (atomic || !isJsonObject(live)) return stripNulls(applied);
    const out: JsonObject = { ...live };
    for (const [key, value] of Object.entries(applied)) {
      if (value === null) delete out[key];
      else out[key] = mergeApplied(live[key], value, findSchemaChild(cursor, key));
    }
    return out;
  }
  if (!Array.isArray(applied)) return applied;
  const { list } = cursor.schema;
  if (list.type === 'atomic' || !Array.isArray(live)) return stripNulls(applied);
  const elementOf = (item: JsonValue, i: number): string => listItemElement(item, i, list) ?? `i:${i}`;
  const liveIds = live.map(elementOf);
  const appliedIds = applied.map(elementOf);
  const mergeItem = (id: string): JsonValue => {
    const fromApplied = applied[appliedIds.indexOf(id)]!;
    const fromLive = liveIds.includes(id) ? live[liveIds.indexOf(id)] : undefined;
    return list.type === 'map' ? mergeApplied(fromLive, fromApplied, cursor) : fromApplied;
  };
  // Items only the live list has keep their place; shared and new items follow the applied order.
  const out: JsonValue[] = [];
  const emitted = new Set<string>();
  let l = 0;
  let r = 0;
  while (l < live.length || r < applied.length) {
    const liveId = liveIds[l];
    if (liveId !== undefined && (emitted.has(liveId) || !appliedIds.includes(liveId))) {
      if (!emitted.has(liveId)) out.push(live[l]!);
      emitted.add(liveId);
      l++;
      continue;
    }
    if (r < applied.length) {
      const id = appliedIds[r]!;
      if (!emitted.has(id)) out.push(mergeItem(id));
      emitted.add(id);
      if (id === liveId) l++;
      r++;
      continue;
    }
    l++;
  }
  return out;
}

/** A copy of a value without null map entries (so also a deep copy). */
function stripNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = stripNulls(v);
  return out;
}

/**
 * Removes what the manager applied last time but not this time, unless another manager (or the
 * new configuration) owns it; fields below it that the manager never owned are kept.
 */
function prune(merged: JsonValue, lastApplied: FieldSet, state: Map<string, ManagerFields>, kind: KindRef): JsonValue {
  let owned = new FieldSet();
  for (const m of state.values()) owned = owned.union(m.fields);
  const last = lastApplied.withAncestors();
  const candidates = last.difference(owned.withAncestors()).paths().sort((a, b) => a.length - b.length);
  if (candidates.length === 0) return merged;
  const present = computeFieldSet(merged, kind).withAncestors().paths();
  const result = cloneJson(merged);
  const removed: FieldPath[] = [];
  for (const path of candidates) {
    if (removed.some((r) => r.every((element, i) => path[i] === element))) continue;
    const below = present.filter((p) => p.length >= path.length && path.every((element, i) => p[i] === element));
    if (below.length === 0) continue;
    if (!below.every((p) => last.has(p))) continue;
    if (removeValueAt(result, path, kind)) removed.push(path);
  }
  return result;
}
