// The error every patch algorithm throws when a patch cannot be applied. It carries the HTTP
// code, Status reason and Status message the Kubernetes API server would answer with; building
// the Status object itself is the API server's job, not this module's.

import { ShipshapeError } from '../../../k8s/errors.ts';

/** Status reasons a patch failure maps to (`''` is the server's StatusReasonUnknown). */
export type PatchErrorReason = 'BadRequest' | 'Invalid' | 'UnsupportedMediaType' | '';

/** The Status message a real API server sends when a JSON patch fails to apply (422). */
export const JSON_PATCH_REJECTED_MESSAGE = 'the server rejected our request due to an error in our request';

/** A patch that cannot be applied; `message` says why, `statusMessage` is what a real server sends. */
export class PatchError extends ShipshapeError {
  /** HTTP status code of the answer: 400, 415, 422 or 500. */
  readonly code: number;
  /** Status `reason` of the answer. */
  readonly reason: PatchErrorReason;
  /** Status `message` of the answer; for JSON patch apply failures the server hides the detail. */
  readonly statusMessage: string;

  constructor(message: string, options: { code: number; reason: PatchErrorReason; statusMessage?: string }) {
    super(message);
    this.code = options.code;
    this.reason = options.reason;
    this.statusMessage = options.statusMessage ?? message;
  }
}

/** Builds the 400 BadRequest error for a patch body that cannot be decoded. */
export function badPatchRequest(message: string): PatchError {
  return new PatchError(message, { code: 400, reason: 'BadRequest' });
}
