// metadata.managedFields as the API server keeps it: decoding and encoding the entries (one per
// manager, operation, apiVersion for updates, and subresource), their sort order, the fields the
// server never tracks, and ownership after a non-apply write (create, update, patch).
// Server-side apply itself (merge, prune, conflicts) lives in server-side-apply.ts.

import type { JsonValue, KubeObject } from '../../../k8s/types.ts';
import { tryFindKind } from '../../../k8s/kinds.ts';
import { encodeCreatedFields, STRIPPED_METADATA, STRIPPED_TOP_LEVEL } from './created-fields.ts';
import { FieldSet } from './field-set.ts';
import { isDeepEqual, isJsonObject } from './json-utils.ts';
import type { KindRef } from './merge-keys.ts';
import { compareObjects, type FieldComparison } from './object-compare.ts';

/** Which kind of write recorded a managedFields entry. */
export type ManagedFieldsOperation = 'Apply' | 'Update';

/** One entry of metadata.managedFields, as on the wire. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: ManagedFieldsOperation;
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** A decoded entry: who manages which fields. */
export interface ManagerFields {
  readonly manager: string;
  readonly operation: ManagedFieldsOperation;
  readonly apiVersion: string;
  readonly subresource?: string;
  time?: string;
  fields: FieldSet;
  /** The stored entry this was decoded from (alone): encoding gives it back as it is when nothing changed. */
  readonly source?: ManagedFieldsEntry;
}

/** Decoded managedFields keyed by manager identifier (see managerIdentifier()). */
export type ManagedFieldsState = Map<string, ManagerFields>;

/** Where a write happens, which decides the fields the server ignores. */
export interface WriteScope extends KindRef {
  /** The subresource written, e.g. `status`; undefined for the main resource. */
  readonly subresource?: string;
  /** Whether status is a separate subresource (so main-resource writes never own it). @default from the kinds registry; true for unknown kinds */
  readonly statusSubresource?: boolean;
}

/** Options of updateManagedFields(). */
export interface UpdateManagedFieldsOptions extends WriteScope {
  /** The field manager of the write, e.g. `kubectl-edit`. */
  readonly manager: string;
  /** Timestamp recorded on the entry (RFC 3339, from the virtual clock). */
  readonly now: string;
  readonly operation?: 'Update';
}

const STRIPPED = new FieldSet([...STRIPPED_TOP_LEVEL.map((f) => [`f:${f}`]), ...STRIPPED_METADATA.map((f) => ['f:metadata', `f:${f}`])]);

/** Builds the identifier the server keys managers by: the entry minus time and fields, apiVersion only for updates. */
export function managerIdentifier(entry: Pick<ManagerFields, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  const { manager, operation, apiVersion, subresource } = entry;
  const strings = typeof manager === 'string' && typeof operation === 'string' && typeof apiVersion === 'string' && (subresource === undefined || typeof subresource === 'string');
  if (!strings || NEEDS_ESCAPE.test(manager) || NEEDS_ESCAPE.test(operation) || NEEDS_ESCAPE.test(apiVersion) || (subresource !== undefined && NEEDS_ESCAPE.test(subresource))) {
    const id: Record<string, string> = { manager, operation };
    if (operation !== 'Apply') id.apiVersion = apiVersion;
    if (subresource) id.subresource = subresource;
    return JSON.stringify(id);
  }
  // JSON.stringify() of the same object, spelled out: nothing needs escaping.
  let id = `{"manager":"${manager}","operation":"${operation}"`;
  if (operation !== 'Apply') id += `,"apiVersion":"${apiVersion}"`;
  if (subresource) id += `,"subresource":"${subresource}"`;
  return `${id}}`;
}

/** Characters JSON.stringify() escapes in a string (and surrogates, which it may). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** An entry as decoded, but for its field set, and its manager identifier. */
interface DecodedHead {
  readonly manager: string;
  readonly operation: ManagedFieldsOperation;
  readonly apiVersion: string;
  readonly subresource?: string;
  readonly time?: string;
  readonly id: string;
}

/** Heads of frozen entries (stored ones, which cannot change), by entry. */
const decodedHeads = new WeakMap<object, DecodedHead>();

