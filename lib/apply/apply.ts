// applyPlan(): executes a Plan against a target. Checks the plan is not stale, writes objects by
// server-side apply in plan order, waits between waves (and before dependents) until what was
// written is ready by its kind's rule, fails fast with the pod-level reason, prunes, keeps the
// ApplySet parent current, and with `atomic` restores what it changed when anything fails.

import { randomInt } from 'node:crypto';
import { FIELD_MANAGER, GENERATE_KEYS_ANNOTATION, GENERATE_LENGTH_ANNOTATION, GENERATOR_FIELD_MANAGER } from '../k8s/annotations.ts';
import { tryFindKind } from '../k8s/kinds.ts';
import { readinessRuleFor } from '../k8s/readiness.ts';
import { formatRef, keyOf, refOf } from '../k8s/refs.ts';
import type { KubeObject } from '../k8s/types.ts';
import type { Cluster, ClusterRef } from '../cluster/cluster.ts';
import { applySetParent } from '../plan/apply-set.ts';
import { stripNoise } from '../plan/diff.ts';
import type { Plan, PlannedChange } from '../plan/plan-types.ts';
import { diagnoseWorkload, formatProblem, isWorkloadKind, PodSnapshot } from './diagnose.ts';
import { ApplyError, ConflictError, ReadinessTimeoutError, StalePlanError } from './errors.ts';

/** What apply reports as it goes (one JSON line each with `--json`). */
export type ApplyEvent =
  | { type: 'planned'; create: number; update: number; replace: number; delete: number }
  | { type: 'applying'; object: string; action: string }
  | { type: 'applied'; object: string; action: string }
  | { type: 'generated'; object: string; keys: string[] }
  | { type: 'waiting'; object: string; progress: string }
  | { type: 'ready'; object: string }
  | { type: 'deleted'; object: string }
  | { type: 'failed'; object?: string; message: string }
  | { type: 'rolled-back'; object: string; action: 'deleted' | 'restored' };

/** Options of applyPlan(). */
export interface ApplyOptions {
  /** Wait for readiness after each wave. @default true */
  readonly wait?: boolean;
  /** How long to wait for readiness, in (cluster) milliseconds. @default 300000 */
  readonly timeoutMs?: number;
  /** Restore what this apply changed when it fails. @default false */
  readonly atomic?: boolean;
  /** Take fields other managers own. @default false */
  readonly forceConflicts?: boolean;
  /** How often to look again while waiting. @default 2000 */
  readonly pollMs?: number;
  /** Destroy: wait until every deleted object is gone, then delete the ApplySet parent. @default false */
  readonly removeApplySet?: boolean;
  readonly onEvent?: (event: ApplyEvent) => void;
}

/** What apply did. */
export interface ApplyResult {
  readonly applied: number;
  readonly deleted: number;
  readonly unchanged: number;
}

type Undo = { object: string; run: () => Promise<void>; action: 'deleted' | 'restored'; restored?: KubeObject };

function refOfChange(c: PlannedChange): ClusterRef {
  return { apiVersion: c.apiVersion, kind: c.kind, namespace: c.namespace, name: c.name };
}

function nameOf(c: PlannedChange | KubeObject): string {
  return 'metadata' in c ? formatRef(refOf(c)) : formatRef(refOfChange(c));
}

function waveOf(c: PlannedChange): number {
  return tryFindKind(c.apiVersion, c.kind)?.wave ?? 5;
}

/** Refuses a saved plan when any object it saw has moved since. */
export async function checkStale(plan: Plan, cluster: Cluster): Promise<void> {
  for (const c of plan.changes) {
    if (c.action === 'no-op') continue;
    const live = await cluster.get(refOfChange(c));
    const now = live?.metadata.resourceVersion;
    if (c.action === 'create' && live) {
      throw new StalePlanError(`Cannot apply plan: ${nameOf(c)} was created since the plan was made`, { hint: 'Run plan again' });
    }
    if (c.action !== 'create' && now !== c.liveResourceVersion) {
      const moved = now === undefined ? 'was deleted' : `changed since the plan was made (resourceVersion ${c.liveResourceVersion} → ${now})`;
      throw new StalePlanError(`Cannot apply plan: ${nameOf(c)} ${moved}`, { hint: 'Run plan again' });
    }
  }
}

