// Static checks of a CRD version's `openAPIV3Schema` as kube-apiextensions runs them on CRD
// create/update: OpenAPI restrictions, the structural-schema rules (types everywhere, object at
// the root, no additionalProperties at the root, metadata restricted), extension consistency
// and defaults that must validate. Not a complete port: see the notes on each check.

import { forbidden, formatFieldError, invalid, notSupported, required, type FieldError } from '../../k8s/validation/field-error.ts';
import { isRecord } from '../../k8s/validation/fields.ts';
import type { CrdSchema } from './crd-schema.ts';
import { CustomResourceValidator } from './crd-validator.ts';
import { NIL_FIELD_PATH } from './crd-errors.ts';

const OPENAPI_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const UNSUPPORTED_KEYWORDS: ReadonlyArray<[string, string]> = [
  ['id', 'id is not supported'],
  ['additionalItems', 'additionalItems is not supported'],
  ['patternProperties', 'patternProperties is not supported'],
  ['definitions', 'definitions is not supported'],
  ['dependencies', 'dependencies is not supported'],
  ['$ref', '$ref is not supported'],
];
const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);
// Root keywords allowed when the status subresource is enabled (besides type: object).
const ALLOWED_AT_ROOT_WITH_STATUS = new Set([
  'description', 'type', 'format', 'title', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength',
  'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'required', 'items', 'properties',
  'externalDocs', 'example', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations',
]);

type Level = 'root' | 'item' | 'field';

interface Walk {
  readonly errs: FieldError[];
  readonly structural: FieldError[];
}

function prop(path: string, name: string): string {
  return `${path}.properties[${name}]`;
}