function decodeHead(raw: Partial<ManagedFieldsEntry> & { manager: string }): DecodedHead {
  const known = decodedHeads.get(raw);
  if (known !== undefined) return known;
  const head: Omit<DecodedHead, 'id'> = {
    manager: raw.manager,
    operation: raw.operation === 'Apply' ? 'Apply' : 'Update',
    apiVersion: raw.apiVersion ?? '',
    ...(raw.subresource ? { subresource: raw.subresource } : {}),
    ...(raw.time ? { time: raw.time } : {}),
  };
  const decoded: DecodedHead = { ...head, id: managerIdentifier(head) };
  if (Object.isFrozen(raw)) decodedHeads.set(raw, decoded);
  return decoded;
}

/** Decodes managedFields entries; entries with the same identifier are merged. */
export function decodeManagedFields(entries: unknown): ManagedFieldsState {
  const state: ManagedFieldsState = new Map();
  if (!Array.isArray(entries)) return state;
  for (const raw of entries as Partial<ManagedFieldsEntry>[]) {
    if (!isJsonObject(raw as JsonValue) || typeof raw.manager !== 'string') continue;
    const { manager, operation, apiVersion, subresource, time, id } = decodeHead(raw as Partial<ManagedFieldsEntry> & { manager: string });
    const fields = FieldSet.fromFieldsV1(raw.fieldsV1 ?? {});
    const previous = state.get(id);
    if (previous !== undefined) {
      // Merged entries encode as a new one: no source.
      const merged: ManagerFields = { manager, operation, apiVersion, ...(subresource ? { subresource } : {}), ...(time ? { time } : {}), fields: previous.fields.union(fields) };
      state.set(id, merged);
      continue;
    }
    const source = raw as ManagedFieldsEntry;
    state.set(id, subresource ? { manager, operation, apiVersion, subresource, time, fields, source } : { manager, operation, apiVersion, time, fields, source });
  }
  return state;
}

/** The keys of an encoded entry in wire order, by whether it has a time and a subresource. */
const ENTRY_KEYS = {
  plain: ['manager', 'operation', 'apiVersion', 'fieldsType', 'fieldsV1'],
  timed: ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1'],
  plainSub: ['manager', 'operation', 'apiVersion', 'fieldsType', 'fieldsV1', 'subresource'],
  timedSub: ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource'],
} as const;

/**
 * Whether the entry encodeManagedFields() would build for `m` is its source entry exactly: same
 * keys in the same order, the same values (fieldsV1 the very object). A frozen source of strings
 * is deep-frozen (its fieldsV1 is, being an encoding), so the store may take it as it is.
 */
function isSourceEntry(m: ManagerFields, fieldsV1: Record<string, unknown>): boolean {
  const source = m.source as Record<string, unknown> | undefined;
  if (source === undefined || !Object.isFrozen(source) || source.fieldsV1 !== fieldsV1) return false;
  const { manager, operation, apiVersion, time, subresource } = m;
  if (source.manager !== manager || source.operation !== operation || source.apiVersion !== apiVersion || typeof apiVersion !== 'string') return false;
  if (source.fieldsType !== 'FieldsV1' || source.time !== (time || undefined) || source.subresource !== (subresource || undefined)) return false;
  if ((time !== undefined && typeof time !== 'string') || (subresource !== undefined && typeof subresource !== 'string')) return false;
  const keys = time ? (subresource ? ENTRY_KEYS.timedSub : ENTRY_KEYS.timed) : subresource ? ENTRY_KEYS.plainSub : ENTRY_KEYS.plain;
  let i = 0;
  for (const key in source) if (key !== keys[i++]) return false;
  return i === keys.length;
}

/** Encodes the state as managedFields entries, dropping empty ones, in the server's order. */
export function encodeManagedFields(state: ManagedFieldsState): ManagedFieldsEntry[] {
  const entries: ManagedFieldsEntry[] = [];
  for (const m of state.values()) {
    if (m.fields.isEmpty) continue;
    const { manager, operation, apiVersion, time } = m;
    const fieldsV1 = m.fields.toFieldsV1();
    // An entry nothing changed (another manager's, on most writes) is the stored one, shared.
    if (isSourceEntry(m, fieldsV1)) {
      entries.push(m.source!);
      continue;
    }
    // The wire order: manager, operation, apiVersion, time, fieldsType, fieldsV1, subresource.
    const entry: ManagedFieldsEntry = time
      ? { manager, operation, apiVersion, time, fieldsType: 'FieldsV1', fieldsV1 }
      : { manager, operation, apiVersion, fieldsType: 'FieldsV1', fieldsV1 };
    if (m.subresource) entry.subresource = m.subresource;
    entries.push(entry);
  }
  return sortManagedFields(entries);
}

