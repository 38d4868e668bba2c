// The `plan-apply` suite: a stack of 1,000 Apps (≈ 6,000 objects) on the local simulated cluster.
// In-process (its own child process, LocalCluster.inMemory()): first apply including settle, a
// no-op plan, a plan after changing 10% of the Apps, and destroy. Whole-process: `shipshape
// apply --yes` of a generated program on a fresh state, then a no-op `shipshape plan`.
// Targets: no-op plan ≤ 1 s and first apply ≤ 10 s end to end.

import { fileURLToPath } from 'node:url';
import { timeProcess } from '../lib/measure.ts';
import { describeMachine, formatChecks, formatNumber, formatTable, writeResults } from '../lib/report.ts';
import type { BenchOptions, Suite, TargetCheck } from '../lib/suite.ts';
import { REPORT_PREFIX, type ChildReport } from './child.ts';
import { measureCli, type CliMeasurement } from './cli-run.ts';
import { OBJECTS_PER_APP } from './model.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const MODES = ['inprocess', 'cli', 'no-pdb'] as const;
/** Modes run when --only names none: `no-pdb` (in-process without PodDisruptionBudgets) is a diagnostic. */
const DEFAULT_MODES = ['inprocess', 'cli'] as const;

/** The no-op plan target, in ms. */
export const NOOP_PLAN_TARGET_MS = 1000;
/** The first-apply target (whole process, end to end), in ms. */
export const FIRST_APPLY_TARGET_MS = 10_000;
/** The App count the targets are stated at. */
export const TARGET_APPS = 1000;

async function runInProcess(apps: number, pdb = true): Promise<ChildReport> {
  const run = await timeProcess(process.execPath, ['--import', 'tsx', 'bench/plan-apply/child.ts', String(apps), ...(pdb ? [] : ['no-pdb'])], { cwd: REPO });
  const line = run.stdout.split('\n').find((l) => l.startsWith(REPORT_PREFIX));
  if (run.code !== 0 || !line) throw new Error(`plan-apply in-process run failed (exit ${run.code}):\n${run.stderr.trim() || run.stdout.trim()}`);
  return JSON.parse(line.slice(REPORT_PREFIX.length)) as ChildReport;
}

function check(name: string, ms: number | undefined, target: number, what: string): TargetCheck {
  if (ms === undefined) return { name, status: 'skip', detail: `${what} not run` };
  return { name, status: ms <= target ? 'pass' : 'fail', detail: `${formatNumber(ms / 1000, 2)} s (target ≤ ${formatNumber(target / 1000, 0)} s)` };
}

/** The targets, at TARGET_APPS Apps (skipped when that size was not run). */
export function checkTargets(inProcess: readonly ChildReport[], cli: ReadonlyArray<{ apps: number; runs: CliMeasurement[] }>): TargetCheck[] {
  const atTarget = inProcess.find((r) => r.apps === TARGET_APPS);
  const cliAtTarget = cli.find((c) => c.apps === TARGET_APPS);
  const noop = atTarget?.phases.find((p) => p.phase.startsWith('no-op plan'));
  const apps = formatNumber(TARGET_APPS);
  return [
    check(`no-op plan ≤ 1 s in-process at ${apps} Apps`, noop?.ms, NOOP_PLAN_TARGET_MS, 'in-process run'),
    check(`no-op \`shipshape plan\` process ≤ 1 s at ${apps} Apps`, cliAtTarget?.runs[1]?.wallMs, NOOP_PLAN_TARGET_MS, 'whole-process run'),
    check(`first \`shipshape apply --yes\` ≤ 10 s end to end at ${apps} Apps`, cliAtTarget?.runs[0]?.wallMs, FIRST_APPLY_TARGET_MS, 'whole-process run'),
  ];
}

/** The suite. */
export const planApplySuite: Suite = {
  name: 'plan-apply',
  description: 'plan/apply/destroy of 1,000 Apps (≈ 6,000 objects) on the local simulated cluster, in-process and as CLI processes',
  async run(options: BenchOptions): Promise<readonly TargetCheck[]> {
    const sizes = options.sizes ?? (options.quick ? [100] : [TARGET_APPS]);
    const unknown = (options.only ?? []).filter((o) => !(MODES as readonly string[]).includes(o));
    if (unknown.length > 0) throw new RangeError(`--only: unknown mode '${unknown[0]}'; choose from ${MODES.join(', ')}`);
    const modes: readonly string[] = options.only ?? DEFAULT_MODES;
    const inProcess: ChildReport[] = [];
    const noPdb: ChildReport[] = [];
    const cli: Array<{ apps: number; runs: CliMeasurement[] }> = [];
    for (const apps of sizes) {
      if (modes.includes('inprocess')) inProcess.push(await runInProcess(apps));
      if (modes.includes('cli')) cli.push({ apps, runs: await measureCli(apps) });
      if (modes.includes('no-pdb')) noPdb.push(await runInProcess(apps, false));
    }
    const rows = [
      ...[...inProcess.map((r) => ({ r, mode: 'in-process' })), ...noPdb.map((r) => ({ r, mode: 'in-process, no PDBs' }))].flatMap(({ r, mode }) => r.phases.map((p) => [formatNumber(r.apps), mode, p.phase, formatNumber(p.objects), formatNumber(p.ms / 1000, 2), formatNumber(p.cpuMs / 1000, 2), formatNumber(p.peakRssMiB)])),
      ...cli.flatMap((c) => c.runs.map((m) => [formatNumber(c.apps), 'process', m.command, formatNumber(c.apps * OBJECTS_PER_APP + 1), formatNumber(m.wallMs / 1000, 2), formatNumber(m.cpuMs / 1000, 2), formatNumber(m.peakRssMiB)])),
    ];
    console.log(formatTable(['apps', 'mode', 'phase', 'objects', 'wall s', 'cpu s', 'peak RSS MiB'], rows));
    const checks = checkTargets(inProcess, cli);
    console.log(`\n${formatChecks(checks)}`);
    const file = writeResults(options.outDir, 'plan-apply', { machine: describeMachine(), inProcess, noPdb, cli, checks });
    console.log(`\nResults: ${file}`);
    return checks;
  },
};
