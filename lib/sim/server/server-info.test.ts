import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLockSync, LOCK_FILE } from '../persist.ts';
import { findRunningServer, readServerInfo, removeServerInfo, SERVER_INFO_FILE, writeServerInfo } from './server-info.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-server-info-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeInfo(info: Record<string, unknown>): void {
  writeFileSync(join(dir, SERVER_INFO_FILE), JSON.stringify(info));
}

describe('server-info', () => {
  it('findRunningServer() finds a server whose process is alive and holds the lock', () => {
    const lock = acquireLockSync(dir, { command: 'shipshape sim serve', releaseOnExit: false });
    try {
      writeServerInfo(dir, { url: 'https://127.0.0.1:6443', kubeconfig: join(dir, 'kubeconfig') });
      expect(findRunningServer(dir)).toEqual({ url: 'https://127.0.0.1:6443', kubeconfig: join(dir, 'kubeconfig') });
    } finally {
      lock.release();
    }
  });

  it('findRunningServer() is undefined without server.json', () => {
    expect(findRunningServer(dir)).toBeUndefined();
  });

  it('findRunningServer() ignores a server.json whose process is gone', () => {
    writeInfo({ url: 'https://127.0.0.1:6443', pid: 2 ** 22 + 12345, hostname: hostname(), kubeconfig: '/x/kubeconfig', startedAt: '' });
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 12345, hostname: hostname(), startedAt: '' }));
    expect(findRunningServer(dir)).toBeUndefined();
  });

  it('findRunningServer() ignores a server.json when the lock is held by another process', () => {
    writeServerInfo(dir, { url: 'https://127.0.0.1:6443', kubeconfig: '/x/kubeconfig' });
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, hostname: hostname(), startedAt: '' }));
    expect(findRunningServer(dir)).toBeUndefined();
  });

  it('findRunningServer() ignores a server.json from another host', () => {
    writeInfo({ url: 'https://127.0.0.1:6443', pid: process.pid, hostname: 'elsewhere', kubeconfig: '/x/kubeconfig', startedAt: '' });
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, hostname: 'elsewhere', startedAt: '' }));
    expect(findRunningServer(dir)).toBeUndefined();
  });

  it('readServerInfo() is undefined for an unreadable or incomplete file', () => {
    writeFileSync(join(dir, SERVER_INFO_FILE), '{not json');
    expect(readServerInfo(dir)).toBeUndefined();
    writeInfo({ url: 'https://127.0.0.1:6443' });
    expect(readServerInfo(dir)).toBeUndefined();
  });

  it('removeServerInfo() removes only a file this process wrote', () => {
    writeInfo({ url: 'u', pid: process.ppid, hostname: hostname(), kubeconfig: 'k', startedAt: '' });
    removeServerInfo(dir);
    expect(readServerInfo(dir)?.pid).toBe(process.ppid);
    writeServerInfo(dir, { url: 'u', kubeconfig: 'k' });
    removeServerInfo(dir);
    expect(readServerInfo(dir)).toBeUndefined();
  });
});
