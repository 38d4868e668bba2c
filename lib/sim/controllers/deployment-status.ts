// A Deployment's status as the deployment controller computes it: counts from its ReplicaSets,
// the Available and Progressing conditions (with the progress deadline), the Paused/Resumed
// reasons, and writing status and the revision annotation back. It never touches ReplicaSets.

import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../k8s/types.ts';
import type { ControllerContext, ReconcileResult } from './controller.ts';
import { after, copyMetadata, done } from './controller.ts';
import { maxUnavailableOf, specReplicasOf, statusCountOf, sumSpecReplicas, sumStatus } from './deployment-math.ts';
import { cloneJson } from '../api/patch/json-utils.ts';
import { CONTROLLER_MANAGER } from './replicaset.ts';

type Obj = Record<string, any>;

/** A Deployment condition (apps/v1 DeploymentCondition). */
export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** The state of one Deployment sync: the context, the last stored object and a working copy. */
export interface DeploymentSync {
  readonly ctx: ControllerContext;
  /** The Deployment as last read or written (frozen). */
  stored: KubeObject;
  /** A mutable copy whose status and annotations the sync changes before committing them. */
  deployment: Obj;
}

/** Reasons the deployment controller writes on the Progressing condition. */
export const REASONS = {
  newReplicaSet: 'NewReplicaSetCreated',
  foundNewReplicaSet: 'FoundNewReplicaSet',
  updated: 'ReplicaSetUpdated',
  available: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  failedCreate: 'ReplicaSetCreateError',
} as const;

/** A new condition stamped now. */
export function newCondition(ctx: ControllerContext, fields: Pick<DeploymentCondition, 'type' | 'status' | 'reason' | 'message'>): DeploymentCondition {
  const now = ctx.clock.nowIso();
  return { type: fields.type, status: fields.status, lastUpdateTime: now, lastTransitionTime: now, reason: fields.reason, message: fields.message };
}

/** The condition of `type` in a status object. */
export function findDeploymentCondition(status: Obj | undefined, type: string): DeploymentCondition | undefined {
  return ((status?.conditions ?? []) as DeploymentCondition[]).find((c) => c.type === type);
}

/** SetDeploymentCondition: no-op for the same status and reason; keeps the transition time for the same status; moves it last. */
export function setDeploymentCondition(status: Obj, condition: DeploymentCondition): void {
  const current = findDeploymentCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = current && current.status === condition.status ? { ...condition, lastTransitionTime: current.lastTransitionTime } : condition;
  status.conditions = [...((status.conditions ?? []) as DeploymentCondition[]).filter((c) => c.type !== condition.type), next];
}

/** Drops the condition of `type`. */
export function removeDeploymentCondition(status: Obj, type: string): void {
  const kept = ((status.conditions ?? []) as DeploymentCondition[]).filter((c) => c.type !== type);
  if (kept.length > 0) status.conditions = kept;
  else delete status.conditions;
}

/** True when `spec.progressDeadlineSeconds` is set and not MaxInt32. */
export function hasProgressDeadline(d: Obj): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return typeof s === 'number' && s !== 2147483647;
}

/** calculateStatus: counts over every ReplicaSet, and the Available condition. */
export function calculateStatus(sync: DeploymentSync, allSets: readonly (KubeObject | undefined)[], newSet: KubeObject | undefined): Obj {
  const d = sync.deployment;
  const available = sumStatus(allSets, 'availableReplicas');
  const counts: Array<[string, number]> = [
    ['observedGeneration', d.metadata.generation ?? 0],
    ['replicas', sumStatus(allSets, 'replicas')],
    ['updatedReplicas', statusCountOf(newSet, 'replicas')],
    ['readyReplicas', sumStatus(allSets, 'readyReplicas')],
    ['availableReplicas', available],
    ['unavailableReplicas', Math.max(0, sumSpecReplicas(allSets) - available)],
  ];
  const status: Obj = {};
  for (const [field, n] of counts) if (n !== 0) status[field] = n;
  if (d.status?.conditions) status.conditions = cloneJson(d.status.conditions);
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (available >= specReplicasOf(d as KubeObject) - maxUnavailableOf(d as KubeObject)) {
    setDeploymentCondition(status, newCondition(sync.ctx, { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }));
  } else {
    setDeploymentCondition(status, newCondition(sync.ctx, { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }));
  }
  return status;
}

