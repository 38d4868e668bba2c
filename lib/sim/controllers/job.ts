// The Job controller: runs a Job's pods to `completions` with `parallelism` at a time (NonIndexed
// or Indexed), counts finished pods through the job-tracking finalizer, backs off after failures,
// and ends the Job with SuccessCriteriaMet/Complete or FailureTarget/Failed (BackoffLimitExceeded,
// DeadlineExceeded) once its pods have stopped, as 1.32 does. TTL deletion is a separate controller.

import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../k8s/types.ts';
import { isPodReady } from '../conditions.ts';
import { after, done, kind, ownedBy, splitKey, type Controller, type ControllerContext, type ReconcileResult } from './controller.ts';
import {
  choosePodsToRemove, completionIndexOf, countRestarts, createJobPods, deleteJobPods, failureTimeOf, hasTrackingFinalizer,
  isPodFailed, isPodSucceeded, JOB_COMPONENT, JOB_FIELD_MANAGER, listJobPods, removeTrackingFinalizers, type JobPods,
} from './job-pods.ts';
import {
  backoffRecordsOf, conditionsOf, formatIndexes, isJobFinished, JOB_REASONS, parseIndexes, putCondition, remainingBackoffMs, trueCondition, type JobCondition,
} from './job-status.ts';

type Obj = Record<string, any>;

/** The controller's name in the manager. */
export const JOB_CONTROLLER = 'job';

const JOB = { apiVersion: 'batch/v1', kind: 'Job' } as const;

interface Counts {
  succeeded: number;
  failed: number;
  completedIndexes: Set<number>;
}

/** Counts newly finished pods that still carry the tracking finalizer, then releases them. */
function countFinishedPods(ctx: ControllerContext, job: KubeObject, pods: JobPods, indexed: boolean, onlyFailedPhase: boolean): Counts {
  const status = ((job as Obj).status ?? {}) as Obj;
  const counts: Counts = { succeeded: Number(status.succeeded ?? 0), failed: Number(status.failed ?? 0), completedIndexes: parseIndexes(status.completedIndexes) };
  const completions = (job as Obj).spec?.completions;
  const records = backoffRecordsOf(ctx.sim);
  const uid = job.metadata.uid ?? '';
  const counted: KubeObject[] = [];
  const now = ctx.clock.nowMillis();
  for (const pod of pods.all) {
    if (!hasTrackingFinalizer(pod)) continue;
    if (isPodSucceeded(pod)) {
      const index = completionIndexOf(pod);
      if (indexed) {
        if (index !== undefined && index < Number(completions ?? 0)) counts.completedIndexes.add(index);
      } else counts.succeeded++;
      records[uid] = { failuresAfterLastSuccess: 0, lastFailureMs: records[uid]?.lastFailureMs ?? 0 };
      counted.push(pod);
    } else if (isPodFailed(pod, onlyFailedPhase)) {
      counts.failed++;
      const record = records[uid] ?? { failuresAfterLastSuccess: 0, lastFailureMs: 0 };
      records[uid] = { failuresAfterLastSuccess: record.failuresAfterLastSuccess + 1, lastFailureMs: Math.max(record.lastFailureMs, failureTimeOf(pod, now)) };
      counted.push(pod);
    }
  }
  if (indexed) counts.succeeded = counts.completedIndexes.size;
  removeTrackingFinalizers(ctx, counted);
  return counts;
}

/** The failure condition the Job has reached, if any. */
function failureOf(job: KubeObject, pods: JobPods, failed: number, nowMs: number): { reason: string; message: string } | undefined {
  const spec = ((job as Obj).spec ?? {}) as Obj;
  const backoffLimit = Number(spec.backoffLimit ?? 6);
  if (failed > backoffLimit) return JOB_REASONS.backoffLimitExceeded;
  if (spec.template?.spec?.restartPolicy === 'OnFailure') {
    const restarts = countRestarts(pods.active);
    if (backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit) return JOB_REASONS.backoffLimitExceeded;
  }
  if (deadlineRemainingMs(job, nowMs) === 0) return JOB_REASONS.deadlineExceeded;
  return undefined;
}

