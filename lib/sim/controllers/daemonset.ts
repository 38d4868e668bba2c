// The DaemonSet controller (`daemonset-controller`): one pod per eligible node, following nodes
// as they join, leave or change labels and taints; failed pods replaced; RollingUpdate (maxSurge
// / maxUnavailable) and OnDelete; status counts as upstream reports them. Pods are pinned to their
// node with node affinity `matchFields metadata.name` and bound by the scheduler, as upstream.
// Pods of a node that no longer exists are force-deleted here (upstream leaves that to pod GC).

import type { KubeObject } from '../../k8s/types.ts';
import { isPodAvailable, isPodReady } from '../conditions.ts';
import { isStatusError } from '../errors.ts';
import { computeTemplateHash } from './controller-revision.ts';
import { after, done, kind, mapped, ownedBy, soonest, splitKey, type Controller, type ControllerContext, type ReconcileResult } from './controller.ts';
import { readTargetNodeName } from './daemonset-node-match.ts';
import { buildDaemonPod, createPlacer, isPodUpdated, readTemplateGeneration, sortOldestFirst, type NodePlacement } from './daemonset-pods.ts';
import { planRollout, readBudgets, type NodePods } from './daemonset-rollout.ts';

type Obj = Record<string, any>;

const COMPONENT = 'daemonset-controller';
/** The key every node change maps to (namespaces cannot contain '*'). */
const NODES_KEY = '*nodes';

/** Creates the DaemonSet controller (it remembers which node changes it has seen). */
export function createDaemonSetController(): Controller {
  const nodes: NodePrints = { prints: new Map(), dirty: new Set() };
  const markDirty = (node: KubeObject): string[] => {
    nodes.dirty.add(node.metadata.name ?? '');
    return [NODES_KEY];
  };
  return {
    name: COMPONENT,
    watches: [kind('apps/v1', 'DaemonSet'), ownedBy('v1', 'Pod', 'DaemonSet'), mapped('v1', 'Node', markDirty)],
    reconcile(key, ctx) {
      return key === NODES_KEY ? resyncOnNodeChange(ctx, nodes) : reconcileDaemonSet(ctx, key);
    },
  };
}

/** What the controller last saw of each node (labels and taints), and the nodes changed since. */
interface NodePrints {
  readonly prints: Map<string, string>;
  readonly dirty: Set<string>;
}

/**
 * Re-syncs every DaemonSet when a node appeared, left, or changed its labels, taints or name.
 * Only the nodes changed since the last look are compared (a status heartbeat changes neither).
 */
function resyncOnNodeChange(ctx: ControllerContext, nodes: NodePrints): ReconcileResult {
  let changed = false;
  for (const name of nodes.dirty) {
    const node = ctx.api.tryGet({ apiVersion: 'v1', kind: 'Node', name });
    if (!node) {
      if (nodes.prints.delete(name)) changed = true;
      continue;
    }
    const print = JSON.stringify([node.metadata.labels ?? {}, (node as Obj).spec?.taints ?? []]);
    if (nodes.prints.get(name) === print) continue;
    nodes.prints.set(name, print);
    changed = true;
  }
  nodes.dirty.clear();
  if (!changed) return done();
  const results = ctx.api.list({ apiVersion: 'apps/v1', kind: 'DaemonSet' }).items.map((ds) => reconcileDaemonSet(ctx, `${ds.metadata.namespace}/${ds.metadata.name}`));
  return soonest(...results);
}

interface DaemonState {
  readonly ctx: ControllerContext;
  readonly ds: KubeObject;
  /** Nodes by name order, with where the DaemonSet stands on each. */
  readonly nodes: ReadonlyArray<{ readonly node: KubeObject; readonly name: string; readonly placement: NodePlacement }>;
  readonly hash: string;
  readonly isUpdated: (pod: KubeObject) => boolean;
}

