// Request bodies as the API server decodes them: the copy a write works on (never of the sent
// managedFields), the parts of a PUT body an update uses, and decoding into a built-in kind's
// type (unknown fields dropped; Strict and Warn answers). No admission or storage here.

import type { KubeObject } from '../../k8s/types.ts';
import { badRequest } from '../errors.ts';
import { formatStrictDecodingError } from './crd.ts';
import { checkUnknownFields, dropUnknownFields, formatUnknownFieldWarnings } from './field-validation.ts';
import { cloneJson } from './patch/json-utils.ts';
import type { PatchOptions, WriteOptions } from './request-types.ts';
import type { ResourceInfo } from './resources.ts';

type Obj = Record<string, any>;

/** A deep copy of a body, but for metadata.managedFields (shared: see decodeBody). Key order is kept. */
function copyBody(input: KubeObject): KubeObject {
  const metadata = input.metadata as unknown;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata) || !Object.hasOwn(metadata, 'managedFields')) return cloneJson(input);
  const { managedFields } = metadata as Obj;
  // Copies the rest with a placeholder (cloneJson keeps key order and odd keys), then puts the entries back in their place.
  const out = cloneJson({ ...input, metadata: { ...metadata, managedFields: null } }) as Obj;
  out.metadata.managedFields = managedFields;
  return out as KubeObject;
}

/**
 * The parts of a PUT body an update uses, so that only those are copied: never the sent
 * metadata.managedFields (the stored ones are kept), and for a /status write only status.
 */
export function selectUsedBody(input: KubeObject, statusOnly: boolean): KubeObject {
  if (!input || typeof input !== 'object') return input;
  let metadata = input.metadata;
  if (statusOnly && metadata && typeof metadata === 'object' && !Array.isArray(metadata)) {
    // A /status write keeps the stored metadata: only the identity and preconditions of the sent one count.
    const { name, namespace, uid, resourceVersion } = metadata;
    return { apiVersion: input.apiVersion, kind: input.kind, metadata: { name, namespace, uid, resourceVersion }, status: (input as Obj).status } as KubeObject;
  }
  if (metadata && typeof metadata === 'object' && !Array.isArray(metadata) && metadata.managedFields !== undefined) {
    metadata = { ...metadata };
    delete metadata.managedFields;
  }
  if (statusOnly) return { apiVersion: input.apiVersion, kind: input.kind, metadata, status: (input as Obj).status } as KubeObject;
  return metadata === input.metadata ? input : { ...input, metadata };
}

/**
 * Copies a request body (`owned`: takes it as it is, a copy of the caller's own) and checks its
 * namespace against the request's. metadata.managedFields is never copied: no write changes
 * the entries it is sent, and stored (frozen) ones stay what the decoded-set cache knows.
 */
export function decodeBody(input: KubeObject, info: ResourceInfo, requestNamespace: string | undefined, owned = false): KubeObject {
  if (!input || typeof input !== 'object') throw badRequest('the request body must be an object');
  const obj = (owned ? { ...input } : copyBody(input)) as Obj;
  obj.metadata = obj.metadata && typeof obj.metadata === 'object' ? obj.metadata : {};
  const meta = obj.metadata as Obj;
  // Go's `omitempty`: empty lists and maps of ObjectMeta are not stored.
  for (const field of ['labels', 'annotations', 'finalizers', 'ownerReferences']) {
    const value = meta[field];
    if (value !== null && typeof value === 'object' && Object.keys(value).length === 0) delete meta[field];
  }
  if (info.namespaced) {
    const ns = requestNamespace ?? meta.namespace ?? 'default';
    if (meta.namespace && meta.namespace !== ns) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = ns;
  } else {
    delete meta.namespace;
  }
  return obj as KubeObject;
}

/**
 * Decodes a body into a built-in kind's type: its unknown fields are a 400 under
 * fieldValidation=Strict, a warning under Warn, and dropped in every mode. With `only`, just
 * that top-level field is the request's (a /status write keeps the stored rest).
 */
export function decodeTyped(info: ResourceInfo, obj: KubeObject, options: WriteOptions, only?: string): void {
  if (options.fieldValidation === 'Strict') {
    const unknown = only === undefined ? checkUnknownFields(obj, info) : checkUnknownFields({ [only]: (obj as Obj)[only] }, info);
    if (unknown.length > 0) throw badRequest(formatStrictDecodingError(info, unknown));
  }
  const dropped = dropUnknownFields(obj as Obj, info, only);
  if (dropped.length > 0 && options.fieldValidation === 'Warn') options.warnings?.push(...formatUnknownFieldWarnings(dropped));
}

/** An apply body decoded into a built-in kind's type (see decodeTyped()): a copy without unknown fields, or the body when it has none. */
export function decodeApplyBody(info: ResourceInfo, body: unknown, options: PatchOptions): unknown {
  if (info.custom || info.kind === 'CustomResourceDefinition' || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const applied = body as KubeObject;
  // A body of another kind is refused by computeApplied() with its own message.
  if (applied.apiVersion !== info.apiVersion || applied.kind !== info.kind || checkUnknownFields(body, info).length === 0) return body;
  const decoded = cloneJson(applied);
  decodeTyped(info, decoded, options);
  return decoded;
}
