// What `shipshape plan` does: load the desired stacks, open the target, plan each stack, print
// (text or JSON) and optionally save. Returns 2 when anything would change, 0 otherwise.

import { planChanges } from '../../lib/plan/plan.ts';
import type { Plan } from '../../lib/plan/plan-types.ts';
import { hasChanges, planToJson, renderPlan } from '../../lib/plan/render.ts';
import { type DesiredOptions, loadDesired } from '../desired.ts';
import type { CliIo } from '../output.ts';
import { writeSavedPlan } from '../saved-plan.ts';
import { openTarget, prefetchTarget, type TargetOptions } from '../target.ts';

/** Everything `plan` was asked to do. */
export interface PlanRequest {
  readonly desired: DesiredOptions;
  readonly target: TargetOptions;
  readonly out?: string | undefined;
  readonly json: boolean;
  readonly forceConflicts: boolean;
  readonly showUnchanged: boolean;
}

/** Runs `shipshape plan`; resolves to 2 when there are changes, else 0. */
export async function runPlan(request: PlanRequest, io: CliIo): Promise<number> {
  const prefetch = prefetchTarget(request.target, io);
  const stacks = await loadDesired(request.desired, io).catch((err: unknown) => {
    prefetch?.cancel();
    throw err;
  });
  const cluster = await openTarget(request.target, io, 'plan', prefetch);
  const plans: Plan[] = [];
  try {
    for (const stack of stacks) plans.push(await planChanges(stack, cluster, { forceConflicts: request.forceConflicts }));
  } finally {
    await cluster.close();
  }
  if (request.json) io.stdout(`${JSON.stringify(plans.length === 1 ? planToJson(plans[0]!) : plans.map(planToJson), null, 2)}\n`);
  else io.stdout(plans.map((p) => renderPlan(p, { color: io.interactive ?? false, showUnchanged: request.showUnchanged })).join('\n'));
  if (request.out) {
    writeSavedPlan(request.out, plans, cluster.description);
    io.stderr(`Saved the plan to ${request.out} (it may hold secret values; mode 0600). Apply it with: shipshape apply ${request.out}\n`);
  }
  return plans.some(hasChanges) ? 2 : 0;
}
