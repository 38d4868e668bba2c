import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { acquireLock, acquireLockSync, formatStartedAt, isProcessAlive } from './lock.ts';
import type { LockHolder } from './lock.ts';
import { StateError } from './state-error.ts';

/** A pid above Linux's pid_max, so never a running process. */
const DEAD_PID = 2147483646;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeLock(holder: LockHolder): Promise<void> {
  await writeFile(join(dir, 'lock'), JSON.stringify(holder));
}

async function readLock(): Promise<LockHolder> {
  return JSON.parse(await readFile(join(dir, 'lock'), 'utf8')) as LockHolder;
}

describe('acquireLock()', () => {
  test('acquireLock() writes who holds the lock, and release() removes it', async () => {
    const lock = await acquireLock(dir, { command: 'shipshape apply' });
    expect(await readLock()).toEqual({ pid: process.pid, hostname: hostname(), command: 'shipshape apply', startedAt: lock.holder.startedAt });
    expect(await readdir(dir)).toEqual(['lock']);
    lock.release();
    lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  test('acquireLock() fails for a second writer while the first holds the lock', async () => {
    const first = acquireLockSync(dir, { command: 'shipshape apply' });
    try {
      await expect(acquireLock(dir, { command: 'shipshape destroy' })).rejects.toThrow(
        `The simulated cluster state in ${dir} is locked by pid ${process.pid} (shipshape apply, started ${formatStartedAt(first.holder.startedAt)})`,
      );
    } finally {
      first.release();
    }
    (await acquireLock(dir)).release();
  });

  test('acquireLock() names a live holder of another process with its command and start time', async () => {
    await writeLock({ pid: process.ppid, hostname: hostname(), command: 'shipshape apply', startedAt: '2026-11-24T03:40:00.123Z' });
    const error = await acquireLock(dir).catch((e: unknown) => e as StateError);
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).message).toBe(
      `The simulated cluster state in ${dir} is locked by pid ${process.ppid} (shipshape apply, started 2026-11-24T03:40:00Z)`,
    );
    expect((error as StateError).hint).toBe(`Wait for that command to finish, or stop it; if it is no longer running, delete ${join(dir, 'lock')}`);
    expect((await readLock()).pid).toBe(process.ppid);
  });

  test('acquireLock() takes over a stale lock whose process is gone', async () => {
    await writeLock({ pid: DEAD_PID, hostname: hostname(), command: 'shipshape apply', startedAt: '2026-11-24T03:40:00Z' });
    const lock = await acquireLock(dir, { command: 'shipshape plan', releaseOnExit: false });
    expect(await readLock()).toMatchObject({ pid: process.pid, command: 'shipshape plan' });
    expect(await readdir(dir)).toEqual(['lock']);
    lock.release();
  });

  test('acquireLock() takes over a lock naming this pid that this process does not hold', async () => {
    await writeLock({ pid: process.pid, hostname: hostname(), startedAt: '2020-01-01T00:00:00Z' });
    const lock = await acquireLock(dir, { releaseOnExit: false });
    expect((await readLock()).startedAt).toBe(lock.holder.startedAt);
    lock.release();
  });

  test('acquireLock() never takes over a lock held from another host', async () => {
    await writeLock({ pid: DEAD_PID, hostname: 'build-7', startedAt: '2026-11-24T03:40:00Z' });
    const error = await acquireLock(dir).catch((e: unknown) => e as StateError);
    expect((error as StateError).message).toBe(
      `The simulated cluster state in ${dir} is locked by pid ${DEAD_PID} on host build-7 (started 2026-11-24T03:40:00Z)`,
    );
    expect((error as StateError).hint).toBe(
      `shipshape cannot tell whether a process on another host is still running; if it is not, delete ${join(dir, 'lock')}`,
    );
  });

  test('acquireLock() reports a lock file it cannot read', async () => {
    await writeFile(join(dir, 'lock'), 'not json');
    await expect(acquireLock(dir)).rejects.toThrow(
      `The simulated cluster state in ${dir} is locked, but the lock file ${join(dir, 'lock')} cannot be read`,
    );
    expect(await readFile(join(dir, 'lock'), 'utf8')).toBe('not json');
  });

  test('acquireLock() creates a missing state directory', async () => {
    const lock = acquireLockSync(join(dir, 'new'), { releaseOnExit: false });
    expect(await readdir(join(dir, 'new'))).toEqual(['lock']);
    lock.release();
  });
});

describe('StateLock.release()', () => {
  test('release() leaves alone a lock another process has taken over', async () => {
    const lock = await acquireLock(dir, { releaseOnExit: false });
    await writeLock({ pid: process.ppid, hostname: hostname(), startedAt: '2026-11-24T03:40:00Z' });
    lock.release();
    expect((await readLock()).pid).toBe(process.ppid);
  });

  test('release() stops listening for process exit', async () => {
    const before = process.listenerCount('exit');
    const lock = await acquireLock(dir);
    expect(process.listenerCount('exit')).toBe(before + 1);
    lock.release();
    expect(process.listenerCount('exit')).toBe(before);
  });
});

describe('isProcessAlive()', () => {
  test('isProcessAlive() tells running processes from gone ones', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(DEAD_PID)).toBe(false);
    expect(isProcessAlive(0)).toBe(false);
  });
});
