// The message of a 422 Invalid response (apimachinery errors.NewInvalid):
// `Deployment.apps "web" is invalid: <errors>`, one error bare, several as `[e1, e2]`, duplicates
// dropped. Also the `details.causes` list the Status object carries.

import { splitApiVersion } from '../kinds.ts';
import type { KubeObject } from '../types.ts';
import { formatFieldError, type FieldError } from './field-error.ts';
import { quoteGo } from './go-value.ts';

/** One entry of a Status object's `details.causes`. */
export interface StatusCause {
  readonly reason: string;
  readonly message: string;
  readonly field: string;
}

/**
 * The API server's message for an object that failed validation.
 * @example formatInvalidMessage(deploy, errs) // 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0'
 */
export function formatInvalidMessage(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>, errs: readonly FieldError[]): string {
  const { group } = splitApiVersion(obj.apiVersion);
  const qualifiedKind = group === '' ? obj.kind : `${obj.kind}.${group}`;
  const lines = [...new Set(errs.map(formatFieldError))];
  const body = lines.length === 1 ? lines[0]! : `[${lines.join(', ')}]`;
  return `${qualifiedKind} ${quoteGo(obj.metadata?.name ?? '')} is invalid: ${body}`;
}

/** The `details.causes` of the Status for these errors, in order. */
export function toStatusCauses(errs: readonly FieldError[]): StatusCause[] {
  return errs.map((e) => ({ reason: e.type, message: e.message, field: e.field }));
}
