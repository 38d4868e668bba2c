// The ReplicaSet and ReplicationController controllers: keep `spec.replicas` active pods that
// match the selector (claiming, creating, deleting), and report replicas, fullyLabeledReplicas,
// readyReplicas, availableReplicas, observedGeneration and the ReplicaFailure condition. The two
// kinds differ only in selector shape and event source. Deployments are deployment.ts's job.

import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../k8s/types.ts';
import { isPodAvailable, isPodReady, type Condition } from '../conditions.ts';
import type { LabelMatcher } from '../selectors.ts';
import { after, done, kind, ownedBy, splitKey, type Controller, type ControllerContext, type ReconcileResult } from './controller.ts';
import { ownerIndexesOf } from './replicaset-owner-index.ts';
import { claimPods, compileSelectorOf, createPods, deletePods, listClaimedPods, type PodWriter } from './replicaset-pods.ts';

type Obj = Record<string, any>;

/** The field manager the controllers write with, as kube-controller-manager's requests show it. */
export const CONTROLLER_MANAGER = 'kube-controller-manager';

interface ReplicaKind extends PodWriter {
  readonly name: string;
  readonly apiVersion: string;
  readonly kind: string;
  /** The selector as a matcher (a LabelSelector for ReplicaSets, a plain map for RCs). */
  matcherOf(obj: KubeObject): LabelMatcher;
}

const NOTHING: LabelMatcher = () => false;
const RC_SELECTORS = new WeakMap<object, LabelMatcher>();

/** An RC's plain-map selector as a matcher (cached per stored object); an empty map selects nothing. */
function compileMapSelector(selector: Record<string, string> | undefined): LabelMatcher {
  if (!selector || Object.keys(selector).length === 0) return NOTHING;
  let matcher = RC_SELECTORS.get(selector);
  if (!matcher) {
    matcher = compileSelectorOf({ matchLabels: selector });
    if (Object.isFrozen(selector)) RC_SELECTORS.set(selector, matcher);
  }
  return matcher;
}

/** The status a replica controller reports. */
interface ReplicaStatus {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  /** Milliseconds until the next ready pod becomes available, when one is waiting. */
  nextAvailableInMs?: number;
}

function hasAllLabels(labels: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(wanted)) if (labels[k] !== v) return false;
  return true;
}

/** Counts the owner's claimed pods; only minReadySeconds > 0 needs a look at each pod. */
function countPods(ctx: ControllerContext, owner: KubeObject, matches: LabelMatcher): ReplicaStatus {
  const spec = ((owner as Obj).spec ?? {}) as Obj;
  const templateLabels = (spec.template?.metadata?.labels ?? {}) as Record<string, string>;
  const owned = ownerIndexesOf(ctx.api.store).pods.ownedBy(owner.metadata.uid);
  const status: ReplicaStatus = { replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0 };
  for (const set of owned.labelSets.values()) {
    if (!matches(set.labels)) continue;
    status.replicas += set.active;
    status.readyReplicas += set.ready;
    if (hasAllLabels(set.labels, templateLabels)) status.fullyLabeledReplicas += set.active;
  }
  const minReadySeconds = Number(spec.minReadySeconds ?? 0);
  if (minReadySeconds <= 0) {
    status.availableReplicas = status.readyReplicas;
    return status;
  }
  const now = ctx.clock.nowMillis();
  for (const pod of listClaimedPods(ctx, owner, matches)) {
    if (isPodAvailable(pod, minReadySeconds, now)) status.availableReplicas++;
    else if (isPodReady(pod)) {
      const since = Date.parse(((pod as Obj).status.conditions as Condition[]).find((c) => c.type === 'Ready')?.lastTransitionTime ?? '');
      const wait = Math.max(1, since + minReadySeconds * 1000 - now);
      if (status.nextAvailableInMs === undefined || wait < status.nextAvailableInMs) status.nextAvailableInMs = wait;
    }
  }
  return status;
}

/** The new status object (zero counts omitted as the API's omitempty does; `replicas` always kept). */
function buildStatus(owner: KubeObject, counts: ReplicaStatus, manageError: Error | undefined, diff: number, now: string): Obj {
  const old = ((owner as Obj).status ?? {}) as Obj;
  const out: Obj = { replicas: counts.replicas };
  if (counts.fullyLabeledReplicas) out.fullyLabeledReplicas = counts.fullyLabeledReplicas;
  if (counts.readyReplicas) out.readyReplicas = counts.readyReplicas;
  if (counts.availableReplicas) out.availableReplicas = counts.availableReplicas;
  if (owner.metadata.generation) out.observedGeneration = owner.metadata.generation;
  let conditions: Condition[] = [...((old.conditions ?? []) as Condition[])];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (manageError && !failure) {
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions.push({ type: 'ReplicaFailure', status: 'True', lastTransitionTime: now, reason, message: manageError.message });
  } else if (!manageError && failure) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }
  if (conditions.length > 0) out.conditions = conditions;
  return out;
}

function reconcileReplicas(desc: ReplicaKind, key: string, ctx: ControllerContext): ReconcileResult {
  const { namespace, name } = splitKey(key);
  const owner = ctx.api.tryGet({ apiVersion: desc.apiVersion, kind: desc.kind, namespace, name });
  if (!owner) return done();
  const matches = desc.matcherOf(owner);
  claimPods(ctx, { owner, matches, fieldManager: desc.fieldManager });
  const wanted = Number(((owner as Obj).spec ?? {}).replicas ?? 1);
  let manageError: Error | undefined;
  const before = countPods(ctx, owner, matches).replicas;
  const diff = before - wanted;
  if (!owner.metadata.deletionTimestamp) {
    if (diff < 0) manageError = createPods(ctx, { owner, count: -diff, writer: desc });
    else if (diff > 0) manageError = deletePods(ctx, { owner, pods: listClaimedPods(ctx, owner, matches), count: diff, writer: desc });
  }
  const counts = countPods(ctx, owner, matches);
  const status = buildStatus(owner, counts, manageError, diff, ctx.clock.nowIso());
  if (!isDeepStrictEqual((owner as Obj).status ?? {}, status)) {
    const next = { ...owner, status } as KubeObject; // the server copies the body
    ctx.api.update(next, { subresource: 'status', fieldManager: desc.fieldManager });
  }
  if (manageError) throw manageError;
  return counts.nextAvailableInMs === undefined ? done() : after(counts.nextAvailableInMs);
}

function buildController(desc: ReplicaKind): Controller {
  return {
    name: desc.name,
    watches: [kind(desc.apiVersion, desc.kind), ownedBy('v1', 'Pod', desc.kind)],
    reconcile: (key, ctx) => reconcileReplicas(desc, key, ctx),
  };
}

/**
 * Keeps each ReplicaSet's pods at `spec.replicas`: pods `<rs>-<suffix>` with a controllerRef,
 * adoption and release by selector, deletion in the upstream order, events and status.
 */
export const replicaSetController: Controller = buildController({
  name: 'replicaset',
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  component: 'replicaset-controller',
  fieldManager: CONTROLLER_MANAGER,
  matcherOf: (rs) => compileSelectorOf((rs as Obj).spec?.selector),
});

/** The same for ReplicationControllers, whose `spec.selector` is a plain label map. */
export const replicationControllerController: Controller = buildController({
  name: 'replicationcontroller',
  apiVersion: 'v1',
  kind: 'ReplicationController',
  component: 'replication-controller',
  fieldManager: CONTROLLER_MANAGER,
  matcherOf: (rc) => compileMapSelector((rc as Obj).spec?.selector),
});
