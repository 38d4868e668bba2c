// The CronJob controller (v2): creates a Job `<cronjob>-<minutes since epoch>` for the most recent
// unmet schedule time (honouring timeZone, suspend, startingDeadlineSeconds and
// concurrencyPolicy), tracks `status.active`, lastScheduleTime and lastSuccessfulTime, trims
// finished Jobs to the history limits, and sleeps until the next schedule with after(ms).

import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../k8s/types.ts';
import { rfc3339 } from '../clock.ts';
import { isStatusError } from '../errors.ts';
import { after, done, kind, ownedBy, splitKey, type Controller, type ControllerContext, type ReconcileResult } from './controller.ts';
import { checkTimeZone, formatRfc1123z, formatRfc3339InZone, parseCronSchedule, type CronSchedule } from './cronjob-schedule.ts';
import { conditionsOf, trueCondition } from './job-status.ts';
import { controllerRefOf } from './replicaset-pods.ts';

type Obj = Record<string, any>;

/** The controller's name in the manager. */
export const CRONJOB_CONTROLLER = 'cronjob';
/** The annotation a CronJob's Job carries: its scheduled time, RFC 3339 in the CronJob's zone. */
export const CRONJOB_SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

const COMPONENT = 'cronjob-controller';
const FIELD_MANAGER = 'kube-controller-manager';
const CRONJOB = { apiVersion: 'batch/v1', kind: 'CronJob' } as const;
const JOB = { apiVersion: 'batch/v1', kind: 'Job' } as const;
/** The controller wakes this long after a schedule time, as upstream's nextScheduleDelta. */
const NEXT_SCHEDULE_DELTA_MS = 100;
const MAX_MISSED = 100;

/** The finished condition type of a Job (`Complete` or `Failed`), or undefined while it runs. */
function finishedTypeOf(job: KubeObject): 'Complete' | 'Failed' | undefined {
  const conditions = conditionsOf(job);
  if (trueCondition(conditions, 'Complete')) return 'Complete';
  if (trueCondition(conditions, 'Failed')) return 'Failed';
  return undefined;
}

/** The Jobs this CronJob controls, in name order. */
function listChildJobs(ctx: ControllerContext, cronJob: KubeObject): KubeObject[] {
  return ctx.api.list({ ...JOB, namespace: cronJob.metadata.namespace }).items
    .filter((j) => j.metadata.ownerReferences?.some((r) => r.controller && r.uid === cronJob.metadata.uid))
    .sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
}

interface Missed {
  /** The most recent schedule time not yet run, if any. */
  readonly mostRecent?: number;
  /** Where counting started (last schedule time, creation, or the starting deadline). */
  readonly earliest: number;
  readonly count: number;
}

/** The schedule times missed since the last one run (mostRecentScheduleTime). */
function missedSchedules(cronJob: KubeObject, schedule: CronSchedule, nowMs: number, useStartingDeadline: boolean): Missed {
  const status = ((cronJob as Obj).status ?? {}) as Obj;
  let earliest = Date.parse(status.lastScheduleTime ?? cronJob.metadata.creationTimestamp ?? '');
  if (!Number.isFinite(earliest)) earliest = nowMs;
  const deadline = (cronJob as Obj).spec?.startingDeadlineSeconds;
  if (useStartingDeadline && typeof deadline === 'number') earliest = Math.max(earliest, nowMs - deadline * 1000);
  let count = 0;
  let mostRecent: number | undefined;
  for (let t = schedule.next(earliest); t <= nowMs; t = schedule.next(t)) {
    mostRecent = t;
    if (++count > 10_000) break;
  }
  return mostRecent === undefined ? { earliest, count } : { earliest, count, mostRecent };
}

/** Milliseconds until the controller should look again for the next schedule. */
function untilNextSchedule(cronJob: KubeObject, schedule: CronSchedule, nowMs: number): number {
  const missed = missedSchedules(cronJob, schedule, nowMs, false);
  return Math.max(0, schedule.next(missed.mostRecent ?? missed.earliest) + NEXT_SCHEDULE_DELTA_MS - nowMs);
}

/** A Job for one schedule time (getJobFromTemplate2). */
function buildJob(cronJob: KubeObject, scheduledMs: number, timeZone: string | undefined): KubeObject {
  const template = ((cronJob as Obj).spec?.jobTemplate ?? {}) as Obj;
  const meta: Obj = {
    name: `${cronJob.metadata.name}-${Math.floor(scheduledMs / 60_000)}`,
    namespace: cronJob.metadata.namespace,
    labels: { ...(template.metadata?.labels ?? {}) },
    annotations: { ...(template.metadata?.annotations ?? {}), [CRONJOB_SCHEDULED_TIMESTAMP]: formatRfc3339InZone(scheduledMs, timeZone) },
    ownerReferences: [controllerRefOf(cronJob)],
  };
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: meta, spec: structuredClone(template.spec ?? {}) } as KubeObject;
}

