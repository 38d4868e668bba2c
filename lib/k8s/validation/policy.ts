// PodDisruptionBudget spec: minAvailable and maxUnavailable are each an int or percent and may
// not both be set (neither is allowed), the selector is well-formed, and the eviction policy is
// a known value. Which pods the budget covers is the disruption controller's concern.

import { checkIntOrPercent, checkNotOver100Percent } from './common-checks.ts';
import { invalid, notSupported, type FieldError } from './field-error.ts';
import { getString, hasValue, type Json } from './fields.ts';
import { validateLabelSelector } from './label-selector.ts';

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

/** Validates a PodDisruptionBudget's spec (ValidatePodDisruptionBudgetSpec). */
export function validatePdbSpec(spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  if (hasValue(spec, 'minAvailable') && hasValue(spec, 'maxUnavailable')) {
    errs.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  for (const name of ['minAvailable', 'maxUnavailable']) {
    if (!hasValue(spec, name)) continue;
    errs.push(...checkIntOrPercent(spec[name], `spec.${name}`), ...checkNotOver100Percent(spec[name], `spec.${name}`));
  }
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const policy = getString(spec, 'unhealthyPodEvictionPolicy');
  if (policy !== undefined && !EVICTION_POLICIES.includes(policy)) {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', policy, EVICTION_POLICIES));
  }
  return errs;
}
