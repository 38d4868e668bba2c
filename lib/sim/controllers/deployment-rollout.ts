// The deployment controller's strategies: RollingUpdate (scale the new ReplicaSet up within
// maxSurge, old ones down within maxUnavailable), Recreate (old pods all gone before the new
// ReplicaSet scales up), and the scaling sync used for paused Deployments and replica changes
// (proportional scaling across ReplicaSets mid-rollout).

import type { KubeObject } from '../../k8s/types.ts';
import { done, type ReconcileResult } from './controller.ts';
import {
  compareByCreation, computeNewReplicaSetReplicas, computeProportion, desiredReplicasAnnotationOf, filterActiveSets, findActiveOrLatest,
  isSaturated, maxSurgeOf, maxUnavailableOf, specReplicasOf, statusCountOf, sumSpecReplicas, sumStatus,
} from './deployment-math.ts';
import { cleanupOldReplicaSets, getNewReplicaSet, scaleReplicaSet, scaleReplicaSetTo } from './deployment-replicasets.ts';
import { isDeploymentComplete, syncDeploymentStatus, syncRolloutStatus, type DeploymentSync } from './deployment-status.ts';
import { ownerIndexesOf } from './replicaset-owner-index.ts';

type Obj = Record<string, any>;

function replaceIn(list: KubeObject[], updated: KubeObject): void {
  const i = list.findIndex((rs) => rs.metadata.uid === updated.metadata.uid);
  if (i >= 0) list[i] = updated;
}

/** reconcileNewReplicaSet: grows (or shrinks) the new ReplicaSet; true when it scaled. */
function reconcileNewReplicaSet(sync: DeploymentSync, allSets: KubeObject[], newSet: KubeObject): KubeObject | undefined {
  const d = sync.deployment as KubeObject;
  const replicas = specReplicasOf(d);
  if (specReplicasOf(newSet) === replicas) return undefined;
  const target = specReplicasOf(newSet) > replicas ? replicas : computeNewReplicaSetReplicas(d, allSets, newSet);
  const updated = scaleReplicaSetTo(sync, newSet, target);
  return updated === newSet ? undefined : updated;
}

/** cleanupUnhealthyReplicas: first scale old ReplicaSets down by their unavailable pods. */
function scaleDownUnhealthy(sync: DeploymentSync, oldSets: KubeObject[], maxCleanup: number): number {
  let total = 0;
  for (const rs of [...oldSets].sort(compareByCreation)) {
    if (total >= maxCleanup) break;
    const replicas = specReplicasOf(rs);
    const available = statusCountOf(rs, 'availableReplicas');
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanup - total, replicas - available);
    if (count < 0) {
      // The ReplicaSet's status is ahead of its spec (it has not caught up with a scale-down yet):
      // upstream refuses to "scale down" upwards and retries the sync later.
      throw new Error(`when cleaning up unhealthy replicas, got invalid request to scale down ${rs.metadata.namespace}/${rs.metadata.name} ${replicas} -> ${replicas - count}`);
    }
    replaceIn(oldSets, scaleReplicaSetTo(sync, rs, replicas - count));
    total += count;
  }
  return total;
}

/** scaleDownOldReplicaSetsForRollingUpdate: scale old ReplicaSets down while availability allows. */
function scaleDownOldForRollingUpdate(sync: DeploymentSync, allSets: KubeObject[], oldSets: KubeObject[]): number {
  const d = sync.deployment as KubeObject;
  const minAvailable = specReplicasOf(d) - maxUnavailableOf(d);
  const available = sumStatus(allSets, 'availableReplicas');
  if (available <= minAvailable) return 0;
  const toScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldSets].sort(compareByCreation)) {
    if (total >= toScaleDown) break;
    const replicas = specReplicasOf(rs);
    if (replicas === 0) continue;
    const count = Math.min(replicas, toScaleDown - total);
    replaceIn(oldSets, scaleReplicaSetTo(sync, rs, replicas - count));
    total += count;
  }
  return total;
}

/** reconcileOldReplicaSets: how far old ReplicaSets may shrink without breaking maxUnavailable. */
function reconcileOldReplicaSets(sync: DeploymentSync, allSets: KubeObject[], oldSets: KubeObject[], newSet: KubeObject): boolean {
  const d = sync.deployment as KubeObject;
  if (sumSpecReplicas(oldSets) === 0) return false;
  const minAvailable = specReplicasOf(d) - maxUnavailableOf(d);
  const newUnavailable = specReplicasOf(newSet) - statusCountOf(newSet, 'availableReplicas');
  const maxScaledDown = sumSpecReplicas(allSets) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const active = filterActiveSets(oldSets);
  const cleaned = scaleDownUnhealthy(sync, active, maxScaledDown);
  const scaled = scaleDownOldForRollingUpdate(sync, [...active, newSet], active);
  return cleaned + scaled > 0;
}

/** RollingUpdate (rolloutRolling): grow the new ReplicaSet within maxSurge, else shrink old ones within maxUnavailable, then report. */
export function rolloutRolling(sync: DeploymentSync, sets: readonly KubeObject[]): ReconcileResult {
  const { newSet, oldSets } = getNewReplicaSet(sync, sets, true);
  const allSets = [...oldSets, newSet!];
  const grown = reconcileNewReplicaSet(sync, allSets, newSet!);
  if (grown) return syncRolloutStatus(sync, [...oldSets, grown], grown);
  if (reconcileOldReplicaSets(sync, allSets, oldSets, newSet!)) return syncRolloutStatus(sync, refresh(sync, allSets), refreshOne(sync, newSet!));
  if (isDeploymentComplete(sync.deployment, sync.deployment.status ?? {})) cleanupOldReplicaSets(sync, oldSets);
  return syncRolloutStatus(sync, allSets, newSet);
}

