// Field errors as the Kubernetes API server reports them (k8s.io/apimachinery field.Error):
// a reason, a dotted field path and the full message body ("Invalid value: 3: must be ...").
// Constructors only; deciding what is wrong is the job of the per-kind validators.

import { formatBadValue, type BadValue } from './go-value.ts';

/** The `reason` of a Kubernetes `StatusCause`, one per kind of field problem. */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueNotFound'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueForbidden'
  | 'FieldValueTypeInvalid';

/** One field problem, worded exactly as the API server words it. */
export interface FieldError {
  readonly type: FieldErrorType;
  /** Dotted path with indexes and keys, e.g. `spec.template.spec.containers[0].image`. */
  readonly field: string;
  /** The error body without the field, e.g. `Required value` or `Invalid value: -1: must be ...`. */
  readonly message: string;
}

function withDetail(head: string, detail: string): string {
  return detail === '' ? head : `${head}: ${detail}`;
}

/** `Required value[: detail]`: a value that must be set is missing or empty. */
export function required(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, message: withDetail('Required value', detail) };
}

/** `Invalid value: <value>: detail`: a value that is set but malformed. */
export function invalid(field: string, value: BadValue, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, message: withDetail(`Invalid value: ${formatBadValue(value)}`, detail) };
}

/** `Unsupported value: <value>: supported values: "a", "b"`: a value outside an enum. */
export function notSupported(field: string, value: BadValue, supported: readonly string[]): FieldError {
  const detail = supported.length === 0 ? '' : `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}`;
  return { type: 'FieldValueNotSupported', field, message: withDetail(`Unsupported value: ${formatBadValue(value)}`, detail) };
}

/** `Duplicate value: <value>`: a value that must be unique in its list. */
export function duplicate(field: string, value: BadValue): FieldError {
  return { type: 'FieldValueDuplicate', field, message: `Duplicate value: ${formatBadValue(value)}` };
}

/** `Not found: <value>`: a reference to something that does not exist in the object. */
export function notFound(field: string, value: BadValue): FieldError {
  return { type: 'FieldValueNotFound', field, message: `Not found: ${formatBadValue(value)}` };
}

/** `Forbidden: detail`: a well-formed value that is not allowed here. */
export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, message: withDetail('Forbidden', detail) };
}

/** `Too long: must have at most N bytes`: the value itself is not shown. */
export function tooLong(field: string, maxBytes: number): FieldError {
  return { type: 'FieldValueTooLong', field, message: `Too long: must have at most ${maxBytes} bytes` };
}

/** `Too many: N: must have at most M items`. */
export function tooMany(field: string, actual: number, max: number): FieldError {
  return { type: 'FieldValueTooMany', field, message: `Too many: ${actual}: must have at most ${max} items` };
}

/** `Invalid value: <value>: detail` with the TypeInvalid reason: the value has the wrong JSON type. */
export function typeInvalid(field: string, value: BadValue, detail: string): FieldError {
  return { type: 'FieldValueTypeInvalid', field, message: withDetail(`Invalid value: ${formatBadValue(value)}`, detail) };
}

/** Formats one error the way the API server and `kubectl` print it: `field: message`. */
export function formatFieldError(err: FieldError): string {
  return `${err.field}: ${err.message}`;
}

/** `path.name`, skipping an empty part; e.g. `child('spec', 'replicas')`. */
function joinField(path: string, name: string): string {
  if (name === '') return path;
  return path === '' ? name : `${path}.${name}`;
}

/** Field path helpers: `child('spec', 'replicas')`, `index('spec.ports', 0)`, `key('data', 'a.b')`. */
export function child(path: string, name: string, name2?: string, name3?: string): string {
  // Called for every field checked, error or not: plain concatenation, no arrays (not even of rest arguments).
  let out = joinField(path, name);
  if (name2 !== undefined) out = joinField(out, name2);
  if (name3 !== undefined) out = joinField(out, name3);
  return out;
}

/** `path[i]`. */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** `path[key]`, as Kubernetes writes map keys in field paths. */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}