function jobReference(job: KubeObject): Obj {
  return { kind: 'Job', namespace: job.metadata.namespace, name: job.metadata.name, uid: job.metadata.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata.resourceVersion };
}

/** Deletes a Job (Background) with its event; true when it is gone or going. */
function deleteJob(ctx: ControllerContext, cronJob: KubeObject, job: KubeObject): boolean {
  try {
    ctx.api.delete({ ...JOB, namespace: job.metadata.namespace, name: job.metadata.name ?? '' }, { propagationPolicy: 'Background' });
  } catch (err) {
    if (!isStatusError(err, 'NotFound')) {
      ctx.events.record(cronJob, 'Warning', 'FailedDelete', `Deleted job: ${err instanceof Error ? err.message : String(err)}`, COMPONENT);
      return false;
    }
  }
  ctx.events.record(cronJob, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`, COMPONENT);
  return true;
}

/** Reconciles `status.active` with the child Jobs; records lastSuccessfulTime. */
function syncActive(ctx: ControllerContext, cronJob: KubeObject, status: Obj, jobs: readonly KubeObject[]): void {
  const active: Obj[] = [...(status.active ?? [])];
  for (const job of jobs) {
    const found = active.some((r) => r.uid === job.metadata.uid);
    const finished = finishedTypeOf(job);
    if (!found && !finished) {
      ctx.events.record(cronJob, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata.name}`, COMPONENT);
    } else if (found && finished) {
      ctx.events.record(cronJob, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, condition: ${finished}`, COMPONENT);
      active.splice(active.findIndex((r) => r.uid === job.metadata.uid), 1);
    }
    const completedAt = (job as Obj).status?.completionTime;
    if (finished === 'Complete' && completedAt && (!status.lastSuccessfulTime || Date.parse(completedAt) > Date.parse(status.lastSuccessfulTime))) {
      status.lastSuccessfulTime = completedAt;
    }
  }
  for (const ref of [...active]) {
    if (jobs.some((j) => j.metadata.uid === ref.uid)) continue;
    if (ctx.api.tryGet({ ...JOB, namespace: ref.namespace, name: ref.name })?.metadata.uid === ref.uid) continue;
    ctx.events.record(cronJob, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`, COMPONENT);
    active.splice(active.indexOf(ref), 1);
  }
  if (active.length > 0) status.active = active;
  else delete status.active;
}

