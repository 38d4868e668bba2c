// The disruption controller: keeps each PodDisruptionBudget's status (expectedPods,
// currentHealthy, desiredHealthy, disruptionsAllowed, disruptedPods, observedGeneration and the
// DisruptionAllowed condition) from the pods it selects and their controllers' scale, with
// percentages rounded up as upstream. Evictions themselves are lib/sim/api/eviction.ts.

import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../k8s/types.ts';
import { isPodReady, setCondition, type Condition } from '../conditions.ts';
import { compileRequirements, convertLabelSelector, type LabelSelector } from '../selectors.ts';
import { SelectorIndex } from '../selectors/selector-index.ts';
import { podLabelIndexOf } from './disruption-pod-index.ts';
import { after, done, hasSameLabels, keysIn, kind, mapped, NO_KEYS, soonest, splitKey, type Controller, type ControllerContext, type ReconcileResult } from './controller.ts';

type Obj = Record<string, any>;

/** The controller's name in the manager. */
export const DISRUPTION_CONTROLLER = 'disruption';
/** How long an evicted pod may take to go before the PDB counts it again (DeletionTimeout). */
export const DISRUPTION_DELETION_TIMEOUT_MS = 2 * 60_000;

const COMPONENT = 'controllermanager';
const FIELD_MANAGER = 'kube-controller-manager';
const PDB = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' } as const;
const ALL_IN_NAMESPACE = '*';
const WORKLOADS: ReadonlyArray<readonly [string, string]> = [['apps/v1', 'Deployment'], ['apps/v1', 'StatefulSet'], ['apps/v1', 'ReplicaSet'], ['v1', 'ReplicationController']];

/**
 * The pods a PDB selects, by name: none for a nil selector, all in the namespace for `{}`. A
 * selector with a required label pair reads only the pods carrying it (from the pod label index).
 */
export function selectPdbPods(ctx: ControllerContext, pdb: KubeObject): KubeObject[] {
  const selector = (pdb as Obj).spec?.selector as LabelSelector | undefined | null;
  if (!selector) return [];
  const requirements = convertLabelSelector(selector) ?? [];
  const matches = compileRequirements(requirements);
  const namespace = pdb.metadata.namespace;
  const names = namespace === undefined ? undefined : podLabelIndexOf(ctx.api.store).candidatesFor(namespace, requirements);
  if (names === undefined) return ctx.api.list({ apiVersion: 'v1', kind: 'Pod', namespace }).items.filter((p) => matches(p.metadata.labels ?? {}));
  const pods: KubeObject[] = [];
  for (const name of [...names].sort()) {
    const pod = ctx.api.tryGet({ apiVersion: 'v1', kind: 'Pod', namespace, name });
    if (pod && matches(pod.metadata.labels ?? {})) pods.push(pod);
  }
  return pods;
}

/** An int-or-percent scaled against `total`, rounding up (GetScaledValueFromIntOrPercent). */
export function scaleIntOrPercent(value: unknown, total: number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(String(value));
  if (!m) throw new Error(`invalid value for IntOrString: invalid value ${JSON.stringify(String(value))}: strconv.Atoi: parsing ${JSON.stringify(String(value).replace(/%$/, ''))}: invalid syntax`);
  return Math.ceil((Number(m[1]) * total) / 100);
}