/** The stored state of ReplicaSets (after this sync scaled some of them). */
function refresh(sync: DeploymentSync, sets: readonly KubeObject[]): KubeObject[] {
  return sets.map((rs) => refreshOne(sync, rs));
}

function refreshOne(sync: DeploymentSync, rs: KubeObject): KubeObject {
  return sync.ctx.api.tryGet({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: rs.metadata.namespace, name: rs.metadata.name ?? '' }) ?? rs;
}

/** oldPodsRunning: old ReplicaSets still report pods, or any of their pods (terminating too) is not finished. */
function hasOldPodsRunning(sync: DeploymentSync, newSet: KubeObject | undefined, oldSets: readonly KubeObject[]): boolean {
  if (sumStatus(oldSets, 'replicas') > 0) return true;
  const pods = ownerIndexesOf(sync.ctx.api.store).pods;
  for (const rs of oldSets) {
    if (newSet && rs.metadata.uid === newSet.metadata.uid) continue;
    for (const pod of pods.ownedBy(rs.metadata.uid).objects.values()) {
      const phase = (pod as Obj).status?.phase;
      if (phase !== 'Failed' && phase !== 'Succeeded') return true;
    }
  }
  return false;
}

/** Recreate (rolloutRecreate): old ReplicaSets to 0 and their pods gone, then the new one at full size. */
export function rolloutRecreate(sync: DeploymentSync, sets: readonly KubeObject[]): ReconcileResult {
  let { newSet, oldSets } = getNewReplicaSet(sync, sets, false);
  let scaledDown = false;
  for (const rs of filterActiveSets(oldSets)) {
    replaceIn(oldSets, scaleReplicaSetTo(sync, rs, 0));
    scaledDown = true;
  }
  if (scaledDown) return syncRolloutStatus(sync, [...oldSets, newSet], newSet);
  if (hasOldPodsRunning(sync, newSet, oldSets)) return syncRolloutStatus(sync, [...oldSets, newSet], newSet);
  if (!newSet) ({ newSet, oldSets } = getNewReplicaSet(sync, sets, true));
  newSet = scaleReplicaSetTo(sync, newSet!, specReplicasOf(sync.deployment as KubeObject));
  if (isDeploymentComplete(sync.deployment, sync.deployment.status ?? {})) cleanupOldReplicaSets(sync, oldSets);
  return syncRolloutStatus(sync, [...oldSets, newSet], newSet);
}

/** isScalingEvent: an active ReplicaSet's desired-replicas annotation differs from spec.replicas. */
export function isScalingEvent(sync: DeploymentSync, sets: readonly KubeObject[]): boolean {
  const replicas = specReplicasOf(sync.deployment as KubeObject);
  for (const rs of filterActiveSets(sets)) {
    const desired = desiredReplicasAnnotationOf(rs);
    if (desired !== undefined && desired !== replicas) return true;
  }
  return false;
}

/** scale: bring the ReplicaSets to the Deployment's size, proportionally when several are active. */
function scaleSets(sync: DeploymentSync, newSet: KubeObject | undefined, oldSets: readonly KubeObject[]): void {
  const d = sync.deployment as KubeObject;
  const replicas = specReplicasOf(d);
  const only = findActiveOrLatest(newSet, oldSets);
  if (only) {
    if (specReplicasOf(only) !== replicas) scaleReplicaSetTo(sync, only, replicas);
    return;
  }
  if (isSaturated(d, newSet)) {
    for (const rs of filterActiveSets(oldSets)) scaleReplicaSetTo(sync, rs, 0);
    return;
  }
  if (((d as Obj).spec?.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
  const active = filterActiveSets([...oldSets, newSet]);
  const allowed = replicas > 0 ? replicas + maxSurgeOf(d) : 0;
  const toAdd = allowed - sumSpecReplicas(active);
  const operation = toAdd > 0 ? 'up' : toAdd < 0 ? 'down' : '';
  // Larger first; on equal size, newer first when growing and older first when shrinking.
  active.sort((a, b) => specReplicasOf(b) - specReplicasOf(a) || (toAdd > 0 ? compareByCreation(b, a) : compareByCreation(a, b)));
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of active) {
    const share = toAdd !== 0 ? computeProportion(rs, { deployment: d, toAdd, added }) : 0;
    sizes.set(rs.metadata.name ?? '', specReplicasOf(rs) + share);
    added += share;
  }
  active.forEach((rs, i) => {
    const name = rs.metadata.name ?? '';
    if (i === 0 && toAdd !== 0) sizes.set(name, Math.max(0, sizes.get(name)! + toAdd - added));
    scaleReplicaSet(sync, { rs, newScale: sizes.get(name)!, operation });
  });
}

/** sync: scaling and paused Deployments; no rollout happens here. */
export function syncScaling(sync: DeploymentSync, sets: readonly KubeObject[]): ReconcileResult {
  const { newSet, oldSets } = getNewReplicaSet(sync, sets, false);
  scaleSets(sync, newSet, oldSets);
  if (sync.deployment.spec?.paused) cleanupOldReplicaSets(sync, refresh(sync, oldSets));
  syncDeploymentStatus(sync, refresh(sync, [...oldSets, ...(newSet ? [newSet] : [])]), newSet ? refreshOne(sync, newSet) : undefined);
  return done();
}