/** Milliseconds until activeDeadlineSeconds passes (0 once passed), undefined without a deadline. */
function deadlineRemainingMs(job: KubeObject, nowMs: number): number | undefined {
  const spec = ((job as Obj).spec ?? {}) as Obj;
  const started = Date.parse((job as Obj).status?.startTime ?? '');
  if (spec.activeDeadlineSeconds === undefined || spec.activeDeadlineSeconds === null || spec.suspend === true || !Number.isFinite(started)) return undefined;
  return Math.max(0, started + Number(spec.activeDeadlineSeconds) * 1000 - nowMs);
}

/** True when the Job has enough successes. */
function isComplete(job: KubeObject, counts: Counts, activeCount: number): boolean {
  const completions = (job as Obj).spec?.completions;
  if (completions === undefined || completions === null) return counts.succeeded > 0 && activeCount === 0;
  return counts.succeeded >= Number(completions);
}

/** Creates or deletes pods toward the wanted number of active pods. Returns a requeue delay for back-off. */
function managePods(ctx: ControllerContext, job: KubeObject, pods: JobPods, counts: Counts, indexed: boolean): { error?: Error; requeueMs?: number } {
  const spec = ((job as Obj).spec ?? {}) as Obj;
  const parallelism = Number(spec.parallelism ?? 1);
  const completions = spec.completions;
  const active = pods.active.length;
  let wantActive: number;
  if (completions === undefined || completions === null) wantActive = counts.succeeded > 0 ? active : parallelism;
  else wantActive = Math.max(0, Math.min(parallelism, Number(completions) - counts.succeeded));
  if (active > wantActive) {
    const error = deleteJobPods(ctx, job, choosePodsToRemove(pods.active, active - wantActive));
    return error ? { error } : {};
  }
  if (active === wantActive) return {};
  const wait = remainingBackoffMs(backoffRecordsOf(ctx.sim)[job.metadata.uid ?? ''], ctx.clock.nowMillis());
  if (wait > 0) return { requeueMs: wait };
  let indexes: Array<number | undefined>;
  if (indexed) {
    const busy = new Set(pods.active.map(completionIndexOf));
    indexes = [];
    for (let i = 0; i < Number(completions) && indexes.length < wantActive - active; i++) {
      if (!counts.completedIndexes.has(i) && !busy.has(i)) indexes.push(i);
    }
  } else {
    indexes = new Array<undefined>(wantActive - active).fill(undefined);
  }
  const error = createJobPods(ctx, job, indexes);
  return error ? { error } : {};
}

function buildStatus(pods: JobPods, counts: Counts, conditions: JobCondition[], startTime: string | undefined, completionTime: string | undefined, indexed: boolean): Obj {
  const status: Obj = {};
  if (conditions.length > 0) status.conditions = conditions;
  if (startTime) status.startTime = startTime;
  if (completionTime) status.completionTime = completionTime;
  if (pods.active.length > 0) status.active = pods.active.length;
  if (counts.succeeded > 0) status.succeeded = counts.succeeded;
  if (counts.failed > 0) status.failed = counts.failed;
  status.terminating = pods.terminating.length;
  if (indexed && counts.completedIndexes.size > 0) status.completedIndexes = formatIndexes(counts.completedIndexes);
  status.uncountedTerminatedPods = {};
  status.ready = pods.active.filter((p) => isPodReady(p)).length;
  return status;
}

function writeStatus(ctx: ControllerContext, job: KubeObject, status: Obj): void {
  if (isDeepStrictEqual((job as Obj).status ?? {}, status)) return;
  ctx.api.update({ ...structuredClone(job), status } as KubeObject, { subresource: 'status', fieldManager: JOB_FIELD_MANAGER });
}

/** Releases the tracking finalizers of pods whose Job is gone. */
function releaseOrphans(ctx: ControllerContext, namespace: string | undefined, name: string): void {
  const pods = ctx.api.list({ apiVersion: 'v1', kind: 'Pod', namespace }).items.filter((p) =>
    hasTrackingFinalizer(p) && p.metadata.ownerReferences?.some((r) => r.controller && r.kind === 'Job' && r.name === name),
  );
  const live = ctx.api.tryGet({ ...JOB, namespace, name })?.metadata.uid;
  removeTrackingFinalizers(ctx, pods.filter((p) => !p.metadata.ownerReferences?.some((r) => r.uid === live)));
}

