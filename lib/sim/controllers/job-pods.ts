// The pod work of the Job controller: reading a Job's pods and sorting them into active,
// terminating, succeeded and failed; creating pods from the template (NonIndexed and Indexed,
// with the job-tracking finalizer) and deleting them, with the job-controller's events; and
// removing tracking finalizers once a pod is counted. Counting and conditions are job.ts's.

import type { KubeObject } from '../../k8s/types.ts';
import { isPodReady } from '../conditions.ts';
import { isStatusError } from '../errors.ts';
import type { ControllerContext } from './controller.ts';
import { ownerIndexesOf } from './replicaset-owner-index.ts';
import { BURST_REPLICAS, buildPodFromTemplate } from './replicaset-pods.ts';

type Obj = Record<string, any>;

/** The event source of the Job controller. */
export const JOB_COMPONENT = 'job-controller';
/** The field manager controllers write with. */
export const JOB_FIELD_MANAGER = 'kube-controller-manager';
/** The finalizer that keeps a Job's pod until the controller has counted it. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** Annotation and label holding an Indexed Job pod's completion index. */
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;

/** A Job's pods, sorted into the groups the controller counts. */
export interface JobPods {
  /** Every pod the Job controls, by name. */
  readonly all: KubeObject[];
  /** Not terminal and not being deleted. */
  readonly active: KubeObject[];
  /** Being deleted and not terminal. */
  readonly terminating: KubeObject[];
}

/** The phase of a pod ('' when unset). */
export function phaseOf(pod: KubeObject): string {
  return String((pod as Obj).status?.phase ?? '');
}

/** True when the pod ran to success. */
export function isPodSucceeded(pod: KubeObject): boolean {
  return phaseOf(pod) === 'Succeeded';
}

/** True when the pod counts as failed: phase Failed, or deleted before it succeeded (podReplacementPolicy TerminatingOrFailed). */
export function isPodFailed(pod: KubeObject, onlyFailedPhase: boolean): boolean {
  if (phaseOf(pod) === 'Failed') return true;
  if (onlyFailedPhase) return false;
  return Boolean(pod.metadata.deletionTimestamp) && !isPodSucceeded(pod);
}

/** True when the pod still carries the job-tracking finalizer. */
export function hasTrackingFinalizer(pod: KubeObject): boolean {
  return pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER) === true;
}

