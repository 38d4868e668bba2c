// Request bodies as the API server decodes them: the copy a write works on (never of the sent
// managedFields), the parts of a PUT body an update uses, decoding into a built-in kind's type
// (unknown fields dropped; Strict and Warn answers), and the typed check of an apply body
// (unknown fields refused as structured-merge-diff does). No admission or storage here.

import { splitApiVersion } from '../../k8s/kinds.ts';
import type { JsonValue, KubeObject } from '../../k8s/types.ts';
import { badRequest, internalError } from '../errors.ts';
import { copyPlainJsonFrozen } from '../store/freeze.ts';
import { formatStrictDecodingError } from './crd.ts';
import { checkUnknownFields, dropUnknownFields, formatUnknownFieldWarnings } from './field-validation.ts';
import { formatFieldPath, type PathElement } from './patch/field-set.ts';
import { cloneJson, isJsonObject } from './patch/json-utils.ts';
import { listItemElement } from './patch/list-item-element.ts';
import { findSchemaChild, findSchemaRoot, type SchemaCursor } from './patch/merge-keys.ts';
import { fieldElement } from './patch/object-fields.ts';
import type { PatchOptions, WriteOptions } from './request-types.ts';
import type { ResourceInfo } from './resources.ts';
import { pendingManagedFieldsDepth } from '../store/lazy-managed-fields.ts';

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
  // Sent managedFields are never used here; a pending list (see lazy-managed-fields.ts) is left unread.
  if (metadata && typeof metadata === 'object' && !Array.isArray(metadata) && Object.hasOwn(metadata, 'managedFields') && (pendingManagedFieldsDepth(metadata) > 0 || metadata.managedFields !== undefined)) {
    const copy: Record<string, unknown> = {};
    for (const key in metadata) if (key !== 'managedFields') copy[key] = (metadata as Record<string, unknown>)[key];
    metadata = copy as typeof metadata;
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
 * decodeBody() of a /status write's used body (see selectUsedBody) when its status is plain JSON
 * whose every field the kind's type knows: the status is copied deep-frozen in one walk (the store
 * adopts it as it is), and decoding it into the type (decodeTyped) would drop nothing. Undefined
 * for any other body, which takes decodeBody(). Only for kinds whose admission never changes a
 * status write's status (built-in kinds: see ApiServer.mayAdopt).
 */
export function decodeFrozenStatusBody(body: KubeObject, info: ResourceInfo, requestNamespace: string | undefined): KubeObject | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const status = (body as Obj).status as unknown;
  if (status === null || typeof status !== 'object' || Array.isArray(status)) return undefined;
  const frozen = copyPlainJsonFrozen(status);
  if (frozen === undefined || checkUnknownFields({ status: frozen }, info).length > 0) return undefined;
  // The rest is copied as decodeBody() copies it, the status's place kept by a placeholder.
  const obj = decodeBody({ ...body, status: null } as KubeObject, info, requestNamespace) as Obj;
  obj.status = frozen;
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

/**
 * Checks an apply body of a built-in kind as structured-merge-diff types it before merging: an
 * unknown field is a 500 without a reason in every fieldValidation mode (kube-apiserver 1.32;
 * kubernetes/kubernetes#122480). Returns the body unchanged; custom resources are pruned later.
 */
export function decodeApplyBody(info: ResourceInfo, body: unknown, options: PatchOptions): unknown {
  if (info.custom || info.kind === 'CustomResourceDefinition' || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const applied = body as KubeObject;
  // What computeApplied() refuses first (no field manager, another kind or version, sent managedFields) keeps its own answer.
  if (!options.fieldManager || applied.apiVersion !== info.apiVersion || applied.kind !== info.kind) return body;
  const managedFields = (applied.metadata as Obj | undefined)?.managedFields;
  if (managedFields !== undefined && managedFields !== null) return body;
  const unknown = checkUnknownFields(body, info);
  if (unknown.length > 0) throw internalError(formatTypedPatchError(info, applied, describeUnknownFields(applied, info, unknown)));
  return body;
}

/** `failed to create typed patch object (shop/web; apps/v1, Kind=Deployment): .spec.bogus: field not declared in schema`. */
function formatTypedPatchError(info: ResourceInfo, applied: KubeObject, errors: readonly string[]): string {
  const meta = (applied.metadata ?? {}) as Obj;
  const name = typeof meta.name === 'string' ? meta.name : '';
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : '';
  const { group, version } = splitApiVersion(info.apiVersion);
  // SMD's ValidationErrors: one alone as it is, several under `errors:`, one per line.
  const detail = errors.length === 1 ? errors[0]! : ['errors:', ...errors.map((e) => `  ${e}`)].join('\n');
  return `failed to create typed patch object (${namespace}/${name}; ${group}/${version}, Kind=${info.kind}): ${detail}`;
}

/**
 * The errors structured-merge-diff reports for the unknown fields checkUnknownFields() found
 * (`spec.template.spec.containers[0].bogus`), with its paths (`.spec.template.spec.containers[name="web"].bogus`).
 * Its walk stops at a map's first unknown field, so later fields of that map go unreported; its
 * map order is Go's (random), this walk's is the document's.
 */
function describeUnknownFields(body: KubeObject, info: ResourceInfo, unknown: readonly string[]): string[] {
  const out: string[] = [];
  visitUnknownFields(body as unknown as JsonValue, findSchemaRoot(info.apiVersion, info.kind), '', [], new Set(unknown), out);
  // A path the walk cannot follow (a map key holding a dot) is still reported, as found.
  return out.length > 0 ? out : unknown.map((p) => `.${p}: field not declared in schema`);
}

/** Whether an unknown field is at or below `at` (a checkUnknownFields() path). */
function holdsUnknownField(unknown: ReadonlySet<string>, at: string): boolean {
  if (at === '') return true;
  for (const path of unknown) {
    if (path.startsWith(at) && (path.length === at.length || path[at.length] === '.' || path[at.length] === '[')) return true;
  }
  return false;
}

function visitUnknownFields(value: JsonValue, cursor: SchemaCursor, at: string, path: PathElement[], unknown: ReadonlySet<string>, out: string[]): void {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const itemAt = `${at}[${index}]`;
      if (!holdsUnknownField(unknown, itemAt)) continue;
      const item = value[index]!;
      path.push(listItemElement(item, index, cursor.schema.list) ?? `i:${index}`);
      visitUnknownFields(item, cursor, itemAt, path, unknown, out);
      path.pop();
    }
    return;
  }
  if (!isJsonObject(value)) return;
  for (const key of Object.keys(value)) {
    const fieldAt = at === '' ? key : `${at}.${key}`;
    path.push(fieldElement(key));
    if (unknown.has(fieldAt)) {
      out.push(`${formatFieldPath(path)}: field not declared in schema`);
      path.pop();
      return;
    }
    if (holdsUnknownField(unknown, fieldAt)) visitUnknownFields(value[key]!, findSchemaChild(cursor, key), fieldAt, path, unknown, out);
    path.pop();
  }
}
