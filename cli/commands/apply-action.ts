// What `shipshape apply` and `shipshape destroy` do: make (or read) the plans, show them, ask,
// apply each stack with progress, and summarize. Failures become errors the CLI prints.

import { applyPlan, checkStale } from '../../lib/apply/apply.ts';
import type { Cluster } from '../../lib/cluster/cluster.ts';
import { planDestroy } from '../../lib/plan/destroy.ts';
import { planChanges } from '../../lib/plan/plan.ts';
import type { Plan } from '../../lib/plan/plan-types.ts';
import { formatSummary, hasChanges, renderPlan } from '../../lib/plan/render.ts';
import { type DesiredOptions, loadDesired } from '../desired.ts';
import { UsageError } from '../errors.ts';
import type { CliIo } from '../output.ts';
import { createProgress } from '../progress.ts';
import { isSavedPlanPath, readSavedPlan } from '../saved-plan.ts';
import { openTarget, prefetchTarget, type TargetOptions } from '../target.ts';
import type { ApplyFlags } from './apply.ts';

/** Everything apply/destroy was asked to do. */
export interface ApplyRequest {
  readonly entry: string | undefined;
  readonly desired: DesiredOptions;
  readonly target: TargetOptions;
  readonly flags: ApplyFlags;
}

async function confirm(io: CliIo, flags: ApplyFlags, verb: string): Promise<void> {
  if (flags.yes) return;
  if (!io.interactive || !io.prompt) {
    throw new UsageError(`Refusing to ${verb} without confirmation: not running on a terminal`, { hint: `re-run with --yes to ${verb} non-interactively` });
  }
  const answer = await io.prompt(`\nDo you want to ${verb} these changes? Only 'yes' will be accepted: `);
  if (answer.trim() !== 'yes') throw new UsageError(`${verb[0]!.toUpperCase()}${verb.slice(1)} cancelled`);
}

async function execute(plans: readonly Plan[], cluster: Cluster, io: CliIo, flags: ApplyFlags, verb: 'apply' | 'destroy'): Promise<void> {
  const progress = createProgress(io, { json: flags.json ?? false });
  let applied = 0;
  let deleted = 0;
  try {
    for (const plan of plans) {
      if (!hasChanges(plan) && verb === 'apply') continue;
      const result = await applyPlan(plan, cluster, {
        wait: flags.wait ?? true,
        timeoutMs: flags.timeout ?? 300_000,
        atomic: flags.atomic ?? false,
        forceConflicts: flags.forceConflicts ?? false,
        removeApplySet: verb === 'destroy',
        onEvent: (e) => progress.onEvent(e),
      });
      applied += result.applied;
      deleted += result.deleted;
    }
  } finally {
    progress.done();
  }
  if (!flags.json) io.stdout(`\n${verb === 'apply' ? 'Apply' : 'Destroy'} complete: ${applied} applied, ${deleted} deleted.\n`);
}

/** Runs `shipshape apply`. */
export async function runApply(request: ApplyRequest, io: CliIo): Promise<void> {
  const prefetch = prefetchTarget(request.target, io);
  let saved: ReturnType<typeof readSavedPlan> | undefined;
  let stacks: Awaited<ReturnType<typeof loadDesired>>;
  try {
    saved = isSavedPlanPath(request.entry) ? readSavedPlan(request.entry) : undefined;
    stacks = saved ? [] : await loadDesired(request.desired, io);
  } catch (err) {
    prefetch?.cancel();
    throw err;
  }
  const cluster = await openTarget(request.target, io, 'apply', prefetch);
  try {
    let plans: Plan[];
    if (saved) {
      if (saved.target && saved.target !== cluster.description) {
        throw new UsageError(`The plan was made for ${saved.target}, not ${cluster.description}`, { hint: 'apply it with the same --state/--context it was made with' });
      }
      for (const plan of saved.plans) await checkStale(plan, cluster);
      plans = saved.plans;
    } else {
      plans = [];
      for (const stack of stacks) plans.push(await planChanges(stack, cluster, { forceConflicts: request.flags.forceConflicts ?? false }));
    }
    if (!request.flags.json) io.stdout(plans.map((p) => renderPlan(p, { color: io.interactive ?? false })).join('\n'));
    if (!plans.some(hasChanges)) {
      if (request.flags.json) io.stdout(`${JSON.stringify({ type: 'planned', create: 0, update: 0, replace: 0, delete: 0 })}\n`);
      else io.stdout('\nNothing to do.\n');
      return;
    }
    if (!saved) await confirm(io, request.flags, 'apply');
    await execute(plans, cluster, io, request.flags, 'apply');
  } finally {
    await cluster.close();
  }
}

/** Runs `shipshape destroy`. */
export async function runDestroy(request: ApplyRequest, io: CliIo): Promise<void> {
  const prefetch = prefetchTarget(request.target, io);
  const stacks = await loadDesired(request.desired, io).catch((err: unknown) => {
    prefetch?.cancel();
    throw err;
  });
  const cluster = await openTarget(request.target, io, 'destroy', prefetch);
  try {
    const plans: Plan[] = [];
    for (const stack of stacks) plans.push(await planDestroy({ name: stack.name, namespace: stack.namespace }, cluster));
    if (!request.flags.json) io.stdout(plans.map((p) => renderPlan(p, { color: io.interactive ?? false })).join('\n'));
    if (!plans.some(hasChanges)) {
      if (!request.flags.json) io.stdout(`\nNothing to destroy: ${formatSummary(plans[0]?.summary ?? { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0 })}\n`);
      return;
    }
    await confirm(io, request.flags, 'destroy');
    await execute(plans, cluster, io, request.flags, 'destroy');
  } finally {
    await cluster.close();
  }
}
