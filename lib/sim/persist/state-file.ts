// Loads and saves the simulated cluster's state file (cluster.json) in a state directory.
// Saves are atomic: stream to a temp file, fsync, keep the old file as .bak, rename, fsync the
// directory. Locking is the caller's job (see lock.ts); loading never writes anything.

import { constants } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from './lock.ts';
import { countStateObjects, decodeState, decodeStateBytes, encodeState, isStateProblem, parseStateTexts, peekStateVersion, STATE_VERSION } from './state-codec.ts';
import type { SimState, StateChunk, StateProblem } from './state-codec.ts';
import { takePrefetchedState, type StatePrefetch } from './state-prefetch.ts';
import { BACKUP_FILE, STATE_FILE, displayPath } from './state-dir.ts';
import { StateError } from './state-error.ts';

/** How far a save has got, reported after each chunk reaches the temp file. */
export interface SaveProgress {
  readonly objectsWritten: number;
  readonly objectsTotal: number;
  readonly bytesWritten: number;
}

/** Options of {@link saveState}. */
export interface SaveStateOptions {
  /** Called after each chunk is written; a returned promise is awaited before the next chunk. @default none */
  readonly onProgress?: (progress: SaveProgress) => void | Promise<void>;
}

/** The file a current state that cannot be read is moved to when a new state is saved over it. */
export const CORRUPT_FILE = 'cluster.json.corrupt';
const TEMP_PATTERN = /^cluster\.json(?:\.bak)?\.(\d+)-\d+\.tmp$/;
let tempCounter = 0;

/** Options of {@link loadState}. */
export interface LoadStateOptions {
  /** The state read ahead (see state-prefetch.ts), used when it is of the same, unchanged file. @default none */
  readonly prefetch?: StatePrefetch | undefined;
  /**
   * Keep the kinds of a file whose sections check out as text (`texts`) instead of parsing them;
   * for a store that parses each kind when it is first used. @default false
   */
  readonly keepText?: boolean;
}

/**
 * Reads the state saved in `dir`; undefined when nothing was saved there yet.
 * Throws a StateError, leaving every file as it is, when the file is corrupt or too new.
 * @example const state = await loadState(resolveStateDir({ state: opts.state }));
 */
export async function loadState(dir: string, options: LoadStateOptions = {}): Promise<SimState | undefined> {
  const file = join(dir, STATE_FILE);
  if (options.prefetch) {
    const prefetched = await takePrefetchedState(options.prefetch, dir);
    if (prefetched) return options.keepText ? prefetched : parseStateTexts(prefetched);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateError(displayPath(file), `Cannot load the simulated cluster state from ${displayPath(file)}: ${describeIoError(error)}`, {
      cause: error,
    });
  }
  const decoded = decodeStateBytes(bytes, { parse: options.keepText !== true });
  if (!isStateProblem(decoded)) return decoded;
  throw await problemError(dir, 'load', decoded);
}

/**
 * Writes `state` to `dir` atomically, keeping the previous good file as cluster.json.bak.
 * Refuses to overwrite a state written by a newer format version.
 */
export async function saveState(dir: string, state: SimState, options: SaveStateOptions = {}): Promise<void> {
  const file = join(dir, STATE_FILE);
  const chunks = encodeState(state); // checks the state before anything touches the disk
  await mkdir(dir, { recursive: true });
  await removeLeftovers(dir);
  const temp = nextTempPath(file);
  await writeChunks(temp, chunks, countStateObjects(state), options.onProgress);
  try {
    await setAsideCurrent(dir);
    await rename(temp, file);
  } catch (error) {
    await unlinkQuietly(temp);
    throw error;
  }
  await syncDirectory(dir);
}

