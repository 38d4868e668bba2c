// One pass of the StatefulSet controller over a set's pods (upstream updateStatefulSet): replace
// finished pods, create missing ones with their claims, delete condemned ones from the highest
// ordinal down, then roll pods to the update revision from the highest ordinal down to the
// partition. OrderedReady stops at the first pod that is not Running and Ready; Parallel does not.

import type { KubeObject } from '../../k8s/types.ts';
import { isPodAvailable } from '../conditions.ts';
import { isStatusError } from '../errors.ts';
import type { ControllerContext } from './controller.ts';
import {
  STS_LABELS,
  buildStatefulSetClaims,
  buildStatefulSetPod,
  claimOwnerRefs,
  hasFinished,
  isRunningAndReady,
  isTerminating,
  readRetentionPolicy,
} from './statefulset-pods.ts';

type Obj = Record<string, any>;

const COMPONENT = 'statefulset-controller';

/** What one pass works on; `pods` is kept up to date as the pass writes. */
export interface StatefulSetPass {
  readonly ctx: ControllerContext;
  readonly set: KubeObject;
  /** Pods of the set by ordinal, including condemned ones. */
  readonly pods: Map<number, KubeObject>;
  readonly start: number;
  readonly replicas: number;
  readonly currentRevision: string;
  readonly updateRevision: string;
  readonly currentTemplate: Obj;
  readonly updateTemplate: Obj;
}

/** Runs one pass; returns after the first step OrderedReady has to wait on. */
export function syncStatefulSetPods(pass: StatefulSetPass): void {
  const spec: Obj = (pass.set as Obj).spec ?? {};
  const monotonic = spec.podManagementPolicy !== 'Parallel';
  const minReadySeconds: number = spec.minReadySeconds ?? 0;
  const now = pass.ctx.clock.nowMillis();
  for (let ordinal = pass.start; ordinal < pass.start + pass.replicas; ordinal++) {
    let pod = pass.pods.get(ordinal);
    if (pod && hasFinished(pod) && !isTerminating(pod)) {
      deletePod(pass, pod);
      pass.pods.delete(ordinal);
      pod = undefined;
    }
    if (!pod) {
      createPod(pass, ordinal);
      if (monotonic) return;
      continue;
    }
    if (isTerminating(pod)) {
      if (monotonic) return;
      continue;
    }
    if (!isRunningAndReady(pod)) {
      if (monotonic) return;
      continue;
    }
    if (monotonic && !isPodAvailable(pod, minReadySeconds, now)) return;
    ensureClaimOwners(pass, pod, ordinal, false);
  }

  const condemned = [...pass.pods.entries()]
    .filter(([ordinal]) => ordinal < pass.start || ordinal >= pass.start + pass.replicas)
    .sort(([a], [b]) => b - a);
  const firstUnhealthy = condemned.find(([, p]) => isTerminating(p) || !isRunningAndReady(p))?.[1];
  for (const [ordinal, pod] of condemned) {
    if (isTerminating(pod)) {
      if (monotonic) return;
      continue;
    }
    if (monotonic && firstUnhealthy && firstUnhealthy !== pod) return;
    ensureClaimOwners(pass, pod, ordinal, true);
    const deleted = deletePod(pass, pod);
    if (deleted) pass.pods.set(ordinal, deleted);
    else pass.pods.delete(ordinal);
    if (monotonic) return;
  }

  if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
  const partition: number = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  for (let ordinal = pass.start + pass.replicas - 1; ordinal >= pass.start + partition; ordinal--) {
    const pod = pass.pods.get(ordinal);
    if (!pod) return;
    if (pod.metadata.labels?.[STS_LABELS.revision] !== pass.updateRevision && !isTerminating(pod)) {
      const deleted = deletePod(pass, pod);
      if (deleted) pass.pods.set(ordinal, deleted);
      else pass.pods.delete(ordinal);
      return;
    }
    if (!isRunningAndReady(pod) || !isPodAvailable(pod, minReadySeconds, now)) return;
  }
}

