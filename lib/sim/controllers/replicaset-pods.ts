// The pod work of the ReplicaSet and ReplicationController controllers: claiming pods (adopt
// matching orphans, release owned pods that stopped matching), creating pods from the template
// in slow-start batches, and deleting the pods the ranking picks. Status is computed elsewhere.

import type { KubeObject } from '../../k8s/types.ts';
import { isPodActive } from '../conditions.ts';
import { isStatusError } from '../errors.ts';
import { compileLabelSelector, type LabelMatcher, type LabelSelector } from '../selectors.ts';
import type { ControllerContext } from './controller.ts';
import { choosePodsToDelete } from './replicaset-pod-ranking.ts';
import { ownerIndexesOf } from './replicaset-owner-index.ts';

type Obj = Record<string, any>;

/** At most this many pods are created or deleted in one sync (the controller's burstReplicas). */
export const BURST_REPLICAS = 500;

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;

const NOTHING: LabelMatcher = () => false;
const COMPILED = new WeakMap<object, LabelMatcher>();

/**
 * A label selector (object form) as a matcher, cached per stored (frozen) selector object; an
 * invalid or missing selector selects nothing, as the controllers log and skip it.
 */
export function compileSelectorOf(selector: unknown): LabelMatcher {
  if (!selector || typeof selector !== 'object') return NOTHING;
  const cached = COMPILED.get(selector);
  if (cached) return cached;
  let matcher: LabelMatcher;
  try {
    matcher = compileLabelSelector(selector as LabelSelector);
  } catch {
    matcher = NOTHING;
  }
  if (Object.isFrozen(selector)) COMPILED.set(selector, matcher);
  return matcher;
}