async function writeChunks(temp: string, chunks: Iterable<StateChunk>, objectsTotal: number, onProgress: SaveStateOptions['onProgress']): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
    let bytesWritten = 0;
    for (const chunk of chunks) {
      bytesWritten += await writeAll(handle, chunk);
      await onProgress?.({ objectsWritten: chunk.objectsWritten, objectsTotal, bytesWritten });
    }
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlinkQuietly(temp);
    throw error;
  }
}

/** Writes a chunk's pieces in order (one writev; the rest again should the system write less). */
async function writeAll(handle: FileHandle, chunk: StateChunk): Promise<number> {
  const { bytesWritten } = await handle.writev(chunk.pieces as Buffer[]);
  if (bytesWritten < chunk.byteLength) {
    const rest = Buffer.concat(chunk.pieces as Buffer[], chunk.byteLength).subarray(bytesWritten);
    for (let at = 0; at < rest.length; ) at += (await handle.write(rest, at)).bytesWritten;
  }
  return chunk.byteLength;
}

/** Moves the current file aside before it is replaced: to .bak when good, to .corrupt when not. */
async function setAsideCurrent(dir: string): Promise<void> {
  const file = join(dir, STATE_FILE);
  const version = await readVersion(file);
  if (version === 'missing') return;
  if (typeof version === 'object' && version.kind === 'newer') throw await problemError(dir, 'save', version);
  const target = join(dir, typeof version === 'object' ? CORRUPT_FILE : BACKUP_FILE);
  // Link then rename, so both the .bak and cluster.json stay complete at every instant.
  const temp = nextTempPath(join(dir, BACKUP_FILE));
  await link(file, temp);
  await rename(temp, target);
}

/** The current file's format version, 'missing', or the problem that stops it from being read. */
async function readVersion(file: string): Promise<number | 'missing' | StateProblem> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    // Files this encoder wrote are recognised from their first and last bytes, without parsing.
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, 128));
    const tail = Buffer.alloc(Math.min(size, 8));
    await handle.read(head, 0, head.length, 0);
    await handle.read(tail, 0, tail.length, size - tail.length);
    const peeked = peekStateVersion(head.toString('utf8'), tail.toString('utf8'));
    if (peeked === STATE_VERSION) return peeked;
    const decoded = decodeState(await handle.readFile('utf8'));
    return isStateProblem(decoded) ? decoded : decoded.version;
  } finally {
    await handle.close();
  }
}

async function problemError(dir: string, action: 'load' | 'save', problem: StateProblem): Promise<StateError> {
  const file = displayPath(join(dir, STATE_FILE));
  const message = `Cannot ${action} the simulated cluster state ${action === 'load' ? 'from' : 'to'} ${file}: ${problem.detail}`;
  let hint: string;
  if (problem.kind === 'newer') {
    hint = 'Upgrade shipshape to use this state, or pass --state DIR to keep this cluster in another directory';
  } else if (await exists(join(dir, BACKUP_FILE))) {
    const backup = displayPath(join(dir, BACKUP_FILE));
    hint = `The previous good state is kept in ${backup}: copy it over ${file} to go back to it, or delete ${displayPath(dir)} to start a fresh cluster`;
  } else {
    hint = `Fix ${file} by hand, or delete ${displayPath(dir)} to start a fresh cluster`;
  }
  return new StateError(file, message, problem.cause === undefined ? { hint } : { hint, cause: problem.cause });
}

/** Removes temp files of saves whose process died (killed mid-save); they are never valid states. */
async function removeLeftovers(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const match = TEMP_PATTERN.exec(name);
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && !isProcessAlive(pid)) await unlinkQuietly(join(dir, name));
  }
}

function nextTempPath(file: string): string {
  tempCounter += 1;
  return `${file}.${process.pid}-${tempCounter}.tmp`;
}

async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Some platforms cannot open or fsync a directory; the rename is still atomic there.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await (await open(path, 'r')).close();
    return true;
  } catch {
    return false;
  }
}

async function unlinkQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory, not a file';
  return code ?? (error as Error).message;
}
