// The errors apply raises for callers to catch: a stale saved plan, a field-manager conflict,
// a failed write or rollout, a readiness timeout. Messages say what and why in the user's words.

import { ShipshapeError } from '../k8s/errors.ts';

/** A saved plan whose objects moved since it was made. */
export class StalePlanError extends ShipshapeError {}

/** Fields other managers own would be overwritten; re-run with --force-conflicts to take them. */
export class ConflictError extends ShipshapeError {}

/** A write or rollout failed; `object` names it. */
export class ApplyError extends ShipshapeError {
  readonly object: string | undefined;
  constructor(message: string, options: { object?: string; cause?: unknown; hint?: string } = {}) {
    super(message, options);
    this.object = options.object;
  }
}

/** Objects were not ready before the timeout. */
export class ReadinessTimeoutError extends ApplyError {}
