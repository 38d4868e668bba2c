// Kubernetes API errors of the simulated cluster: a StatusError carries the exact `Status` body a
// real API server sends (reason, code, details, wording), built by one helper per reason.
// This module only builds errors; it does not decide when to raise them or serve them over HTTP.

import { ShipshapeError } from '../k8s/errors.ts';

/** `Status.reason` values the simulation uses (metav1.StatusReason). */
export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Expired'
  | 'Gone'
  | 'Forbidden'
  | 'Unauthorized'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'NotAcceptable'
  | 'Timeout'
  | 'TooManyRequests'
  | 'RequestEntityTooLarge'
  | 'InternalError';

/** Field error types, sent as `details.causes[].reason` (field.ErrorType's CauseType). */
export type CauseType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'InternalError'
  | 'FieldManagerConflict'
  | 'ResourceVersionTooLarge'
  | 'UnexpectedServerResponse';

/** One cause in `Status.details.causes`. */
export interface StatusCause {
  reason?: CauseType | string;
  message?: string;
  field?: string;
}

/** `Status.details`: which object failed and why; `kind` holds the resource plural for most reasons. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The `Status` body of a failed request, as the API server sends it. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { continue?: string; resourceVersion?: string };
  status: 'Failure';
  message: string;
  reason: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** An API error carrying its Kubernetes `Status`; the message is the Status message. */
export class StatusError extends ShipshapeError {
  readonly status: Status;
  constructor(status: Status, options?: { cause?: unknown; hint?: string }) {
    super(status.message, options);
    this.status = status;
  }
  /** The HTTP status code, e.g. 404. */
  get code(): number {
    return this.status.code;
  }
  /** The Status reason, e.g. `NotFound`. */
  get reason(): StatusReason {
    return this.status.reason;
  }
}

/** True when `error` is a StatusError, optionally with the given reason. */
export function isStatusError(error: unknown, reason?: StatusReason): error is StatusError {
  return error instanceof StatusError && (reason === undefined || error.status.reason === reason);
}

/** A field problem for `invalid()`: `message` is the body after the field (`Invalid value: -1: …`). */
export interface FieldCause {
  readonly field: string;
  readonly reason: CauseType;
  readonly message: string;
}

/** `deployments.apps`, or `pods` for the core group (schema.GroupResource.String()). */
export function qualifyResource(resource: string, group: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

function buildStatus(code: number, reason: StatusReason, message: string, details?: StatusDetails): Status {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) status.details = details;
  return status;
}

function describeTarget(resource: string, group: string, name?: string): StatusDetails {
  const details: StatusDetails = {};
  if (name) details.name = name;
  if (group) details.group = group;
  if (resource) details.kind = resource;
  return details;
}

/** 404: `deployments.apps "web" not found`. */
export function notFound(resource: string, group: string, name: string): StatusError {
  const message = `${qualifyResource(resource, group)} "${name}" not found`;
  return new StatusError(buildStatus(404, 'NotFound', message, describeTarget(resource, group, name)));
}

/** 409: `deployments.apps "web" already exists`. */
export function alreadyExists(resource: string, group: string, name: string): StatusError {
  const message = `${qualifyResource(resource, group)} "${name}" already exists`;
  return new StatusError(buildStatus(409, 'AlreadyExists', message, describeTarget(resource, group, name)));
}

/** The optimistic-lock detail of a Conflict (storage.OptimisticLockErrorMsg). */
export const OPTIMISTIC_LOCK_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

/** 409: `Operation cannot be fulfilled on deployments.apps "web": <detail>` (default: optimistic lock). */
export function conflict(resource: string, group: string, name: string, detail: string = OPTIMISTIC_LOCK_MESSAGE, causes?: StatusCause[]): StatusError {
  const message = `Operation cannot be fulfilled on ${qualifyResource(resource, group)} "${name}": ${detail}`;
  const details = describeTarget(resource, group, name);
  if (causes && causes.length > 0) details.causes = causes;
  return new StatusError(buildStatus(409, 'Conflict', message, details));
}

/** 409 from server-side apply: the message is given whole (`Apply failed with 1 conflict: …`). */
export function applyConflict(resource: string, group: string, name: string, message: string, causes: StatusCause[]): StatusError {
  const details = describeTarget(resource, group, name);
  details.causes = causes;
  return new StatusError(buildStatus(409, 'Conflict', message, details));
}