function checkOpenApi(s: CrdSchema, path: string, walk: Walk, defaultsForbiddenReason: string | undefined): void {
  const raw = s as Record<string, unknown>;
  if (s.type !== undefined && s.type !== '' && !OPENAPI_TYPES.includes(s.type)) walk.errs.push(notSupported(`${path}.type`, s.type, OPENAPI_TYPES));
  if (s.default !== undefined && defaultsForbiddenReason !== undefined) walk.errs.push(forbidden(`${path}.default`, `must not be set ${defaultsForbiddenReason}`));
  for (const [keyword, detail] of UNSUPPORTED_KEYWORDS) if (raw[keyword] !== undefined) walk.errs.push(forbidden(`${path}.${keyword}`, detail));
  if (s.type === 'null') walk.errs.push(forbidden(`${path}.type`, 'type cannot be set to null, use nullable as an alternative'));
  if (s.uniqueItems === true) walk.errs.push(forbidden(`${path}.uniqueItems`, 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  const additional = s.additionalProperties;
  if (additional !== undefined && Object.keys(s.properties ?? {}).length > 0 && (additional === false || isRecord(additional))) {
    walk.errs.push(forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === false) walk.errs.push(invalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'));
  checkListType(s, path, walk);
}

function checkListType(s: CrdSchema, path: string, walk: Walk): void {
  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  if (listType !== undefined && s.type !== 'array') {
    const detail = 'must be array if x-kubernetes-list-type is specified';
    walk.errs.push(s.type === undefined || s.type === '' ? required(`${path}.type`, detail) : invalid(`${path}.type`, s.type, detail));
  }
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType)) walk.errs.push(notSupported(`${path}.x-kubernetes-list-type`, listType, ['atomic', 'set', 'map']));
  if (keys.length > 0 && listType === undefined) walk.errs.push(required(`${path}.x-kubernetes-list-type`, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  else if (keys.length > 0 && listType !== 'map') walk.errs.push(invalid(`${path}.x-kubernetes-list-type`, listType ?? '', 'must be map if x-kubernetes-list-map-keys is non-empty'));
  if (listType === 'map') {
    if (keys.length === 0) walk.errs.push(required(`${path}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'));
    if (s.items === undefined) walk.errs.push(required(`${path}.items`, 'must have a schema if x-kubernetes-list-type is map'));
    else if (s.items.type !== 'object') walk.errs.push(invalid(`${path}.items.type`, s.items.type ?? '', "must be object if parent array's x-kubernetes-list-type is map"));
  }
}

function checkStructural(s: CrdSchema, level: Level, path: string, walk: Walk): void {
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const hasType = s.type !== undefined && s.type !== '';
  const out = walk.structural;
  if (s.type === 'array' && s.items === undefined) out.push(required(`${path}.items`, 'must be specified'));
  if (s.additionalProperties !== undefined && level === 'root') out.push(forbidden(`${path}.additionalProperties`, 'must not be used at the root'));
  if (intOrString && preserve) out.push(invalid(`${path}.x-kubernetes-preserve-unknown-fields`, true, 'must be false if x-kubernetes-int-or-string is true'));
  if (intOrString && embedded) out.push(invalid(`${path}.x-kubernetes-embedded-resource`, true, 'must be false if x-kubernetes-int-or-string is true'));
  if (embedded && s.type !== 'object') {
    const detail = 'must be object if x-kubernetes-embedded-resource is true';
    out.push(hasType ? invalid(`${path}.type`, s.type ?? '', detail) : required(`${path}.type`, detail));
  } else if (!hasType && !intOrString && !preserve) {
    const detail = { root: 'must not be empty at the root', item: 'must not be empty for specified array items', field: 'must not be empty for specified object fields' }[level];
    out.push(required(`${path}.type`, detail));
  }
  if (level === 'root' && hasType && s.type !== 'object') out.push(invalid(`${path}.type`, s.type ?? '', 'must be object at the root'));
  const metadata = s.properties?.metadata;
  if (metadata !== undefined && (level === 'root' || embedded)) {
    if (metadata.type !== 'object') out.push(invalid(`${prop(path, 'metadata')}.type`, metadata.type ?? '', 'must be object'));
    if (level === 'root' && hasMetadataBeyondNames(metadata)) {
      out.push(forbidden(prop(path, 'metadata'), 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
    }
  }
  if (embedded && !preserve && Object.keys(s.properties ?? {}).length === 0) {
    out.push(required(`${path}.properties`, 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }
  for (const [keyword, list] of [['allOf', s.allOf], ['anyOf', s.anyOf], ['oneOf', s.oneOf]] as const) {
    (list ?? []).forEach((nested, i) => checkNestedValueValidation(nested, `${path}.${keyword}[${i}]`, out));
  }
  if (s.not !== undefined) checkNestedValueValidation(s.not, `${path}.not`, out);
}

function hasMetadataBeyondNames(metadata: CrdSchema): boolean {
  const { type: _type, properties, default: _default, ...rest } = metadata as Record<string, unknown> & CrdSchema;
  const names = Object.keys(properties ?? {});
  return Object.keys(rest).length > 0 || names.some((n) => n !== 'name' && n !== 'generateName');
}

// Inside allOf/anyOf/oneOf/not only value validations may appear (int-or-string's anyOf aside).
function checkNestedValueValidation(s: CrdSchema, path: string, out: FieldError[]): void {
  const raw = s as Record<string, unknown>;
  if (raw.type !== undefined && !isIntOrStringBranch(path, s)) out.push(forbidden(`${path}.type`, 'must be empty to be structural'));
  if (raw.additionalProperties !== undefined) out.push(forbidden(`${path}.additionalProperties`, 'must be undefined to be structural'));
  if (raw.default !== undefined) out.push(forbidden(`${path}.default`, 'must be undefined to be structural'));
  if (raw.title !== undefined) out.push(forbidden(`${path}.title`, 'must be empty to be structural'));
  if (raw.description !== undefined) out.push(forbidden(`${path}.description`, 'must be empty to be structural'));
  if (raw.nullable === true) out.push(forbidden(`${path}.nullable`, 'must be false to be structural'));
  for (const ext of ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string']) {
    if (raw[ext] === true) out.push(forbidden(`${path}.${ext}`, 'must be false to be structural'));
  }
  if (s.properties?.metadata !== undefined) out.push(forbidden(prop(path, 'metadata'), 'must not be specified in a nested context'));
  for (const [name, nested] of Object.entries(s.properties ?? {})) checkNestedValueValidation(nested, prop(path, name), out);
  if (s.items !== undefined) checkNestedValueValidation(s.items, `${path}.items`, out);
}

function isIntOrStringBranch(path: string, s: CrdSchema): boolean {
  return /\.anyOf\[[01]\]$/.test(path) && (s.type === 'integer' || s.type === 'string') && Object.keys(s).length === 1;
}

function walkSchema(s: CrdSchema, level: Level, path: string, walk: Walk, forbidDefaults: string | undefined): void {
  checkOpenApi(s, path, walk, forbidDefaults);
  checkStructural(s, level, path, walk);
  for (const [name, child] of Object.entries(s.properties ?? {})) {
    if (!isRecord(child)) continue;
    const reason = level === 'root' && META_FIELDS.has(name) ? `in top-level ${name}` : forbidDefaults;
    walkSchema(child, 'field', prop(path, name), walk, reason);
  }
  if (isRecord(s.additionalProperties)) walkSchema(s.additionalProperties, 'field', `${path}.additionalProperties`, walk, forbidDefaults);
  if (isRecord(s.items)) walkSchema(s.items, 'item', `${path}.items`, walk, forbidDefaults);
}

function checkRootWithStatus(s: CrdSchema, path: string): FieldError[] {
  if (s.type !== undefined && s.type !== 'object') {
    return [invalid(`${path}.type`, s.type, 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled')];
  }
  const extra = Object.keys(s).filter((k) => !ALLOWED_AT_ROOT_WITH_STATUS.has(k));
  if (extra.length === 0) return [];
  return [invalid(path, s as object, `only [Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations] fields are allowed at the root of the schema if the status subresource is enabled`)];
}

// Every default must validate against the schema node it sits on.
function checkDefaults(s: CrdSchema, path: string, out: FieldError[]): void {
  if (s.default !== undefined) {
    for (const err of new CustomResourceValidator(s).validate(structuredClone(s.default))) {
      const field = err.field === NIL_FIELD_PATH ? NIL_FIELD_PATH : err.field === '' ? `${path}.default` : `${path}.default.${err.field}`;
      out.push({ ...err, field });
    }
  }
  for (const [name, child] of Object.entries(s.properties ?? {})) if (isRecord(child)) checkDefaults(child, prop(path, name), out);
  if (isRecord(s.additionalProperties)) checkDefaults(s.additionalProperties, `${path}.additionalProperties`, out);
  if (isRecord(s.items)) checkDefaults(s.items, `${path}.items`, out);
}

/**
 * Checks one version's `openAPIV3Schema` at `path` (e.g. `spec.versions[0].schema.openAPIV3Schema`).
 * Structural errors are sorted by their text, as the server sorts them; defaults are checked
 * only when the schema is otherwise valid. Structural completeness (properties named only
 * inside allOf/anyOf) is not checked.
 */
export function checkCrdSchema(schema: CrdSchema, path: string, hasStatusSubresource: boolean): FieldError[] {
  const errs: FieldError[] = hasStatusSubresource ? checkRootWithStatus(schema, path) : [];
  if (schema.nullable === true) errs.push(forbidden(`${path}.nullable`, 'nullable cannot be true at the root'));
  const walk: Walk = { errs, structural: [] };
  walkSchema(schema, 'root', path, walk, undefined);
  const structural = walk.structural.sort((a, b) => (formatFieldError(a) < formatFieldError(b) ? -1 : 1));
  const all = [...errs, ...structural];
  if (all.length === 0) {
    try {
      checkDefaults(schema, path, all);
    } catch (e) {
      all.push(invalid(path, '', `error building validator: ${(e as Error).message}`));
    }
  }
  return all;
}
