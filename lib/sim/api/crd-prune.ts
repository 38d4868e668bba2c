// Structural pruning and defaulting of custom resources, as kube-apiextensions does them
// before validation: fields the schema does not name are dropped (unless
// `x-kubernetes-preserve-unknown-fields`), then `default` values are filled in.
// Both mutate the object in place; callers pass a copy they own. No validation here.

import { isRecord } from '../../k8s/validation/fields.ts';
import { isPreservingUnknownFields, type CrdSchema } from './crd-schema.ts';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** Options for {@link pruneUnknownFields}. */
export interface PruneOptions {
  /** True when `obj` is a whole resource, so apiVersion, kind and metadata are kept (default true). */
  readonly isResourceRoot?: boolean;
}

function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function pruneAll(value: unknown, path: string, pruned: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => pruneAll(item, `${path}[${i}]`, pruned));
  } else if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      pruned.push(childPath(path, key));
      delete value[key];
    }
  }
}

function isEmbedded(schema: CrdSchema): boolean {
  return schema['x-kubernetes-embedded-resource'] === true;
}

// Nulls in fields that are neither nullable nor defaulted are dropped before defaulting.
function dropsNull(value: unknown, schema: CrdSchema | undefined): boolean {
  return value === null && schema !== undefined && schema.nullable !== true && schema.default === undefined;
}

// The schema for a key that `properties` does not name: additionalProperties' schema, or null
// when additionalProperties is `true` (any value, whose nested fields are still pruned).
function additionalSchemaOf(schema: CrdSchema): CrdSchema | null | undefined {
  const additional = schema.additionalProperties;
  if (additional === undefined || additional === false) return undefined;
  return additional === true ? null : additional;
}

function pruneKnownKey(obj: Record<string, unknown>, key: string, prop: CrdSchema | undefined, path: string, pruned: string[]): void {
  if (dropsNull(obj[key], prop)) delete obj[key];
  else pruneValue(obj[key], prop, path, pruned);
}

// Mirrors apiextensions' prune(): unknown keys go, known ones recurse.
function pruneValue(value: unknown, schema: CrdSchema | undefined, path: string, pruned: string[]): void {
  if (schema !== undefined && isPreservingUnknownFields(schema)) {
    skipPrune(value, schema, path, pruned);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => pruneValue(item, schema?.items, `${path}[${i}]`, pruned));
  } else if (isRecord(value)) {
    if (schema === undefined) {
      pruneAll(value, path, pruned);
      return;
    }
    for (const key of Object.keys(value)) {
      if (isEmbedded(schema) && META_FIELDS.has(key)) continue;
      const here = childPath(path, key);
      const prop = schema.properties?.[key];
      const additional = additionalSchemaOf(schema);
      if (prop !== undefined) pruneKnownKey(value, key, prop, here, pruned);
      else if (additional !== undefined) pruneKnownKey(value, key, additional ?? undefined, here, pruned);
      else {
        pruned.push(here);
        delete value[key];
      }
    }
  }
}

// Mirrors apiextensions' skipPrune(): under x-kubernetes-preserve-unknown-fields, unknown keys
// stay while known ones are still pruned by their own schema.
function skipPrune(value: unknown, schema: CrdSchema | undefined, path: string, pruned: string[]): void {
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => skipPrune(item, schema.items, `${path}[${i}]`, pruned));
  } else if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      if (isEmbedded(schema) && META_FIELDS.has(key)) continue;
      const prop = schema.properties?.[key];
      const additional = additionalSchemaOf(schema);
      if (prop !== undefined) pruneKnownKey(value, key, prop, childPath(path, key), pruned);
      else if (additional !== undefined) pruneKnownKey(value, key, additional ?? undefined, childPath(path, key), pruned);
    }
  }
}

/**
 * Drops the fields of `obj` that `schema` does not specify, in place, and returns their paths
 * (`spec.bogus`, `spec.items[0].extra`) in the order met. Nulls in non-nullable fields without
 * a default are removed too, but not reported: the API server drops them silently.
 */
export function pruneUnknownFields(obj: unknown, schema: CrdSchema, options: PruneOptions = {}): string[] {
  const pruned: string[] = [];
  const root = options.isResourceRoot ?? true ? { ...schema, 'x-kubernetes-embedded-resource': true } : schema;
  pruneValue(obj, root, '', pruned);
  return pruned;
}

function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

function isNonNullableNull(value: unknown, schema: CrdSchema | undefined): boolean {
  return value === null && schema !== undefined && schema.nullable !== true && schema.default !== undefined;
}

function defaultValue(value: unknown, schema: CrdSchema | undefined): void {
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    const items = schema.items;
    value.forEach((item, i) => {
      if (isNonNullableNull(item, items)) value[i] = cloneJson(items?.default);
      defaultValue(value[i], items);
    });
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (prop.default === undefined) continue;
    if (!(key in value) || value[key] === undefined || isNonNullableNull(value[key], prop)) value[key] = cloneJson(prop.default);
  }
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const key of Object.keys(value)) {
    const prop = schema.properties?.[key];
    if (prop !== undefined) {
      defaultValue(value[key], prop);
    } else if (additional !== undefined) {
      if (isNonNullableNull(value[key], additional)) value[key] = cloneJson(additional.default);
      defaultValue(value[key], additional);
    }
  }
}

/**
 * Fills in `default` values from the schema, in place: a property that is absent (or null
 * while not nullable) takes its default, and defaults nest (a defaulted object is itself
 * defaulted). Returns the same object.
 */
export function applySchemaDefaults<T>(obj: T, schema: CrdSchema): T {
  defaultValue(obj, schema);
  return obj;
}