function generateValue(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Executes a plan. @throws StalePlanError, ConflictError, ApplyError, ReadinessTimeoutError */
export async function applyPlan(plan: Plan, cluster: Cluster, options: ApplyOptions = {}): Promise<ApplyResult> {
  const emit = options.onEvent ?? (() => {});
  const wait = options.wait ?? true;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const pollMs = options.pollMs ?? 2000;
  const force = options.forceConflicts ?? false;
  const s = plan.summary;
  emit({ type: 'planned', create: s.create, update: s.update, replace: s.replace, delete: s.delete });

  const conflicted = plan.changes.filter((c) => c.conflicts && c.conflicts.length > 0);
  if (conflicted.length > 0 && !force) {
    const lines = conflicted.map((c) => `${nameOf(c)}: ${c.conflicts!.join(', ')}`);
    throw new ConflictError(`Other field managers own fields this apply would change:\n  ${lines.join('\n  ')}`, {
      hint: 'Re-run with --force-conflicts to take these fields, or stop setting them in the program',
    });
  }

  const undo: Undo[] = [];
  const pending: PlannedChange[] = [];
  let applied = 0;
  let deleted = 0;
  const desiredMembers = plan.changes.flatMap((c) => (c.desired ? [c.desired] : []));
  const parent = plan.applySet.parent;

  const pendingKeys = new Set<string>();
  const waitPending = async (): Promise<void> => {
    pendingKeys.clear();
    if (!wait || pending.length === 0) return;
    await waitUntilReady(cluster, pending.splice(0), { timeoutMs, pollMs, emit });
  };

  try {
    // The parent first, listing every group-kind old and new, so an interrupted apply can still prune.
    const liveParent = await cluster.get({ apiVersion: 'v1', kind: 'Secret', namespace: parent.namespace, name: parent.name });
    const pruned = plan.changes.filter((c) => c.action === 'delete').map((c) => ({ apiVersion: c.apiVersion, kind: c.kind, metadata: { name: c.name, namespace: c.namespace } }) as KubeObject);
    if (!options.removeApplySet && (plan.changes.some((c) => c.action !== 'no-op') || !liveParent)) {
      await ensureNamespace(cluster, parent.namespace, plan);
      await cluster.apply(applySetParent(parent, [...desiredMembers, ...pruned], plan.stack), { fieldManager: FIELD_MANAGER, force: true });
    }

    let currentWave = -1;
    for (const change of plan.changes) {
      if (change.action === 'delete' || change.action === 'no-op') continue;
      const wave = waveOf(change);
      const dependsOnPending = change.dependsOn.some((k) => pendingKeys.has(k));
      if ((wave > currentWave && currentWave >= 0) || dependsOnPending) await waitPending();
      currentWave = Math.max(currentWave, wave);
      const name = nameOf(change);
      emit({ type: 'applying', object: name, action: change.action });
      const previous = await cluster.get(refOfChange(change));
      try {
        if (change.action === 'replace' && previous) {
          await cluster.delete(refOfChange(change), { propagationPolicy: 'Foreground' });
          await waitUntilGone(cluster, refOfChange(change), { timeoutMs, pollMs });
        }
        await cluster.apply(change.desired!, { fieldManager: FIELD_MANAGER, force });
      } catch (err) {
        const msg = (err as { status?: { message?: string } }).status?.message ?? (err instanceof Error ? err.message : String(err));
        throw new ApplyError(`${name}: ${msg}`, { object: name, cause: err });
      }
      if (previous) {
        const restore = stripNoise(previous);
        undo.push({ object: name, action: 'restored', restored: restore, run: async () => {
          if (change.action === 'replace') {
            await cluster.delete(refOfChange(change), { propagationPolicy: 'Foreground' });
            await waitUntilGone(cluster, refOfChange(change), { timeoutMs, pollMs });
          }
          await cluster.apply(restore, { fieldManager: FIELD_MANAGER, force: true });
        } });
      } else {
        undo.push({ object: name, action: 'deleted', run: async () => void (await cluster.delete(refOfChange(change))) });
      }
      await generateSecretKeys(cluster, change, emit);
      applied++;
      emit({ type: 'applied', object: name, action: change.action });
      pending.push(change);
      pendingKeys.add(keyOf(refOfChange(change)));
    }
    await waitPending();

    for (const change of plan.changes.filter((c) => c.action === 'delete')) {
      const name = nameOf(change);
      const previous = await cluster.get(refOfChange(change));
      if (await cluster.delete(refOfChange(change))) {
        deleted++;
        emit({ type: 'deleted', object: name });
        if (previous) {
          const restore = stripNoise(previous);
          undo.push({ object: name, action: 'restored', restored: restore, run: async () => void (await cluster.apply(restore, { fieldManager: FIELD_MANAGER, force: true })) });
        }
      }
    }
    if (options.removeApplySet) {
      if (wait) {
        for (const change of plan.changes.filter((c) => c.action === 'delete')) await waitUntilGone(cluster, refOfChange(change), { timeoutMs, pollMs });
      }
      await cluster.delete({ apiVersion: 'v1', kind: 'Secret', namespace: parent.namespace, name: parent.name });
    } else if (deleted > 0) {
      await cluster.apply(applySetParent(parent, desiredMembers, plan.stack), { fieldManager: FIELD_MANAGER, force: true });
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    emit({ type: 'failed', ...(err instanceof ApplyError && err.object ? { object: err.object } : {}), message });
    if (options.atomic && undo.length > 0) {
      await rollBack(cluster, undo, { timeoutMs, pollMs, emit, wait });
      const what = `${undo.length} change${undo.length === 1 ? '' : 's'}`;
      if (err instanceof ApplyError) throw new ApplyError(`${err.message}\nRolled back ${what}: the previous state is restored`, { object: err.object, cause: err });
      throw new ApplyError(`${message}\nRolled back ${what}: the previous state is restored`, { cause: err });
    }
    throw err;
  }
  return { applied, deleted, unchanged: plan.changes.filter((c) => c.action === 'no-op').length };
}

async function ensureNamespace(cluster: Cluster, namespace: string, plan: Plan): Promise<void> {
  if (await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: namespace })) return;
  const planned = plan.changes.find((c) => c.kind === 'Namespace' && c.name === namespace && c.desired);
  if (planned) await cluster.apply(planned.desired!, { fieldManager: FIELD_MANAGER });
}

