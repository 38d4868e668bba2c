// Kubernetes strategic merge patch (`application/strategic-merge-patch+json`) as the API server
// applies it: keyed lists merge by their merge key, `null` deletes, and the `$patch`,
// `$retainKeys`, `$setElementOrder/…` and `$deleteFromPrimitiveList/…` directives are honoured.
// Schema facts come from merge-keys.ts; kinds it does not know fall back to JSON merge patch.

import type { JsonValue } from '../../../k8s/types.ts';
import { resolveFieldSchema, supportsStrategicMerge, type KindRef } from './merge-keys.ts';
import { applyMergePatch } from './merge-patch.ts';
import { cloneJson, formatGoValue, isDeepEqual, isJsonObject, type JsonObject } from './json-utils.ts';
import { badPatchRequest, PatchError } from './patch-error.ts';

/** Which kind the patched object is: decides the merge keys. */
export type StrategicMergeOptions = KindRef;

const SET_ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';

type Context = KindRef;

/**
 * Applies a strategic merge patch and returns the result; the inputs are not changed. For kinds
 * without strategic merge support (custom resources) it applies the patch as a JSON merge patch;
 * check supportsStrategicMerge() first to answer 415 as a real server does.
 * @example applyStrategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } }, { apiVersion: 'apps/v1', kind: 'Deployment' })
 */
export function applyStrategicMergePatch(original: JsonValue, patch: JsonValue, options: StrategicMergeOptions): JsonValue {
  if (!isJsonObject(patch)) {
    const type = Array.isArray(patch) ? 'array' : patch === null ? 'null' : typeof patch;
    throw badPatchRequest(`json: cannot unmarshal ${type} into Go value of type map[string]interface {}`);
  }
  if (!supportsStrategicMerge(options.apiVersion, options.kind)) return applyMergePatch(original, patch);
  const ctx: Context = { apiVersion: options.apiVersion, kind: options.kind };
  return mergeMap(isJsonObject(original) ? cloneJson(original) : undefined, cloneJson(patch), ctx, []);
}

function mergeMap(original: JsonObject | undefined, patch: JsonObject, ctx: Context, path: string[]): JsonObject {
  const directive = patch.$patch;
  if (directive !== undefined) {
    if (directive === 'replace') {
      const { $patch: _, ...rest } = patch;
      return mergeMap(undefined, rest, ctx, path);
    }
    if (directive === 'delete') return {};
    if (directive !== 'merge') throw unknownPatchType(directive, patch);
  }
  const result: JsonObject = original ? { ...original } : {};
  applyRetainKeys(result, patch);
  for (const [key, values] of Object.entries(patch)) {
    if (!key.startsWith(DELETE_FROM)) continue;
    const list = key.slice(DELETE_FROM.length);
    if (!Array.isArray(values)) throw badPatchRequest('invalid patch format of primitive list');
    const current = result[list];
    if (Array.isArray(current)) result[list] = current.filter((item) => !values.some((v) => isDeepEqual(v, item)));
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete result[key];
      continue;
    }
    result[key] = mergeValue(result[key], value, ctx, [...path, key]);
  }
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const list = key.slice(SET_ORDER.length);
    if (!Array.isArray(order)) throw badPatchRequest('invalid patch format of setElementOrder list');
    const current = result[list];
    if (Array.isArray(current)) result[list] = orderList(current, order, mergeKeyOf(ctx, [...path, list]), original?.[list]);
  }
  return result;
}

function applyRetainKeys(result: JsonObject, patch: JsonObject): void {
  const retain = patch.$retainKeys;
  if (retain === undefined) return;
  if (!Array.isArray(retain) || !retain.every((k) => typeof k === 'string')) {
    throw badPatchRequest('invalid patch format of retainKeys');
  }
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith('$') && value !== null && !retain.includes(key)) {
      throw new PatchError("patch content doesn't match retainKeys list", { code: 422, reason: 'Invalid' });
    }
  }
  for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
}

