// Probe timing of simulated containers. Probes run as the kubelet's probe workers run them: the
// first at container start, then every periodSeconds; a probe succeeds once initialDelaySeconds
// have passed and the container is up (startSeconds after start). Simulated probes never fail;
// liveness probes therefore never restart anything. Faults that fail probes are not modelled.

/** The probe fields timing depends on (defaults as the API server sets them). */
export interface ProbeTiming {
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
}

/** The container fields probe timing reads. */
export interface ProbedContainer {
  readonly readinessProbe?: ProbeTiming | undefined;
  readonly startupProbe?: ProbeTiming | undefined;
}

/** When a started container is first reported `started` and `ready`, in virtual ms. */
export interface ProbeTimes {
  readonly startedAt: number;
  readonly readyAt: number;
}

/**
 * The first successful tick of a probe whose ticks start at `from`: the first `from + k·period`
 * that is at least `initialDelaySeconds` after the container started and after it is up.
 */
export function firstSuccessAt(probe: ProbeTiming, from: number, containerStartedAt: number, upMs: number): number {
  const periodMs = Math.max(1, probe.periodSeconds ?? 10) * 1000;
  const earliest = containerStartedAt + Math.max((probe.initialDelaySeconds ?? 0) * 1000, upMs);
  if (earliest <= from) return from;
  return from + Math.ceil((earliest - from) / periodMs) * periodMs;
}

/**
 * When a container that started at `containerStartedAt` becomes started and ready. Without a
 * startup probe it is started at once; without a readiness probe it is ready once started (the
 * kubelet does not wait for the process to be up).
 * @example probeTimesOf({ readinessProbe: { initialDelaySeconds: 5, periodSeconds: 10 } }, 0, 1000) // { startedAt: 0, readyAt: 10000 }
 */
export function probeTimesOf(container: ProbedContainer, containerStartedAt: number, upMs: number): ProbeTimes {
  const startedAt = container.startupProbe
    ? firstSuccessAt(container.startupProbe, containerStartedAt, containerStartedAt, upMs)
    : containerStartedAt;
  const readyAt = container.readinessProbe
    ? firstSuccessAt(container.readinessProbe, startedAt, containerStartedAt, upMs)
    : startedAt;
  return { startedAt, readyAt };
}
