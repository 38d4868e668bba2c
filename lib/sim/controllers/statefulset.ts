// The StatefulSet controller: keeps `<set>-0..n-1` pods with their claims, in order or in
// parallel, rolls them to the update revision in reverse ordinal order above the partition, and
// reports replicas, ready/current/updated/available counts and the current/update revisions.
// Pods are matched by selector and controller ownerReference; orphans are not adopted.

import type { KubeObject } from '../../k8s/types.ts';
import { isPodAvailable } from '../conditions.ts';
import { findRevisionTemplate, pruneRevisions, rememberRevision, revisionName } from './controller-revision.ts';
import { after, done, kind, ownedBy, splitKey, type Controller, type ControllerContext, type ReconcileResult } from './controller.ts';
import { STS_LABELS, isRunningAndReady, isTerminating, readOrdinal, readStartOrdinal } from './statefulset-pods.ts';
import { syncStatefulSetPods, type StatefulSetPass } from './statefulset-sync.ts';

type Obj = Record<string, any>;

const COMPONENT = 'statefulset-controller';

/** The StatefulSet controller (`statefulset-controller`). */
export const statefulSetController: Controller = {
  name: COMPONENT,
  watches: [kind('apps/v1', 'StatefulSet'), ownedBy('v1', 'Pod', 'StatefulSet')],
  reconcile: reconcileStatefulSet,
};

function reconcileStatefulSet(key: string, ctx: ControllerContext): ReconcileResult {
  const { namespace, name } = splitKey(key);
  const set = ctx.api.tryGet({ apiVersion: 'apps/v1', kind: 'StatefulSet', namespace, name });
  if (!set) {
    pruneRevisions(ctx.sim, key, []);
    return done();
  }
  const spec: Obj = (set as Obj).spec ?? {};
  const status: Obj = (set as Obj).status ?? {};
  const collisionCount: number = status.collisionCount ?? 0;
  const updateRevision = revisionName(name, spec.template ?? {}, collisionCount);
  rememberRevision(ctx.sim, key, updateRevision, spec.template ?? {});
  let currentRevision: string = status.currentRevision || updateRevision;
  let currentTemplate = findRevisionTemplate(ctx.sim, key, currentRevision) as Obj | undefined;
  if (!currentTemplate) {
    // The history was lost (or never recorded): treat the update revision as current.
    currentRevision = updateRevision;
    currentTemplate = spec.template ?? {};
  }
  const pass: StatefulSetPass = {
    ctx,
    set,
    pods: listSetPods(ctx, set),
    start: readStartOrdinal(set),
    replicas: typeof spec.replicas === 'number' ? spec.replicas : 1,
    currentRevision,
    updateRevision,
    currentTemplate: currentTemplate ?? {},
    updateTemplate: spec.template ?? {},
  };
  if (!set.metadata.deletionTimestamp) syncStatefulSetPods(pass);
  const next = computeStatus(pass);
  pruneRevisions(ctx.sim, key, [next.currentRevision, next.updateRevision]);
  writeStatus(ctx, set, next);
  return availabilityRequeue(pass);
}

/** The set's pods by ordinal: selected by its selector and controlled by it. */
function listSetPods(ctx: ControllerContext, set: KubeObject): Map<number, KubeObject> {
  const selector = (set as Obj).spec?.selector;
  const items = ctx.api.list({ apiVersion: 'v1', kind: 'Pod', namespace: set.metadata.namespace, labelSelector: selector }).items;
  const pods = new Map<number, KubeObject>();
  for (const pod of items) {
    if (!pod.metadata.ownerReferences?.some((r) => r.controller && r.uid === set.metadata.uid)) continue;
    const ordinal = readOrdinal(set.metadata.name ?? '', pod.metadata.name ?? '');
    if (ordinal >= 0) pods.set(ordinal, pod);
  }
  return pods;
}

/** The status upstream computes (computeReplicaStatus + completeRollingUpdate). */
function computeStatus(pass: StatefulSetPass): Obj {
  const spec: Obj = (pass.set as Obj).spec ?? {};
  const minReadySeconds: number = spec.minReadySeconds ?? 0;
  const now = pass.ctx.clock.nowMillis();
  let replicas = 0;
  let ready = 0;
  let available = 0;
  let current = 0;
  let updated = 0;
  for (const pod of pass.pods.values()) {
    if ((pod as Obj).status?.phase) replicas++;
    if (isRunningAndReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) available++;
    }
    if (!isTerminating(pod)) {
      const revision = pod.metadata.labels?.[STS_LABELS.revision];
      if (revision === pass.currentRevision) current++;
      if (revision === pass.updateRevision) updated++;
    }
  }
  let currentRevision = pass.currentRevision;
  const rolling = (spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  if (rolling && updated === replicas && ready === replicas) {
    current = updated;
    currentRevision = pass.updateRevision;
  }
  const status: Obj = { observedGeneration: pass.set.metadata.generation, replicas };
  if (ready > 0) status.readyReplicas = ready;
  if (current > 0) status.currentReplicas = current;
  if (updated > 0) status.updatedReplicas = updated;
  status.currentRevision = currentRevision;
  status.updateRevision = pass.updateRevision;
  status.collisionCount = (pass.set as Obj).status?.collisionCount ?? 0;
  status.availableReplicas = available;
  const conditions = (pass.set as Obj).status?.conditions;
  if (Array.isArray(conditions) && conditions.length > 0) status.conditions = conditions;
  return status;
}

function writeStatus(ctx: ControllerContext, set: KubeObject, status: Obj): void {
  if (JSON.stringify(status) === JSON.stringify((set as Obj).status ?? {})) return;
  const next = structuredClone(set) as Obj;
  next.status = status;
  ctx.api.update(next as KubeObject, { subresource: 'status', fieldManager: COMPONENT });
}

/** Requeues when a Ready pod will become available (minReadySeconds) and nothing else will wake us. */
function availabilityRequeue(pass: StatefulSetPass): ReconcileResult {
  const minReadySeconds: number = (pass.set as Obj).spec?.minReadySeconds ?? 0;
  if (minReadySeconds <= 0) return done();
  const now = pass.ctx.clock.nowMillis();
  let wait: number | undefined;
  for (const pod of pass.pods.values()) {
    if (!isRunningAndReady(pod) || isPodAvailable(pod, minReadySeconds, now)) continue;
    const readyCondition = ((pod as Obj).status?.conditions ?? []).find((c: Obj) => c.type === 'Ready');
    const since = Date.parse(readyCondition?.lastTransitionTime ?? '');
    if (!Number.isFinite(since)) continue;
    const ms = Math.max(1, since + minReadySeconds * 1000 - now);
    wait = wait === undefined ? ms : Math.min(wait, ms);
  }
  return wait === undefined ? done() : after(wait);
}