/** Entry times parsed to seconds: objects written in the same second share them. A bounded memo. */
const entrySeconds = new Map<string, number>();
const MAX_ENTRY_SECONDS = 10_000;

/** An entry time in whole seconds (0 when absent), through the memo. */
function findEntrySeconds(time: string | undefined): number {
  if (!time) return 0;
  let s = entrySeconds.get(time);
  if (s === undefined) {
    if (entrySeconds.size >= MAX_ENTRY_SECONDS) entrySeconds.clear();
    entrySeconds.set(time, (s = Math.floor(Date.parse(time) / 1000)));
  }
  return s;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareEntries(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  return (
    compareStrings(p.operation, q.operation) ||
    findEntrySeconds(p.time) - findEntrySeconds(q.time) ||
    compareStrings(p.manager, q.manager) ||
    compareStrings(p.apiVersion, q.apiVersion) ||
    compareStrings(p.subresource ?? '', q.subresource ?? '')
  );
}

/** Sorts entries as the API server does: Apply before Update, then by time (seconds), manager, apiVersion, subresource. */
export function sortManagedFields(entries: readonly ManagedFieldsEntry[]): ManagedFieldsEntry[] {
  if (entries.length < 2) return [...entries];
  return [...entries].sort(compareEntries);
}

/** The fields a write never owns: metadata the server sets, plus the other half of a status split. */
export function removeIgnoredFields(fields: FieldSet, scope: WriteScope): FieldSet {
  const ignored = findIgnoredTopLevel(scope);
  // A set with no top-level field either removal could reach (a /status write's status fields) stays as it is.
  const root = fields.node();
  if (root.children === undefined || !holdsIgnoredTopLevel(root.children, ignored === undefined ? undefined : `f:${ignored}`)) return FieldSet.fromNode(root);
  const reset = new FieldSet();
  if (ignored !== undefined) reset.insert([`f:${ignored}`]);
  return fields.difference(STRIPPED).recursiveDifference(reset);
}

/** The top-level elements STRIPPED holds paths at or below. */
const STRIPPED_TOP = new Set(STRIPPED.node().children?.keys() ?? []);

function holdsIgnoredTopLevel(children: ReadonlyMap<string, unknown>, reset: string | undefined): boolean {
  for (const element of children.keys()) if (element === reset || STRIPPED_TOP.has(element)) return true;
  return false;
}

/** The half of a status split a write ignores: removeIgnoredFields() drops it whole, so it need not be walked. */
function findIgnoredTopLevel(scope: WriteScope): string | undefined {
  if (scope.subresource === 'status') return 'spec';
  return !scope.subresource && hasStatusSubresource(scope) ? 'status' : undefined;
}

function hasStatusSubresource(scope: WriteScope): boolean {
  if (scope.statusSubresource !== undefined) return scope.statusSubresource;
  const info = tryFindKind(scope.apiVersion, scope.kind);
  return info ? info.subresources.includes('status') : true;
}

/** Compares two object versions, leaving out managedFields and the fields the write ignores. */
export function compareForWrite(before: KubeObject | undefined, after: KubeObject, scope: WriteScope): FieldComparison {
  const c = compareObjects(before && asJson(before), asJson(after), scope, { skipManagedFields: true, skipTopLevel: findIgnoredTopLevel(scope) });
  return { added: removeIgnoredFields(c.added, scope), modified: removeIgnoredFields(c.modified, scope), removed: removeIgnoredFields(c.removed, scope) };
}

/** Views a Kubernetes object as the plain JSON it is on the wire. */
export function asJson(object: KubeObject): JsonValue {
  return object as unknown as JsonValue;
}

/** Returns a shallow copy of the object without metadata.managedFields (nested values are shared). */
export function withoutManagedFields(object: KubeObject): KubeObject {
  const copy = { ...object };
  if (isJsonObject(copy.metadata as JsonValue)) {
    copy.metadata = { ...copy.metadata };
    delete copy.metadata.managedFields;
  }
  return copy;
}

/** Returns a shallow copy of the object carrying the given entries (none when empty) as managedFields. */
export function withManagedFields(object: KubeObject, entries: ManagedFieldsEntry[]): KubeObject {
  const copy = withoutManagedFields(object);
  if (copy.metadata === object.metadata) copy.metadata = { ...(copy.metadata ?? {}) };
  if (entries.length > 0) copy.metadata.managedFields = entries as NonNullable<KubeObject['metadata']['managedFields']>;
  return copy;
}

function decodeLiveOrNew(before: KubeObject | undefined, after: KubeObject): ManagedFieldsState {
  const sent = after.metadata?.managedFields as unknown;
  if (Array.isArray(sent) && sent.length === 1 && isDeepEqual(sent[0], {})) return new Map();
  if (Array.isArray(sent) && sent.length > 0) return decodeManagedFields(sent);
  return decodeManagedFields(before?.metadata?.managedFields);
}

/**
 * The managedFields of a create whose object names no managers (no metadata.managedFields, or
 * `[{}]`): its manager takes every field, encoded in one walk. Empty when there is no field to
 * own; undefined when the object needs updateManagedFields()'s general path (a list repeats a key).
 */
export function recordCreatedFields(after: KubeObject, options: UpdateManagedFieldsOptions): ManagedFieldsEntry[] | undefined {
  const fieldsV1 = encodeCreatedFields(asJson(after), options, findIgnoredTopLevel(options));
  if (fieldsV1 === undefined) return undefined;
  if (fieldsV1 === null) return [];
  const { manager, apiVersion, now } = options;
  const entry: ManagedFieldsEntry = now
    ? { manager, operation: 'Update', apiVersion, time: now, fieldsType: 'FieldsV1', fieldsV1 }
    : { manager, operation: 'Update', apiVersion, fieldsType: 'FieldsV1', fieldsV1 };
  if (options.subresource) entry.subresource = options.subresource;
  return [entry];
}

/**
 * Records a non-apply write (create, update, patch): the manager takes the fields it added or
 * changed, those fields leave every other manager, and removed fields leave everyone. Never conflicts.
 * @example updateManagedFields(live, edited, { manager: 'kubectl-edit', apiVersion: 'apps/v1', kind: 'Deployment', now })
 */
export function updateManagedFields(
  before: KubeObject | undefined,
  after: KubeObject,
  options: UpdateManagedFieldsOptions,
): { object: KubeObject; managedFields: ManagedFieldsEntry[] } {
  const state = decodeLiveOrNew(before, after);
  if (before === undefined && state.size === 0) {
    const managedFields = recordCreatedFields(after, options);
    if (managedFields !== undefined) return { object: withManagedFields(after, managedFields), managedFields };
  }
  const change = compareForWrite(before, after, options);
  const touched = change.added.union(change.modified);
  const { manager, apiVersion, subresource } = options;
  const id = managerIdentifier({ manager, operation: 'Update', apiVersion, subresource: subresource || undefined });
  // Touched fields leave every other manager; removed ones leave everyone. (A path is never both.)
  for (const [other, m] of state) m.fields = other === id ? m.fields.difference(change.removed) : m.fields.difference(touched).difference(change.removed);
  if (!touched.isEmpty) {
    const kept = state.get(id)?.fields;
    // A writer that touched only fields it owned keeps its set (and so its encoded FieldsV1).
    // kept ∪ touched (not touched ∪ kept): the union then shares kept's subtrees, whose encodings are known.
    const fields = kept === undefined ? touched : touched.isSubsetOf(kept) ? kept : kept.union(touched);
    const updated: ManagerFields = subresource
      ? { manager, operation: 'Update', apiVersion, subresource, time: options.now, fields }
      : { manager, operation: 'Update', apiVersion, time: options.now, fields };
    state.set(id, updated);
  }
  const managedFields = encodeManagedFields(state);
  return { object: withManagedFields(after, managedFields), managedFields };
}
