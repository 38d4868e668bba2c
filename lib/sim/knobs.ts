// The simulation's knobs: how long simulated things take and what containers use (per pod, by
// annotation, with defaults) and the faults tests and the CLI inject (unpullable images, crashing
// and OOM-killed containers, failed nodes, CPU load). Kept in SimulationKnobs.values and saved
// with the cluster. It reads knobs; the kubelet and controllers act on them.

import type { KubeObject } from '../k8s/types.ts';
import type { SimulationKnobs } from './controllers/controller.ts';

/** Annotations that tune the simulation of one pod (on the pod or its template). */
export const SIM_ANNOTATIONS = {
  /** Seconds an image pull takes. @default 2 (IfNotPresent images already on the node: 0) */
  pullSeconds: 'sim.shipshape.dev/pull-seconds',
  /** Seconds from container start until the container is up (before probes). @default 1 */
  startSeconds: 'sim.shipshape.dev/start-seconds',
  /**
   * Seconds a container runs before it exits, or `forever`. Unset: containers of pods with
   * restartPolicy Never or OnFailure (Jobs, one-shot pods) run `SIM_DEFAULTS.taskRunSeconds`;
   * others run forever. Init containers run a numeric run-seconds too, unless init-run-seconds is set.
   */
  runSeconds: 'sim.shipshape.dev/run-seconds',
  /**
   * Seconds an init container runs before it completes, or `forever` (the pod stays `Init:N/M`).
   * One value for every init container, or `name=value` pairs separated by commas
   * (`wait-for-db=forever,migrate=30`). Unset: as long as the app containers run when that is
   * finite (run-seconds, or the task default), else `SIM_DEFAULTS.initRunSeconds`. Sidecars
   * (init containers with restartPolicy Always) are not affected: they run like app containers.
   * A changed value applies to a running init container too.
   */
  initRunSeconds: 'sim.shipshape.dev/init-run-seconds',
  /** Exit code when it exits. @default 0 */
  exitCode: 'sim.shipshape.dev/exit-code',
  /** Seconds a container takes to stop after SIGTERM. @default 1 */
  stopSeconds: 'sim.shipshape.dev/stop-seconds',
  /** Millicores of CPU each pod uses (HPA input); overrides the cluster-wide load knob. */
  cpuUsage: 'sim.shipshape.dev/cpu-usage',
  /**
   * Memory a container uses once it is up, as a quantity (`250Mi`): one value for every app
   * container, or `name=quantity` pairs separated by commas (init containers only by name).
   * Above the container's memory limit it is OOM-killed (exit code 137) each time it runs; at or
   * below the limit, or without a limit, nothing happens.
   */
  memoryUsage: 'sim.shipshape.dev/memory-usage',
} as const;

/** Default timings, in seconds. */
export const SIM_DEFAULTS = { pullSeconds: 2, startSeconds: 1, stopSeconds: 1, taskRunSeconds: 5, initRunSeconds: 1 } as const;

/** The knob value that makes a container run until it is stopped. */
export const FOREVER = 'forever';

/** The faults in force. */
export interface Faults {
  /** Image patterns (`*` wildcards) whose pulls fail with ErrImagePull / ImagePullBackOff. */
  unpullableImages: string[];
  /** `namespace/pod/container` (or `namespace/pod`) → how many more times it crashes on start. */
  crashes: Record<string, number>;
  /** `namespace/pod/container` (or `namespace/pod`) → how many more times it is OOM-killed once up. */
  oomKills: Record<string, number>;
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
    f = { unpullableImages: [], crashes: {}, oomKills: {}, failedNodes: [], cpuLoad: {} };
    knobs.values.set(FAULTS, f);
  }
  if (!f.oomKills) f.oomKills = {}; // saved before OOM kills existed
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

/**
 * A per-container annotation value: the entry of `container` in a comma-separated `name=value`
 * list, or a bare value when `bareApplies` (the bare form covers that container). Undefined when
 * unset or when the list names other containers.
 * @example containerKnobOf(pod, SIM_ANNOTATIONS.memoryUsage, 'web', true) // '250Mi'
 */
export function containerKnobOf(pod: KubeObject, annotation: string, container: string, bareApplies: boolean): string | undefined {
  const raw = pod.metadata.annotations?.[annotation];
  if (raw === undefined) return undefined;
  if (!raw.includes('=')) return bareApplies ? raw.trim() : undefined;
  for (const entry of raw.split(',')) {
    const eq = entry.indexOf('=');
    if (eq > 0 && entry.slice(0, eq).trim() === container) return entry.slice(eq + 1).trim();
  }
  return undefined;
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
