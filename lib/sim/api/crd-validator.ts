// Validates a custom resource against one version's `openAPIV3Schema`, with Ajv doing the JSON
// Schema work and this module turning Ajv's findings into the API server's field errors
// (`spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`).
// It does not prune or default (crd-prune.ts) and does not check metadata (the server does).
// `x-kubernetes-validations` (CEL) rules are NOT evaluated: they are accepted and ignored.

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { FieldError } from '../../k8s/validation/field-error.ts';
import { isRecord } from '../../k8s/validation/fields.ts';
import { checkSchemaExtensions } from './crd-extension-checks.ts';
import { KUBERNETES_FORMATS, isKnownFormat } from './crd-formats.ts';
import { toFieldErrors } from './crd-errors.ts';
import type { CrdSchema } from './crd-schema.ts';

const OPENAPI_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);
const INT_OR_STRING = ['integer', 'string'];

type AjvSchema = Record<string, unknown>;

function isJsRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

// anyOf: [{type: integer}, {type: string}] beside x-kubernetes-int-or-string says nothing more.
function isIntOrStringAnyOf(list: readonly CrdSchema[] | undefined): boolean {
  return list?.length === 2 && list[0]?.type === 'integer' && list[1]?.type === 'string';
}

function copyNumber(out: AjvSchema, schema: CrdSchema, key: keyof CrdSchema): void {
  if (typeof schema[key] === 'number') out[key] = schema[key];
}

function convertList(list: readonly CrdSchema[] | undefined): AjvSchema[] | undefined {
  return list === undefined ? undefined : list.map((s) => toAjvSchema(s));
}

function convertType(schema: CrdSchema, out: AjvSchema): void {
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const types = intOrString ? [...INT_OR_STRING] : schema.type !== undefined && OPENAPI_TYPES.has(schema.type) ? [schema.type] : [];
  if (types.length === 0) return;
  if (schema.nullable === true) types.push('null');
  out.type = types.length === 1 ? types[0] : types;
}

function convertBounds(schema: CrdSchema, out: AjvSchema): void {
  if (typeof schema.minimum === 'number') out[schema.exclusiveMinimum === true ? 'exclusiveMinimum' : 'minimum'] = schema.minimum;
  if (typeof schema.maximum === 'number') out[schema.exclusiveMaximum === true ? 'exclusiveMaximum' : 'maximum'] = schema.maximum;
  for (const key of ['multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const) {
    copyNumber(out, schema, key);
  }
  if (schema.uniqueItems === true) out.uniqueItems = true;
  if (typeof schema.pattern === 'string' && isJsRegExp(schema.pattern)) out.pattern = schema.pattern;
  if (typeof schema.format === 'string' && isKnownFormat(schema.format)) out.format = schema.format;
  if (Array.isArray(schema.enum)) out.enum = schema.enum;
  if (Array.isArray(schema.required)) out.required = schema.required;
}

/**
 * Converts a CRD schema node to plain JSON Schema for Ajv: OpenAPI's boolean exclusive bounds
 * become numbers, `nullable` and `x-kubernetes-int-or-string` become type lists, unknown
 * formats and patterns JavaScript cannot compile are dropped, and the Kubernetes extensions,
 * `default` and documentation fields are left out.
 */
export function toAjvSchema(schema: CrdSchema): AjvSchema {
  const out: AjvSchema = {};
  convertType(schema, out);
  convertBounds(schema, out);
  if (isRecord(schema.properties)) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, toAjvSchema(v)]));
  }
  if (isRecord(schema.additionalProperties)) out.additionalProperties = toAjvSchema(schema.additionalProperties);
  if (isRecord(schema.items)) out.items = toAjvSchema(schema.items);
  const skipAnyOf = schema['x-kubernetes-int-or-string'] === true && isIntOrStringAnyOf(schema.anyOf);
  if (!skipAnyOf && schema.anyOf !== undefined) out.anyOf = convertList(schema.anyOf);
  if (schema.allOf !== undefined) out.allOf = convertList(schema.allOf);
  if (schema.oneOf !== undefined) out.oneOf = convertList(schema.oneOf);
  if (isRecord(schema.not)) out.not = toAjvSchema(schema.not);
  return out;
}

// The root's metadata schema may only restrict name and generateName (structural rule).
function restrictRootMetadata(schema: CrdSchema): CrdSchema {
  const metadata = schema.properties?.metadata;
  if (metadata === undefined) return schema;
  const kept: Record<string, CrdSchema> = {};
  for (const key of ['name', 'generateName']) {
    const prop = metadata.properties?.[key];
    if (prop !== undefined) kept[key] = prop;
  }
  return { ...schema, properties: { ...schema.properties, metadata: { type: 'object', properties: kept } } };
}

let sharedAjv: Ajv | undefined;

// One Ajv for every validator; compiled schemas are evicted from its cache right away.
function compileSchema(schema: AjvSchema): ValidateFunction {
  if (sharedAjv === undefined) {
    sharedAjv = new Ajv({ allErrors: true, strict: false, verbose: true, unicodeRegExp: false, validateSchema: false });
    for (const [name, check] of Object.entries(KUBERNETES_FORMATS)) sharedAjv.addFormat(name, { type: 'string', validate: check });
  }
  const validate = sharedAjv.compile(schema);
  sharedAjv.removeSchema(schema);
  return validate;
}

/** Checks custom resources of one CRD version against that version's `openAPIV3Schema`. */
export class CustomResourceValidator {
  readonly schema: CrdSchema;
  readonly #validate: ValidateFunction;

  /** Compiles the schema; throws when Ajv cannot compile it (a schema validateCrd would reject). */
  constructor(schema: CrdSchema) {
    this.schema = schema;
    this.#validate = compileSchema(toAjvSchema(restrictRootMetadata(schema)));
  }

  /**
   * Field errors for a (pruned and defaulted) object, worded as the API server words them.
   * apiVersion, kind and the root metadata beyond name/generateName are not checked here.
   */
  validate(obj: unknown): FieldError[] {
    const ok = this.#validate(obj);
    const schemaErrs = ok ? [] : toFieldErrors((this.#validate.errors ?? []) as ErrorObject[], obj);
    return [...schemaErrs, ...checkSchemaExtensions(obj, this.schema)];
  }
}