/** Starts the Job for the most recent missed schedule time, if the rules allow. Returns the requeue. */
function syncSchedule(ctx: ControllerContext, cronJob: KubeObject, status: Obj): ReconcileResult {
  const spec = ((cronJob as Obj).spec ?? {}) as Obj;
  const timeZone: string | undefined = spec.timeZone ?? undefined;
  if (timeZone !== undefined) {
    try {
      checkTimeZone(timeZone);
    } catch (err) {
      ctx.events.record(cronJob, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(timeZone)}: ${(err as Error).message}`, COMPONENT);
      return done();
    }
  }
  if (spec.suspend === true) return done();
  let schedule: CronSchedule;
  try {
    schedule = parseCronSchedule(String(spec.schedule ?? ''), timeZone);
  } catch (err) {
    ctx.events.record(cronJob, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(spec.schedule ?? '')} : ${(err as Error).message}`, COMPONENT);
    return done();
  }
  const nowMs = ctx.clock.nowMillis();
  const current = { ...cronJob, status } as KubeObject;
  const missed = missedSchedules(current, schedule, nowMs, true);
  if (missed.count > MAX_MISSED) {
    ctx.events.record(cronJob, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed.count}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`, COMPONENT);
  }
  const next = (): ReconcileResult => after(untilNextSchedule(current, schedule, nowMs));
  const scheduled = missed.mostRecent;
  if (scheduled === undefined) return next();
  if (typeof spec.startingDeadlineSeconds === 'number' && scheduled + spec.startingDeadlineSeconds * 1000 < nowMs) {
    ctx.events.record(cronJob, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${formatRfc1123z(scheduled)}`, COMPONENT);
    return next();
  }
  const jobName = `${cronJob.metadata.name}-${Math.floor(scheduled / 60_000)}`;
  const active: Obj[] = status.active ?? [];
  if (active.some((r) => r.name === jobName) || (status.lastScheduleTime && Date.parse(status.lastScheduleTime) === scheduled)) return next();
  if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
    ctx.events.record(cronJob, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', COMPONENT);
    return next();
  }
  if (spec.concurrencyPolicy === 'Replace') {
    for (const ref of [...active]) {
      const job = ctx.api.tryGet({ ...JOB, namespace: ref.namespace, name: ref.name });
      if (job && !deleteJob(ctx, cronJob, job)) throw new Error(`could not replace job ${ref.name}`);
      active.splice(active.indexOf(ref), 1);
    }
    if (active.length > 0) status.active = active;
    else delete status.active;
  }
  let job: KubeObject;
  try {
    job = ctx.api.create(buildJob(cronJob, scheduled, timeZone), { fieldManager: FIELD_MANAGER });
    ctx.events.record(cronJob, 'Normal', 'SuccessfulCreate', `Created job ${job.metadata.name}`, COMPONENT);
  } catch (err) {
    if (!isStatusError(err, 'AlreadyExists')) {
      ctx.events.record(cronJob, 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`, COMPONENT);
      throw err;
    }
    const existing = ctx.api.get({ ...JOB, namespace: cronJob.metadata.namespace, name: jobName });
    if (!existing.metadata.ownerReferences?.some((r) => r.uid === cronJob.metadata.uid)) return next();
    job = existing;
  }
  if (!finishedTypeOf(job) && !(status.active ?? []).some((r: Obj) => r.uid === job.metadata.uid)) status.active = [...(status.active ?? []), jobReference(job)];
  status.lastScheduleTime = rfc3339(scheduled);
  return after(untilNextSchedule({ ...cronJob, status } as KubeObject, schedule, nowMs));
}

/** Deletes the oldest finished Jobs beyond the history limits. */
function cleanupFinishedJobs(ctx: ControllerContext, cronJob: KubeObject, status: Obj, jobs: readonly KubeObject[]): void {
  const spec = ((cronJob as Obj).spec ?? {}) as Obj;
  const byStart = (a: KubeObject, b: KubeObject): number => {
    const sa = (a as Obj).status?.startTime;
    const sb = (b as Obj).status?.startTime;
    if (!sa !== !sb) return sa ? -1 : 1;
    return String(sa ?? '').localeCompare(String(sb ?? '')) || String(a.metadata.name).localeCompare(String(b.metadata.name));
  };
  for (const [type, limit] of [['Complete', spec.successfulJobsHistoryLimit], ['Failed', spec.failedJobsHistoryLimit]] as const) {
    if (typeof limit !== 'number') continue;
    const finished = jobs.filter((j) => finishedTypeOf(j) === type && !j.metadata.deletionTimestamp).sort(byStart);
    for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
      if (!deleteJob(ctx, cronJob, job)) continue;
      const active = (status.active ?? []).filter((r: Obj) => r.uid !== job.metadata.uid);
      if (active.length > 0) status.active = active;
      else delete status.active;
    }
  }
}

function reconcileCronJob(key: string, ctx: ControllerContext): ReconcileResult {
  const { namespace, name } = splitKey(key);
  const cronJob = ctx.api.tryGet({ ...CRONJOB, namespace, name });
  if (!cronJob) return done();
  const status = structuredClone(((cronJob as Obj).status ?? {}) as Obj);
  const jobs = listChildJobs(ctx, cronJob);
  syncActive(ctx, cronJob, status, jobs);
  const result = cronJob.metadata.deletionTimestamp ? done() : syncSchedule(ctx, cronJob, status);
  if (!cronJob.metadata.deletionTimestamp) cleanupFinishedJobs(ctx, cronJob, status, listChildJobs(ctx, cronJob));
  if (!isDeepStrictEqual((cronJob as Obj).status ?? {}, status)) {
    ctx.api.update({ ...structuredClone(cronJob), status } as KubeObject, { subresource: 'status', fieldManager: FIELD_MANAGER });
  }
  return result;
}

/** The CronJob controller: Jobs on schedule, status and events as kube-controller-manager's cronjob-controller-v2. */
export const cronJobController: Controller = {
  name: CRONJOB_CONTROLLER,
  watches: [kind(CRONJOB.apiVersion, CRONJOB.kind), ownedBy(JOB.apiVersion, JOB.kind, 'CronJob')],
  reconcile: reconcileCronJob,
};
