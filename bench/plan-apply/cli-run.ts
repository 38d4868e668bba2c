// The whole-process half of the plan-apply suite: a generated program in a temporary project
// (node_modules/shipshape links to this repository), a fresh simulated cluster made by
// `shipshape sim init`, then `shipshape apply --yes` and a no-op `shipshape plan` timed as processes.
// The CLI runs from dist/ as after npm install: it is rebuilt first when stale (bin/build.js).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { buildDist } from '../../bin/build.js';
import { findFreshDist } from '../../bin/dist.js';
import { BENCH_NODES, renderProgram } from './model.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(REPO, 'bin', 'shipshape.js');
const USAGE_HOOK = fileURLToPath(new URL('./report-usage.cjs', import.meta.url));

/** One timed CLI process. */
export interface CliMeasurement {
  readonly command: string;
  readonly wallMs: number;
  /** CPU time of the process (user + system), in ms. */
  readonly cpuMs: number;
  /** Peak RSS of the process, in MiB. */
  readonly peakRssMiB: number;
}

/** Builds dist/ when stale, so that the launcher runs the precompiled CLI; fails when it stays stale. */
async function ensureFreshDist(): Promise<void> {
  if (findFreshDist()) return;
  await buildDist();
  if (!findFreshDist()) throw new Error('dist/ is stale right after bin/build.js (are sources being edited?): the CLI would run from the sources');
}

/** Runs `node bin/shipshape.js args` in `dir`, timing it from spawn to exit; CPU and RSS come from report-usage.cjs. */
async function runCli(dir: string, state: string, args: readonly string[]): Promise<CliMeasurement> {
  await ensureFreshDist();
  const usageFile = join(dir, 'usage.json');
  const env = { ...process.env, NO_COLOR: '1', CI: '1', SHIPSHAPE_STATE: state, SHIPSHAPE_BENCH_USAGE: usageFile };
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--require', USAGE_HOOK, BIN, ...args], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      // plan exits 0 (no --detailed-exitcode); anything else non-zero is a failure.
      if (code !== 0) return reject(new Error(`shipshape ${args.join(' ')} exited ${code}:\n${stderr.trim()}`));
      const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { cpuMs: number; peakRssMiB: number };
      resolve({ command: `shipshape ${args.join(' ')}`, wallMs, ...usage });
    });
  });
}

/** Measures `apply --yes` of a fresh stack of `apps` Apps, then a no-op `plan`, as whole processes. */
export async function measureCli(apps: number, options: { pdb?: boolean } = {}): Promise<CliMeasurement[]> {
  const context = ['-c', `apps=${apps}`, ...(options.pdb === false ? ['-c', 'pdb=no'] : [])];
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-bench-plan-apply-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(REPO, join(dir, 'node_modules', 'shipshape'), 'dir');
    writeFileSync(join(dir, 'infra.ts'), renderProgram());
    const state = join(dir, '.shipshape');
    await runCli(dir, state, ['sim', 'init', '--nodes', String(BENCH_NODES)]);
    const out: CliMeasurement[] = [];
    out.push(await runCli(dir, state, ['apply', '--yes', ...context]));
    out.push(await runCli(dir, state, ['plan', ...context]));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
