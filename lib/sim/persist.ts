// Persistence of the simulated cluster: where its state lives, how it is saved atomically and
// loaded with checks, and the lock that keeps two writers apart. Of the objects inside the state it
// reads only their kind, to group the file by kind (persist/state-sections.ts); the store parses them.

export { StateError } from './persist/state-error.ts';
export {
  BACKUP_FILE,
  DEFAULT_STATE_DIR,
  LOCK_FILE,
  STATE_ENV_VAR,
  STATE_FILE,
  displayPath,
  resolveStateDir,
} from './persist/state-dir.ts';
export type { ResolveStateDirOptions } from './persist/state-dir.ts';
export { STATE_FORMAT, STATE_VERSION } from './persist/state-codec.ts';
export type { SimState } from './persist/state-codec.ts';
export { CORRUPT_FILE, loadState, saveState } from './persist/state-file.ts';
export type { SaveProgress, SaveStateOptions } from './persist/state-file.ts';
export { acquireLock, acquireLockSync, isProcessAlive } from './persist/lock.ts';
export type { AcquireLockOptions, LockHolder, StateLock } from './persist/lock.ts';
