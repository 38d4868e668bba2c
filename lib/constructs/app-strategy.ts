// How an App's Deployment replaces pods on a change: a rolling update (the default, paced by
// maxSurge and maxUnavailable) or Recreate (stop every old pod, then start the new ones).

import type { RollingUpdateOptions } from './app-props.ts';
import type { PropProblems } from './schema-rules.ts';

/** The rolling update pace when none is given: the Kubernetes defaults, written out. */
export const DEFAULT_ROLLING_UPDATE = { maxSurge: '25%', maxUnavailable: '25%' } as const;

const isZero = (value: number | string | undefined): boolean => value === 0 || value === '0%';

/** Records a rolling update that could never make progress (no surge and no unavailability). */
export function checkStrategy(strategy: 'Recreate' | RollingUpdateOptions | undefined, problems: PropProblems): void {
  if (strategy === undefined || strategy === 'Recreate') return;
  if (isZero(strategy.maxSurge) && isZero(strategy.maxUnavailable)) {
    problems.addValue('strategy.maxUnavailable', strategy.maxUnavailable, "may not be 0 when 'strategy.maxSurge' is 0, or no pod could be replaced");
  }
}

/** Renders the Deployment's `spec.strategy`. */
export function renderStrategy(strategy: 'Recreate' | RollingUpdateOptions | undefined): Record<string, unknown> {
  if (strategy === 'Recreate') return { type: 'Recreate' };
  return {
    type: 'RollingUpdate',
    rollingUpdate: {
      maxSurge: strategy?.maxSurge ?? DEFAULT_ROLLING_UPDATE.maxSurge,
      maxUnavailable: strategy?.maxUnavailable ?? DEFAULT_ROLLING_UPDATE.maxUnavailable,
    },
  };
}
