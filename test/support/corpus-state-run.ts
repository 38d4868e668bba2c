// Runs one corpus set on a fresh simulated cluster for the end-state test: faults and knobs the
// README calls for (unpullable images, a command that exits 1, memory use above a limit, an init
// container that never finishes) go in around the apply, which is the same per-document
// server-side apply as corpus.ts, then the cluster settles and is observed.

import type { KubeObject } from '../../lib/k8s/types.ts';
import { crashContainer, makeUnpullable } from '../../lib/sim/faults.ts';
import { FOREVER, SIM_ANNOTATIONS } from '../../lib/sim/knobs.ts';
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
  /** `namespace/pod` → the memory its app containers use (a quantity), e.g. what `stress --vm-bytes` allocates. */
  readonly memoryUsage?: Readonly<Record<string, string>>;
  /** `namespace/pod` whose init containers the README says never finish (they loop forever). */
  readonly hangingInit?: readonly string[];
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

/** Annotates a pod with a simulation knob before it is scheduled, as `kubectl annotate` would. */
function annotatePod(sim: SimCluster, ref: string, annotation: string, value: string): void {
  const [namespace, name] = ref.split('/') as [string, string];
  const pod = sim.api.tryGet({ apiVersion: 'v1', kind: 'Pod', namespace, name });
  if (!pod) throw new Error(`annotatePod(): Pod ${ref} not found`);
  const metadata = { ...pod.metadata, annotations: { ...pod.metadata.annotations, [annotation]: value } };
  sim.api.update({ ...pod, metadata } as KubeObject, { fieldManager: 'kubectl-annotate' });
}

/** Applies a set to a fresh 3-node cluster (StorageClass `standard`), settles it, and observes it. */
export function runSet(run: SetRun): SetRunResult {
  const sim = SimCluster.create();
  const baseline = observeCluster(sim.api);
  for (const pattern of run.unpullable ?? []) makeUnpullable(sim, pattern);
  for (const id of run.after ?? []) applySet(sim.api, id);
  applyInto(sim, run);
  for (const pod of run.failingCommands ?? []) crashContainer(sim, { pod, times: CRASHES });
  for (const [pod, usage] of Object.entries(run.memoryUsage ?? {})) annotatePod(sim, pod, SIM_ANNOTATIONS.memoryUsage, usage);
  for (const pod of run.hangingInit ?? []) annotatePod(sim, pod, SIM_ANNOTATIONS.initRunSeconds, FOREVER);
  const settle = sim.settle({ timeoutMs: SETTLE_TIMEOUT_MS });
  const observation = subtractBaseline(observeCluster(sim.api), baseline);
  for (const key of Object.keys(run.namespacePerFile ?? {}).map((s) => `Namespace ${run.namespacePerFile![s]}`)) delete observation[key];
  return { sim, settle, observation };
}
