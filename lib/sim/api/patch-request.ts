// The patch half of the API server's PATCH handling: computing the patched object for each patch
// type (JSON, merge, strategic merge, server-side apply) with the checks a real server makes on
// the request, and translating the patch engine's errors into Status errors. No storage here.

import { splitApiVersion } from '../../k8s/kinds.ts';
import type { JsonValue, KubeObject } from '../../k8s/types.ts';
import { badRequest, invalid, StatusError, unsupportedMediaType } from '../errors.ts';
import { applyJsonPatch } from './patch/json-patch.ts';
import { supportsStrategicMerge } from './patch/merge-keys.ts';
import { applyMergePatch } from './patch/merge-patch.ts';
import { JSON_PATCH_REJECTED_MESSAGE, PatchError } from './patch/patch-error.ts';
import { ApplyConflictError, applyPatch } from './patch/server-side-apply.ts';
import { applyStrategicMergePatch } from './patch/strategic-merge-patch.ts';
import type { ObjectKey, PatchOptions, PatchType } from './request-types.ts';
import type { ResourceInfo } from './resources.ts';

/** The object a JSON, merge or strategic merge patch makes of `current`. */
export function computePatched(current: KubeObject, type: Exclude<PatchType, 'apply'>, body: unknown, info: ResourceInfo, key: ObjectKey): KubeObject {
  if (type === 'strategic' && (info.custom || !supportsStrategicMerge(info.apiVersion, info.kind))) {
    throw unsupportedMediaType(['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
  }
  const doc = current as unknown as JsonValue;
  let patched: JsonValue;
  try {
    if (type === 'json') patched = applyJsonPatch(doc, body);
    else if (type === 'merge') patched = applyMergePatch(doc, asJsonBody(body));
    else patched = applyStrategicMergePatch(doc, body as JsonValue, { apiVersion: info.apiVersion, kind: info.kind });
  } catch (err) {
    throw toStatusError(err, info, key.name);
  }
  const next = patched as unknown as KubeObject;
  if (!next || typeof next !== 'object' || Array.isArray(next)) throw badRequest('the patch must produce an object');
  checkName(next, info, key);
  return next;
}

/** The object a server-side apply makes of `live` (undefined: it creates), with its managedFields. */
export function computeApplied(live: KubeObject | undefined, body: unknown, info: ResourceInfo, key: ObjectKey, options: PatchOptions & { now: string }): KubeObject {
  const manager = options.fieldManager;
  if (!manager) {
    throw invalid('PatchOptions', 'meta.k8s.io', '', [{ field: 'fieldManager', reason: 'FieldValueRequired', message: 'Required value: is required for apply patch' }]);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the apply patch must be an object');
  const applied = body as KubeObject;
  if (applied.apiVersion !== info.apiVersion) {
    throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${applied.apiVersion ?? ''}, expected: ${info.apiVersion}`);
  }
  if (applied.kind !== info.kind) {
    throw badRequest(`apply patch kind ${JSON.stringify(applied.kind ?? '')} does not match the request's kind ${JSON.stringify(info.kind)}`);
  }
  checkName(applied, info, key);
  try {
    return applyPatch(live, { ...applied, metadata: { ...applied.metadata, name: key.name } }, {
      manager,
      force: options.force ?? false,
      apiVersion: info.apiVersion,
      kind: info.kind,
      now: options.now,
      ...(options.subresource ? { subresource: options.subresource } : {}),
      statusSubresource: info.hasStatus,
    }).object;
  } catch (err) {
    throw toStatusError(err, info, key.name);
  }
}

/**
 * Whether a JSON, merge or strategic merge patch may change metadata.managedFields (or read it,
 * as a JSON patch `test` or `copy` does). When it may not, the patch can run on the object with
 * the managedFields left out and the stored ones put back after.
 */
export function mayTouchManagedFields(type: Exclude<PatchType, 'apply'>, body: unknown): boolean {
  if (type === 'json') {
    if (!Array.isArray(body)) return true;
    const touches = (pointer: unknown): boolean => typeof pointer !== 'string' || pointer === '' || pointer === '/metadata' || pointer.startsWith('/metadata/managedFields');
    return body.some((op) => op === null || typeof op !== 'object' || touches((op as Record<string, unknown>).path) || ('from' in op && touches((op as Record<string, unknown>).from)));
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return true;
  // A strategic merge patch's directives (`$patch`, `$retainKeys`, ...) may act on a whole map.
  const directive = (map: object): boolean => type === 'strategic' && Object.keys(map).some((k) => k.startsWith('$'));
  if (directive(body)) return true;
  if (!Object.hasOwn(body, 'metadata')) return false;
  const metadata = (body as Record<string, unknown>).metadata;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return true;
  return Object.hasOwn(metadata, 'managedFields') || directive(metadata);
}

/** A patched object must keep the name and namespace of the request (the patch handler's checkName). */
function checkName(obj: KubeObject, info: ResourceInfo, key: ObjectKey): void {
  const name = obj.metadata?.name;
  if (name !== undefined && name !== key.name) {
    throw badRequest(`the name of the object (${name}) does not match the name on the URL (${key.name})`);
  }
  const namespace = obj.metadata?.namespace;
  const requested = info.namespaced ? key.namespace || 'default' : '';
  if (requested && namespace && namespace !== requested) {
    throw badRequest(`the namespace of the object (${namespace}) does not match the namespace on the URL (${requested})`);
  }
}

function asJsonBody(body: unknown): JsonValue {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the patch body must be a JSON object');
  return body as JsonValue;
}

/** Turns the patch engine's errors into the Status a real server sends. */
function toStatusError(err: unknown, info: ResourceInfo, name: string): StatusError {
  if (err instanceof StatusError) return err;
  if (err instanceof ApplyConflictError) {
    return new StatusError(
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: err.message,
        reason: 'Conflict',
        // errors.NewApplyConflict: the details carry only the causes.
        details: { causes: err.causes.map((c) => ({ ...c })) },
        code: 409,
      },
      { hint: 'Re-run with --force-conflicts to take these fields, or stop setting them' },
    );
  }
  if (err instanceof PatchError) {
    const reason = err.reason === '' ? 'InternalError' : err.reason;
    // A 422 from applying a patch is a generic server response: a fixed message, the detail in a cause.
    const unprocessable = err.reason === 'Invalid';
    return new StatusError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: unprocessable ? JSON_PATCH_REJECTED_MESSAGE : err.message,
      reason,
      ...(unprocessable ? { details: { causes: [{ reason: 'UnexpectedServerResponse', message: err.message }] } } : {}),
      code: err.code,
    });
  }
  const { group } = splitApiVersion(info.apiVersion);
  return badRequest(`${group ? `${info.kind}.${group}` : info.kind} "${name}": ${err instanceof Error ? err.message : String(err)}`);
}
