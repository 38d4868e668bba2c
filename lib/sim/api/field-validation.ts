// Server-side field validation of built-in kinds (`fieldValidation=Strict|Warn`): finds the
// fields of a request body that the kind's schema does not know, with the API server's paths
// (`spec.template.spec.containers[0].bogus`). Custom resources are checked by CRD pruning
// instead; duplicate JSON fields cannot be seen once a body is parsed.

import { findModel, modelOfKind, type ModelType } from './builtin-models.ts';
import type { ResourceInfo } from './resources.ts';

/** Fields every object has whatever its schema says. */
const TYPE_META = new Set(['apiVersion', 'kind']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(value: unknown, type: ModelType, path: string, out: string[]): void {
  switch (type.kind) {
    case 'model': {
      if (!isPlainObject(value)) return;
      const model = findModel(type.model);
      if (!model) return;
      for (const [key, child] of Object.entries(value)) {
        const field = model.fields.get(key);
        const childPath = path === '' ? key : `${path}.${key}`;
        if (field) walk(child, field.type, childPath, out);
        else if (!(path === '' && TYPE_META.has(key))) out.push(childPath);
      }
      return;
    }
    case 'array':
      if (Array.isArray(value)) value.forEach((item, i) => walk(item, type.items, `${path}[${i}]`, out));
      return;
    case 'map':
      if (isPlainObject(value)) for (const [key, child] of Object.entries(value)) walk(child, type.values, `${path}.${key}`, out);
      return;
    default:
      // Scalars, int-or-string, timestamps and free-form (`any`) values hold no fields to check.
      return;
  }
}

/**
 * The paths of the fields in `obj` that the schema of its kind does not know, in document
 * order (`spec.bogusField`, `spec.template.spec.containers[0].bogus`). Empty for custom
 * resources and for kinds without a known schema.
 */
export function checkUnknownFields(obj: unknown, info: Pick<ResourceInfo, 'apiVersion' | 'kind' | 'custom'>): string[] {
  if (info.custom) return [];
  const className = modelOfKind(info.apiVersion, info.kind);
  if (!className) return [];
  const out: string[] = [];
  walk(obj, { kind: 'model', model: className }, '', out);
  return out;
}

/** The `Warning` header values (fieldValidation=Warn) for unknown fields: `299 - "unknown field \"spec.x\""`. */
export function formatUnknownFieldWarnings(paths: readonly string[]): string[] {
  return paths.map((p) => `299 - ${JSON.stringify(`unknown field ${JSON.stringify(p)}`)}`);
}
