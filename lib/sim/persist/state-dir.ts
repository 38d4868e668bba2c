// Where the simulated cluster's state lives on disk, and how paths in it are shown to users.
// It does not read or write anything; see state-file.ts and lock.ts for that.

import { isAbsolute, join, relative, sep } from 'node:path';

/** The state directory used when neither `--state` nor `SHIPSHAPE_STATE` names one. */
export const DEFAULT_STATE_DIR = '.shipshape';
/** The environment variable that names the state directory. */
export const STATE_ENV_VAR = 'SHIPSHAPE_STATE';
/** The file holding the objects, resourceVersion counter, clock and extra sections. */
export const STATE_FILE = 'cluster.json';
/** The previous good state file, kept on every successful save. */
export const BACKUP_FILE = 'cluster.json.bak';
/** The lock file a writer holds while it may change the state. */
export const LOCK_FILE = 'lock';

/** Options of {@link resolveStateDir}. */
export interface ResolveStateDirOptions {
  /** The `--state DIR` flag, if given. */
  readonly state?: string;
  /** The working directory the default `.shipshape` sits in. @default '.' (the process cwd) */
  readonly cwd?: string;
  /** The environment to read `SHIPSHAPE_STATE` from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Picks the state directory: the `--state` flag, else `SHIPSHAPE_STATE`, else `<cwd>/.shipshape`.
 * The path is returned as given (not made absolute) so messages show what the user wrote.
 * @example resolveStateDir({ state: opts.state }) // '.shipshape' when nothing is set
 */
export function resolveStateDir(options: ResolveStateDirOptions = {}): string {
  if (options.state !== undefined && options.state !== '') return options.state;
  const fromEnv = (options.env ?? process.env)[STATE_ENV_VAR];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return options.cwd === undefined ? DEFAULT_STATE_DIR : join(options.cwd, DEFAULT_STATE_DIR);
}

/** Shows a path for messages: relative to the process cwd when inside it, else as given. */
export function displayPath(path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(process.cwd(), path);
  if (rel === '') return '.';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return path;
  return rel;
}