function reconcileJob(key: string, ctx: ControllerContext): ReconcileResult {
  const { namespace, name } = splitKey(key);
  const job = ctx.api.tryGet({ ...JOB, namespace, name });
  if (!job) {
    releaseOrphans(ctx, namespace, name);
    return done();
  }
  const pods = listJobPods(ctx, job);
  if (job.metadata.deletionTimestamp || isJobFinished(job)) {
    removeTrackingFinalizers(ctx, pods.all);
    delete backoffRecordsOf(ctx.sim)[job.metadata.uid ?? ''];
    return done();
  }
  const spec = ((job as Obj).spec ?? {}) as Obj;
  const indexed = spec.completionMode === 'Indexed';
  const onlyFailedPhase = spec.podReplacementPolicy === 'Failed' || Boolean(spec.podFailurePolicy);
  const now = ctx.clock.nowIso();
  const nowMs = ctx.clock.nowMillis();
  const counts = countFinishedPods(ctx, job, pods, indexed, onlyFailedPhase);
  const current = listJobPods(ctx, job);
  let conditions = conditionsOf(job);
  let startTime: string | undefined = (job as Obj).status?.startTime;
  let completionTime: string | undefined;
  let error: Error | undefined;
  let requeueMs: number | undefined;

  if (spec.suspend === true) {
    if (!trueCondition(conditions, 'Suspended')) ctx.events.record(job, 'Normal', 'Suspended', 'Job suspended', JOB_COMPONENT);
    conditions = putCondition(conditions, 'Suspended', 'True', JOB_REASONS.suspended, now);
    error = deleteJobPods(ctx, job, current.active);
    startTime = undefined;
  } else {
    if (trueCondition(conditions, 'Suspended')) {
      conditions = putCondition(conditions, 'Suspended', 'False', JOB_REASONS.resumed, now);
      ctx.events.record(job, 'Normal', 'Resumed', 'Job resumed', JOB_COMPONENT);
    }
    startTime ??= now;
    const withStart = { ...job, status: { ...((job as Obj).status ?? {}), startTime } } as KubeObject;
    let target = trueCondition(conditions, 'FailureTarget') ?? trueCondition(conditions, 'SuccessCriteriaMet');
    if (!target) {
      const failure = failureOf(withStart, current, counts.failed, nowMs);
      if (failure) conditions = putCondition(conditions, 'FailureTarget', 'True', failure, now);
      else if (isComplete(job, counts, current.active.length)) conditions = putCondition(conditions, 'SuccessCriteriaMet', 'True', JOB_REASONS.completionsReached, now);
      target = trueCondition(conditions, 'FailureTarget') ?? trueCondition(conditions, 'SuccessCriteriaMet');
    }
    if (target) {
      error = deleteJobPods(ctx, job, current.active);
      if (current.active.length === 0 && current.terminating.length === 0) {
        if (target.type === 'SuccessCriteriaMet') {
          conditions = putCondition(conditions, 'Complete', 'True', JOB_REASONS.completionsReached, now);
          completionTime = now;
          ctx.events.record(job, 'Normal', 'Completed', 'Job completed', JOB_COMPONENT);
        } else {
          conditions = putCondition(conditions, 'Failed', 'True', { reason: target.reason, message: target.message }, now);
          ctx.events.record(job, 'Warning', target.reason, target.message, JOB_COMPONENT);
        }
        delete backoffRecordsOf(ctx.sim)[job.metadata.uid ?? ''];
      }
    } else {
      ({ error, requeueMs } = managePods(ctx, job, current, counts, indexed));
      const deadline = deadlineRemainingMs(withStart, nowMs);
      if (deadline !== undefined && (requeueMs === undefined || deadline < requeueMs)) requeueMs = deadline;
    }
  }
  const final = listJobPods(ctx, job);
  writeStatus(ctx, job, buildStatus(final, counts, conditions, startTime, completionTime, indexed));
  if (error) throw error;
  return requeueMs === undefined ? done() : after(requeueMs);
}

/**
 * The Job controller: pods `<job>-<suffix>` (Indexed: `<job>-<index>-<suffix>`) with the Job's
 * generated labels, a controllerRef and the job-tracking finalizer; status, conditions and events
 * as kube-controller-manager's job-controller writes them.
 */
export const jobController: Controller = {
  name: JOB_CONTROLLER,
  watches: [kind(JOB.apiVersion, JOB.kind), ownedBy('v1', 'Pod', 'Job')],
  reconcile: reconcileJob,
};