function mergeValue(original: JsonValue | undefined, patch: JsonValue, ctx: Context, path: string[]): JsonValue {
  if (isJsonObject(patch)) return mergeMap(isJsonObject(original) ? original : undefined, patch, ctx, path);
  if (!Array.isArray(patch)) return patch;
  const base = Array.isArray(original) ? original : [];
  const { list } = resolveFieldSchema(ctx.apiVersion, ctx.kind, path);
  if (list.type === 'map') return mergeKeyedList(base, patch, list.mergeKey, ctx, path);
  if (list.type === 'set') return [...base, ...patch.filter((item, i) => !base.some((b) => isDeepEqual(b, item)) && patch.findIndex((p) => isDeepEqual(p, item)) === i)];
  return patch.filter((item) => !(isJsonObject(item) && '$patch' in item)).map((item) => (isJsonObject(item) ? mergeMap(undefined, item, ctx, path) : item));
}

function mergeKeyedList(original: JsonValue[], patch: JsonValue[], mergeKey: string, ctx: Context, path: string[]): JsonValue[] {
  if (patch.some((item) => isJsonObject(item) && item.$patch === 'replace')) {
    return patch.filter((item) => !(isJsonObject(item) && item.$patch === 'replace')).map((item) => mergeValue(undefined, item, ctx, path));
  }
  const result = [...original];
  for (const item of patch) {
    if (!isJsonObject(item)) {
      if (!result.some((r) => isDeepEqual(r, item))) result.push(item);
      continue;
    }
    const directive = item.$patch;
    if (directive !== undefined && directive !== 'delete' && directive !== 'merge') throw unknownPatchType(directive, item);
    const key = item[mergeKey];
    if (key === undefined) {
      throw new PatchError(`map: ${formatGoValue(item)} does not contain declared merge key: ${mergeKey}`, { code: 500, reason: '' });
    }
    const matches = (candidate: JsonValue): boolean => isJsonObject(candidate) && isDeepEqual(candidate[mergeKey], key);
    if (directive === 'delete') {
      for (let i = result.length - 1; i >= 0; i--) if (matches(result[i]!)) result.splice(i, 1);
      continue;
    }
    const at = result.findIndex(matches);
    if (at >= 0) result[at] = mergeMap(result[at] as JsonObject, item, ctx, path);
    else result.push(mergeMap(undefined, item, ctx, path));
  }
  return result;
}

function mergeKeyOf(ctx: Context, path: string[]): string | undefined {
  const { list } = resolveFieldSchema(ctx.apiVersion, ctx.kind, path);
  return list.type === 'map' ? list.mergeKey : undefined;
}

/**
 * Orders a merged list by `$setElementOrder`: listed items in that order, and items only the
 * server had stay right after the item that preceded them before.
 */
function orderList(merged: JsonValue[], order: JsonValue[], mergeKey: string | undefined, original: JsonValue | undefined): JsonValue[] {
  const identity = (item: JsonValue | undefined): JsonValue | undefined =>
    mergeKey !== undefined && isJsonObject(item) ? item[mergeKey] : item;
  const wanted = order.map(identity);
  const indexIn = (list: JsonValue[], id: JsonValue | undefined): number => list.findIndex((item) => isDeepEqual(identity(item), id));
  const listed = merged.filter((item) => wanted.some((id) => isDeepEqual(id, identity(item))));
  listed.sort((a, b) => indexIn(order, identity(a)) - indexIn(order, identity(b)));
  const before = Array.isArray(original) ? original : [];
  const output = [...listed];
  for (const item of merged) {
    if (listed.includes(item)) continue;
    const was = indexIn(before, identity(item));
    let insertAt = was < 0 ? output.length : 0;
    for (let j = was - 1; j >= 0; j--) {
      const pos = indexIn(output, identity(before[j]));
      if (pos >= 0) {
        insertAt = pos + 1;
        break;
      }
    }
    output.splice(insertAt, 0, item);
  }
  return output;
}

function unknownPatchType(directive: JsonValue, map: JsonObject): PatchError {
  return badPatchRequest(`unknown patch type: ${formatGoValue(directive)} in map: ${formatGoValue(map)}`);
}
