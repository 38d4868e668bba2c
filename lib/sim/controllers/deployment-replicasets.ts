// A Deployment's ReplicaSets as the deployment controller handles them: claiming (adopt/release
// by selector), finding the new one by template, creating it (name `<deploy>-<hash>`, revision
// and replicas annotations), scaling with ScalingReplicaSet events, and history cleanup.
// Rollout strategy decisions live in deployment-rollout.ts.

import type { KubeObject } from '../../k8s/types.ts';
import { isStatusError } from '../errors.ts';
import {
  ANNOTATIONS_NOT_COPIED, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, compareByCreation, computeNewReplicaSetReplicas,
  maxRevisionOf, maxSurgeOf, needsReplicasAnnotations, revisionOf, setReplicasAnnotations, specReplicasOf,
} from './deployment-math.ts';
import { REASONS, commitDeployment, findDeploymentCondition, hasProgressDeadline, newCondition, setDeploymentCondition, type DeploymentSync } from './deployment-status.ts';
import { computePodTemplateHash, isTemplateEqualIgnoringHash, POD_TEMPLATE_HASH_LABEL } from './pod-template-hash.ts';
import { ownerIndexesOf } from './replicaset-owner-index.ts';
import { compileSelectorOf, controllerRefOf } from './replicaset-pods.ts';
import { CONTROLLER_MANAGER } from './replicaset.ts';

type Obj = Record<string, any>;

const RS = { apiVersion: 'apps/v1', kind: 'ReplicaSet' } as const;
const COMPONENT = 'deployment-controller';
/** Longest revision-history annotation kept (maxRevHistoryLengthInChars). */
const MAX_REVISION_HISTORY_CHARS = 2000;

function patchReplicaSetOwners(sync: DeploymentSync, rs: KubeObject, refs: Obj[]): void {
  try {
    sync.ctx.api.patch({ ...RS, namespace: rs.metadata.namespace, name: rs.metadata.name ?? '' }, 'merge', { metadata: { ownerReferences: refs.length > 0 ? refs : null, uid: rs.metadata.uid } }, { fieldManager: CONTROLLER_MANAGER });
  } catch (err) {
    if (!isStatusError(err, 'NotFound')) throw err;
  }
}

