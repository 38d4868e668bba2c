// The simulation's knobs: how long simulated things take (per object, by annotation, with
// defaults) and the faults tests and the CLI inject (unpullable images, crashing containers,
// failed nodes, CPU load). Kept in SimulationKnobs.values and saved with the cluster.

import type { KubeObject } from '../k8s/types.ts';
import type { SimulationKnobs } from './controllers/controller.ts';

/** Annotations that tune the simulation of one pod (on the pod or its template). */
export const SIM_ANNOTATIONS = {
  /** Seconds an image pull takes. @default 2 (IfNotPresent images already on the node: 0) */
  pullSeconds: 'sim.shipshape.dev/pull-seconds',
  /** Seconds from container start until the container is up (before probes). @default 1 */
  startSeconds: 'sim.shipshape.dev/start-seconds',
  /**
   * Seconds a container runs before it exits. Unset: containers of pods with restartPolicy Never
   * or OnFailure (Jobs, one-shot pods) run `SIM_DEFAULTS.taskRunSeconds`; others run forever.
   */
  runSeconds: 'sim.shipshape.dev/run-seconds',
  /** Exit code when it exits. @default 0 */
  exitCode: 'sim.shipshape.dev/exit-code',
  /** Seconds a container takes to stop after SIGTERM. @default 1 */
  stopSeconds: 'sim.shipshape.dev/stop-seconds',
  /** Millicores of CPU each pod uses (HPA input); overrides the cluster-wide load knob. */
  cpuUsage: 'sim.shipshape.dev/cpu-usage',
} as const;

/** Default timings, in seconds. */
export const SIM_DEFAULTS = { pullSeconds: 2, startSeconds: 1, stopSeconds: 1, taskRunSeconds: 5 } as const;

/** The faults in force. */
export interface Faults {
  /** Image patterns (`*` wildcards) whose pulls fail with ErrImagePull / ImagePullBackOff. */
  unpullableImages: string[];
  /** `namespace/pod/container` (or `namespace/pod`) → how many more times it crashes on start. */
  crashes: Record<string, number>;
  /** Nodes that stopped heartbeating (failed). */
  failedNodes: string[];
  /** `namespace/Kind/name` of an HPA target → CPU utilization of its pods, in percent of requests. */
  cpuLoad: Record<string, number>;
}

const FAULTS = 'faults';

/** The faults of a simulation (created empty on first use). */
export function faultsOf(knobs: SimulationKnobs): Faults {
  let f = knobs.values.get(FAULTS) as Faults | undefined;
  if (!f) {
    f = { unpullableImages: [], crashes: {}, failedNodes: [], cpuLoad: {} };
    knobs.values.set(FAULTS, f);
  }
  return f;
}

/** True when `image` matches one of the unpullable patterns. */
export function isImageUnpullable(knobs: SimulationKnobs, image: string): boolean {
  return faultsOf(knobs).unpullableImages.some((pattern) => globToRegExp(pattern).test(image));
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** A numeric simulation annotation of a pod, or the fallback. */
export function simSeconds(pod: KubeObject, annotation: string, fallback: number): number {
  const raw = pod.metadata.annotations?.[annotation];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** The knobs as JSON, for persistence. */
export function knobsToJson(knobs: SimulationKnobs): Record<string, unknown> {
  return Object.fromEntries(knobs.values);
}

/** Knobs from persisted JSON. */
export function knobsFromJson(json: unknown): SimulationKnobs {
  const values = new Map<string, unknown>();
  if (json && typeof json === 'object') for (const [k, v] of Object.entries(json)) values.set(k, v);
  return { values };
}
