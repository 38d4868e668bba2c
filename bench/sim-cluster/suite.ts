// The `sim-cluster` suite: a whole simulated cluster of 1,000 nodes runs Deployments of 100
// replicas (1,000, 10,000 and 50,000 pods) from creation to all Ready, a rolling update of all of
// them, then 100 failed nodes; each size in its own process so its peak RSS is its own. Checks
// ≥ 5,000 pods/s scheduled and started, ≤ 1 GiB peak RSS at 10,000 pods, near-linear scaling.

import { fileURLToPath } from 'node:url';
import { timeProcess } from '../lib/measure.ts';
import { describeMachine, formatChecks, formatNumber, formatTable, writeResults } from '../lib/report.ts';
import type { BenchOptions, Suite, TargetCheck } from '../lib/suite.ts';
import { REPORT_PREFIX, type ChildReport } from './child.ts';
import type { ClusterPlan } from './workload.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = 'bench/sim-cluster/child.ts';
const NODES = 1_000;
const REPLICAS = 100;
const FAILED_NODES = 100;
const FULL_SIZES = [1_000, 10_000, 50_000];
const QUICK_SIZES = [1_000, 10_000];

/** Pods per second the create phase must schedule and start, end to end. */
export const PODS_PER_SECOND_TARGET = 5_000;
/** Peak RSS allowed at TARGET_PODS pods, in MiB. */
export const PEAK_RSS_TARGET_MIB = 1024;
/** The pod count the throughput and memory targets are stated at. */
export const TARGET_PODS = 10_000;
/** Largest allowed drop in pods/s from the smallest to the largest size (near-linear wall time). */
export const SCALING_TOLERANCE = 0.5;

/** The plan of one size: pods / 100 Deployments of 100 replicas on 1,000 nodes. */
export function planFor(pods: number): ClusterPlan {
  if (pods % REPLICAS !== 0 || pods <= 0) throw new RangeError(`--sizes: pod counts must be positive multiples of ${REPLICAS}, got ${pods}`);
  return { nodes: NODES, deployments: pods / REPLICAS, replicas: REPLICAS, failedNodes: FAILED_NODES };
}

/** Node flags and script for one child. */
export function buildChildArgs(plan: ClusterPlan, nodeFlags: readonly string[] = []): string[] {
  return [...nodeFlags, '--import', 'tsx', CHILD, String(plan.nodes), String(plan.deployments), String(plan.replicas), String(plan.failedNodes)];
}

/** Runs one child and parses its report. */
export async function runChild(plan: ClusterPlan, nodeFlags: readonly string[] = []): Promise<ChildReport> {
  const run = await timeProcess(process.execPath, buildChildArgs(plan, nodeFlags), { cwd: REPO });
  const line = run.stdout.split('\n').find((l) => l.startsWith(REPORT_PREFIX));
  if (run.code !== 0 || !line) throw new Error(`sim-cluster ${plan.deployments * plan.replicas} pods failed (exit ${run.code}):\n${run.stderr.trim() || run.stdout.trim()}`);
  return JSON.parse(line.slice(REPORT_PREFIX.length)) as ChildReport;
}

function formatRows(reports: readonly ChildReport[]): string[][] {
  return reports.flatMap((r) =>
    r.phases.map((p) => [
      formatNumber(r.plan.deployments * r.plan.replicas),
      p.phase,
      formatNumber(p.pods),
      formatNumber(p.seconds, 2),
      formatNumber(p.cpuSeconds, 2),
      formatNumber(p.pods / p.seconds),
      formatNumber(p.virtualSeconds),
      formatNumber(p.reconciles),
      `${formatNumber(p.ready)}${p.settled ? '' : ' (unsettled)'}`,
      formatNumber(p.peakRssMiB),
    ]),
  );
}