/** ClaimReplicaSets: the Deployment's ReplicaSets after adopting matching orphans and releasing owned ones that stopped matching. */
export function claimReplicaSets(sync: DeploymentSync): KubeObject[] {
  const d = sync.deployment;
  const matches = compileSelectorOf((sync.stored as Obj).spec?.selector);
  const index = ownerIndexesOf(sync.ctx.api.store).replicaSets;
  const deleting = Boolean(d.metadata.deletionTimestamp);
  for (const rs of [...index.ownedBy(d.metadata.uid).objects.values()]) {
    if (deleting || matches(rs.metadata.labels)) continue;
    patchReplicaSetOwners(sync, rs, ((rs.metadata.ownerReferences ?? []) as Obj[]).filter((r) => r.uid !== d.metadata.uid));
  }
  if (!deleting) {
    for (const rs of [...index.orphansIn(d.metadata.namespace).values()]) {
      if (rs.metadata.deletionTimestamp || !matches(rs.metadata.labels)) continue;
      patchReplicaSetOwners(sync, rs, [...((rs.metadata.ownerReferences ?? []) as Obj[]), controllerRefOf(sync.stored)]);
    }
  }
  return [...index.ownedBy(d.metadata.uid).objects.values()].filter((rs) => matches(rs.metadata.labels)).sort(compareByCreation);
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's, ignoring the hash label. */
export function findNewReplicaSet(d: KubeObject, sets: readonly KubeObject[]): KubeObject | undefined {
  const template = (d as Obj).spec?.template;
  return [...sets].sort(compareByCreation).find((rs) => isTemplateEqualIgnoringHash((rs as Obj).spec?.template, template));
}

/** Copies the Deployment's annotations and bumps the revision (SetNewReplicaSetAnnotations); true when changed. */
function setNewReplicaSetAnnotations(d: Obj, rs: Obj, newRevision: number, exists: boolean): boolean {
  const annotations = (rs.metadata.annotations ??= {}) as Record<string, string>;
  let changed = false;
  for (const [k, v] of Object.entries((d.metadata.annotations ?? {}) as Record<string, string>)) {
    if (ANNOTATIONS_NOT_COPIED.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  const oldRaw = annotations[REVISION_ANNOTATION];
  const oldRevision = oldRaw === undefined ? 0 : Number(oldRaw);
  if (!Number.isInteger(oldRevision)) return changed;
  if (oldRevision < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldRaw !== undefined) {
      const history = annotations[REVISION_HISTORY_ANNOTATION];
      const revisions = history ? history.split(',') : [];
      while (revisions.length > 0 && revisions.join(',').length + oldRaw.length + 1 > MAX_REVISION_HISTORY_CHARS) revisions.shift();
      annotations[REVISION_HISTORY_ANNOTATION] = [...revisions, oldRaw].join(',');
    }
  }
  if (!exists) {
    const replicas = specReplicasOf(d as KubeObject);
    if (setReplicasAnnotations(rs, replicas, replicas + maxSurgeOf(d as KubeObject))) changed = true;
  }
  return changed;
}

function syncExistingNewReplicaSet(sync: DeploymentSync, existing: KubeObject, newRevision: number): KubeObject {
  const d = sync.deployment;
  // Work on a copy of the annotations only; the whole ReplicaSet is copied when it must change.
  const probe: Obj = { metadata: { annotations: { ...(existing.metadata.annotations ?? {}) } } };
  const annotationsChanged = setNewReplicaSetAnnotations(d, probe, newRevision, true);
  const minReadySeconds = d.spec.minReadySeconds ?? 0;
  if (annotationsChanged || ((existing as Obj).spec.minReadySeconds ?? 0) !== minReadySeconds) {
    const copy = structuredClone(existing) as Obj;
    copy.metadata.annotations = probe.metadata.annotations;
    copy.spec.minReadySeconds = minReadySeconds;
    return sync.ctx.api.update(copy as KubeObject, { fieldManager: CONTROLLER_MANAGER });
  }
  const annotations = (d.metadata.annotations ??= {}) as Record<string, string>;
  const revision = existing.metadata.annotations?.[REVISION_ANNOTATION];
  if (revision !== undefined && annotations[REVISION_ANNOTATION] !== revision) annotations[REVISION_ANNOTATION] = revision;
  if (hasProgressDeadline(d) && !findDeploymentCondition(d.status, 'Progressing')) {
    setDeploymentCondition((d.status ??= {}), newCondition(sync.ctx, { type: 'Progressing', status: 'True', reason: REASONS.foundNewReplicaSet, message: `Found new replica set "${existing.metadata.name}"` }));
  }
  commitDeployment(sync);
  return existing;
}

function buildNewReplicaSet(sync: DeploymentSync, oldSets: readonly KubeObject[], newRevision: number): Obj {
  const d = sync.deployment;
  const hash = computePodTemplateHash(d.spec.template, d.status?.collisionCount);
  const template = structuredClone(d.spec.template) as Obj;
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
  const selector = structuredClone(d.spec.selector) as Obj;
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const rs: Obj = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels: { ...template.metadata.labels }, ownerReferences: [controllerRefOf(sync.stored)] },
    spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
  };
  rs.spec.replicas = computeNewReplicaSetReplicas(d as KubeObject, [...oldSets, rs as KubeObject], rs as KubeObject);
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  return rs;
}

