// Saved plans (`plan -o plan.json`): the plans with the objects to send and the live
// resourceVersions they were made from, written 0600 because they may hold secret values.

import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { ShipshapeError } from '../lib/k8s/errors.ts';
import type { Plan } from '../lib/plan/plan-types.ts';

const KIND = 'ShipshapePlan';

/** Writes plans to a file only the owner can read. */
export function writeSavedPlan(path: string, plans: readonly Plan[], target: string): void {
  writeFileSync(path, `${JSON.stringify({ kind: KIND, version: 1, target, plans }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** True when a path looks like a saved plan (a .json file holding one). */
export function isSavedPlanPath(path: string | undefined): path is string {
  return !!path && path.endsWith('.json');
}

/** Reads a saved plan. @throws ShipshapeError naming the file and what is wrong. */
export function readSavedPlan(path: string): { target: string; plans: Plan[] } {
  let data: { kind?: string; version?: number; target?: string; plans?: Plan[] };
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ShipshapeError(`Cannot read the saved plan ${path}: ${(err as Error).message}`);
  }
  if (data.kind !== KIND || data.version !== 1 || !Array.isArray(data.plans)) {
    throw new ShipshapeError(`${path} is not a shipshape plan (expected kind ${KIND}, version 1)`, { hint: 'make one with: shipshape plan -o plan.json' });
  }
  return { target: data.target ?? '', plans: data.plans };
}