/** Checks throughput and memory at TARGET_PODS and the scaling across sizes. */
export function checkTargets(reports: readonly ChildReport[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const createOf = (r: ChildReport) => r.phases.find((p) => p.phase === 'create')!;
  const atTarget = reports.find((r) => r.plan.deployments * r.plan.replicas === TARGET_PODS);
  const rateName = `create → all Ready ≥ ${formatNumber(PODS_PER_SECOND_TARGET)} pods/s at ${formatNumber(TARGET_PODS)} pods`;
  const memoryName = `peak RSS ≤ ${formatNumber(PEAK_RSS_TARGET_MIB)} MiB at ${formatNumber(TARGET_PODS)} pods`;
  if (!atTarget) {
    checks.push({ name: rateName, status: 'skip', detail: `no run with ${formatNumber(TARGET_PODS)} pods` });
    checks.push({ name: memoryName, status: 'skip', detail: `no run with ${formatNumber(TARGET_PODS)} pods` });
  } else {
    const create = createOf(atTarget);
    const rate = create.pods / create.seconds;
    const allReady = create.ready === create.pods && create.settled;
    checks.push({ name: rateName, status: rate >= PODS_PER_SECOND_TARGET && allReady ? 'pass' : 'fail', detail: `${formatNumber(rate)} pods/s${allReady ? '' : `, only ${formatNumber(create.ready)} Ready`}` });
    checks.push({ name: memoryName, status: atTarget.peakRssMiB <= PEAK_RSS_TARGET_MIB ? 'pass' : 'fail', detail: `${formatNumber(atTarget.peakRssMiB)} MiB` });
  }
  const sorted = [...reports].sort((a, b) => a.plan.deployments - b.plan.deployments);
  const scalingName = `near-linear scaling: pods/s at the largest size ≥ ${formatNumber(SCALING_TOLERANCE * 100)}% of the smallest`;
  if (sorted.length < 2) checks.push({ name: scalingName, status: 'skip', detail: 'fewer than two sizes run' });
  else {
    const rateOf = (r: ChildReport) => createOf(r).pods / createOf(r).seconds;
    const ratio = rateOf(sorted.at(-1)!) / rateOf(sorted[0]!);
    const steps = sorted.map((r) => `${formatNumber(r.plan.deployments * r.plan.replicas)}: ${formatNumber(rateOf(r))}/s`).join(', ');
    checks.push({ name: scalingName, status: ratio >= SCALING_TOLERANCE ? 'pass' : 'fail', detail: `${formatNumber(ratio * 100)}% (${steps})` });
  }
  return checks;
}

/** The sim-cluster suite. */
export const simClusterSuite: Suite = {
  name: 'sim-cluster',
  description: 'simulated cluster end to end: 1,000 nodes, Deployments × 100 replicas to Ready, rolling update, 100 failed nodes',
  async run(options: BenchOptions) {
    const sizes = options.sizes ?? (options.quick ? QUICK_SIZES : FULL_SIZES);
    const reports: ChildReport[] = [];
    for (const pods of sizes) {
      process.stderr.write(`sim-cluster: ${formatNumber(pods)} pods on ${formatNumber(NODES)} nodes …\n`);
      reports.push(await runChild(planFor(pods)));
    }
    console.log(`\nsim-cluster — one process per size, ${formatNumber(NODES)} nodes, peak RSS = process peak at the end of the phase (${process.version})\n`);
    console.log(formatTable(['pods', 'phase', 'phase pods', 'seconds', 'CPU s', 'pods/s', 'virtual s', 'reconciles', 'ready', 'peak RSS MiB'], formatRows(reports)));
    const checks = checkTargets(reports);
    console.log(`\n${formatChecks(checks)}`);
    const file = writeResults(options.outDir, 'sim-cluster', { suite: 'sim-cluster', date: new Date().toISOString(), machine: describeMachine(), quick: options.quick, reports, checks });
    console.log(`\nresults: ${file}`);
    return checks;
  },
};
