// The lock file that keeps two processes from writing the simulated cluster's state at once.
// It only guards writers; reading the state (loadState) never takes or checks the lock.

import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, displayPath } from './state-dir.ts';
import { StateError } from './state-error.ts';

/** Who holds a lock: the content of the lock file. */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  /** The command line that took the lock, e.g. `shipshape apply`. */
  readonly command?: string;
  /** When the lock was taken, as an ISO timestamp. */
  readonly startedAt: string;
}

/** Options of {@link acquireLock}. */
export interface AcquireLockOptions {
  /** The command shown to a second process that finds the lock taken. @default no command shown */
  readonly command?: string;
  /** Release the lock when the process exits without calling release(). @default true */
  readonly releaseOnExit?: boolean;
}

/** A held lock on a state directory. */
export interface StateLock {
  /** The lock file, as built from the directory given. */
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still ours; calling it twice is harmless. */
  release(): void;
}

/** Lock files this process holds, so a lock naming our own pid is not mistaken for a stale one. */
const heldLocks = new Set<string>();

/**
 * Takes the state directory's lock, or throws a StateError naming the process that holds it.
 * A lock left by a process that is gone from this host is taken over.
 * @example const lock = await acquireLock(dir, { command: 'shipshape apply' }); try { ... } finally { lock.release(); }
 */
export async function acquireLock(dir: string, options: AcquireLockOptions = {}): Promise<StateLock> {
  return acquireLockSync(dir, options);
}

/** The synchronous form of {@link acquireLock}. */
export function acquireLockSync(dir: string, options: AcquireLockOptions = {}): StateLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    ...(options.command === undefined ? {} : { command: options.command }),
    startedAt: new Date().toISOString(),
  };
  // Each round either creates the lock, fails on a live holder, or clears a stale one.
  for (let round = 0; round < 5; round++) {
    if (tryCreateLock(path, `${JSON.stringify(holder)}\n`)) return holdLock(path, holder, options.releaseOnExit ?? true);
    const current = readHolder(path, dir);
    if (current === undefined) continue;
    if (!isStale(path, current)) throw lockedError(dir, path, current);
    clearStaleLock(path, current);
  }
  throw new StateError(displayPath(path), `Cannot lock the simulated cluster state in ${displayPath(dir)}: the lock file kept changing`, {
    hint: 'Another shipshape command is starting at the same time; try again',
  });
}

/** Tells whether a process with this pid is running on this host. */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Formats a lock's start time the way messages show it, without milliseconds. */
export function formatStartedAt(startedAt: string): string {
  const time = Date.parse(startedAt);
  return Number.isNaN(time) ? startedAt : new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function tryCreateLock(path: string, text: string): boolean {
  // Write a complete file first, then link it into place: link fails if the lock exists, so
  // nobody ever sees a half-written lock. Without hard links, fall back to O_EXCL.
  const temp = `${path}.${process.pid}.tmp`;
  writeDurably(temp, text, 'w');
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    try {
      writeDurably(path, text, 'wx');
      return true;
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw inner;
    }
  } finally {
    unlinkQuietly(temp);
  }
}

function writeDurably(path: string, text: string, flag: 'w' | 'wx'): void {
  const fd = openSync(path, flag);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Reads the lock file; undefined when it vanished meanwhile. */
function readHolder(path: string, dir: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const data = JSON.parse(text) as Partial<LockHolder>;
    if (typeof data.pid === 'number' && typeof data.hostname === 'string' && typeof data.startedAt === 'string') {
      return data as LockHolder;
    }
  } catch {
    // Reported below with the same message as a well-formed file with missing fields.
  }
  const shown = displayPath(path);
  throw new StateError(shown, `The simulated cluster state in ${displayPath(dir)} is locked, but the lock file ${shown} cannot be read`, {
    hint: `If no shipshape command is running, delete ${shown}`,
  });
}

function isStale(path: string, holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return false;
  if (holder.pid === process.pid) return !heldLocks.has(path);
  return !isProcessAlive(holder.pid);
}

function isSameHolder(a: LockHolder, b: LockHolder): boolean {
  return a.pid === b.pid && a.hostname === b.hostname && a.startedAt === b.startedAt;
}

/** Removes a stale lock, putting it back if another process replaced it in the meantime. */
function clearStaleLock(path: string, stale: LockHolder): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    const moved = JSON.parse(readFileSync(aside, 'utf8')) as LockHolder;
    if (!isSameHolder(moved, stale)) linkSync(aside, path);
  } catch {
    // A fresh lock appeared at `path` already or the moved file is unreadable: leave it to the next round.
  } finally {
    unlinkQuietly(aside);
  }
}

function holdLock(path: string, holder: LockHolder, releaseOnExit: boolean): StateLock {
  heldLocks.add(path);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    heldLocks.delete(path);
    process.removeListener('exit', release);
    try {
      const current = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
      if (isSameHolder(current, holder)) unlinkSync(path);
    } catch {
      // Already gone or replaced by a process that took it over: nothing of ours to remove.
    }
  };
  if (releaseOnExit) process.on('exit', release);
  return { path, holder, release };
}

function lockedError(dir: string, path: string, holder: LockHolder): StateError {
  const host = holder.hostname === hostname() ? '' : ` on host ${holder.hostname}`;
  const command = holder.command === undefined || holder.command === '' ? '' : `${holder.command}, `;
  const shown = displayPath(path);
  const message =
    `The simulated cluster state in ${displayPath(dir)} is locked by pid ${holder.pid}${host} ` +
    `(${command}started ${formatStartedAt(holder.startedAt)})`;
  const hint =
    host === ''
      ? `Wait for that command to finish, or stop it; if it is no longer running, delete ${shown}`
      : `shipshape cannot tell whether a process on another host is still running; if it is not, delete ${shown}`;
  return new StateError(shown, message, { hint });
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Nothing to clean up.
  }
}
