// The bookkeeping of the Job controller: Job conditions (SuccessCriteriaMet, Complete,
// FailureTarget, Failed, Suspended) with their real reasons and messages, the completed-index
// interval strings of Indexed Jobs, and the per-Job failure back-off record (10 s doubling,
// capped at 6 minutes). No API calls here.

import type { KubeObject } from '../../k8s/types.ts';
import type { SimulationKnobs } from './controller.ts';

type Obj = Record<string, any>;

/** One Job condition as the API stores it. */
export interface JobCondition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastProbeTime: string;
  lastTransitionTime: string;
}

/** The reasons and messages the Job controller writes. */
export const JOB_REASONS = {
  completionsReached: { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
  backoffLimitExceeded: { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
  deadlineExceeded: { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
  suspended: { reason: 'JobSuspended', message: 'Job suspended' },
  resumed: { reason: 'JobResumed', message: 'Job resumed' },
} as const;

/** The first back-off after a pod failure, and its cap. */
export const JOB_BACKOFF = { baseMs: 10_000, maxMs: 6 * 60_000 } as const;

/** The conditions of a Job. */
export function conditionsOf(job: KubeObject): JobCondition[] {
  return (((job as Obj).status?.conditions ?? []) as JobCondition[]).map((c) => ({ ...c }));
}

/** The True condition of `type`, or undefined. */
export function trueCondition(conditions: readonly JobCondition[], type: string): JobCondition | undefined {
  return conditions.find((c) => c.type === type && c.status === 'True');
}

/** True when the Job has a Complete or Failed condition that is True. */
export function isJobFinished(job: KubeObject): boolean {
  const conditions = conditionsOf(job);
  return Boolean(trueCondition(conditions, 'Complete') || trueCondition(conditions, 'Failed'));
}

/** Sets (or replaces) a condition; the transition time moves only when the status changes. */
export function putCondition(conditions: JobCondition[], type: string, status: 'True' | 'False', text: { reason: string; message: string }, now: string): JobCondition[] {
  const old = conditions.find((c) => c.type === type);
  const next: JobCondition = { type, status, reason: text.reason, message: text.message, lastProbeTime: now, lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now };
  if (old && old.status === status && old.reason === text.reason && old.message === text.message) return conditions;
  return old ? conditions.map((c) => (c.type === type ? next : c)) : [...conditions, next];
}

/** Parses a completed-indexes string (`1,3-5`) into a set. */
export function parseIndexes(text: string | undefined): Set<number> {
  const out = new Set<number>();
  for (const part of (text ?? '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let i = from; i <= to; i++) out.add(i);
  }
  return out;
}

/** Formats indexes as the API does: sorted, consecutive runs of three or more as `a-b`. */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j === i) parts.push(String(sorted[i]));
    else if (j === i + 1) parts.push(String(sorted[i]), String(sorted[j]));
    else parts.push(`${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** Failures since the last success and when the last one happened (the controller's backoffRecord). */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureMs: number;
}

const BACKOFF_KEY = 'jobBackoff';

/** The back-off records of every Job, by Job uid (kept with the simulation's knobs). */
export function backoffRecordsOf(knobs: SimulationKnobs): Record<string, BackoffRecord> {
  let records = knobs.values.get(BACKOFF_KEY) as Record<string, BackoffRecord> | undefined;
  if (!records) {
    records = {};
    knobs.values.set(BACKOFF_KEY, records);
  }
  return records;
}

/** Milliseconds left before a new pod may be created after failures, 0 when none. */
export function remainingBackoffMs(record: BackoffRecord | undefined, nowMs: number): number {
  if (!record || record.failuresAfterLastSuccess === 0) return 0;
  let delay: number = JOB_BACKOFF.baseMs;
  for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
    delay *= 2;
    if (delay >= JOB_BACKOFF.maxMs) {
      delay = JOB_BACKOFF.maxMs;
      break;
    }
  }
  const elapsed = nowMs - record.lastFailureMs;
  return elapsed >= delay ? 0 : delay - elapsed;
}
