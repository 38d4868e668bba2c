// Reads and decodes a state directory's cluster.json ahead of time, without the lock (so a CLI
// can do it while the user's program runs). loadState uses the result only when the file is still
// the very one that was read; it is not a cache: anything else and loadState reads afresh.

import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeSectionsAsync, decodeStateInSlices, isStateProblem, type SimState } from './state-codec.ts';
import { STATE_FILE } from './state-dir.ts';

/** Which file a prefetch read: saves replace the file by rename, so a new save is a new inode. */
interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

/** A state being read ahead of loadState; pass it to loadState, or cancel() it. */
export interface StatePrefetch {
  readonly dir: string;
  /** Stops the decoding at its next slice (when the state will not be opened after all). */
  cancel(): void;
  /** The decoded state and the file it came from; undefined when it could not be read or decoded. */
  readonly result: Promise<{ readonly state: SimState; readonly file: FileIdentity } | undefined>;
}

/** Starts reading and decoding the state in `dir`, in slices that leave the event loop free. */
export function prefetchState(dir: string): StatePrefetch {
  let cancelled = false;
  const read = async (): Promise<{ state: SimState; file: FileIdentity } | undefined> => {
    const handle = await open(join(dir, STATE_FILE), 'r');
    let bytes: Buffer;
    let file: FileIdentity;
    try {
      file = identityOf(await handle.stat());
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
    if (cancelled) return undefined;
    // A file whose sections check out needs no parsing now; any other is parsed in slices.
    const sectioned = await decodeSectionsAsync(bytes);
    if (sectioned !== undefined) return { state: sectioned, file };
    const decoded = await decodeStateInSlices(bytes.toString('utf8'), { cancelled: () => cancelled });
    return decoded === undefined || isStateProblem(decoded) ? undefined : { state: decoded, file };
  };
  return {
    dir,
    cancel: () => void (cancelled = true),
    result: read().catch(() => undefined),
  };
}

/** The prefetched state when `dir`'s state file is still the one the prefetch read; else undefined. */
export async function takePrefetchedState(prefetch: StatePrefetch, dir: string): Promise<SimState | undefined> {
  if (prefetch.dir !== dir) return undefined;
  const result = await prefetch.result;
  if (result === undefined) return undefined;
  try {
    return sameFile(identityOf(await stat(join(dir, STATE_FILE))), result.file) ? result.state : undefined;
  } catch {
    return undefined;
  }
}

function identityOf(stats: { dev: number; ino: number; size: number; mtimeMs: number }): FileIdentity {
  return { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs };
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
