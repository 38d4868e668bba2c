// The PodDisruptionBudget of an App: how many pods must stay up while nodes are drained.
// Props, checks (a budget that would block every eviction is refused) and the policy/v1 spec.

import { isIntOrPercent, strictObject, zIntOrPercent, type PropProblems } from './schema-rules.ts';

/** Exactly one of `minAvailable` or `maxUnavailable`: a pod count or a percentage ('50%'). */
export type DisruptionBudgetOptions =
  | { readonly minAvailable: number | string; readonly maxUnavailable?: undefined }
  | { readonly maxUnavailable: number | string; readonly minAvailable?: undefined };

/** The zod schema of DisruptionBudgetOptions (the one-of rule is checked by checkDisruptionBudget). */
export const disruptionBudgetSchema = strictObject({
  minAvailable: zIntOrPercent().optional(),
  maxUnavailable: zIntOrPercent().optional(),
});

/**
 * Records a budget that sets both or neither field, or that would block every voluntary
 * eviction (so `kubectl drain` would hang): `minAvailable` at or above the smallest replica
 * count, or `maxUnavailable` of 0.
 */
export function checkDisruptionBudget(
  budget: DisruptionBudgetOptions | undefined,
  minReplicas: number,
  problems: PropProblems,
): void {
  if (!budget) return;
  const { minAvailable, maxUnavailable } = budget;
  if ((minAvailable === undefined) === (maxUnavailable === undefined)) {
    problems.addValue('disruptionBudget', budget, "must set exactly one of 'minAvailable' or 'maxUnavailable'");
    return;
  }
  if (typeof minAvailable === 'number' && isIntOrPercent(minAvailable) && minAvailable >= minReplicas) {
    problems.addValue(
      'disruptionBudget.minAvailable',
      minAvailable,
      `must be less than the replica count (${minReplicas}), or no pod could ever be evicted`,
    );
  }
  if (minAvailable === '100%' || maxUnavailable === 0 || maxUnavailable === '0%') {
    const prop = minAvailable !== undefined ? 'minAvailable' : 'maxUnavailable';
    problems.addValue(`disruptionBudget.${prop}`, budget[prop], 'would block every eviction, so nodes could never be drained');
  }
}

/** Renders the PodDisruptionBudget spec for pods with `selector`. */
export function renderDisruptionBudgetSpec(
  budget: DisruptionBudgetOptions,
  selector: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const limit = budget.minAvailable !== undefined ? { minAvailable: budget.minAvailable } : { maxUnavailable: budget.maxUnavailable };
  return { selector: { matchLabels: { ...selector } }, ...limit };
}
