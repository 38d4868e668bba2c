// Server-side field validation of built-in kinds (`fieldValidation=Strict|Warn`): finds the
// fields of a request body that the kind's schema does not know, with the API server's paths
// (`spec.template.spec.containers[0].bogus`), and drops them as decoding into the Go types does
// in every mode. Custom resources are checked by CRD pruning instead; duplicate JSON fields
// cannot be seen once a body is parsed.

import { findModel, modelOfKind, type ModelType } from './builtin-models.ts';
import type { ResourceInfo } from './resources.ts';

/** Fields every object has whatever its schema says. */
const TYPE_META = new Set(['apiVersion', 'kind']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether values of a type can hold fields (scalars and free-form values hold none to check). */
function holdsFields(type: ModelType): boolean {
  return type.kind === 'model' || type.kind === 'array' || type.kind === 'map';
}

/** The API server's path of a field from the segments walked (`spec`, `containers`, `[0]`, `bogus`). */
function formatPath(segments: readonly string[]): string {
  let out = '';
  for (const segment of segments) out += out === '' || segment.startsWith('[') ? segment : `.${segment}`;
  return out;
}

/** A model's fields for the walk: each known name with the type to walk below it (null: nothing to check there). */
type FieldTable = ReadonlyMap<string, ModelType | null>;

const fieldTables = new Map<string, FieldTable | null>();

function findFieldTable(className: string): FieldTable | undefined {
  let table = fieldTables.get(className);
  if (table === undefined) {
    const model = findModel(className);
    table = model ? new Map([...model.fields].map(([name, field]) => [name, holdsFields(field.type) ? field.type : null])) : null;
    fieldTables.set(className, table);
  }
  return table ?? undefined;
}

/** Collects (and with `drop` deletes) the unknown fields below `value`; `path` is the segments walked so far. */
function walk(value: unknown, type: ModelType, path: string[], out: string[], drop: boolean): void {
  switch (type.kind) {
    case 'model': {
      if (!isPlainObject(value)) return;
      const table = findFieldTable(type.model);
      if (!table) return;
      // for-in over a plain object visits its own keys (none are inherited) without a key list; deleting the current one is safe.
      for (const key in value) {
        const child = table.get(key);
        if (child === null) continue;
        if (child !== undefined) {
          path.push(key);
          walk(value[key], child, path, out, drop);
          path.pop();
        } else if (!(path.length === 0 && TYPE_META.has(key))) {
          out.push(formatPath([...path, key]));
          if (drop) delete value[key];
        }
      }
      return;
    }
    case 'array':
      if (!Array.isArray(value) || !holdsFields(type.items)) return;
      for (let i = 0; i < value.length; i++) {
        path.push(`[${i}]`);
        walk(value[i], type.items, path, out, drop);
        path.pop();
      }
      return;
    case 'map':
      if (!isPlainObject(value) || !holdsFields(type.values)) return;
      for (const key in value) {
        path.push(key);
        walk(value[key], type.values, path, out, drop);
        path.pop();
      }
      return;
    default:
      // Scalars, int-or-string, timestamps and free-form (`any`) values hold no fields to check.
      return;
  }
}

const kindModels = new Map<string, string | null>();

/** The model class of a built-in kind, or undefined (custom resources, kinds without a model). */
function findKindModel(info: Pick<ResourceInfo, 'apiVersion' | 'kind' | 'custom'>): string | undefined {
  if (info.custom) return undefined;
  const key = `${info.apiVersion}/${info.kind}`;
  let name = kindModels.get(key);
  if (name === undefined) kindModels.set(key, (name = modelOfKind(info.apiVersion, info.kind) ?? null));
  return name ?? undefined;
}

/**
 * The paths of the fields in `obj` that the schema of its kind does not know, in document
 * order (`spec.bogusField`, `spec.template.spec.containers[0].bogus`). Empty for custom
 * resources and for kinds without a known schema.
 */
export function checkUnknownFields(obj: unknown, info: Pick<ResourceInfo, 'apiVersion' | 'kind' | 'custom'>): string[] {
  const className = findKindModel(info);
  if (!className) return [];
  const out: string[] = [];
  walk(obj, { kind: 'model', model: className }, [], out, false);
  return out;
}

/**
 * Removes, in place, the fields checkUnknownFields() names (what decoding a body into the kind's
 * Go type leaves out), and returns their paths. With `only`, just that top-level field is walked
 * (a /status write, whose other fields are the stored ones).
 */
export function dropUnknownFields(obj: Record<string, unknown>, info: Pick<ResourceInfo, 'apiVersion' | 'kind' | 'custom'>, only?: string): string[] {
  const className = findKindModel(info);
  if (!className) return [];
  const out: string[] = [];
  if (only === undefined) {
    walk(obj, { kind: 'model', model: className }, [], out, true);
    return out;
  }
  const child = findFieldTable(className)?.get(only);
  if (child && obj[only] !== undefined) walk(obj[only], child, [only], out, true);
  return out;
}

/** The `Warning` header values (fieldValidation=Warn) for unknown fields: `299 - "unknown field \"spec.x\""`. */
export function formatUnknownFieldWarnings(paths: readonly string[]): string[] {
  return paths.map((p) => `299 - ${JSON.stringify(`unknown field ${JSON.stringify(p)}`)}`);
}
