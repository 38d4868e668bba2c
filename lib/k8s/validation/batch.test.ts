import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.ts';
import { checkCronSchedule } from './cron-schedule.ts';
import { listErrors, makeObject, makeTemplate } from './test-fixtures.ts';

function makeJob(spec: Record<string, unknown> = {}): KubeObject {
  return makeObject('batch/v1', 'Job', { spec: { template: makeTemplate({ restartPolicy: 'Never' }, {}), ...spec } });
}

function makeCronJob(spec: Record<string, unknown> = {}, name = 'nightly'): KubeObject {
  const jobTemplate = { spec: { template: makeTemplate({ restartPolicy: 'OnFailure' }, {}) } };
  return makeObject('batch/v1', 'CronJob', { spec: { schedule: '0 3 * * *', jobTemplate, ...spec } }, name);
}

type Case = [string, KubeObject, Array<[string, string]>];

const cases: Case[] = [
  ['a Job template without restartPolicy', makeJob({ template: makeTemplate({}, {}) }), [
    ['spec.template.spec.restartPolicy', 'Required value: valid values: "OnFailure", "Never"'],
  ]],
  ['a Job template that restarts Always', makeJob({ template: makeTemplate({ restartPolicy: 'Always' }, {}) }), [
    ['spec.template.spec.restartPolicy', 'Required value: valid values: "OnFailure", "Never"'],
  ]],
  ['a Job with a negative backoffLimit', makeJob({ backoffLimit: -1 }), [['spec.backoffLimit', 'Invalid value: -1: must be greater than or equal to 0']]],
  ['a Job with negative completions and parallelism', makeJob({ parallelism: -2, completions: -1 }), [
    ['spec.parallelism', 'Invalid value: -2: must be greater than or equal to 0'],
    ['spec.completions', 'Invalid value: -1: must be greater than or equal to 0'],
  ]],
  ['a Job with a manual selector that misses the template', makeJob({ manualSelector: true, selector: { matchLabels: { app: 'x' } } }), [
    ['spec.template.metadata.labels', 'Invalid value: map[string]string{}: `selector` does not match template `labels`'],
  ]],
  ['a CronJob with four schedule fields', makeCronJob({ schedule: '0 3 * *' }), [
    ['spec.schedule', 'Invalid value: "0 3 * *": expected exactly 5 fields, found 4: [0 3 * *]'],
  ]],
  ['a CronJob with a weekday of 7', makeCronJob({ schedule: '0 3 * * 7' }), [
    ['spec.schedule', 'Invalid value: "0 3 * * 7": end of range (7) above maximum (6): 7'],
  ]],
  ['a CronJob with an unknown descriptor', makeCronJob({ schedule: '@fortnightly' }), [
    ['spec.schedule', 'Invalid value: "@fortnightly": unrecognized descriptor: @fortnightly'],
  ]],
  ['a CronJob with TZ in the schedule', makeCronJob({ schedule: 'TZ=UTC 0 3 * * *' }), [
    ['spec.schedule', 'Invalid value: "TZ=UTC 0 3 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
  ]],
  ['a CronJob without schedule', makeCronJob({ schedule: '' }), [['spec.schedule', 'Required value']]],
  ['a CronJob with an unknown concurrencyPolicy', makeCronJob({ concurrencyPolicy: 'Never' }), [
    ['spec.concurrencyPolicy', 'Unsupported value: "Never": supported values: "Allow", "Forbid", "Replace"'],
  ]],
  ['a CronJob with an unknown time zone', makeCronJob({ timeZone: 'Mars/Olympus' }), [
    ['spec.timeZone', 'Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus'],
  ]],
  ['a CronJob whose job template restarts Always', makeCronJob({ jobTemplate: { spec: { template: makeTemplate({}, {}) } } }), [
    ['spec.jobTemplate.spec.template.spec.restartPolicy', 'Required value: valid values: "OnFailure", "Never"'],
  ]],
  ['a CronJob whose job template sets a selector', makeCronJob({ jobTemplate: { spec: { selector: { matchLabels: { a: 'b' } }, template: makeTemplate({ restartPolicy: 'Never' }, {}) } } }), [
    ['spec.jobTemplate.spec.selector', 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated'],
  ]],
  ['a CronJob with a 53-character name', makeCronJob({}, 'a'.repeat(53)), [
    ['metadata.name', `Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`],
  ]],
];

describe('batch validation', () => {
  it.each(cases)('validateObject() reports %s', (_name, obj, expected) => {
    expect(listErrors(obj)).toEqual(expected);
  });

  it('validateObject() accepts a Job and a CronJob with generated selectors', () => {
    expect(listErrors(makeJob({ backoffLimit: 6, ttlSecondsAfterFinished: 100, activeDeadlineSeconds: 100 }))).toEqual([]);
    expect(listErrors(makeCronJob({ concurrencyPolicy: 'Forbid', timeZone: 'Europe/Berlin', successfulJobsHistoryLimit: 3 }))).toEqual([]);
  });

  it('checkCronSchedule() accepts lists, ranges, steps, names and descriptors', () => {
    for (const ok of ['*/5 * * * *', '0 0-6/2 1,15 jan-mar mon-fri', '30 4 * * SUN', '@hourly', '@every 1h30m', '0 0 ? * *']) {
      expect(checkCronSchedule(ok)).toBeUndefined();
    }
  });

  it('checkCronSchedule() words errors like the robfig/cron parser', () => {
    expect(checkCronSchedule('61 * * * *')).toBe('end of range (61) above maximum (59): 61');
    expect(checkCronSchedule('* * 0 * *')).toBe('beginning of range (0) below minimum (1): 0');
    expect(checkCronSchedule('5-1 * * * *')).toBe('beginning of range (5) beyond end of range (1): 5-1');
    expect(checkCronSchedule('*/0 * * * *')).toBe('step of range should be a positive number: */0');
    expect(checkCronSchedule('x * * * *')).toBe('failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
  });
});