/** Joins errors as apimachinery's aggregate does: one message alone, several as `[a, b]`, duplicates once. */
export function aggregateMessages(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/**
 * 422: `Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: …`; details.kind is the
 * kind (not the resource) and each cause keeps its field.
 */
export function invalid(kind: string, group: string, name: string, causes: readonly FieldCause[]): StatusError {
  const qualifiedKind = group === '' ? kind : `${kind}.${group}`;
  const lines = causes.map((c) => `${c.field}: ${c.message}`);
  const message = lines.length === 0 ? `${qualifiedKind} "${name}" is invalid` : `${qualifiedKind} "${name}" is invalid: ${aggregateMessages(lines)}`;
  const details = describeTarget(kind, group, name);
  details.causes = causes.map((c) => ({ reason: c.reason, message: c.message, field: c.field }));
  return new StatusError(buildStatus(422, 'Invalid', message, details));
}

/** 400 with the message as given. */
export function badRequest(message: string): StatusError {
  return new StatusError(buildStatus(400, 'BadRequest', message));
}

/** 410 Expired (too old resource version, compacted continue token); `continueToken` goes in metadata. */
export function expired(message: string, continueToken?: string): StatusError {
  const status = buildStatus(410, 'Expired', message);
  if (continueToken !== undefined) status.metadata.continue = continueToken;
  return new StatusError(status);
}

/** 410 Gone. */
export function gone(message: string): StatusError {
  return new StatusError(buildStatus(410, 'Gone', message));
}

/** 403: `deployments.apps "web" is forbidden: <detail>` (no name: `deployments.apps is forbidden: …`). */
export function forbidden(resource: string, group: string, name: string, detail: string): StatusError {
  let message: string;
  if (resource === '' && group === '') message = `forbidden: ${detail}`;
  else if (name === '') message = `${qualifyResource(resource, group)} is forbidden: ${detail}`;
  else message = `${qualifyResource(resource, group)} "${name}" is forbidden: ${detail}`;
  return new StatusError(buildStatus(403, 'Forbidden', message, describeTarget(resource, group, name)));
}

/** 401: `Unauthorized`. */
export function unauthorized(message = 'Unauthorized'): StatusError {
  return new StatusError(buildStatus(401, 'Unauthorized', message));
}

/** 405: `<verb> is not supported on resources of kind "deployments.apps"`. */
export function methodNotSupported(resource: string, group: string, verb: string): StatusError {
  const message = `${verb} is not supported on resources of kind "${qualifyResource(resource, group)}"`;
  return new StatusError(buildStatus(405, 'MethodNotAllowed', message, describeTarget(resource, group)));
}

/** 415: the request body's Content-Type is not one the server decodes. */
export function unsupportedMediaType(accepted: readonly string[]): StatusError {
  const message = `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`;
  return new StatusError(buildStatus(415, 'UnsupportedMediaType', message));
}

/** 406: none of the Accept types can be produced. */
export function notAcceptable(accepted: readonly string[]): StatusError {
  const message = `only the following media types are accepted: ${accepted.join(', ')}`;
  return new StatusError(buildStatus(406, 'NotAcceptable', message));
}

/** 504: `Timeout: <message>` with a retry hint. */
export function timeout(message: string, retryAfterSeconds = 0, causes?: StatusCause[]): StatusError {
  const details: StatusDetails = { retryAfterSeconds };
  if (causes) details.causes = causes;
  return new StatusError(buildStatus(504, 'Timeout', `Timeout: ${message}`, details));
}

/** 504 for a watch or read ahead of the store: `Timeout: Too large resource version: 12, current: 10`. */
export function tooLargeResourceVersion(requested: number, current: number): StatusError {
  return timeout(`Too large resource version: ${requested}, current: ${current}`, 1, [
    { reason: 'ResourceVersionTooLarge', message: 'Too large resource version' },
  ]);
}

/** 429 with a retry hint. */
export function tooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return new StatusError(buildStatus(429, 'TooManyRequests', message, { retryAfterSeconds }));
}

/** 413: `Request entity too large: <detail>`. */
export function requestEntityTooLarge(detail: string): StatusError {
  return new StatusError(buildStatus(413, 'RequestEntityTooLarge', `Request entity too large: ${detail}`));
}

/**
 * 500 for an error no handler turned into a Status (ErrorToAPIStatus's fallback): the message as
 * it is and no `reason` (StatusReasonUnknown, left out of the JSON), unlike internal().
 */
export function internalError(message: string): StatusError {
  const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 } as Status;
  return new StatusError(status);
}

/** 500: `Internal error occurred: <detail>`. */
export function internal(detail: string, options?: { cause?: unknown }): StatusError {
  const status = buildStatus(500, 'InternalError', `Internal error occurred: ${detail}`, { causes: [{ message: detail }] });
  return new StatusError(status, options);
}
