// Whether re-applying a desired object would leave the live one exactly as it is, read from the
// live object alone: the field manager's Apply entry in managedFields lists exactly the desired
// object's fields, and every desired value is already live. The planner uses it to skip the
// dry-run for unchanged objects on targets that declare their applies free of side effects.
// It knows no schemas: whatever managedFields does not settle answers false (ask the server).

import type { KubeObject } from '../k8s/types.ts';

/** A node of a FieldsV1 set: `f:<field>`, `k:<key JSON>`, `v:<value JSON>`, `i:<index>` and `.` children. */
type FieldsNode = Record<string, unknown>;

/** Fields that name the object (never in a field set): at the root, and under metadata. */
const ROOT_IDENTITY: ReadonlySet<string> = new Set(['apiVersion', 'kind']);
const METADATA_IDENTITY: ReadonlySet<string> = new Set(['name', 'namespace']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The FieldsV1 set `manager` last applied to the main resource, in `apiVersion`; undefined when there is no single such entry. */
export function appliedFieldsOf(live: KubeObject, manager: string, apiVersion: string): FieldsNode | undefined {
  const entries = (live.metadata.managedFields ?? []).filter((e) => e.manager === manager && e.operation === 'Apply' && !e.subresource);
  const entry = entries.length === 1 ? entries[0]! : undefined;
  if (!entry || entry.apiVersion !== apiVersion || entry.fieldsType !== 'FieldsV1' || !isRecord(entry.fieldsV1)) return undefined;
  return entry.fieldsV1;
}

/** The children of a field-set node, without the `.` marker (the node's own presence). */
function childrenOf(node: FieldsNode): string[] {
  return Object.keys(node).filter((k) => k !== '.');
}

function hasChildren(node: FieldsNode): boolean {
  for (const key in node) if (key !== '.') return true;
  return false;
}

/** Equality of JSON values (what isDeepStrictEqual says of them, without its generality). */
function isJsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!isJsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (!Object.hasOwn(y, key) || !isJsonEqual(x[key], y[key])) return false;
    count++;
  }
  for (const _ in y) count--;
  return count === 0;
}

/** True when `desired` (owned as `owned`) merges into `live` without changing it, and drops nothing `owned` held. */
function matches(desired: unknown, live: unknown, owned: unknown, identity: ReadonlySet<string> | undefined): boolean {
  if (!isRecord(owned) || desired === null || desired === undefined) return false;
  if (typeof desired !== 'object') return desired === live && !hasChildren(owned);
  // A leaf holding a map or list: owned as a whole (atomic), so the applied value replaces it.
  if (!hasChildren(owned)) return isJsonEqual(desired, live);
  if (Array.isArray(desired)) return Array.isArray(live) && matchesList(desired, live, owned, childrenOf(owned));
  if (!isRecord(live)) return false;
  const fields = desired as Record<string, unknown>;
  let ownedSeen = 0;
  for (const key in fields) {
    const value = fields[key];
    if (identity?.has(key)) {
      if (value !== live[key]) return false;
      continue;
    }
    const nested = identity === ROOT_IDENTITY && key === 'metadata' ? METADATA_IDENTITY : undefined;
    const child = owned[`f:${key}`];
    if (child === undefined) {
      // Metadata holding only the name and namespace owns no field.
      const liveValue = live[key];
      if (!nested || !isRecord(value) || !isRecord(liveValue) || !Object.entries(value).every(([k, v]) => nested.has(k) && v === liveValue[k])) return false;
      continue;
    }
    if (!matches(value, live[key], child, nested)) return false;
    ownedSeen++;
  }
  // Every owned field is still desired (else the apply would remove it), and nothing else is owned.
  for (const child in owned) {
    if (child === '.') continue;
    if (!child.startsWith('f:')) return false;
    ownedSeen--;
  }
  return ownedSeen === 0;
}