/** Creates the new ReplicaSet; on a name taken by a different template, bumps collisionCount and throws to retry. */
function createNewReplicaSet(sync: DeploymentSync, oldSets: readonly KubeObject[], newRevision: number): KubeObject {
  const d = sync.deployment;
  const rs = buildNewReplicaSet(sync, oldSets, newRevision);
  let created: KubeObject;
  let alreadyExisted = false;
  try {
    created = sync.ctx.api.create(rs as KubeObject, { fieldManager: CONTROLLER_MANAGER });
  } catch (err) {
    if (isStatusError(err, 'AlreadyExists')) {
      const existing = sync.ctx.api.get({ ...RS, namespace: d.metadata.namespace, name: rs.metadata.name });
      const ref = existing.metadata.ownerReferences?.find((r) => r.controller === true);
      if (ref?.uid !== d.metadata.uid || !isTemplateEqualIgnoringHash((existing as Obj).spec?.template, (sync.stored as Obj).spec?.template)) {
        (d.status ??= {}).collisionCount = (d.status.collisionCount ?? 0) + 1;
        commitDeployment(sync);
        throw err;
      }
      created = existing;
      alreadyExisted = true;
    } else {
      const message = `Failed to create new replica set "${rs.metadata.name}": ${err instanceof Error ? err.message : String(err)}`;
      if (hasProgressDeadline(d)) {
        setDeploymentCondition((d.status ??= {}), newCondition(sync.ctx, { type: 'Progressing', status: 'False', reason: REASONS.failedCreate, message }));
        commitDeployment(sync);
      }
      sync.ctx.events.record(sync.stored, 'Warning', REASONS.failedCreate, message, COMPONENT);
      throw err;
    }
  }
  const replicas = specReplicasOf(created);
  if (!alreadyExisted && replicas > 0) {
    sync.ctx.events.record(sync.stored, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`, COMPONENT);
  }
  ((d.metadata.annotations ??= {}) as Record<string, string>)[REVISION_ANNOTATION] = String(newRevision);
  if (!alreadyExisted && hasProgressDeadline(d)) {
    setDeploymentCondition((d.status ??= {}), newCondition(sync.ctx, { type: 'Progressing', status: 'True', reason: REASONS.newReplicaSet, message: `Created new replica set "${created.metadata.name}"` }));
  }
  commitDeployment(sync);
  return created;
}

/** getNewReplicaSet: syncs the existing new ReplicaSet's annotations, or creates it when `create` is set. */
export function getNewReplicaSet(sync: DeploymentSync, sets: readonly KubeObject[], create: boolean): { newSet: KubeObject | undefined; oldSets: KubeObject[] } {
  const existing = findNewReplicaSet(sync.stored, sets);
  const oldSets = sets.filter((rs) => rs !== existing);
  const newRevision = maxRevisionOf(oldSets) + 1;
  if (existing) return { newSet: syncExistingNewReplicaSet(sync, existing, newRevision), oldSets };
  if (!create) return { newSet: undefined, oldSets };
  return { newSet: createNewReplicaSet(sync, oldSets, newRevision), oldSets };
}

/** Sets a ReplicaSet's size and replicas annotations; records ScalingReplicaSet when the size changed. */
export function scaleReplicaSet(sync: DeploymentSync, { rs, newScale, operation }: { rs: KubeObject; newScale: number; operation: 'up' | 'down' | '' }): KubeObject {
  const d = sync.deployment as KubeObject;
  const desired = specReplicasOf(d);
  const max = desired + maxSurgeOf(d);
  const oldScale = specReplicasOf(rs);
  if (oldScale === newScale && !needsReplicasAnnotations(rs, desired, max)) return rs;
  const copy = structuredClone(rs) as Obj;
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, desired, max);
  const updated = sync.ctx.api.update(copy as KubeObject, { fieldManager: CONTROLLER_MANAGER });
  if (oldScale !== newScale) {
    sync.ctx.events.record(sync.stored, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`, COMPONENT);
  }
  return updated;
}

/** scaleReplicaSetAndRecordEvent: scale up or down to `newScale`; returns the ReplicaSet as stored. */
export function scaleReplicaSetTo(sync: DeploymentSync, rs: KubeObject, newScale: number): KubeObject {
  const oldScale = specReplicasOf(rs);
  if (oldScale === newScale) return rs;
  return scaleReplicaSet(sync, { rs, newScale, operation: oldScale < newScale ? 'up' : 'down' });
}

/** cleanupDeployment: deletes the oldest scaled-down ReplicaSets beyond revisionHistoryLimit. */
export function cleanupOldReplicaSets(sync: DeploymentSync, oldSets: readonly KubeObject[]): void {
  const limit = sync.deployment.spec?.revisionHistoryLimit;
  if (typeof limit !== 'number') return;
  const cleanable = oldSets.filter((rs) => !rs.metadata.deletionTimestamp);
  const excess = cleanable.length - limit;
  if (excess <= 0) return;
  cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || compareByCreation(a, b));
  for (const rs of cleanable.slice(0, excess)) {
    const status = ((rs as Obj).status ?? {}) as Obj;
    if ((status.replicas ?? 0) !== 0 || specReplicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (status.observedGeneration ?? 0)) continue;
    try {
      sync.ctx.api.delete({ ...RS, namespace: rs.metadata.namespace, name: rs.metadata.name ?? '' });
    } catch (err) {
      if (!isStatusError(err, 'NotFound')) throw err;
    }
  }
}