/** DeploymentComplete: every replica updated and available, and the generation observed. */
export function isDeploymentComplete(d: Obj, status: Obj): boolean {
  const replicas = specReplicasOf(d as KubeObject);
  return (status.updatedReplicas ?? 0) === replicas && (status.replicas ?? 0) === replicas && (status.availableReplicas ?? 0) === replicas && (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

function hasProgressed(d: Obj, status: Obj): boolean {
  const old = (d.status ?? {}) as Obj;
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld || (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

function hasTimedOut(sync: DeploymentSync, status: Obj): boolean {
  const d = sync.deployment;
  const cond = findDeploymentCondition(status, 'Progressing');
  if (!hasProgressDeadline(d) || !cond || cond.reason === REASONS.available) return false;
  if (cond.reason === REASONS.timedOut) return true;
  return Date.parse(cond.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 < sync.ctx.clock.nowMillis();
}

/** A working copy of a stored Deployment: metadata, annotations and status are copied; spec stays shared (read-only). */
export function toWorkingCopy(stored: KubeObject): Obj {
  const s = stored as Obj;
  const metadata: Obj = copyMetadata(s.metadata);
  if (s.metadata.annotations) metadata.annotations = { ...s.metadata.annotations };
  return { ...s, metadata, status: s.status === undefined ? undefined : cloneJson(s.status) };
}

/** Writes the working copy's annotations (main resource) and status (status subresource) when they changed. */
export function commitDeployment(sync: DeploymentSync): void {
  const { api } = sync.ctx;
  const local = sync.deployment;
  let wrote = false;
  if (!isDeepStrictEqual(local.metadata.annotations ?? {}, sync.stored.metadata.annotations ?? {})) {
    // The server copies what it is sent, so shallow copies of the frozen object are enough.
    const metadata = copyMetadata(sync.stored.metadata);
    metadata.annotations = local.metadata.annotations;
    const next = { ...sync.stored, metadata } as KubeObject;
    sync.stored = api.update(next, { fieldManager: CONTROLLER_MANAGER });
    wrote = true;
  }
  if (!isDeepStrictEqual(local.status ?? {}, (sync.stored as Obj).status ?? {})) {
    const next = { ...sync.stored, status: local.status } as KubeObject;
    sync.stored = api.update(next, { subresource: 'status', fieldManager: CONTROLLER_MANAGER });
    wrote = true;
  }
  if (wrote) sync.deployment = toWorkingCopy(sync.stored);
}

/** syncDeploymentStatus: writes calculateStatus when it differs (scaling and paused syncs). */
export function syncDeploymentStatus(sync: DeploymentSync, allSets: readonly (KubeObject | undefined)[], newSet: KubeObject | undefined): void {
  sync.deployment.status = calculateStatus(sync, allSets, newSet);
  commitDeployment(sync);
}

/** syncRolloutStatus: status plus the Progressing condition; returns when to look again for the deadline. */
export function syncRolloutStatus(sync: DeploymentSync, allSets: readonly (KubeObject | undefined)[], newSet: KubeObject | undefined): ReconcileResult {
  const d = sync.deployment;
  const status = calculateStatus(sync, allSets, newSet);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(status, 'Progressing');
  const current = findDeploymentCondition(d.status, 'Progressing');
  const isComplete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === REASONS.available;
  const subject = newSet ? `ReplicaSet "${newSet.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  if (hasProgressDeadline(d) && !isComplete) {
    if (isDeploymentComplete(d, status)) {
      setDeploymentCondition(status, newCondition(sync.ctx, { type: 'Progressing', status: 'True', reason: REASONS.available, message: `${subject} has successfully progressed.` }));
    } else if (hasProgressed(d, status)) {
      const condition = newCondition(sync.ctx, { type: 'Progressing', status: 'True', reason: REASONS.updated, message: `${subject} is progressing.` });
      if (current?.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
      removeDeploymentCondition(status, 'Progressing');
      setDeploymentCondition(status, condition);
    } else if (hasTimedOut(sync, status)) {
      setDeploymentCondition(status, newCondition(sync.ctx, { type: 'Progressing', status: 'False', reason: REASONS.timedOut, message: `${subject} has timed out progressing.` }));
    }
  }
  const failure = findReplicaFailure(allSets, newSet);
  if (failure) {
    const at = failure.lastTransitionTime;
    setDeploymentCondition(status, { type: 'ReplicaFailure', status: failure.status, lastUpdateTime: at, lastTransitionTime: at, reason: failure.reason, message: failure.message });
  }
  if (!failure) removeDeploymentCondition(status, 'ReplicaFailure');
  if (isDeepStrictEqual(d.status ?? {}, status)) return requeueStuck(sync, status);
  sync.deployment.status = status;
  commitDeployment(sync);
  return done();
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure condition, else the first old one's. */
function findReplicaFailure(allSets: readonly (KubeObject | undefined)[], newSet: KubeObject | undefined): DeploymentCondition | undefined {
  const ordered = newSet ? [newSet, ...allSets.filter((rs) => rs !== newSet)] : allSets;
  for (const rs of ordered) {
    const cond = ((rs as Obj | undefined)?.status?.conditions ?? []).find((c: Obj) => c.type === 'ReplicaFailure');
    if (cond) return cond as DeploymentCondition;
  }
  return undefined;
}

/** requeueStuckDeployment: look again just after the progress deadline passes. */
function requeueStuck(sync: DeploymentSync, status: Obj): ReconcileResult {
  const d = sync.deployment;
  const current = findDeploymentCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !current) return done();
  if (isDeploymentComplete(d, status) || current.reason === REASONS.timedOut) return done();
  const waitMs = Date.parse(current.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 - sync.ctx.clock.nowMillis();
  return after(Math.max(0, waitMs) + 1000);
}

/** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed on a pause change. */
export function syncPausedCondition(sync: DeploymentSync): void {
  const d = sync.deployment;
  if (!hasProgressDeadline(d)) return;
  const cond = findDeploymentCondition(d.status, 'Progressing');
  if (cond?.reason === REASONS.timedOut) return;
  const pausedNoted = cond?.reason === REASONS.paused;
  d.status ??= {};
  if (d.spec?.paused && !pausedNoted) {
    setDeploymentCondition(d.status, newCondition(sync.ctx, { type: 'Progressing', status: 'Unknown', reason: REASONS.paused, message: 'Deployment is paused' }));
  } else if (!d.spec?.paused && pausedNoted) {
    setDeploymentCondition(d.status, newCondition(sync.ctx, { type: 'Progressing', status: 'Unknown', reason: REASONS.resumed, message: 'Deployment is resumed' }));
  } else {
    return;
  }
  commitDeployment(sync);
}