/** The scale of a pod's controller: the Deployment above a ReplicaSet, or the controller itself. */
function controllerScaleOf(ctx: ControllerContext, namespace: string, ref: Obj): { uid: string; scale: number } | undefined {
  const read = (apiVersion: string, kindName: string, name: string): KubeObject | undefined => ctx.api.tryGet({ apiVersion, kind: kindName, namespace, name });
  const group = String(ref.apiVersion ?? '').includes('/') ? String(ref.apiVersion).split('/')[0] : '';
  if (ref.kind === 'ReplicaSet' && group === 'apps') {
    const rs = read('apps/v1', 'ReplicaSet', ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return undefined;
    const owner = rs.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
    const deployment = owner ? read('apps/v1', 'Deployment', owner.name) : undefined;
    if (deployment && deployment.metadata.uid === owner?.uid) return { uid: deployment.metadata.uid ?? '', scale: Number((deployment as Obj).spec?.replicas ?? 1) };
    return { uid: rs.metadata.uid ?? '', scale: Number((rs as Obj).spec?.replicas ?? 1) };
  }
  const info = ctx.api.resources.tryFindGroupKind(group ?? '', String(ref.kind ?? ''));
  if (!info?.scale) return undefined;
  try {
    const scale = ctx.api.getScale({ apiVersion: info.apiVersion, kind: info.kind, namespace, name: String(ref.name) });
    return scale.metadata.uid === ref.uid ? { uid: String(ref.uid), scale: scale.spec.replicas } : undefined;
  } catch {
    return undefined;
  }
}

/** expectedPods from the controllers of the pods (getExpectedScale); pods with no controller are unmanaged. */
function expectedScale(ctx: ControllerContext, pods: readonly KubeObject[]): { expected: number; unmanaged: string[] } {
  const scales = new Map<string, number>();
  const seen = new Set<string>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = pod.metadata.ownerReferences?.find((r) => r.controller === true);
    if (!ref) {
      unmanaged.push(pod.metadata.name ?? '');
      continue;
    }
    if (seen.has(ref.uid)) continue;
    const found = controllerScaleOf(ctx, pod.metadata.namespace ?? 'default', ref);
    if (!found) throw new Error(`found no controllers for pod ${JSON.stringify(pod.metadata.name)}`);
    seen.add(ref.uid);
    scales.set(found.uid, found.scale);
  }
  let expected = 0;
  for (const n of scales.values()) expected += n;
  return { expected, unmanaged };
}

/** expectedPods and desiredHealthy of a PDB (getExpectedPodCount). */
function expectedPodCount(ctx: ControllerContext, pdb: KubeObject, pods: readonly KubeObject[]): { expected: number; desired: number; unmanaged: string[] } {
  const spec = ((pdb as Obj).spec ?? {}) as Obj;
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const { expected, unmanaged } = expectedScale(ctx, pods);
    return { expected, desired: Math.max(0, expected - scaleIntOrPercent(spec.maxUnavailable, expected)), unmanaged };
  }
  if (typeof spec.minAvailable === 'number') return { expected: pods.length, desired: spec.minAvailable, unmanaged: [] };
  if (typeof spec.minAvailable === 'string') {
    const { expected, unmanaged } = expectedScale(ctx, pods);
    return { expected, desired: scaleIntOrPercent(spec.minAvailable, expected), unmanaged };
  }
  return { expected: pods.length, desired: 0, unmanaged: [] };
}

function writeStatus(ctx: ControllerContext, pdb: KubeObject, status: Obj): void {
  const allowed = status.disruptionsAllowed > 0;
  status.conditions = setCondition((pdb as Obj).status?.conditions as Condition[] | undefined, {
    type: 'DisruptionAllowed',
    status: allowed ? 'True' : 'False',
    reason: status.syncFailed ?? (allowed ? 'SufficientPods' : 'InsufficientPods'),
    message: status.syncMessage ?? '',
    observedGeneration: status.observedGeneration ?? 0,
  }, ctx.clock.nowIso());
  delete status.syncFailed;
  delete status.syncMessage;
  if (status.observedGeneration === undefined || status.observedGeneration === 0) delete status.observedGeneration;
  if (isDeepStrictEqual((pdb as Obj).status ?? {}, status)) return;
  ctx.api.update({ ...structuredClone(pdb), status } as KubeObject, { subresource: 'status', fieldManager: FIELD_MANAGER });
}

/** Keeps what the status knew but allows no disruption, with reason SyncFailed (failSafe). */
function failSafe(ctx: ControllerContext, pdb: KubeObject, error: string): void {
  const old = ((pdb as Obj).status ?? {}) as Obj;
  const status: Obj = { ...structuredClone(old), disruptionsAllowed: 0, syncFailed: 'SyncFailed', syncMessage: error };
  for (const field of ['currentHealthy', 'desiredHealthy', 'expectedPods']) status[field] ??= 0;
  status.observedGeneration = old.observedGeneration;
  writeStatus(ctx, pdb, status);
}

