// The child-process side of the plan-apply suite: `node --import tsx bench/plan-apply/child.ts
// APPS [no-pdb]` runs the phases in-process on LocalCluster.inMemory() (first apply with settle, no-op
// plan, plan after changing 10% of the Apps, destroy) and prints one report line.

import { synthesizeStack } from '../../lib/core/synth.ts';
import { applyPlan } from '../../lib/apply/apply.ts';
import { LocalCluster } from '../../lib/cluster/local-cluster.ts';
import { planDestroy } from '../../lib/plan/destroy.ts';
import { planChanges } from '../../lib/plan/plan.ts';
import { BENCH_NODES, buildModel, STACK_NAME } from './model.ts';

/** One timed phase. */
export interface PhaseResult {
  readonly phase: string;
  readonly ms: number;
  /** CPU time of the process during the phase (user + system), in ms: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  /** Objects the phase's plan covered (or wrote, for apply and destroy). */
  readonly objects: number;
  /** Peak RSS of the process so far, in MiB. */
  readonly peakRssMiB: number;
}

/** What a child prints on its report line. */
export interface ChildReport {
  readonly apps: number;
  readonly phases: readonly PhaseResult[];
}

/** The prefix of the report line. */
export const REPORT_PREFIX = 'PLAN_APPLY_REPORT ';

async function time<T>(phases: PhaseResult[], phase: string, run: () => Promise<T>, count: (value: T) => number): Promise<T> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await run();
  const used = process.cpuUsage(cpu);
  phases.push({ phase, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, objects: count(value), peakRssMiB: process.resourceUsage().maxRSS / 1024 });
  return value;
}

/** Runs the four phases for `apps` Apps. */
export async function runPhases(apps: number, options: { pdb?: boolean } = {}): Promise<ChildReport> {
  const phases: PhaseResult[] = [];
  const cluster = LocalCluster.inMemory({ shape: { nodes: BENCH_NODES } });
  const changed = Math.ceil(apps / 10);
  await time(phases, 'first apply (synth + plan + apply + settle)', async () => {
    const plan = await planChanges(synthesizeStack(buildModel(apps, 0, options)), cluster);
    const result = await applyPlan(plan, cluster);
    if (result.applied !== plan.summary.create) throw new Error(`first apply wrote ${result.applied} of ${plan.summary.create}`);
    return result.applied;
  }, (n) => n);
  await time(phases, 'no-op plan (synth + plan)', async () => {
    const plan = await planChanges(synthesizeStack(buildModel(apps, 0, options)), cluster);
    if (plan.summary.create + plan.summary.update + plan.summary.delete + plan.summary.replace !== 0) throw new Error(`no-op plan is not empty: ${JSON.stringify(plan.summary)}`);
    return plan.changes.length;
  }, (n) => n);
  await time(phases, `plan after changing ${changed} Apps (synth + plan)`, async () => {
    const plan = await planChanges(synthesizeStack(buildModel(apps, changed, options)), cluster);
    if (plan.summary.update !== changed) throw new Error(`expected ${changed} updates, got ${JSON.stringify(plan.summary)}`);
    return plan.changes.length;
  }, (n) => n);
  await time(phases, 'destroy (plan + delete + wait gone)', async () => {
    const plan = await planDestroy({ name: STACK_NAME, namespace: STACK_NAME }, cluster);
    const result = await applyPlan(plan, cluster, { removeApplySet: true });
    return result.deleted;
  }, (n) => n);
  return { apps, phases };
}

// Only when run as a script: the suite imports this module for its types and prefix.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const apps = Number(process.argv[2] ?? '1000');
  const report = await runPhases(apps, { pdb: process.argv[3] !== 'no-pdb' });
  process.stdout.write(`${REPORT_PREFIX}${JSON.stringify(report)}\n`);
}
