// The error raised when the simulated cluster's state on disk cannot be read, written or locked.
// It is not for bad objects inside the state: those are the API server's `Status` errors.

import { ShipshapeError } from '../../k8s/errors.ts';

/** The state directory or one of its files is corrupt, too new, or locked by another process. */
export class StateError extends ShipshapeError {
  /** The file the error is about, as the user would write it (relative when inside the cwd). */
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options);
    this.path = path;
  }
}