/** Writes the values of `shipshape.dev/generate-keys` once, with their own field manager. */
async function generateSecretKeys(cluster: Cluster, change: PlannedChange, emit: (e: ApplyEvent) => void): Promise<void> {
  const desired = change.desired;
  const keys = desired?.metadata.annotations?.[GENERATE_KEYS_ANNOTATION];
  if (!desired || desired.kind !== 'Secret' || !keys) return;
  const live = await cluster.get(refOfChange(change));
  const have = { ...((live as { data?: Record<string, string> } | undefined)?.data ?? {}), ...((live as { stringData?: Record<string, string> } | undefined)?.stringData ?? {}) };
  const length = Number(desired.metadata.annotations?.[GENERATE_LENGTH_ANNOTATION] ?? 32) || 32;
  const missing = keys.split(',').map((k) => k.trim()).filter((k) => k && have[k] === undefined);
  if (missing.length === 0) return;
  const data = Object.fromEntries(missing.map((k) => [k, Buffer.from(generateValue(length)).toString('base64')]));
  await cluster.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: change.name, namespace: change.namespace }, data }, { fieldManager: GENERATOR_FIELD_MANAGER, force: true });
  emit({ type: 'generated', object: nameOf(change), keys: missing });
}

async function rollBack(cluster: Cluster, undo: Undo[], opts: { timeoutMs: number; pollMs: number; emit: (e: ApplyEvent) => void; wait: boolean }): Promise<void> {
  const restored: PlannedChange[] = [];
  for (const step of [...undo].reverse()) {
    await step.run();
    opts.emit({ type: 'rolled-back', object: step.object, action: step.action });
    if (step.restored) {
      const r = step.restored;
      restored.push({ action: 'update', apiVersion: r.apiVersion, kind: r.kind, namespace: r.metadata.namespace, name: r.metadata.name ?? '', changes: [], sensitive: false, dependsOn: [] });
    }
  }
  if (opts.wait && restored.length > 0) await waitUntilReady(cluster, restored, opts).catch(() => undefined);
}

/** A pending claim whose StorageClass binds on first use: nothing binds it until a pod uses it. */
async function waitsForFirstConsumer(cluster: Cluster, obj: KubeObject): Promise<boolean> {
  const o = obj as { kind: string; apiVersion: string; spec?: { storageClassName?: string }; status?: { phase?: string } };
  if (o.kind !== 'PersistentVolumeClaim' || o.apiVersion !== 'v1' || o.status?.phase === 'Bound') return false;
  const className = o.spec?.storageClassName;
  if (!className) return false;
  const sc = (await cluster.get({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: className })) as { volumeBindingMode?: string } | undefined;
  return sc?.volumeBindingMode === 'WaitForFirstConsumer';
}

