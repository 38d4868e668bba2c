// Running the shipshape CLI as a process in a temporary user project (node_modules/shipshape
// links to this package), with its own simulated-cluster state directory.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'shipshape.js');

/** What a CLI run printed and how it exited. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temporary project with its own state directory. */
export interface CliProject {
  readonly dir: string;
  readonly state: string;
  run(args: readonly string[], options?: { timeoutMs?: number }): Promise<RunResult>;
  spawn(args: readonly string[]): ChildProcess;
  write(file: string, text: string): void;
  remove(): void;
}

/** Creates a temporary project; remove() it after the tests. */
export function createCliProject(prefix: string): CliProject {
  const dir = mkdtempSync(join(tmpdir(), `shipshape-${prefix}-`));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'shipshape'), 'dir');
  const state = join(dir, '.shipshape');
  const env = { ...process.env, NO_COLOR: '1', SHIPSHAPE_STATE: state, CI: '1' };
  return {
    dir,
    state,
    run: (args, options = {}) =>
      new Promise((resolve) => {
        execFile(process.execPath, [BIN, ...args], { cwd: dir, env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolve({ code, stdout, stderr });
        });
      }),
    spawn: (args) => spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] }),
    write: (file, text) => writeFileSync(join(dir, file), text),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