/** The completion index of an Indexed Job's pod, or undefined. */
export function completionIndexOf(pod: KubeObject): number | undefined {
  const raw = pod.metadata.annotations?.[JOB_COMPLETION_INDEX] ?? pod.metadata.labels?.[JOB_COMPLETION_INDEX];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

/** The pods `job` controls, in name order, sorted into groups. */
export function listJobPods(ctx: ControllerContext, job: KubeObject): JobPods {
  const owned = ownerIndexesOf(ctx.api.store).pods.ownedBy(job.metadata.uid);
  const all = [...owned.objects.values()].sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
  const active: KubeObject[] = [];
  const terminating: KubeObject[] = [];
  for (const pod of all) {
    const terminal = phaseOf(pod) === 'Succeeded' || phaseOf(pod) === 'Failed';
    if (terminal) continue;
    if (pod.metadata.deletionTimestamp) terminating.push(pod);
    else active.push(pod);
  }
  return { all, active, terminating };
}

/** Removes the job-tracking finalizer from each pod (a pod already gone is fine). */
export function removeTrackingFinalizers(ctx: ControllerContext, pods: readonly KubeObject[]): void {
  for (const pod of pods) {
    if (!hasTrackingFinalizer(pod)) continue;
    const finalizers = (pod.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
    try {
      ctx.api.patch(
        { ...POD, namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' },
        'merge',
        { metadata: { finalizers: finalizers.length > 0 ? finalizers : null, uid: pod.metadata.uid } },
        { fieldManager: JOB_FIELD_MANAGER },
      );
    } catch (err) {
      if (!isStatusError(err, 'NotFound') && !isStatusError(err, 'Conflict')) throw err;
    }
  }
}

/** Builds a Job pod from the template: `<job>-<suffix>` (Indexed: `<job>-<index>-<suffix>`), tracking finalizer. */
export function buildJobPod(job: KubeObject, index: number | undefined): KubeObject {
  // The template comes from the frozen stored Job: work on a copy of it.
  const pod = structuredClone(buildPodFromTemplate(job)) as Obj;
  const meta = pod.metadata as Obj;
  meta.finalizers = [...(meta.finalizers ?? []), JOB_TRACKING_FINALIZER];
  if (index === undefined) return pod as KubeObject;
  const name = job.metadata.name ?? '';
  meta.generateName = `${name}-${index}-`;
  meta.annotations = { ...(meta.annotations ?? {}), [JOB_COMPLETION_INDEX]: String(index) };
  meta.labels = { ...(meta.labels ?? {}), [JOB_COMPLETION_INDEX]: String(index) };
  const spec = pod.spec as Obj;
  if (!spec.hostname) spec.hostname = `${name}-${index}`;
  const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JOB_COMPLETION_INDEX}']` } } };
  for (const list of [spec.initContainers, spec.containers] as Obj[][]) {
    for (const c of list ?? []) {
      if ((c.env ?? []).some((e: Obj) => e.name === env.name)) continue;
      c.env = [...(c.env ?? []), structuredClone(env)];
    }
  }
  return pod as KubeObject;
}

function isNamespaceTerminating(err: unknown): boolean {
  return isStatusError(err, 'Forbidden') && err.message.includes('because it is being terminated');
}

/**
 * Creates pods for `indexes` (one pod per entry; `undefined` for NonIndexed) in slow-start
 * batches of 1, 2, 4, …, stopping after a batch with a failure. Returns the first error.
 */
export function createJobPods(ctx: ControllerContext, job: KubeObject, indexes: ReadonlyArray<number | undefined>): Error | undefined {
  const queue = indexes.slice(0, BURST_REPLICAS);
  let firstError: Error | undefined;
  for (let batch = 1; queue.length > 0 && !firstError; batch *= 2) {
    for (const index of queue.splice(0, batch)) {
      try {
        const pod = ctx.api.create(buildJobPod(job, index), { fieldManager: JOB_FIELD_MANAGER });
        ctx.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, JOB_COMPONENT);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        if (!isNamespaceTerminating(err)) ctx.events.record(job, 'Warning', 'FailedCreate', `Error creating: ${error.message}`, JOB_COMPONENT);
        firstError ??= error;
      }
    }
  }
  return firstError;
}

/** Deletes pods with a `SuccessfulDelete` event each; returns the first error. */
export function deleteJobPods(ctx: ControllerContext, job: KubeObject, pods: readonly KubeObject[]): Error | undefined {
  let firstError: Error | undefined;
  for (const pod of pods) {
    try {
      ctx.api.delete({ ...POD, namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' });
      ctx.events.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, JOB_COMPONENT);
    } catch (err) {
      if (isStatusError(err, 'NotFound')) continue;
      const error = err instanceof Error ? err : new Error(String(err));
      ctx.events.record(job, 'Warning', 'FailedDelete', `Error deleting: ${error.message}`, JOB_COMPONENT);
      firstError ??= error;
    }
  }
  return firstError;
}

/** Pods to delete when there are `count` too many: not-ready first, then the newest. */
export function choosePodsToRemove(active: readonly KubeObject[], count: number): KubeObject[] {
  const ranked = [...active].sort((a, b) => {
    const readyA = isPodReady(a) ? 1 : 0;
    const readyB = isPodReady(b) ? 1 : 0;
    if (readyA !== readyB) return readyA - readyB;
    return String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)) || String(b.metadata.name).localeCompare(String(a.metadata.name));
  });
  return ranked.slice(0, Math.max(0, count));
}

/** Restarts of the containers of running and pending pods (the OnFailure back-off count). */
export function countRestarts(pods: readonly KubeObject[]): number {
  let total = 0;
  for (const pod of pods) {
    if (phaseOf(pod) !== 'Running' && phaseOf(pod) !== 'Pending') continue;
    const status = ((pod as Obj).status ?? {}) as Obj;
    for (const s of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])] as Obj[]) total += Number(s.restartCount ?? 0);
  }
  return total;
}

/** When a failed pod finished: its last container's finishedAt, else its deletion time, else `fallbackMs`. */
export function failureTimeOf(pod: KubeObject, fallbackMs: number): number {
  let latest = NaN;
  for (const s of (((pod as Obj).status?.containerStatuses ?? []) as Obj[])) {
    const at = Date.parse(s.state?.terminated?.finishedAt ?? '');
    if (Number.isFinite(at) && !(at <= latest)) latest = at;
  }
  if (Number.isFinite(latest)) return latest;
  const deleted = Date.parse(pod.metadata.deletionTimestamp ?? '');
  return Number.isFinite(deleted) ? Math.min(deleted, fallbackMs) : fallbackMs;
}