/** The controllerRef a controller puts on what it owns. */
export function controllerRefOf(owner: KubeObject): Obj {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

function patchOwnerReferences(ctx: ControllerContext, pod: KubeObject, refs: Obj[], fieldManager: string): void {
  try {
    ctx.api.patch(
      { ...POD, namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' },
      'merge',
      { metadata: { ownerReferences: refs.length > 0 ? refs : null, uid: pod.metadata.uid } },
      { fieldManager },
    );
  } catch (err) {
    if (!isStatusError(err, 'NotFound')) throw err;
  }
}

/**
 * Claims pods as the ControllerRefManager does: releases owned active pods whose labels no longer
 * match, and adopts active orphans that match (both skipped while `owner` is being deleted).
 */
export function claimPods(ctx: ControllerContext, { owner, matches, fieldManager }: { owner: KubeObject; matches: LabelMatcher; fieldManager: string }): void {
  if (owner.metadata.deletionTimestamp) return;
  const pods = ownerIndexesOf(ctx.api.store).pods;
  const owned = pods.ownedBy(owner.metadata.uid);
  const stale = [...owned.labelSets.entries()].filter(([, set]) => !matches(set.labels)).map(([key]) => key);
  if (stale.length > 0) {
    for (const pod of [...owned.objects.values()]) {
      if (!isPodActive(pod) || !stale.includes(JSON.stringify(pod.metadata.labels ?? {}))) continue;
      const refs = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
      patchOwnerReferences(ctx, pod, refs as Obj[], fieldManager);
    }
  }
  const namespace = owner.metadata.namespace ?? '';
  for (const pod of [...pods.orphansIn(namespace).values()]) {
    if (!isPodActive(pod) || !matches(pod.metadata.labels)) continue;
    patchOwnerReferences(ctx, pod, [...((pod.metadata.ownerReferences ?? []) as Obj[]), controllerRefOf(owner)], fieldManager);
  }
}

/** Active pods `owner` owns whose labels match its selector. */
export function listClaimedPods(ctx: ControllerContext, owner: KubeObject, matches: LabelMatcher): KubeObject[] {
  const owned = ownerIndexesOf(ctx.api.store).pods.ownedBy(owner.metadata.uid);
  const out: KubeObject[] = [];
  for (const pod of owned.objects.values()) if (isPodActive(pod) && matches(pod.metadata.labels)) out.push(pod);
  return out;
}

/** A pod built from `owner`'s template (GetPodFromTemplate): generateName `<owner>-`, controllerRef. */
export function buildPodFromTemplate(owner: KubeObject): KubeObject {
  const template = ((owner as Obj).spec?.template ?? {}) as Obj;
  const meta: Obj = { generateName: `${owner.metadata.name}-`, namespace: owner.metadata.namespace };
  const tm = (template.metadata ?? {}) as Obj;
  if (tm.labels) meta.labels = { ...tm.labels };
  if (tm.annotations) meta.annotations = { ...tm.annotations };
  if (tm.finalizers) meta.finalizers = [...tm.finalizers];
  meta.ownerReferences = [controllerRefOf(owner)];
  // The server copies the body, so the (frozen) template spec can be sent as is.
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: template.spec ?? {} };
}

/** Who writes and records: the controller's event component and field manager. */
export interface PodWriter {
  readonly component: string;
  readonly fieldManager: string;
}

function isNamespaceTerminating(err: unknown): boolean {
  return isStatusError(err, 'Forbidden') && err.message.includes('because it is being terminated');
}

/**
 * Creates `count` pods (at most BURST_REPLICAS) in batches of 1, 2, 4, …, stopping after a batch
 * with a failure, as slowStartBatch does. Returns the first error, or undefined.
 */
export function createPods(ctx: ControllerContext, { owner, count, writer }: { owner: KubeObject; count: number; writer: PodWriter }): Error | undefined {
  let remaining = Math.min(count, BURST_REPLICAS);
  let firstError: Error | undefined;
  for (let batch = 1; remaining > 0 && !firstError; batch *= 2) {
    const size = Math.min(batch, remaining);
    for (let i = 0; i < size; i++) {
      try {
        const pod = ctx.api.create(buildPodFromTemplate(owner), { fieldManager: writer.fieldManager });
        ctx.events.record(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, writer.component);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        if (!isNamespaceTerminating(err)) ctx.events.record(owner, 'Warning', 'FailedCreate', `Error creating: ${error.message}`, writer.component);
        firstError ??= error;
      }
    }
    remaining -= size;
  }
  return firstError;
}

/** Pods of every ReplicaSet that shares `owner`'s controller (or `owner`'s own pods when it has none). */
function listRelatedPods(ctx: ControllerContext, owner: KubeObject): KubeObject[] {
  const indexes = ownerIndexesOf(ctx.api.store);
  const parentUid = owner.metadata.ownerReferences?.find((r) => r.controller === true)?.uid;
  const siblings = parentUid && owner.kind === 'ReplicaSet' ? [...indexes.replicaSets.ownedBy(parentUid).objects.values()] : [owner];
  const out: KubeObject[] = [];
  for (const rs of siblings) for (const pod of indexes.pods.ownedBy(rs.metadata.uid).objects.values()) out.push(pod);
  return out;
}

/** What deletePods() removes: `count` of `pods` (at most BURST_REPLICAS) of `owner`. */
export interface PodDeletion {
  readonly owner: KubeObject;
  readonly pods: readonly KubeObject[];
  readonly count: number;
  readonly writer: PodWriter;
}

/** Deletes pods in the controller's order; returns the first error. */
export function deletePods(ctx: ControllerContext, { owner, pods, count, writer }: PodDeletion): Error | undefined {
  const victims = choosePodsToDelete(pods, { relatedPods: listRelatedPods(ctx, owner), count: Math.min(count, BURST_REPLICAS), nowMs: ctx.clock.nowMillis() });
  let firstError: Error | undefined;
  for (const pod of victims) {
    try {
      ctx.api.delete({ ...POD, namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' });
      ctx.events.record(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, writer.component);
    } catch (err) {
      if (isStatusError(err, 'NotFound')) continue;
      const error = err instanceof Error ? err : new Error(String(err));
      ctx.events.record(owner, 'Warning', 'FailedDelete', `Error deleting: ${error.message}`, writer.component);
      firstError ??= error;
    }
  }
  return firstError;
}
