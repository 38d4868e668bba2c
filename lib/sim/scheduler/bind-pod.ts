// The scheduler's writes: stamping WaitForFirstConsumer claims with the selected node, binding
// (spec.nodeName, then PodScheduled=True, as the pods/binding subresource does), and recording
// a failed attempt (PodScheduled=False, Unschedulable or SchedulerError) with the Scheduled /
// FailedScheduling events.

import type { KubeObject } from '../../k8s/types.ts';
import { bindPod as bindPodSubresource } from '../api/binding.ts';
import { findCondition, setCondition, type Condition } from '../conditions.ts';
import type { ControllerContext } from '../controllers/controller.ts';
import { SELECTED_NODE_ANNOTATION } from './plugins/volume-binding.ts';

type Obj = Record<string, any>;

/** The scheduler's name: field manager, event source and the pods' spec.schedulerName. */
export const SCHEDULER_NAME = 'default-scheduler';

const WRITE = { fieldManager: SCHEDULER_NAME };
const WRITE_STATUS = { fieldManager: SCHEDULER_NAME, subresource: 'status' } as const;

function conditionsOf(pod: KubeObject): Condition[] | undefined {
  return (pod as Obj).status?.conditions;
}

function writePodScheduled(ctx: ControllerContext, pod: KubeObject, next: Condition): KubeObject {
  const conditions = setCondition(conditionsOf(pod), next, ctx.clock.nowIso());
  return ctx.api.update({ ...pod, status: { ...((pod as Obj).status ?? {}), conditions } } as KubeObject, WRITE_STATUS);
}

/** Sets `volume.kubernetes.io/selected-node` on claims that wait for their first consumer. */
export function annotateSelectedNode(ctx: ControllerContext, claims: readonly KubeObject[], nodeName: string): void {
  for (const claim of claims) {
    if (claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION] === nodeName) continue;
    const annotations = { ...(claim.metadata.annotations ?? {}), [SELECTED_NODE_ANNOTATION]: nodeName };
    ctx.api.update({ ...claim, metadata: { ...claim.metadata, annotations } }, WRITE);
  }
}

/** Binds a pod to a node (one pods/binding write: spec.nodeName and PodScheduled=True), event Scheduled. */
export function bindPod(ctx: ControllerContext, pod: KubeObject, nodeName: string): KubeObject {
  const scheduled = bindPodSubresource(ctx.api, { namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name ?? '' }, nodeName);
  ctx.events.record(scheduled, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`, SCHEDULER_NAME);
  return scheduled;
}

function recordFailure(ctx: ControllerContext, pod: KubeObject, reason: 'Unschedulable' | 'SchedulerError', message: string): KubeObject {
  const current = findCondition(conditionsOf(pod), 'PodScheduled');
  let out = pod;
  if (current?.status !== 'False' || current.reason !== reason || current.message !== message) {
    out = writePodScheduled(ctx, pod, { type: 'PodScheduled', status: 'False', reason, message, lastProbeTime: null });
  }
  ctx.events.record(out, 'Warning', 'FailedScheduling', message, SCHEDULER_NAME);
  return out;
}

/** Records a failed attempt: the condition (written only when it changes) and a FailedScheduling event. */
export function recordUnschedulable(ctx: ControllerContext, pod: KubeObject, message: string): KubeObject {
  return recordFailure(ctx, pod, 'Unschedulable', message);
}

/** Records a cycle that failed with an error (a PreBind failure): PodScheduled=False/SchedulerError and FailedScheduling. */
export function recordSchedulingError(ctx: ControllerContext, pod: KubeObject, message: string): KubeObject {
  return recordFailure(ctx, pod, 'SchedulerError', message);
}

/** Records that scheduling gates hold the pod back (condition only, as kube-scheduler does). */
export function recordSchedulingGated(ctx: ControllerContext, pod: KubeObject): void {
  const message = 'Scheduling is blocked due to non-empty scheduling gates';
  const current = findCondition(conditionsOf(pod), 'PodScheduled');
  if (current?.status === 'False' && current.reason === 'SchedulingGated' && current.message === message) return;
  writePodScheduled(ctx, pod, { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message, lastProbeTime: null });
}