/** Waits until an object is gone. */
export async function waitUntilGone(cluster: Cluster, ref: ClusterRef, opts: { timeoutMs: number; pollMs: number }): Promise<void> {
  let waited = 0;
  for (;;) {
    if (!(await cluster.get(ref))) return;
    if (waited >= opts.timeoutMs) throw new ReadinessTimeoutError(`${formatRef(ref)} was still being deleted after ${Math.round(opts.timeoutMs / 1000)}s`, { object: formatRef(ref) });
    const { idle } = await cluster.advance(opts.pollMs);
    waited += opts.pollMs;
    if (idle && (await cluster.get(ref))) {
      const live = await cluster.get(ref);
      throw new ApplyError(`${formatRef(ref)} cannot be deleted: it waits on finalizers ${JSON.stringify(live?.metadata.finalizers ?? [])}`, { object: formatRef(ref) });
    }
  }
}

/** From this many workloads waited on in a namespace, one look lists its pods once for all of them. */
const SNAPSHOT_MIN_WORKLOADS = 8;

function countWorkloadsByNamespace(changes: Iterable<PlannedChange>): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of changes) {
    if (!isWorkloadKind(c.kind)) continue;
    const namespace = c.namespace ?? 'default';
    out.set(namespace, (out.get(namespace) ?? 0) + 1);
  }
  return out;
}

/**
 * Waits until every change is ready by its kind's rule. Fails at once when a workload's pods are
 * in a state that will not resolve by itself, or when the cluster goes idle with objects not ready.
 */
export async function waitUntilReady(cluster: Cluster, changes: readonly PlannedChange[], opts: { timeoutMs: number; pollMs: number; emit: (e: ApplyEvent) => void }): Promise<void> {
  const remaining = new Map(changes.map((c) => [keyOf(refOfChange(c)), c]));
  const lastProgress = new Map<string, string>();
  let waited = 0;
  let idle = false;
  for (;;) {
    const snapshot = new PodSnapshot(cluster);
    const workloads = countWorkloadsByNamespace(remaining.values());
    for (const [key, change] of [...remaining]) {
      const live = await cluster.get(refOfChange(change));
      const name = nameOf(change);
      if (!live) throw new ApplyError(`${name} disappeared while waiting for it to be ready`, { object: name });
      const state = (await waitsForFirstConsumer(cluster, live))
        ? { ready: true, progress: 'waits for its first consumer' }
        : readinessRuleFor(change.apiVersion, change.kind).check(live);
      if (state.ready) {
        remaining.delete(key);
        opts.emit({ type: 'ready', object: name });
        continue;
      }
      if (state.failed) throw new ApplyError(`${name}: ${state.failed}`, { object: name });
      const manyInNamespace = (workloads.get(change.namespace ?? 'default') ?? 0) >= SNAPSHOT_MIN_WORKLOADS;
      const problem = await diagnoseWorkload(cluster, live, manyInNamespace ? snapshot : undefined);
      if (problem?.fatal) throw new ApplyError(`${name} is not ready: ${formatProblem(problem)}`, { object: name });
      if (lastProgress.get(key) !== state.progress) {
        lastProgress.set(key, state.progress);
        opts.emit({ type: 'waiting', object: name, progress: state.progress });
      }
      if (idle) {
        const why = problem ? formatProblem(problem) : state.progress;
        throw new ApplyError(`${name} is not ready and the cluster has nothing left to do: ${why}`, { object: name });
      }
    }
    if (remaining.size === 0) return;
    if (waited >= opts.timeoutMs) {
      const names = [...remaining.values()].map((c) => `${nameOf(c)} (${lastProgress.get(keyOf(refOfChange(c))) ?? 'not ready'})`);
      throw new ReadinessTimeoutError(`Timed out after ${Math.round(opts.timeoutMs / 1000)}s waiting for ${names.join(', ')}`, {
        object: nameOf([...remaining.values()][0]!),
        hint: 'Raise --timeout, or look at the objects with `shipshape sim describe` / kubectl describe',
      });
    }
    ({ idle } = await cluster.advance(opts.pollMs));
    waited += opts.pollMs;
  }
}
