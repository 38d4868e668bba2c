// The `sim-api` suite: creates N ConfigMaps and Pods in the simulated cluster, lists them by label
// selector, apply-patches 10,000 and patches again under 100 watchers, through the ApiServer and
// through the raw Store, each run in its own process so its peak RSS is its own. Checks the
// targets: ≥ 50,000 creates/s through the ApiServer and ≤ 1 GiB peak RSS at 100,000 Pods.

import { fileURLToPath } from 'node:url';
import { timeProcess } from '../lib/measure.ts';
import { describeMachine, formatChecks, formatNumber, formatTable, writeResults } from '../lib/report.ts';
import type { BenchOptions, Suite, TargetCheck } from '../lib/suite.ts';
import { REPORT_PREFIX, type ChildReport } from './child.ts';
import type { Scenario, WorkloadPlan, WritePath } from './workload.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = 'bench/sim-api/child.ts';
const PATHS: readonly WritePath[] = ['api', 'store'];
const FULL_PLAN: WorkloadPlan = { objects: 100_000, lists: 100, patches: 10_000, watchers: 100 };
const QUICK_PLAN: WorkloadPlan = { objects: 10_000, lists: 20, patches: 1_000, watchers: 100 };

/** Creates per second the ApiServer must reach in-process. */
export const CREATE_TARGET_PER_SECOND = 50_000;
/** Peak RSS allowed at TARGET_PODS Pods, in MiB. */
export const PEAK_RSS_TARGET_MIB = 1024;
/** The Pod count the memory target is stated at. */
export const TARGET_PODS = 100_000;

/** Node flags for a child: tsx, plus any extra (e.g. `--cpu-prof`). */
export function buildChildArgs(path: WritePath, scenario: Scenario, plan: WorkloadPlan, nodeFlags: readonly string[] = []): string[] {
  const counts = scenario === 'pods' ? [plan.objects, 0, 0, 0] : [plan.objects, plan.lists, plan.patches, plan.watchers];
  return [...nodeFlags, '--import', 'tsx', CHILD, path, scenario, ...counts.map(String)];
}

/** Runs one child and parses its report. */
export async function runChild(path: WritePath, scenario: Scenario, plan: WorkloadPlan, nodeFlags: readonly string[] = []): Promise<ChildReport> {
  const run = await timeProcess(process.execPath, buildChildArgs(path, scenario, plan, nodeFlags), { cwd: REPO });
  const line = run.stdout.split('\n').find((l) => l.startsWith(REPORT_PREFIX));
  if (run.code !== 0 || !line) throw new Error(`sim-api ${path} ${scenario} failed (exit ${run.code}):\n${run.stderr.trim() || run.stdout.trim()}`);
  return JSON.parse(line.slice(REPORT_PREFIX.length)) as ChildReport;
}

function selectPaths(options: BenchOptions): WritePath[] {
  if (!options.only) return [...PATHS];
  const unknown = options.only.filter((o) => !(PATHS as readonly string[]).includes(o));
  if (unknown.length > 0) throw new RangeError(`--only: unknown write path '${unknown[0]}'; choose from ${PATHS.join(', ')}`);
  return PATHS.filter((p) => options.only!.includes(p));
}

/** The plan for a run: --quick or full, with --sizes overriding the object count. */
export function choosePlans(options: BenchOptions): WorkloadPlan[] {
  const base = options.quick ? QUICK_PLAN : FULL_PLAN;
  return (options.sizes ?? [base.objects]).map((objects) => ({ ...base, objects, patches: Math.min(base.patches, Math.floor(objects / 2)) }));
}

function formatRows(reports: readonly ChildReport[]): string[][] {
  return reports.flatMap((r) =>
    r.phases
      .filter((p) => p.count > 0)
      .map((p) => [
        r.path === 'api' ? 'ApiServer' : 'Store',
        p.operation,
        formatNumber(p.count),
        formatNumber(p.seconds, 3),
        formatNumber(p.count / p.seconds),
        formatNumber(p.peakRssMiB),
      ]),
  );
}

/** Checks the two targets against the ApiServer runs (skipped when those were not run). */
export function checkTargets(mixed: readonly ChildReport[], pods: readonly ChildReport[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const creates = mixed.filter((r) => r.path === 'api').map((r) => r.phases.find((p) => p.operation.startsWith('create'))!);
  const createName = `ApiServer creates ≥ ${formatNumber(CREATE_TARGET_PER_SECOND)}/s in-process`;
  if (creates.length === 0) checks.push({ name: createName, status: 'skip', detail: 'ApiServer path not run' });
  for (const c of creates) {
    const rate = c.count / c.seconds;
    checks.push({ name: `${createName} (${formatNumber(c.count)} objects)`, status: rate >= CREATE_TARGET_PER_SECOND ? 'pass' : 'fail', detail: `${formatNumber(rate)}/s` });
  }
  const memoryName = `ApiServer peak RSS ≤ ${formatNumber(PEAK_RSS_TARGET_MIB)} MiB at ${formatNumber(TARGET_PODS)} Pods`;
  const atTarget = pods.filter((r) => r.path === 'api' && r.phases.some((p) => p.count >= TARGET_PODS));
  if (atTarget.length === 0) checks.push({ name: memoryName, status: 'skip', detail: `no ApiServer run with ${formatNumber(TARGET_PODS)} Pods` });
  for (const r of atTarget) {
    checks.push({ name: memoryName, status: r.peakRssMiB <= PEAK_RSS_TARGET_MIB ? 'pass' : 'fail', detail: `${formatNumber(r.peakRssMiB)} MiB` });
  }
  return checks;
}

/** The sim-api suite. */
export const simApiSuite: Suite = {
  name: 'sim-api',
  description: 'simulated API server: create/list/apply-patch/watch fan-out of N objects, ApiServer vs raw Store',
  async run(options) {
    const paths = selectPaths(options);
    const mixed: ChildReport[] = [];
    const pods: ChildReport[] = [];
    for (const plan of choosePlans(options)) {
      for (const path of paths) {
        process.stderr.write(`sim-api: ${path} mixed ${formatNumber(plan.objects)} objects …\n`);
        mixed.push(await runChild(path, 'mixed', plan));
        process.stderr.write(`sim-api: ${path} pods ${formatNumber(plan.objects)} …\n`);
        pods.push(await runChild(path, 'pods', plan));
      }
    }
    console.log(`\nsim-api — one process per run, peak RSS = process peak at the end of the phase (${process.version})\n`);
    console.log(formatTable(['path', 'operation', 'count', 'seconds', 'ops/s', 'peak RSS MiB'], formatRows([...mixed, ...pods])));
    const checks = checkTargets(mixed, pods);
    console.log(`\n${formatChecks(checks)}`);
    const file = writeResults(options.outDir, 'sim-api', { suite: 'sim-api', date: new Date().toISOString(), machine: describeMachine(), quick: options.quick, mixed, pods, checks });
    console.log(`\nresults: ${file}`);
    return checks;
  },
};
