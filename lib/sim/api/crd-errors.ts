// Turns Ajv's error objects into the field errors kube-apiserver returns for custom resources
// (kube-openapi wording: `spec.x in body should be greater than or equal to 1`), including
// the `<nil>` field path the server prints for anyOf/oneOf/not failures. Mapping only.

import type { ErrorObject } from 'ajv';
import {
  invalid,
  notSupported,
  required,
  tooMany,
  typeInvalid,
  type FieldError,
} from '../../k8s/validation/field-error.ts';
import { isRecord } from '../../k8s/validation/fields.ts';
import { GoLiteral, quoteGo, type BadValue } from '../../k8s/validation/go-value.ts';
import { jsonTypeOf } from './crd-schema.ts';

/** The field path kube-apiserver prints for errors that have no field (a nil field.Path). */
export const NIL_FIELD_PATH = '<nil>';

/** A decoded JSON value in Go `%#v` form, as an `interface{}` holding it prints. */
export function formatGoJson(value: unknown): string {
  if (typeof value === 'string') return quoteGo(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[]interface {}{${value.map(formatGoJson).join(', ')}}`;
  const entries = Object.entries(value as Record<string, unknown>)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${quoteGo(k)}:${formatGoJson(v)}`);
  return `map[string]interface {}{${entries.join(', ')}}`;
}

/** The bad value of a field error as field.Error prints it: nil as "null", maps and lists in `%#v`. */
export function toBadValue(value: unknown): BadValue {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return new GoLiteral(formatGoJson(value));
  return value as string | number | boolean;
}

function decodePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `/spec/items/0/name` → `spec.items[0].name`, looking at `data` to tell list indexes from keys. */
export function toFieldPath(instancePath: string, data: unknown): string {
  if (instancePath === '') return '';
  let path = '';
  let current: unknown = data;
  for (const raw of instancePath.slice(1).split('/')) {
    const segment = decodePointerSegment(raw);
    if (Array.isArray(current)) {
      path += `[${segment}]`;
      current = current[Number(segment)];
    } else {
      path = path === '' ? segment : `${path}.${segment}`;
      current = isRecord(current) ? current[segment] : undefined;
    }
  }
  return path;
}

function limitOf(err: ErrorObject): number {
  const limit = (err.params as { limit?: unknown }).limit;
  return typeof limit === 'number' ? limit : -1;
}

function countOf(data: unknown): number {
  if (Array.isArray(data)) return data.length;
  return isRecord(data) ? Object.keys(data).length : 0;
}

function typeError(path: string, err: ErrorObject): FieldError {
  const raw = (err.params as { type?: unknown }).type;
  const expected = (Array.isArray(raw) ? raw.map(String) : String(raw).split(','))
    .filter((t) => t !== 'null')
    .join(',');
  const actual = jsonTypeOf(err.data);
  return typeInvalid(path, actual, `${path} in body must be of type ${expected}: ${quoteGo(actual)}`);
}

function combinatorError(path: string, err: ErrorObject): FieldError {
  const where = quoteGo(path);
  let detail = `${where} must not validate the schema (not)`;
  if (err.keyword === 'anyOf') detail = `${where} must validate at least one schema (anyOf)`;
  if (err.keyword === 'oneOf') {
    const passing = (err.params as { passingSchemas?: unknown }).passingSchemas;
    const found = Array.isArray(passing) ? `Found ${passing.length} valid alternatives` : 'Found none valid';
    detail = `${where} must validate one and only one schema (oneOf). ${found}`;
  }
  return invalid(NIL_FIELD_PATH, '', detail);
}

/** One Ajv error as the API server's field error. */
export function toFieldError(err: ErrorObject, root: unknown): FieldError {
  const path = toFieldPath(err.instancePath, root);
  const body = `${path} in body`;
  const value = toBadValue(err.data);
  const limit = limitOf(err);
  switch (err.keyword) {
    case 'type':
      return typeError(path, err);
    case 'required': {
      const prop = String((err.params as { missingProperty?: unknown }).missingProperty);
      return required(path === '' ? prop : `${path}.${prop}`);
    }
    case 'enum': {
      const allowed = ((err.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      return notSupported(path, value, allowed);
    }
    case 'minimum':
      return invalid(path, value, `${body} should be greater than or equal to ${limit}`);
    case 'exclusiveMinimum':
      return invalid(path, value, `${body} should be greater than ${limit}`);
    case 'maximum':
      return invalid(path, value, `${body} should be less than or equal to ${limit}`);
    case 'exclusiveMaximum':
      return invalid(path, value, `${body} should be less than ${limit}`);
    case 'multipleOf':
      return invalid(path, value, `${body} should be a multiple of ${String((err.params as { multipleOf?: unknown }).multipleOf)}`);
    case 'minLength':
      return invalid(path, value, `${body} should be at least ${limit} chars long`);
    case 'maxLength':
      return { type: 'FieldValueTooLong', field: path, message: `Too long: may not be longer than ${limit}` };
    case 'pattern':
      return invalid(path, value, `${body} should match '${String((err.params as { pattern?: unknown }).pattern)}'`);
    case 'format':
      return typeInvalid(path, value, `${body} must be of type ${String((err.params as { format?: unknown }).format)}: ${quoteGo(String(err.data))}`);
    case 'minItems':
      return invalid(path, countOf(err.data), `${body} should have at least ${limit} items`);
    case 'maxItems':
    case 'maxProperties':
      return tooMany(path, countOf(err.data), limit);
    case 'uniqueItems':
      return invalid(path, '', `${body} shouldn't contain duplicates`);
    case 'minProperties':
      return invalid(path, limit, `${body} should have at least ${limit} properties`);
    case 'anyOf':
    case 'oneOf':
    case 'not':
      return combinatorError(path, err);
    default:
      return invalid(path, value, `${body} ${err.message ?? 'is invalid'}`);
  }
}

// For a failed anyOf/oneOf, kube-openapi reports the quantifier error and then the errors of
// one failing branch (the closest); Ajv reports every branch. Keep the branch with the fewest.
function selectBranchErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const order: ErrorObject[] = [];
  for (const err of errors) {
    if (err.keyword !== 'anyOf' && err.keyword !== 'oneOf') continue;
    const prefix = `${err.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const inner of errors) {
      if (!inner.schemaPath.startsWith(prefix)) continue;
      const branch = inner.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), inner]);
    }
    let best: ErrorObject[] | undefined;
    for (const list of branches.values()) if (best === undefined || list.length < best.length) best = list;
    for (const list of branches.values()) if (list !== best) list.forEach((e) => dropped.add(e));
  }
  // Quantifier errors go before the branch errors they explain, as the server lists them.
  for (const err of errors) {
    if (dropped.has(err) || order.includes(err)) continue;
    const owner = errors.find((q) => (q.keyword === 'anyOf' || q.keyword === 'oneOf') && !dropped.has(q) && err.schemaPath.startsWith(`${q.schemaPath}/`));
    if (owner !== undefined && !order.includes(owner)) order.push(owner);
    order.push(err);
  }
  return order;
}

/** Ajv errors for `root` as the API server's field errors, in the order it lists them. */
export function toFieldErrors(errors: readonly ErrorObject[], root: unknown): FieldError[] {
  return selectBranchErrors(errors).map((err) => toFieldError(err, root));
}
