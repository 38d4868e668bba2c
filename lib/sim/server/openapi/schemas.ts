// The `components.schemas` of the served OpenAPI v3 documents: built-in kinds from the compiled
// client-node models (upstream names, `$ref`/`allOf`, `x-kubernetes-group-version-kind`) and
// custom kinds from their CRD's `openAPIV3Schema`. Paths and operations live in paths.ts.

import { findModel, modelClosure, schemaNameOf, type ModelType } from '../../api/builtin-models.ts';
import type { CrdSchema } from '../../api/crd-schema.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { readModelDocs } from './model-docs.ts';

/** An OpenAPI v3 schema object (as JSON). */
export type SchemaObject = Record<string, unknown>;

/** A group/version/kind as the `x-kubernetes-group-version-kind` extension spells it. */
export interface Gvk {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
/** The schema name of `meta/v1` Patch, the body of every patch operation. */
export const PATCH_SCHEMA = `${META}.Patch`;
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/** `#/components/schemas/<name>`. */
export function refTo(name: string): SchemaObject {
  return { $ref: `#/components/schemas/${name}` };
}

function schemaOfType(type: ModelType, description: string | undefined): SchemaObject {
  const doc = description ? { description } : {};
  switch (type.kind) {
    case 'string':
    case 'boolean':
      return { ...doc, type: type.kind };
    case 'integer':
    case 'number':
      return { ...doc, type: type.kind, ...(type.format ? { format: type.format } : {}) };
    case 'date-time':
      return { ...doc, type: 'string', format: 'date-time' };
    case 'int-or-string':
      return { ...doc, allOf: [refTo(INT_OR_STRING)] };
    case 'any':
      return { ...doc, 'x-kubernetes-preserve-unknown-fields': true };
    case 'model':
      return { ...doc, default: {}, allOf: [refTo(schemaNameOf(type.model))] };
    case 'array':
      return { ...doc, type: 'array', items: schemaOfType(type.items, undefined) };
    case 'map':
      return { ...doc, type: 'object', additionalProperties: schemaOfType(type.values, undefined) };
  }
}

/** The schema of one model class, tagged with the kinds it is the top level of. */
export function modelSchema(className: string, gvks: readonly Gvk[] = []): SchemaObject {
  const model = findModel(className);
  const docs = readModelDocs(className);
  const properties: Record<string, SchemaObject> = {};
  const required: string[] = [];
  for (const field of model?.fields.values() ?? []) {
    properties[field.name] = schemaOfType(field.type, docs.fields.get(field.tsName));
    if (docs.required.has(field.tsName)) required.push(field.name);
  }
  return {
    ...(docs.description ? { description: docs.description } : {}),
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    ...(gvks.length > 0 ? { 'x-kubernetes-group-version-kind': gvks } : {}),
  };
}

/** Schemas every document carries: IntOrString, Patch, and what they reference. */
function commonSchemas(): Record<string, SchemaObject> {
  return {
    // No description: client-node already gives int-or-string fields this type's text.
    [INT_OR_STRING]: {
      type: 'string',
      format: 'int-or-string',
      'x-kubernetes-int-or-string': true,
    },
    [PATCH_SCHEMA]: { description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.', type: 'object' },
  };
}

/** Schemas of built-in model classes (and everything they reach), keyed by upstream name. */
export function builtinSchemas(roots: ReadonlyArray<{ className: string; gvk: Gvk }>): Record<string, SchemaObject> {
  const gvksByClass = new Map<string, Gvk[]>();
  for (const r of roots) {
    const list = gvksByClass.get(r.className) ?? [];
    if (!list.some((g) => g.group === r.gvk.group && g.version === r.gvk.version && g.kind === r.gvk.kind)) list.push(r.gvk);
    gvksByClass.set(r.className, list);
  }
  const all = new Set<string>();
  for (const r of roots) modelClosure(r.className, all);
  const out = commonSchemas();
  for (const cls of [...all].sort((a, b) => schemaNameOf(a).localeCompare(schemaNameOf(b)))) {
    out[schemaNameOf(cls)] = modelSchema(cls, gvksByClass.get(cls));
  }
  return out;
}

/** The upstream schema name of a custom kind: the group reversed (`com.example.stable.v1.CronTab`). */
export function customSchemaName(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): string {
  return `${info.group.split('.').reverse().join('.')}.${info.version}.${info.kind}`;
}

/** The schema of a custom kind: its CRD schema plus apiVersion, kind and metadata, tagged with its GVK. */
export function customSchema(info: ResourceInfo, schema: CrdSchema | undefined): SchemaObject {
  const base: SchemaObject = schema ? { ...(schema as SchemaObject) } : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const props = (schema?.properties ?? {}) as Record<string, unknown>;
  return {
    ...base,
    type: 'object',
    properties: {
      apiVersion: { description: 'APIVersion defines the versioned schema of this representation of an object.', type: 'string' },
      kind: { description: 'Kind is a string value representing the REST resource this object represents.', type: 'string' },
      metadata: { description: "Standard object's metadata.", allOf: [refTo(`${META}.ObjectMeta`)] },
      ...props,
    },
    'x-kubernetes-group-version-kind': [{ group: info.group, version: info.version, kind: info.kind }],
  };
}

/** Schemas for the custom kinds of one group-version, with ObjectMeta and what it references. */
export function customSchemas(kinds: ReadonlyArray<{ info: ResourceInfo; schema: CrdSchema | undefined }>): Record<string, SchemaObject> {
  const out = builtinSchemas([]);
  const shared = modelClosure('V1ObjectMeta', modelClosure('V1Status'));
  if (kinds.some((k) => k.info.scale)) modelClosure('V1Scale', shared);
  for (const cls of shared) out[schemaNameOf(cls)] = modelSchema(cls);
  for (const k of kinds) out[customSchemaName(k.info)] = customSchema(k.info, k.schema);
  return out;
}
