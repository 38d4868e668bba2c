// Runs one corpus set on a fresh simulated cluster for the end-state test: faults the README
// calls for (unpullable images, a command that exits 1) go in around the apply, which is the
// same per-document server-side apply as corpus.ts, then the cluster settles and is observed.

import { crashContainer, makeUnpullable } from '../../lib/sim/faults.ts';
import type { SettleResult } from '../../lib/sim/controllers/manager.ts';
import { SimCluster } from '../../lib/sim/sim-cluster.ts';
import { applyFile, applySet, listSetFiles } from './corpus.ts';
import { observeCluster, subtractBaseline, type Observation } from './corpus-observe.ts';

/** How a set is applied: the README's conditions around `kubectl apply -f <files>`. */
export interface SetRun {
  readonly id: string;
  /** Sets applied first into the same cluster (S17 goes on top of S16). */
  readonly after?: readonly string[];
  /** Image patterns the README marks as not pullable (made so before applying). */
  readonly unpullable?: readonly string[];
  /** `namespace/pod` whose first container the README says exits 1 every time it starts. */
  readonly failingCommands?: readonly string[];
  /** File path suffix → namespace to apply it into (README: "apply them in separate namespaces"). */
  readonly namespacePerFile?: Readonly<Record<string, string>>;
}

/** Virtual time a set gets to settle. */
export const SETTLE_TIMEOUT_MS = 30 * 60_000;
/** Enough crashes to outlast SETTLE_TIMEOUT_MS of back-off (10 s doubling to 5 min). */
const CRASHES = 1_000;

/** What a run left behind. */
export interface SetRunResult {
  readonly sim: SimCluster;
  readonly settle: SettleResult;
  /** Every object the set made (bootstrap objects left out). */
  readonly observation: Observation;
}

function applyInto(sim: SimCluster, run: SetRun): void {
  if (!run.namespacePerFile) {
    applySet(sim.api, run.id);
    return;
  }
  for (const path of listSetFiles(run.id)) {
    const entry = Object.entries(run.namespacePerFile).find(([suffix]) => path.endsWith(suffix));
    if (!entry) throw new Error(`${run.id}: namespacePerFile names no namespace for ${path}`);
    const namespace = entry[1];
    if (!sim.api.tryGet({ apiVersion: 'v1', kind: 'Namespace', name: namespace })) {
      sim.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    }
    applyFile(sim.api, path, namespace);
  }
}

/** Applies a set to a fresh 3-node cluster (StorageClass `standard`), settles it, and observes it. */
export function runSet(run: SetRun): SetRunResult {
  const sim = SimCluster.create();
  const baseline = observeCluster(sim.api);
  for (const pattern of run.unpullable ?? []) makeUnpullable(sim, pattern);
  for (const id of run.after ?? []) applySet(sim.api, id);
  applyInto(sim, run);
  for (const pod of run.failingCommands ?? []) crashContainer(sim, { pod, times: CRASHES });
  const settle = sim.settle({ timeoutMs: SETTLE_TIMEOUT_MS });
  const observation = subtractBaseline(observeCluster(sim.api), baseline);
  for (const key of Object.keys(run.namespacePerFile ?? {}).map((s) => `Namespace ${run.namespacePerFile![s]}`)) delete observation[key];
  return { sim, settle, observation };
}