/** The revision a new pod at `ordinal` gets: the current one below the partition, else the update one. */
function revisionFor(pass: StatefulSetPass, ordinal: number): { revision: string; template: Obj } {
  const strategy: Obj = (pass.set as Obj).spec?.updateStrategy ?? {};
  const partition: number | undefined = strategy.rollingUpdate?.partition;
  if ((strategy.type ?? 'RollingUpdate') === 'RollingUpdate' && partition !== undefined && ordinal < partition) {
    return { revision: pass.currentRevision, template: pass.currentTemplate };
  }
  return { revision: pass.updateRevision, template: pass.updateTemplate };
}

function createPod(pass: StatefulSetPass, ordinal: number): void {
  const { ctx, set } = pass;
  const { revision, template } = revisionFor(pass, ordinal);
  const pod = buildStatefulSetPod(set, template, ordinal, revision);
  createClaims(pass, pod, ordinal);
  try {
    const created = ctx.api.create(pod, { fieldManager: COMPONENT });
    pass.pods.set(ordinal, created);
    ctx.events.record(set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, COMPONENT);
  } catch (err) {
    ctx.events.record(set, 'Warning', 'FailedCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${messageOf(err)}`, COMPONENT);
    throw err;
  }
}

function createClaims(pass: StatefulSetPass, pod: KubeObject, ordinal: number): void {
  const { ctx, set } = pass;
  for (const claim of buildStatefulSetClaims(set, ordinal)) {
    const key = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name ?? '' };
    const existing = ctx.api.tryGet(key);
    if (existing) {
      if (isTerminating(existing)) throw new Error(`pvc ${claim.metadata.name} is being deleted`);
      continue;
    }
    const refs = claimOwnerRefs(claim, set, undefined, false);
    if (refs.length > 0) claim.metadata.ownerReferences = refs as never;
    const subject = `Claim ${claim.metadata.name}`;
    try {
      ctx.api.create(claim, { fieldManager: COMPONENT });
      ctx.events.record(set, 'Normal', 'SuccessfulCreate', `create ${subject} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`, COMPONENT);
    } catch (err) {
      if (isStatusError(err, 'AlreadyExists')) continue;
      ctx.events.record(set, 'Warning', 'FailedCreate', `create ${subject} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${messageOf(err)}`, COMPONENT);
      throw err;
    }
  }
}

/** Sets the claims' ownerReferences the retention policy asks for (only when a policy is Delete). */
function ensureClaimOwners(pass: StatefulSetPass, pod: KubeObject, ordinal: number, scaledDown: boolean): void {
  const policy = readRetentionPolicy(pass.set);
  if (policy.whenDeleted !== 'Delete' && policy.whenScaled !== 'Delete') return;
  for (const wanted of buildStatefulSetClaims(pass.set, ordinal)) {
    const key = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: wanted.metadata.namespace, name: wanted.metadata.name ?? '' };
    const claim = pass.ctx.api.tryGet(key);
    if (!claim || isTerminating(claim)) continue;
    const refs = claimOwnerRefs(claim, pass.set, pod, scaledDown);
    const before = JSON.stringify(claim.metadata.ownerReferences ?? []);
    if (JSON.stringify(refs) === before) continue;
    const next = structuredClone(claim) as Obj;
    if (refs.length > 0) next.metadata.ownerReferences = refs;
    else delete next.metadata.ownerReferences;
    pass.ctx.api.update(next as KubeObject, { fieldManager: COMPONENT });
  }
}

/** Deletes a pod; returns its lingering state (graceful deletion) or undefined when it is gone. */
function deletePod(pass: StatefulSetPass, pod: KubeObject): KubeObject | undefined {
  const { ctx, set } = pass;
  const name = pod.metadata.name ?? '';
  try {
    const result = ctx.api.delete(
      { apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata.namespace, name },
      { preconditions: { uid: pod.metadata.uid } },
    );
    ctx.events.record(set, 'Normal', 'SuccessfulDelete', `delete Pod ${name} in StatefulSet ${set.metadata.name} successful`, COMPONENT);
    return result.deleted ? undefined : result.object;
  } catch (err) {
    if (isStatusError(err, 'NotFound')) return undefined;
    ctx.events.record(set, 'Warning', 'FailedDelete', `delete Pod ${name} in StatefulSet ${set.metadata.name} failed error: ${messageOf(err)}`, COMPONENT);
    throw err;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
