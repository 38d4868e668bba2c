// Whole-process measurement: spawns a child, times it from spawn to exit with the parent's
// monotonic clock, and hands back its output. Also the median used to summarize repeats.

import { spawn } from 'node:child_process';

/** A finished child process and how long it took, wall clock, as seen by the parent. */
export interface TimedProcess {
  readonly wallMs: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command args` to completion and measures its wall time. Never rejects on a non-zero exit. */
export function timeProcess(command: string, args: readonly string[], options: { cwd?: string } = {}): Promise<TimedProcess> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      resolve({ wallMs, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function computeMedian(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
