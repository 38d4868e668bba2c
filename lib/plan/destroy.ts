// planDestroy(): a plan that deletes every member of a stack's ApplySet (found by its label on
// the target, not by what the program says), in reverse apply order, then the parent itself.

import type { Cluster } from '../cluster/cluster.ts';
import { applySetId, applySetParentRef } from './apply-set.ts';
import { planPrune, summarize } from './plan.ts';
import type { Plan } from './plan-types.ts';

/** The stack to destroy: its name and (optional) namespace, as in the program. */
export interface DestroyTarget {
  readonly name: string;
  readonly namespace?: string | undefined;
}

/** Plans the deletion of everything a stack applied. */
export async function planDestroy(stack: DestroyTarget, cluster: Cluster): Promise<Plan> {
  const served = await cluster.discover();
  const parent = applySetParentRef(stack.name, stack.namespace ?? cluster.defaultNamespace);
  const id = applySetId(parent);
  const deletes = await planPrune(cluster, served, parent, id, new Set(), []);
  return { version: 1, stack: stack.name, target: cluster.description, applySet: { id, parent }, changes: deletes, summary: summarize(deletes) };
}
