// Job and CronJob specs: counts and deadlines non-negative, template restartPolicy OnFailure or
// Never, selector rules (generated unless manualSelector), and the CronJob schedule, time zone
// and concurrency policy. A Job's generated selector labels are added by the server, not here.

import { checkNonNegative } from './common-checks.ts';
import { checkCronSchedule } from './cron-schedule.ts';
import { child, invalid, notSupported, required, type FieldError } from './field-error.ts';
import { getString, hasValue, toRecord, type Json } from './fields.ts';
import { toGoLabelSelector, toGoStringMap } from './go-value.ts';
import { isEmptySelector, matchesSelector, validateLabelSelector } from './label-selector.ts';
import { validatePodTemplate } from './pod-spec.ts';

const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];
const COMPLETION_MODES = ['NonIndexed', 'Indexed'];

function validateJobTemplateRules(spec: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const name of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    errs.push(...checkNonNegative(spec, name, path));
  }
  const mode = getString(spec, 'completionMode');
  if (mode !== undefined && !COMPLETION_MODES.includes(mode)) errs.push(notSupported(child(path, 'completionMode'), mode, COMPLETION_MODES));
  const template = toRecord(spec.template);
  errs.push(...validatePodTemplate(template, child(path, 'template')));
  const restart = getString(toRecord(template?.spec), 'restartPolicy') ?? 'Always';
  if (restart !== 'OnFailure' && restart !== 'Never') {
    errs.push(required(child(path, 'template', 'spec', 'restartPolicy'), 'valid values: "OnFailure", "Never"'));
  }
  return errs;
}

/** Validates a Job's spec at `path` (`spec`); the server generates the selector unless manualSelector. */
export function validateJobSpec(spec: Json, path = 'spec'): FieldError[] {
  const errs = validateJobTemplateRules(spec, path);
  const selectorPath = child(path, 'selector');
  if (spec.manualSelector === true && !hasValue(spec, 'selector')) errs.push(required(selectorPath));
  if (hasValue(spec, 'selector')) {
    errs.push(...validateLabelSelector(spec.selector, selectorPath));
    const labels = toRecord(toRecord(spec.template)?.metadata)?.labels;
    if (!isEmptySelector(spec.selector) && !matchesSelector(spec.selector, labels)) {
      errs.push(invalid(child(path, 'template', 'metadata', 'labels'), toGoStringMap(labels), '`selector` does not match template `labels`'));
    }
  }
  return errs;
}

/** Validates a CronJob's name length and spec (ValidateCronJob). */
export function validateCronJob(name: string, spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  if (name.length > 52) errs.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
  const schedule = getString(spec, 'schedule') ?? '';
  if (schedule === '') {
    errs.push(required('spec.schedule'));
  } else {
    const problem = checkCronSchedule(schedule);
    if (problem !== undefined) errs.push(invalid('spec.schedule', schedule, problem));
    if (schedule.includes('TZ')) errs.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  const timeZone = getString(spec, 'timeZone');
  if (timeZone !== undefined && !isKnownTimeZone(timeZone)) errs.push(invalid('spec.timeZone', timeZone, `unknown time zone ${timeZone}`));
  errs.push(...checkNonNegative(spec, 'startingDeadlineSeconds', 'spec'));
  const policy = getString(spec, 'concurrencyPolicy');
  if (policy !== undefined && !CONCURRENCY_POLICIES.includes(policy)) errs.push(notSupported('spec.concurrencyPolicy', policy, CONCURRENCY_POLICIES));
  errs.push(...checkNonNegative(spec, 'successfulJobsHistoryLimit', 'spec'), ...checkNonNegative(spec, 'failedJobsHistoryLimit', 'spec'));
  const jobSpec = toRecord(toRecord(spec.jobTemplate)?.spec) ?? {};
  const jobPath = 'spec.jobTemplate.spec';
  errs.push(...validateJobTemplateRules(jobSpec, jobPath));
  if (hasValue(jobSpec, 'selector')) {
    errs.push(invalid(child(jobPath, 'selector'), toGoLabelSelector(jobSpec.selector), '`selector` will be auto-generated'));
  }
  if (jobSpec.manualSelector === true) errs.push(notSupported(child(jobPath, 'manualSelector'), true, ['nil', 'false']));
  return errs;
}

function isKnownTimeZone(zone: string): boolean {
  if (zone === '' || zone.toLowerCase() === 'local') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
