// `server.json` in the state directory: how other shipshape commands find a running
// `shipshape sim serve` (its URL, pid and kubeconfig) instead of opening the locked state file.
// Light on purpose (no server code), so every command can check it cheaply.

import { readFileSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { isProcessAlive, LOCK_FILE } from '../persist.ts';
import { writeAtomically } from './write-file.ts';

/** The file's name under the state directory. */
export const SERVER_INFO_FILE = 'server.json';

/** What `server.json` holds. */
export interface ServerInfo {
  /** The server URL, e.g. `https://127.0.0.1:6443`. */
  readonly url: string;
  /** The serving process. */
  readonly pid: number;
  readonly hostname: string;
  /** The absolute path of the kubeconfig that reaches the server. */
  readonly kubeconfig: string;
  /** When serving started, as an ISO timestamp. */
  readonly startedAt: string;
}

/** A running server, as other commands use it. */
export interface RunningServer {
  readonly url: string;
  /** The absolute path of its kubeconfig (context `shipshape`). */
  readonly kubeconfig: string;
}

/** Writes `server.json` for this process. */
export function writeServerInfo(stateDir: string, info: Omit<ServerInfo, 'pid' | 'hostname' | 'startedAt'>): ServerInfo {
  const full: ServerInfo = { url: info.url, pid: process.pid, hostname: hostname(), kubeconfig: resolve(info.kubeconfig), startedAt: new Date().toISOString() };
  writeAtomically(join(stateDir, SERVER_INFO_FILE), `${JSON.stringify(full, null, 2)}\n`, 0o644);
  return full;
}

/** Reads `server.json`; undefined when absent or unreadable. */
export function readServerInfo(stateDir: string): ServerInfo | undefined {
  const data = readJsonFile(join(stateDir, SERVER_INFO_FILE)) as Partial<ServerInfo> | undefined;
  if (!data || typeof data.url !== 'string' || typeof data.pid !== 'number' || typeof data.kubeconfig !== 'string') return undefined;
  return { url: data.url, pid: data.pid, hostname: String(data.hostname ?? ''), kubeconfig: data.kubeconfig, startedAt: String(data.startedAt ?? '') };
}

/** Removes `server.json` if this process wrote it. */
export function removeServerInfo(stateDir: string): void {
  const info = readServerInfo(stateDir);
  if (info && info.pid !== process.pid) return;
  try {
    unlinkSync(join(stateDir, SERVER_INFO_FILE));
  } catch {
    // Already gone.
  }
}

/**
 * The server serving this state directory, when one is running: `server.json` names a live
 * process on this host that also holds the state's lock. A leftover file from a server that
 * died is ignored (and the lock it left is stale, so the state opens normally).
 * @example const running = findRunningServer(stateDir); if (running) use KubeCluster over running.kubeconfig
 */
export function findRunningServer(stateDir: string): RunningServer | undefined {
  const info = readServerInfo(stateDir);
  if (!info || info.hostname !== hostname() || !isProcessAlive(info.pid)) return undefined;
  const lock = readJsonFile(join(stateDir, LOCK_FILE)) as { pid?: unknown; hostname?: unknown } | undefined;
  if (!lock || lock.pid !== info.pid || lock.hostname !== info.hostname) return undefined;
  return { url: info.url, kubeconfig: info.kubeconfig };
}

function readJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
