// A real writer process, killed with SIGKILL in the middle of a save: the state on disk must be
// the last complete save, and the lock it left behind must be taken over.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { acquireLock, formatStartedAt } from './lock.ts';
import type { LockHolder } from './lock.ts';
import { loadState, saveState } from './state-file.ts';
import { bigState, smallState } from './fixtures/states.ts';
import { decodeState } from './state-codec.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const childScript = fileURLToPath(new URL('./fixtures/writer-child.ts', import.meta.url));
const exitScript = fileURLToPath(new URL('./fixtures/lock-and-exit.ts', import.meta.url));

/** Starts the writer child and returns it with a function that waits for its next stdout line. */
function startWriter(dir: string): { child: ChildProcess; nextLine: () => Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, dir], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const next = await lines.next();
    if (next.done) throw new Error(`writer child ended early: ${stderr}`);
    return next.value;
  };
  return { child, nextLine };
}

function waitForExit(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode);
    else child.once('exit', (_code, signal) => resolve(signal));
  });
}

describe('a writer killed mid-save', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipshape-crash-'));
  });
  afterEach(async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await waitForExit(child);
    }
    await rm(dir, { recursive: true, force: true });
  });

  test('loadState() returns the last complete save after the writer is killed during the next one', async () => {
    const writer = startWriter(dir);
    child = writer.child;
    expect(await writer.nextLine()).toBe('saved');
    expect(await writer.nextLine()).toBe('writing');

    // The big save is in progress: its temp file is there, partly written.
    const temps = (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
    expect(temps).toEqual([`cluster.json.${child.pid}-2.tmp`]);
    const partial = await readFile(join(dir, temps[0]!), 'utf8');
    expect(partial.length).toBeGreaterThan(0);
    expect(decodeState(partial)).toMatchObject({ kind: 'corrupt' });

    child.kill('SIGKILL');
    expect(await waitForExit(child)).toBe('SIGKILL');

    expect(await loadState(dir)).toEqual(smallState());
  });

  test('acquireLock() names the live writer, then takes over its lock once it is killed', async () => {
    const writer = startWriter(dir);
    child = writer.child;
    expect(await writer.nextLine()).toBe('saved');
    expect(await writer.nextLine()).toBe('writing');

    const holder = JSON.parse(await readFile(join(dir, 'lock'), 'utf8')) as LockHolder;
    expect(holder.pid).toBe(child.pid);
    await expect(acquireLock(dir, { command: 'shipshape plan' })).rejects.toThrow(
      `The simulated cluster state in ${dir} is locked by pid ${child.pid} (shipshape apply, started ${formatStartedAt(holder.startedAt)})`,
    );

    child.kill('SIGKILL');
    await waitForExit(child);

    const lock = await acquireLock(dir, { command: 'shipshape plan', releaseOnExit: false });
    try {
      expect(JSON.parse(await readFile(join(dir, 'lock'), 'utf8'))).toMatchObject({ pid: process.pid, command: 'shipshape plan' });
      // The next save clears the dead writer's temp file and keeps the last good state as .bak.
      await saveState(dir, bigState(10));
      expect((await readdir(dir)).sort()).toEqual(['cluster.json', 'cluster.json.bak', 'lock']);
      expect(decodeState(await readFile(join(dir, 'cluster.json.bak'), 'utf8'))).toEqual(smallState());
      expect(await loadState(dir)).toEqual(bigState(10));
    } finally {
      lock.release();
    }
  });

  test('a writer that exits without release() still removes its lock', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', exitScript, dir], { cwd: repoRoot, stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => child!.once('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(3);
    expect(await readdir(dir)).toEqual([]);
  });
});
