// The FieldsV1 a create records for its manager, computed in one walk of the new object: what
// computeFieldSet() finds, less the fields a write never owns, encoded as toFieldsV1() would.
// A fast path of updateManagedFields() for the commonest write; other writes use field sets.

import type { JsonValue } from '../../../k8s/types.ts';
import { comparePathElements, type PathElement } from './field-set.ts';
import { buildFieldsV1, EMPTY_FIELDS, type FieldsV1, type FieldsV1Map } from './fields-v1.ts';
import { isJsonObject, type JsonObject } from './json-utils.ts';
import { findSchemaChild, findSchemaRoot, type KindRef, type SchemaCursor } from './merge-keys.ts';
import { fieldElement, hasNoKeys, listItemElement } from './object-fields.ts';

/** Top-level fields no manager owns (as leaves). */
export const STRIPPED_TOP_LEVEL: readonly string[] = ['apiVersion', 'kind', 'metadata'];
/** Metadata fields no manager owns (as leaves). */
export const STRIPPED_METADATA: readonly string[] = ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'];

const TOP_LEVEL = new Set(STRIPPED_TOP_LEVEL);
const METADATA = new Set(STRIPPED_METADATA);

/** Thrown inside the walk when a list holds two items with the same element (their fields merge). */
class DuplicateItems extends Error {}

/**
 * The FieldsV1 of every field `object` sets, leaving out metadata.managedFields, the top-level
 * field `skipTopLevel` and the server-set fields; null when that leaves nothing, undefined when
 * this fast path does not apply (the object is not a map, or a list repeats a key). The result
 * is deep-frozen and shared with other objects' equal FieldsV1.
 */
export function encodeCreatedFields(object: JsonValue, kind: KindRef, skipTopLevel: string | undefined): FieldsV1 | null | undefined {
  if (!isJsonObject(object)) return undefined;
  const cursor = findSchemaRoot(kind.apiVersion, kind.kind);
  const keys: string[] = [];
  const children: FieldsV1Map[] = [];
  try {
    for (const key of Object.keys(object).sort()) {
      if (key === skipTopLevel) continue;
      const value = object[key]!;
      let encoded: FieldsV1Map | null;
      if (key === 'metadata' && isJsonObject(value)) {
        // Metadata itself is stripped, and so is what the server sets in it.
        encoded = encodeFields(false, value, findSchemaChild(cursor, key), 'managedFields', METADATA);
      } else {
        encoded = encodeField(value, cursor, key, TOP_LEVEL.has(key));
      }
      if (encoded !== null) {
        keys.push(fieldElement(key));
        children.push(encoded);
      }
    }
  } catch (error) {
    if (error instanceof DuplicateItems) return undefined;
    throw error;
  }
  return keys.length === 0 ? null : buildFieldsV1(false, keys, children).fields;
}

/** An object's fields (and `.` when `member`) in FieldsV1 order; null when there are none and it is no member. */
function encodeFields(member: boolean, object: JsonObject, cursor: SchemaCursor, skip: string | undefined, stripped: ReadonlySet<string> | undefined): FieldsV1Map | null {
  const keys: string[] = [];
  const children: FieldsV1Map[] = [];
  for (const key of Object.keys(object).sort()) {
    if (key === skip) continue;
    const encoded = encodeField(object[key]!, cursor, key, stripped !== undefined && stripped.has(key));
    if (encoded === null) continue;
    keys.push(fieldElement(key));
    children.push(encoded);
  }
  if (keys.length === 0) return member ? EMPTY_FIELDS : null;
  return buildFieldsV1(member, keys, children);
}

/** A field's encoding; null when nothing is left (a stripped leaf, an empty granular list). */
function encodeField(value: JsonValue, parent: SchemaCursor, key: string, stripped: boolean): FieldsV1Map | null {
  if (value === null || typeof value !== 'object' || (!Array.isArray(value) && hasNoKeys(value))) return stripped ? null : EMPTY_FIELDS;
  return encodeValue(value, findSchemaChild(parent, key), stripped);
}

function encodeValue(value: JsonValue, cursor: SchemaCursor, stripped: boolean): FieldsV1Map | null {
  if (Array.isArray(value)) return encodeList(value, cursor, stripped);
  if (!isJsonObject(value) || (cursor.names.length > 0 && cursor.schema.atomic)) return stripped ? null : EMPTY_FIELDS;
  return encodeFields(false, value, cursor, undefined, undefined);
}

function encodeList(list: JsonValue[], cursor: SchemaCursor, stripped: boolean): FieldsV1Map | null {
  const schema = cursor.schema.list;
  if (schema.type === 'atomic') return stripped ? null : EMPTY_FIELDS;
  const items: Array<{ element: PathElement; encoded: FieldsV1Map }> = [];
  const seen = new Set<PathElement>();
  for (let index = 0; index < list.length; index++) {
    if (!(index in list)) continue; // as forEach: holes are no items
    const item = list[index]!;
    const element = listItemElement(item, index, schema)!;
    if (seen.has(element)) throw new DuplicateItems();
    seen.add(element);
    // The item is a member; with fields it is marked with '.'.
    const mapItem = schema.type === 'map' && isJsonObject(item) && !(cursor.names.length > 0 && cursor.schema.atomic);
    items.push({ element, encoded: mapItem ? encodeFields(true, item, cursor, undefined, undefined)! : EMPTY_FIELDS });
  }
  if (items.length === 0) return null;
  if (items.length > 1) items.sort((a, b) => comparePathElements(a.element, b.element));
  return buildFieldsV1(false, items.map((i) => i.element), items.map((i) => i.encoded));
}