/** An associative list (`k:` items) or a set (`v:` items), item for item in the live order. */
function matchesList(desired: readonly unknown[], live: readonly unknown[], owned: FieldsNode, children: readonly string[]): boolean {
  if (desired.length !== children.length || live.length !== desired.length) return false;
  if (children.every((c) => c.startsWith('v:'))) {
    const values = new Set(children.map((c) => c.slice(2)));
    return desired.every((d) => values.has(JSON.stringify(d))) && isJsonEqual(desired, live);
  }
  if (!children.every((c) => c.startsWith('k:'))) return false;
  const keys = children.map((c) => ({ child: c, key: parseKey(c.slice(2)) }));
  const used = new Set<string>();
  for (let i = 0; i < desired.length; i++) {
    const item = desired[i];
    const liveItem = live[i];
    if (!isRecord(item) || !isRecord(liveItem)) return false;
    const found = keys.find(({ child, key }) => key !== undefined && !used.has(child) && keyMatches(key, item, liveItem, owned[child]));
    if (!found) return false;
    used.add(found.child);
    if (!matches(item, liveItem, owned[found.child], undefined)) return false;
  }
  return true;
}

function parseKey(text: string): Record<string, unknown> | undefined {
  try {
    const key: unknown = JSON.parse(text);
    return isRecord(key) && Object.keys(key).length > 0 ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when an item has the key of a field-set entry, and so has the live item. A key field the
 * desired item leaves out is one the server defaulted (ports' `protocol`): the entry owns no such
 * field, and the live item holds the key's value.
 */
function keyMatches(key: Record<string, unknown>, item: Record<string, unknown>, liveItem: Record<string, unknown>, node: unknown): boolean {
  return Object.entries(key).every(([field, value]) => {
    if (!isJsonEqual(liveItem[field], value)) return false;
    if (field in item) return isJsonEqual(item[field], value);
    return isRecord(node) && !(`f:${field}` in node);
  });
}

/**
 * A v1 Secret's `stringData` is write-only: the API server merges it into `data` (base64,
 * overwriting) and stores no `stringData`. Checks it that way and returns the rest of the object
 * and field set to compare as usual; undefined when it does not hold as it is.
 */
function withoutStringData(desired: KubeObject, live: KubeObject, owned: FieldsNode): { desired: KubeObject; owned: FieldsNode } | undefined {
  const { stringData, ...rest } = desired as KubeObject & { stringData?: unknown };
  const { 'f:stringData': ownedStringData, ...restOwned } = owned;
  const liveData = (live as { data?: unknown }).data;
  if (!isRecord(stringData) || !isRecord(ownedStringData) || !isRecord(liveData) || (live as { stringData?: unknown }).stringData !== undefined) return undefined;
  const keys = Object.keys(stringData);
  if (childrenOf(ownedStringData).length !== keys.length) return undefined;
  for (const key of keys) {
    const value = stringData[key];
    const child = ownedStringData[`f:${key}`];
    if (typeof value !== 'string' || !isRecord(child) || childrenOf(child).length > 0) return undefined;
    if (liveData[key] !== Buffer.from(value, 'utf8').toString('base64')) return undefined;
  }
  return { desired: rest as KubeObject, owned: restOwned };
}

/**
 * True when a server-side apply of `desired` by `manager` would store `live` unchanged: the
 * manager's applied field set is exactly the desired object's fields, every desired value equals
 * the live one, and list items line up with the live ones. False whenever that is not certain.
 */
export function isUnchangedByApply(desired: KubeObject, live: KubeObject, manager: string): boolean {
  const owned = appliedFieldsOf(live, manager, desired.apiVersion);
  if (!owned || live.metadata.deletionTimestamp) return false;
  if (desired.kind === 'Secret' && desired.apiVersion === 'v1' && 'stringData' in desired) {
    const rest = withoutStringData(desired, live, owned);
    return rest !== undefined && matches(rest.desired, live, rest.owned, ROOT_IDENTITY);
  }
  return matches(desired, live, owned, ROOT_IDENTITY);
}
