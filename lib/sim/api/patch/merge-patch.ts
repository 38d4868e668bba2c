// RFC 7386 JSON merge patch (`application/merge-patch+json`): objects merge key by key, `null`
// deletes a key, anything else (lists included) replaces. Pure and schema-free; lists are never
// merged here (that is strategic merge patch's job).

import type { JsonValue } from '../../../k8s/types.ts';
import { cloneJson, isJsonObject, type JsonObject } from './json-utils.ts';

/**
 * Applies a JSON merge patch to a document and returns the result; the inputs are not changed.
 * @example applyMergePatch(configMap, { data: { LOG_LEVEL: 'debug', OLD_KEY: null } })
 */
export function applyMergePatch(document: JsonValue | undefined, patch: JsonValue): JsonValue {
  return mergeInto(cloneJson(document), cloneJson(patch));
}

function mergeInto(document: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return patch;
  const result: JsonObject = isJsonObject(document) ? { ...document } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = mergeInto(result[key], value);
    }
  }
  return result;
}
