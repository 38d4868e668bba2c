// The deployment controller: one ReplicaSet per pod template (named `<deploy>-<pod-template-hash>`),
// rolled with the RollingUpdate or Recreate strategy, scaled proportionally, paused, timed out
// by progressDeadlineSeconds, and reported in status as kubectl reads it. ReplicaSets' pods are
// the ReplicaSet controller's (replicaset.ts); this file holds the sync flow only.

import type { KubeObject } from '../../k8s/types.ts';
import { done, kind, mapped, NO_KEYS, ownedBy, splitKey, type Controller, type ControllerContext, type ReconcileResult } from './controller.ts';
import { claimReplicaSets, getNewReplicaSet } from './deployment-replicasets.ts';
import { isScalingEvent, rolloutRecreate, rolloutRolling, syncScaling } from './deployment-rollout.ts';
import { commitDeployment, syncDeploymentStatus, syncPausedCondition, toWorkingCopy, type DeploymentSync } from './deployment-status.ts';
import { POD_TEMPLATE_HASH_LABEL } from './pod-template-hash.ts';

type Obj = Record<string, any>;

/**
 * The Deployment key of a terminating pod, derived from its ReplicaSet's name `<deploy>-<hash>`
 * and its pod-template-hash label: Recreate waits for old pods to be gone, so their removal must
 * wake the Deployment even when no ReplicaSet status changes.
 */
function mapTerminatingPod(pod: KubeObject): readonly string[] {
  if (!pod.metadata.deletionTimestamp) return NO_KEYS;
  const hash = pod.metadata.labels?.[POD_TEMPLATE_HASH_LABEL];
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller === true && r.kind === 'ReplicaSet');
  if (!hash || !owner || !owner.name.endsWith(`-${hash}`)) return [];
  return [`${pod.metadata.namespace ?? 'default'}/${owner.name.slice(0, -(hash.length + 1))}`];
}

function hasEmptySelector(d: Obj): boolean {
  const selector = d.spec?.selector;
  return !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

function reconcileDeployment(key: string, ctx: ControllerContext): ReconcileResult {
  const { namespace, name } = splitKey(key);
  const stored = ctx.api.tryGet({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name });
  if (!stored) return done();
  const sync: DeploymentSync = { ctx, stored, deployment: toWorkingCopy(stored) };
  const d = sync.deployment;
  if (hasEmptySelector(d)) {
    ctx.events.record(stored, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.', 'deployment-controller');
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      d.status = { ...(d.status ?? {}), observedGeneration: d.metadata.generation };
      commitDeployment(sync);
    }
    return done();
  }
  const sets = claimReplicaSets(sync);
  if (d.metadata.deletionTimestamp) {
    const { newSet, oldSets } = getNewReplicaSet(sync, sets, false);
    syncDeploymentStatus(sync, [...oldSets, newSet], newSet);
    return done();
  }
  syncPausedCondition(sync);
  if (sync.deployment.spec?.paused) return syncScaling(sync, sets);
  if (isScalingEvent(sync, sets)) return syncScaling(sync, sets);
  return sync.deployment.spec?.strategy?.type === 'Recreate' ? rolloutRecreate(sync, sets) : rolloutRolling(sync, sets);
}

/**
 * Rolls Deployments out through ReplicaSets as kube-controller-manager does: pod-template-hash
 * naming, revision annotations and history, RollingUpdate/Recreate, proportional scaling,
 * pause, progress deadline, and the status and conditions kubectl reads.
 * @example new ControllerManager(api, [deploymentController, replicaSetController, ...])
 */
export const deploymentController: Controller = {
  name: 'deployment',
  watches: [kind('apps/v1', 'Deployment'), ownedBy('apps/v1', 'ReplicaSet', 'Deployment'), mapped('v1', 'Pod', mapTerminatingPod)],
  reconcile: reconcileDeployment,
};
