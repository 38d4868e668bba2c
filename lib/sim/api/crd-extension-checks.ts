// Custom-resource checks that come from Kubernetes schema extensions rather than from JSON
// Schema: duplicate entries of `x-kubernetes-list-type: set|map` lists and the TypeMeta of
// `x-kubernetes-embedded-resource` objects. The root object's own TypeMeta and ObjectMeta are
// the API server's business and are not checked here.

import { checkDns1035Label } from '../../k8s/names.ts';
import { duplicate, invalid, required, type FieldError } from '../../k8s/validation/field-error.ts';
import { isDeepEqual, isRecord } from '../../k8s/validation/fields.ts';
import { GoLiteral } from '../../k8s/validation/go-value.ts';
import { formatGoJson, toBadValue } from './crd-errors.ts';
import type { CrdSchema } from './crd-schema.ts';

function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function checkSet(list: readonly unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  list.forEach((item, i) => {
    if (list.slice(0, i).some((earlier) => isDeepEqual(earlier, item))) {
      errs.push(duplicate(`${path}[${i}]`, toBadValue(item)));
    }
  });
  return errs;
}

function checkMap(list: readonly unknown[], keys: readonly string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen: Record<string, unknown>[] = [];
  list.forEach((item, i) => {
    if (!isRecord(item)) return;
    const keyValues: Record<string, unknown> = {};
    for (const k of keys) if (item[k] !== undefined) keyValues[k] = item[k];
    if (seen.some((s) => isDeepEqual(s, keyValues))) errs.push(duplicate(`${path}[${i}]`, new GoLiteral(formatGoJson(keyValues))));
    else seen.push(keyValues);
  });
  return errs;
}

function checkEmbeddedTypeMeta(obj: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ['apiVersion', 'kind'] as const) {
    const here = childPath(path, key);
    const value = obj[key];
    if (value === undefined || value === '') errs.push(required(here));
    else if (typeof value !== 'string') errs.push(invalid(here, toBadValue(value), 'must be a string'));
    else if (key === 'kind') {
      const msgs = checkDns1035Label(value.toLowerCase());
      if (msgs.length > 0) errs.push(invalid(here, value, `may have mixed case, but should otherwise match: ${msgs.join(',')}`));
    }
  }
  return errs;
}

function checkValue(value: unknown, schema: CrdSchema | undefined, path: string, isRoot: boolean): FieldError[] {
  if (schema === undefined) return [];
  const errs: FieldError[] = [];
  if (Array.isArray(value)) {
    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'set') errs.push(...checkSet(value, path));
    if (listType === 'map') errs.push(...checkMap(value, schema['x-kubernetes-list-map-keys'] ?? [], path));
    value.forEach((item, i) => errs.push(...checkValue(item, schema.items, `${path}[${i}]`, false)));
  } else if (isRecord(value)) {
    if (!isRoot && schema['x-kubernetes-embedded-resource'] === true) errs.push(...checkEmbeddedTypeMeta(value, path));
    const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    for (const [key, item] of Object.entries(value)) {
      const prop = schema.properties?.[key];
      if (prop !== undefined) errs.push(...checkValue(item, prop, childPath(path, key), false));
      else if (additional !== undefined) errs.push(...checkValue(item, additional, `${path}[${key}]`, false));
    }
  }
  return errs;
}

/** Duplicate entries of set/map lists and missing TypeMeta of embedded resources in `obj`. */
export function checkSchemaExtensions(obj: unknown, schema: CrdSchema): FieldError[] {
  return checkValue(obj, schema, '', true);
}
