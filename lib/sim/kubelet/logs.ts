// Simulated container logs (`kubectl logs`): deterministic lines derived from a container's
// lifecycle as its kubelet recorded it (start, readiness, termination, shutdown), falling back to
// the pod's status. No process output is simulated; the same state always yields the same text.

import type { KubeObject } from '../../k8s/types.ts';
import type { SimulationKnobs } from '../controllers/controller.ts';
import { badRequest } from '../errors.ts';
import { kubeletStateOf, type ContainerRecord, type TerminatedRun } from './runtime-state.ts';

type Obj = Record<string, any>;

/** What podLogs() reads from the simulation. */
export interface LogSource {
  readonly knobs: SimulationKnobs;
  readonly clock: { nowMillis(): number };
}

/** Options of podLogs(), as the `pods/log` query parameters. */
export interface PodLogOptions {
  /** Only the last N lines. */
  readonly tailLines?: number | undefined;
  /** The previous (terminated) run of the container. */
  readonly previous?: boolean | undefined;
  /** Prefix each line with its RFC 3339 timestamp (`timestamps=true`). */
  readonly timestamps?: boolean | undefined;
}

/** The container a log request means: the named one, else the default-container annotation, else the first. */
export function resolveLogContainer(pod: KubeObject, container: string | undefined): Obj {
  const p = pod as Obj;
  const containers: Obj[] = [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? []), ...(p.spec?.ephemeralContainers ?? [])];
  const podName = String(p.metadata?.name ?? '');
  const wanted = container ?? p.metadata?.annotations?.['kubectl.kubernetes.io/default-container'] ?? p.spec?.containers?.[0]?.name;
  const found = containers.find((c) => c.name === wanted);
  if (!found) throw badRequest(`container ${wanted ?? ''} is not valid for pod ${podName}`);
  return found;
}

/** One log line before formatting. */
interface LogLine {
  readonly at: number;
  readonly text: string;
}

/**
 * The log of one container of `pod`, one line per lifecycle step, newline-terminated.
 * @throws StatusError 400 when the container is unknown, has not started, or has no previous run.
 */
export function podLogs(sim: LogSource, pod: KubeObject, container: string | undefined, options: PodLogOptions = {}): string {
  const spec = resolveLogContainer(pod, container);
  const name = String(spec.name);
  const podName = String(pod.metadata.name ?? '');
  const now = sim.clock.nowMillis();
  const rec = recordOf(sim, pod, name);
  const status = containerStatusOf(pod, name);
  const image = String(spec.image ?? '');
  let lines: LogLine[];
  if (options.previous) {
    const last = rec?.lastTerminated ?? runFromState(status?.lastState?.terminated);
    if (!last) throw badRequest(`previous terminated container "${name}" in pod "${podName}" not found`);
    lines = runLines(name, image, last.startedAt, last.readyAt, last, last.restartCount ?? 0);
  } else {
    const startedAt = rec?.startedAt ?? parseTime(status?.state?.running?.startedAt) ?? rec?.terminated?.startedAt ?? parseTime(status?.state?.terminated?.startedAt);
    if (startedAt === undefined || startedAt > now) {
      const reason = status?.state?.waiting?.reason ?? 'ContainerCreating';
      throw badRequest(`container "${name}" in pod "${podName}" is waiting to start: ${reason}`);
    }
    const terminated = rec ? (rec.stage === 'exited' || rec.stage === 'crashLoop' ? rec.terminated : undefined) : runFromState(status?.state?.terminated);
    const readyAt = rec ? rec.readyAt : status?.ready ? startedAt : undefined;
    lines = runLines(name, image, startedAt, readyAt, terminated, rec?.restartCount ?? Number(status?.restartCount ?? 0));
    const killingAt = kubeletStateOf(sim.knobs).pods[podKeyOf(pod)]?.killingAt;
    if (killingAt !== undefined && !terminated) lines.push({ at: killingAt, text: `received SIGTERM, shutting down ${name}` });
  }
  let visible = lines.filter((l) => l.at <= now).sort((a, b) => a.at - b.at);
  if (options.tailLines !== undefined && options.tailLines >= 0) visible = options.tailLines === 0 ? [] : visible.slice(-options.tailLines);
  return visible.map((l) => `${options.timestamps ? `${new Date(l.at).toISOString()} ` : ''}${formatLine(l)}\n`).join('');
}

function formatLine(line: LogLine): string {
  return `${new Date(line.at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} ${line.text}`;
}

function runLines(name: string, image: string, startedAt: number, readyAt: number | undefined, terminated: TerminatedRun | undefined, restarts: number): LogLine[] {
  const restart = restarts > 0 ? `, restart ${restarts}` : '';
  const lines: LogLine[] = [{ at: startedAt, text: `starting ${name} (image ${image}${restart})` }];
  if (readyAt !== undefined && (!terminated || readyAt <= terminated.finishedAt)) lines.push({ at: readyAt, text: `${name} is ready` });
  if (terminated) {
    const text = terminated.exitCode === 0 ? `${name} exited with code 0 (${terminated.reason})` : `error: ${name} terminated with exit code ${terminated.exitCode} (${terminated.reason})`;
    lines.push({ at: terminated.finishedAt, text });
  }
  return lines;
}

function podKeyOf(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}

function recordOf(sim: LogSource, pod: KubeObject, name: string): ContainerRecord | undefined {
  const rec = kubeletStateOf(sim.knobs).pods[podKeyOf(pod)];
  if (!rec || rec.uid !== pod.metadata.uid) return undefined;
  return [...rec.init, ...rec.main].find((c) => c.name === name);
}

function containerStatusOf(pod: KubeObject, name: string): Obj | undefined {
  const status = (pod as Obj).status ?? {};
  const all: Obj[] = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? []), ...(status.ephemeralContainerStatuses ?? [])];
  return all.find((s) => s.name === name);
}

function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function runFromState(t: Obj | undefined): TerminatedRun | undefined {
  const startedAt = parseTime(t?.startedAt);
  const finishedAt = parseTime(t?.finishedAt);
  if (!t || startedAt === undefined || finishedAt === undefined) return undefined;
  return { exitCode: Number(t.exitCode ?? 0), reason: String(t.reason ?? ''), startedAt, finishedAt, containerId: String(t.containerID ?? '') };
}