function syncPdb(ctx: ControllerContext, pdb: KubeObject): ReconcileResult {
  let pods: KubeObject[];
  try {
    pods = selectPdbPods(ctx, pdb);
  } catch (err) {
    failSafe(ctx, pdb, (err as Error).message);
    return done();
  }
  if (pods.length === 0) ctx.events.record(pdb, 'Normal', 'NoPods', 'No matching pods found', COMPONENT);
  let counts: { expected: number; desired: number; unmanaged: string[] };
  try {
    counts = expectedPodCount(ctx, pdb, pods);
  } catch (err) {
    const message = (err as Error).message;
    ctx.events.record(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${message}`, COMPONENT);
    failSafe(ctx, pdb, message);
    return done();
  }
  if (counts.unmanaged.length > 0) {
    const selector = JSON.stringify((pdb as Obj).spec?.selector ?? {});
    ctx.events.record(pdb, 'Warning', 'UnmanagedPods', `Pods selected by this PodDisruptionBudget (selector: ${selector}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`, COMPONENT);
  }
  const now = ctx.clock.nowMillis();
  const recorded = ((pdb as Obj).status?.disruptedPods ?? {}) as Record<string, string>;
  const disrupted: Record<string, string> = {};
  let recheckAt: number | undefined;
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const name = pod.metadata.name ?? '';
    const since = recorded[name] === undefined ? NaN : Date.parse(recorded[name]);
    if (Number.isFinite(since)) {
      const expectedGone = since + DISRUPTION_DELETION_TIMEOUT_MS;
      if (expectedGone < now) {
        ctx.events.record(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.name} to be deleted but it wasn't`, COMPONENT);
      } else {
        disrupted[name] = recorded[name]!;
        if (recheckAt === undefined || expectedGone < recheckAt) recheckAt = expectedGone;
        continue;
      }
    }
    if (isPodReady(pod)) healthy++;
  }
  const allowed = counts.expected <= 0 ? 0 : Math.max(0, healthy - counts.desired);
  const status: Obj = {
    currentHealthy: healthy,
    desiredHealthy: counts.desired,
    disruptionsAllowed: allowed,
    expectedPods: counts.expected,
    observedGeneration: pdb.metadata.generation,
  };
  if (Object.keys(disrupted).length > 0) status.disruptedPods = disrupted;
  writeStatus(ctx, pdb, status);
  return recheckAt === undefined ? done() : after(recheckAt - now + 1);
}

/**
 * Creates a disruption controller. It keeps, per namespace, the selector of every PDB it has
 * synced, indexed by label pair, so a pod or workload change wakes only the PDBs that select it
 * and finding them costs O(its labels) (testing every PDB of the namespace would be quadratic).
 */
export function createDisruptionController(): Controller {
  const selectors = new Map<string, SelectorIndex<string>>();
  const remember = (pdb: KubeObject): void => {
    const ns = pdb.metadata.namespace ?? 'default';
    const selector = (pdb as Obj).spec?.selector as LabelSelector | undefined | null;
    // A nil selector selects nothing, as `undefined` requirements do.
    const requirements = selector ? convertLabelSelector(selector) : undefined;
    let byName = selectors.get(ns);
    if (!byName) selectors.set(ns, (byName = new SelectorIndex()));
    byName.put(pdb.metadata.name ?? '', requirements);
  };
  const forget = (namespace: string, name: string): void => {
    selectors.get(namespace)?.delete(name);
  };
  const pdbsSelecting = (namespace: string, labels: Record<string, string>): readonly string[] => {
    const index = selectors.get(namespace);
    return index ? keysIn(namespace, index.matching(labels)) : NO_KEYS;
  };
  const forPod = (pod: KubeObject): readonly string[] => pdbsSelecting(pod.metadata.namespace ?? 'default', pod.metadata.labels ?? {});
  const forWorkload = (w: KubeObject): readonly string[] =>
    pdbsSelecting(w.metadata.namespace ?? 'default', ((w as Obj).spec?.template?.metadata?.labels ?? {}) as Record<string, string>);
  return {
    name: DISRUPTION_CONTROLLER,
    watches: [kind(PDB.apiVersion, PDB.kind), mapped('v1', 'Pod', forPod, hasSameLabels), ...WORKLOADS.map(([apiVersion, kindName]) => mapped(apiVersion, kindName, forWorkload))],
    reconcile(key, ctx) {
      const { namespace = 'default', name } = splitKey(key);
      if (name === ALL_IN_NAMESPACE) {
        const pdbs = ctx.api.list({ ...PDB, namespace }).items;
        for (const pdb of pdbs) remember(pdb);
        return soonest(...pdbs.map((pdb) => syncPdb(ctx, pdb)));
      }
      const pdb = ctx.api.tryGet({ ...PDB, namespace, name });
      if (!pdb || pdb.metadata.deletionTimestamp) {
        forget(namespace, name);
        return done();
      }
      remember(pdb);
      return syncPdb(ctx, pdb);
    },
  };
}

/** A disruption controller for tests that build their own manager; clusters make their own with createDisruptionController(). */
export const disruptionController: Controller = createDisruptionController();