function reconcileDaemonSet(ctx: ControllerContext, key: string): ReconcileResult {
  const { namespace, name } = splitKey(key);
  const ds = ctx.api.tryGet({ apiVersion: 'apps/v1', kind: 'DaemonSet', namespace, name });
  if (!ds) return done();
  const spec: Obj = (ds as Obj).spec ?? {};
  const hash = computeTemplateHash(spec.template ?? {}, (ds as Obj).status?.collisionCount ?? 0);
  const generation = readTemplateGeneration(ds);
  const place = createPlacer(ds);
  const nodes = ctx.api
    .list({ apiVersion: 'v1', kind: 'Node' })
    .items.map((node) => ({ node, name: node.metadata.name ?? '', placement: place(node) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const state: DaemonState = { ctx, ds, nodes, hash, isUpdated: (pod) => isPodUpdated(pod, hash, generation) };
  let pods = listDaemonPods(ctx, ds);
  if (!ds.metadata.deletionTimestamp) {
    let changed = manage(state, pods);
    if (!changed && (spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') changed = rollOut(state, pods);
    if (changed) pods = listDaemonPods(ctx, ds);
  }
  return writeStatus(state, pods);
}

function listDaemonPods(ctx: ControllerContext, ds: KubeObject): KubeObject[] {
  const selector = (ds as Obj).spec?.selector;
  return ctx.api
    .list({ apiVersion: 'v1', kind: 'Pod', namespace: ds.metadata.namespace, labelSelector: selector })
    .items.filter((pod) => pod.metadata.ownerReferences?.some((r) => r.controller && r.uid === ds.metadata.uid));
}

function groupByNode(pods: readonly KubeObject[]): Map<string, KubeObject[]> {
  const byNode = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    const node = readTargetNodeName(pod) ?? '';
    const list = byNode.get(node) ?? [];
    list.push(pod);
    byNode.set(node, list);
  }
  return byNode;
}

function isLive(pod: KubeObject): boolean {
  const phase = (pod as Obj).status?.phase;
  return !pod.metadata.deletionTimestamp && phase !== 'Failed' && phase !== 'Succeeded';
}

/** Creates and deletes pods so that each node runs what it should (upstream manage); true when it wrote. */
function manage(state: DaemonState, pods: readonly KubeObject[]): boolean {
  const { ctx, ds, nodes } = state;
  const allowSurge = readBudgets(ds, 1).maxSurge > 0 && ((ds as Obj).spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const byNode = groupByNode(pods);
  const toCreate: string[] = [];
  const toDelete: KubeObject[] = [];
  for (const { name: nodeName, placement } of nodes) {
    const onNode = byNode.get(nodeName) ?? [];
    byNode.delete(nodeName);
    if (placement.shouldRun && onNode.length === 0) {
      toCreate.push(nodeName);
    } else if (placement.shouldContinueRunning) {
      const running: KubeObject[] = [];
      for (const pod of onNode) {
        if (pod.metadata.deletionTimestamp) continue;
        const phase = (pod as Obj).status?.phase;
        const podRef = `${pod.metadata.namespace}/${pod.metadata.name}`;
        if (phase === 'Failed') {
          ctx.events.record(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${podRef} on node ${nodeName}, will try to kill it`, COMPONENT);
          toDelete.push(pod);
        } else if (phase === 'Succeeded') {
          ctx.events.record(ds, 'Normal', 'SucceededDaemonPod', `Found succeeded daemon pod ${podRef} on node ${nodeName}, will try to delete it`, COMPONENT);
          toDelete.push(pod);
        } else {
          running.push(pod);
        }
      }
      if (!allowSurge) {
        if (running.length > 1) toDelete.push(...sortOldestFirst(running).slice(1));
      } else if (running.length === 0) {
        if (placement.shouldRun) toCreate.push(nodeName);
      } else if (running.length > 1) {
        toDelete.push(...pruneSurgedPods(state, running));
      }
    } else {
      toDelete.push(...onNode.filter((p) => !p.metadata.deletionTimestamp));
    }
  }
  // Whatever is left is pinned to a node that does not exist (any more).
  const orphans = [...byNode.values()].flat();
  for (const nodeName of toCreate) createDaemonPod(state, nodeName);
  for (const pod of toDelete) deleteDaemonPod(state, pod, false);
  for (const pod of orphans) deleteDaemonPod(state, pod, true);
  return toCreate.length + toDelete.length + orphans.length > 0;
}

/** With surge: keep the oldest new pod and, until it is available, the oldest old one (if Ready). */
function pruneSurgedPods(state: DaemonState, running: KubeObject[]): KubeObject[] {
  const out: KubeObject[] = [];
  let oldestNew: KubeObject | undefined;
  let oldestOld: KubeObject | undefined;
  for (const pod of sortOldestFirst(running)) {
    const labelsMatch = pod.metadata.labels?.['controller-revision-hash'] === state.hash;
    if (labelsMatch && !oldestNew) oldestNew = pod;
    else if (!labelsMatch && !oldestOld) oldestOld = pod;
    else out.push(pod);
  }
  if (oldestNew && oldestOld) {
    const minReadySeconds: number = (state.ds as Obj).spec?.minReadySeconds ?? 0;
    if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReadySeconds, state.ctx.clock.nowMillis())) out.push(oldestOld);
  }
  return out;
}

/** One RollingUpdate step; true when it wrote. */
function rollOut(state: DaemonState, pods: readonly KubeObject[]): boolean {
  const byNode = groupByNode(pods);
  const nodes: NodePods[] = state.nodes
    .filter((n) => n.placement.shouldRun)
    .map((n) => ({ nodeName: n.name, live: (byNode.get(n.name) ?? []).filter(isLive) }));
  const plan = planRollout(state.ds, nodes, state.isUpdated, state.ctx.clock.nowMillis());
  for (const nodeName of plan.createOnNodes) createDaemonPod(state, nodeName);
  for (const pod of plan.deletePods) deleteDaemonPod(state, pod, false);
  return plan.createOnNodes.length + plan.deletePods.length > 0;
}

function createDaemonPod(state: DaemonState, nodeName: string): void {
  const { ctx, ds } = state;
  try {
    const created = ctx.api.create(buildDaemonPod(ds, nodeName, state.hash), { fieldManager: COMPONENT });
    ctx.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
  } catch (err) {
    ctx.events.record(ds, 'Warning', 'FailedCreate', `Error creating: ${err instanceof Error ? err.message : String(err)}`, COMPONENT);
    throw err;
  }
}

function deleteDaemonPod(state: DaemonState, pod: KubeObject, force: boolean): void {
  const { ctx, ds } = state;
  if (pod.metadata.deletionTimestamp && !force) return;
  try {
    ctx.api.delete(
      { apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' },
      { preconditions: { uid: pod.metadata.uid }, ...(force ? { gracePeriodSeconds: 0 } : {}) },
    );
  } catch (err) {
    if (isStatusError(err, 'NotFound')) return;
    ctx.events.record(ds, 'Warning', 'FailedDelete', `Error deleting: ${err instanceof Error ? err.message : String(err)}`, COMPONENT);
    throw err;
  }
  if (!pod.metadata.deletionTimestamp) ctx.events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
}

/** Writes the status upstream computes (updateDaemonSetStatus); requeues for minReadySeconds. */
function writeStatus(state: DaemonState, pods: readonly KubeObject[]): ReconcileResult {
  const { ctx, ds } = state;
  const minReadySeconds: number = (ds as Obj).spec?.minReadySeconds ?? 0;
  const now = ctx.clock.nowMillis();
  const byNode = groupByNode(pods.filter(isLive));
  let desired = 0;
  let current = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  let misscheduled = 0;
  let waitMs: number | undefined;
  for (const { name, placement } of state.nodes) {
    const onNode = byNode.get(name) ?? [];
    if (!placement.shouldRun) {
      if (onNode.length > 0) misscheduled++;
      continue;
    }
    desired++;
    const pod = sortOldestFirst(onNode)[0];
    if (!pod) continue;
    current++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) available++;
      else waitMs = soonestWait(waitMs, pod, minReadySeconds, now);
    }
    if (state.isUpdated(pod)) updated++;
  }
  const status: Obj = {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: ds.metadata.generation,
  };
  if (updated > 0) status.updatedNumberScheduled = updated;
  if (available > 0) status.numberAvailable = available;
  if (desired - available > 0) status.numberUnavailable = desired - available;
  const old: Obj = (ds as Obj).status ?? {};
  if (old.collisionCount !== undefined) status.collisionCount = old.collisionCount;
  if (Array.isArray(old.conditions) && old.conditions.length > 0) status.conditions = old.conditions;
  if (JSON.stringify(status) !== JSON.stringify(old)) {
    const next = structuredClone(ds) as Obj;
    next.status = status;
    ctx.api.update(next as KubeObject, { subresource: 'status', fieldManager: COMPONENT });
  }
  return waitMs === undefined ? done() : after(waitMs);
}

function soonestWait(current: number | undefined, pod: KubeObject, minReadySeconds: number, now: number): number | undefined {
  const readyCondition = ((pod as Obj).status?.conditions ?? []).find((c: Obj) => c.type === 'Ready');
  const since = Date.parse(readyCondition?.lastTransitionTime ?? '');
  if (!Number.isFinite(since)) return current;
  const wait = Math.max(1, since + minReadySeconds * 1000 - now);
  return current === undefined ? wait : Math.min(current, wait);
}
