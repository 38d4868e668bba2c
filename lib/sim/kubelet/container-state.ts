// The life of a pod's containers on a simulated node, as a state machine over virtual time:
// image pulls (with ImagePullBackOff), config errors, starts, planned exits, crashes and OOM
// kills (memory use above the limit, or the fault), and restarts with the kubelet's crash-loop
// back-off (10 s doubling to 5 min, reset after 10 min of calm). Init containers run first, in
// order. It records events; it does not write the API.

import { tryParseQuantity } from '../../k8s/quantity.ts';
import type { KubeObject } from '../../k8s/types.ts';
import type { EventType } from '../events.ts';
import { formatGoDuration, imageIdOf, imageSizeOf, pullErrorOf } from './images.ts';
import { probeTimesOf } from './probes.ts';
import type { ContainerRecord, PodRecord, TerminatedRun } from './runtime-state.ts';

type Obj = Record<string, any>;

/** Back-off of crash-looping containers and failed pulls, as the kubelet's flowcontrol.Backoff. */
export const BACKOFF = { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 } as const;
/** ErrImagePull shows until the kubelet's next sync of the pod, then ImagePullBackOff. */
const PULL_ERROR_VISIBLE_MS = 1000;
/** The exit code of a process the kernel's OOM killer ended (128 + SIGKILL). */
const OOM_EXIT_CODE = 137;

/** What the state machine needs from its node and the cluster. */
export interface RuntimeEnv {
  readonly pod: KubeObject;
  /** `name_namespace(uid)`, as the kubelet names pods in messages. */
  readonly podFullName: string;
  readonly pullMs: number;
  /** Time from start until the process is up (probes succeed, crashes happen). */
  readonly upMs: number;
  /** How long main containers run before exiting (undefined: forever). */
  readonly runMs: number | undefined;
  readonly exitCode: number;
  hasImage(image: string): boolean;
  addImage(image: string): void;
  isUnpullable(image: string): boolean;
  /** The CreateContainerConfigError message of a container, or undefined. */
  configErrorOf(container: Obj): string | undefined;
  /** How long an init container runs before it completes (undefined: forever). */
  initRunMs(container: string): number | undefined;
  /** Bytes of memory a container uses once up (undefined: not modelled). */
  memoryUsageOf(container: string, isInit: boolean): number | undefined;
  pendingCrashes(container: string): number;
  consumeCrash(container: string): void;
  pendingOomKills(container: string): number;
  consumeOomKill(container: string): void;
  newContainerId(): string;
  emit(type: EventType, reason: string, message: string): void;
}

type Action = 'pullDone' | 'showPullBackOff' | 'retryPull' | 'restart' | 'signalStarted' | 'exit';

interface Due {
  readonly at: number;
  readonly action: Action;
  readonly c: ContainerRecord;
  readonly spec: Obj;
  readonly isInit: boolean;
}

function makeDue(at: number | undefined, action: Action, c: ContainerRecord, spec: Obj, isInit: boolean): Due | undefined {
  return at === undefined ? undefined : { at, action, c, spec, isInit };
}

/** A container blocked by a config error (a missing ConfigMap or Secret, or key): rechecked on every sync. */
function isConfigBlocked(c: ContainerRecord): boolean {
  return c.stage === 'blocked' && c.reason === 'CreateContainerConfigError';
}

/** The earliest of `next` and the probe successes (started, ready) of running containers after `now`. */
function nextProbeSuccess(list: readonly ContainerRecord[], now: number, next: number | undefined): number | undefined {
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (c.stage !== 'running') continue;
    const started = c.startedProbeAt;
    if (started !== undefined && started > now && (next === undefined || started < next)) next = started;
    const ready = c.readyAt;
    if (ready !== undefined && ready > now && (next === undefined || ready < next)) next = ready;
  }
  return next;
}

/** Moves one pod's container records through time. */
export class PodRuntime {
  readonly record: PodRecord;
  private readonly env: RuntimeEnv;
  private readonly initSpecs: Obj[];
  private readonly mainSpecs: Obj[];

  constructor(record: PodRecord, env: RuntimeEnv) {
    this.record = record;
    this.env = env;
    const spec = (env.pod as Obj).spec ?? {};
    this.initSpecs = spec.initContainers ?? [];
    this.mainSpecs = spec.containers ?? [];
  }

  /**
   * Applies every transition due at or before `now`, in time order, and returns when the next
   * transition or status change (a probe succeeding) is due, or undefined when none is.
   */
  advance(now: number): number | undefined {
    this.recheckBlocked(now);
    this.record.main.forEach((c, i) => c.stage === 'running' && this.planExit(c, now, this.mainSpecs[i] ?? {}, false));
    this.record.init.forEach((c, i) => {
      if (c.stage !== 'running') return;
      this.replanInitExit(c, now, this.initSpecs[i] ?? {});
      this.planExit(c, now, this.initSpecs[i] ?? {}, true);
    });
    this.startUnblocked(now);
    for (let guard = 0; guard < 100_000; guard++) {
      const due = this.nextDue();
      if (!due || due.at > now) break;
      this.apply(due);
      this.startUnblocked(due.at);
    }
    let next = this.nextDue()?.at;
    next = nextProbeSuccess(this.record.init, now, next);
    return nextProbeSuccess(this.record.main, now, next);
  }

  /** Containers running now (those a termination sends SIGTERM to). */
  runningContainers(): ContainerRecord[] {
    return [...this.record.init, ...this.record.main].filter((c) => c.stage === 'running');
  }

  /** Stops every running container at `at` with `exitCode` (0 after SIGTERM, 137 when killed). */
  kill(at: number, exitCode: number): void {
    for (const c of this.runningContainers()) {
      c.terminated = this.finishRun(c, at, exitCode);
      c.stage = 'exited';
      c.since = at;
    }
  }

  /** True when every non-sidecar init container completed and every sidecar has started. */
  isInitialized(): boolean {
    return this.record.init.every((c, i) => this.isInitSatisfied(c, this.initSpecs[i] ?? {}));
  }

  private isInitSatisfied(c: ContainerRecord, spec: Obj): boolean {
    if (spec.restartPolicy === 'Always') return c.startSignalled === true;
    return c.stage === 'exited' && c.terminated?.exitCode === 0;
  }

  private startUnblocked(at: number): void {
    for (let i = 0; i < this.record.init.length; i++) {
      const c = this.record.init[i]!;
      if (c.stage === 'pending') {
        this.startAttempt(c, at, this.initSpecs[i] ?? {}, true);
        return;
      }
      if (!this.isInitSatisfied(c, this.initSpecs[i] ?? {})) return;
    }
    for (let i = 0; i < this.record.main.length; i++) {
      const c = this.record.main[i]!;
      const previous = this.record.main[i - 1];
      if (previous && (previous.stage === 'pending' || previous.stage === 'pulling')) return;
      if (c.stage === 'pending') this.startAttempt(c, at, this.mainSpecs[i] ?? {}, false);
    }
  }

  private recheckBlocked(now: number): void {
    const { init, main } = this.record;
    for (let i = 0; i < init.length; i++) if (isConfigBlocked(init[i]!)) this.create(init[i]!, now, this.initSpecs[i] ?? {}, true);
    for (let i = 0; i < main.length; i++) if (isConfigBlocked(main[i]!)) this.create(main[i]!, now, this.mainSpecs[i] ?? {}, false);
  }

  private nextDue(): Due | undefined {
    let best: Due | undefined;
    const { init, main } = this.record;
    for (let i = 0; i < init.length; i++) {
      const due = this.dueOf(init[i]!, this.initSpecs[i] ?? {}, true);
      if (due && (!best || due.at < best.at)) best = due;
    }
    for (let i = 0; i < main.length; i++) {
      const due = this.dueOf(main[i]!, this.mainSpecs[i] ?? {}, false);
      if (due && (!best || due.at < best.at)) best = due;
    }
    return best;
  }

  private dueOf(c: ContainerRecord, spec: Obj, isInit: boolean): Due | undefined {
    switch (c.stage) {
      case 'pulling':
        return makeDue(c.until, 'pullDone', c, spec, isInit);
      case 'crashLoop':
        return makeDue(c.until, 'restart', c, spec, isInit);
      case 'pullBackOff':
        if (!c.backOffShown && c.since + PULL_ERROR_VISIBLE_MS < (c.until ?? Infinity)) return makeDue(c.since + PULL_ERROR_VISIBLE_MS, 'showPullBackOff', c, spec, isInit);
        return makeDue(c.until, 'retryPull', c, spec, isInit);
      case 'running': {
        const signal = isInit && spec.restartPolicy === 'Always' && !c.startSignalled ? c.startedProbeAt : undefined;
        if (signal !== undefined && (c.exitAt === undefined || signal <= c.exitAt)) return makeDue(signal, 'signalStarted', c, spec, isInit);
        return makeDue(c.exitAt, 'exit', c, spec, isInit);
      }
      default:
        return undefined;
    }
  }

  private apply(due: Due): void {
    const { c, at, spec, isInit } = due;
    switch (due.action) {
      case 'pullDone':
        return this.finishPull(c, at, spec, isInit);
      case 'showPullBackOff':
        c.backOffShown = true;
        this.env.emit('Normal', 'BackOff', `Back-off pulling image "${spec.image}"`);
        this.env.emit('Warning', 'Failed', 'Error: ImagePullBackOff');
        return;
      case 'retryPull':
        return this.startAttempt(c, at, spec, isInit);
      case 'restart':
        c.backoff = { ms: Math.min((c.backoff?.ms ?? BACKOFF.initialMs) * 2, BACKOFF.maxMs), lastUpdate: at };
        c.restartCount++;
        return this.startAttempt(c, at, spec, isInit);
      case 'signalStarted':
        c.startSignalled = true;
        return;
      case 'exit':
        return this.exit(c, at, spec, isInit);
    }
  }

  /** Begins a (re)start: the image check or pull, then create. */
  private startAttempt(c: ContainerRecord, at: number, spec: Obj, isInit: boolean): void {
    const image = String(spec.image ?? '');
    const policy = spec.imagePullPolicy ?? 'IfNotPresent';
    const present = this.env.hasImage(image);
    if (policy === 'Never' && !present) {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      Object.assign(c, { stage: 'blocked', since: at, until: undefined, reason: 'ErrImageNeverPull', message });
      this.env.emit('Warning', 'ErrImageNeverPull', message);
      this.env.emit('Warning', 'Failed', 'Error: ErrImageNeverPull');
      return;
    }
    if (present && policy !== 'Always') {
      this.env.emit('Normal', 'Pulled', `Container image "${image}" already present on machine`);
      c.imageId = imageIdOf(image);
      return this.create(c, at, spec, isInit);
    }
    c.stage = 'pulling';
    c.since = at;
    c.until = at + this.env.pullMs;
    c.reason = undefined;
    c.message = undefined;
    this.env.emit('Normal', 'Pulling', `Pulling image "${image}"`);
  }

  private finishPull(c: ContainerRecord, at: number, spec: Obj, isInit: boolean): void {
    const image = String(spec.image ?? '');
    if (this.env.isUnpullable(image)) {
      c.pullFailures++;
      const backoffMs = Math.min(BACKOFF.initialMs * 2 ** (c.pullFailures - 1), BACKOFF.maxMs);
      const message = pullErrorOf(image);
      Object.assign(c, { stage: 'pullBackOff', since: at, until: at + backoffMs, reason: 'ErrImagePull', message, backOffShown: false });
      this.env.emit('Warning', 'Failed', `Failed to pull image "${image}": ${message}`);
      this.env.emit('Warning', 'Failed', 'Error: ErrImagePull');
      return;
    }
    c.pullFailures = 0;
    this.env.addImage(image);
    c.imageId = imageIdOf(image);
    const took = formatGoDuration(at - c.since);
    this.env.emit('Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${imageSizeOf(image)} bytes.`);
    this.create(c, at, spec, isInit);
  }

  /** Creates and starts the container, unless its env references are broken. */
  private create(c: ContainerRecord, at: number, spec: Obj, isInit: boolean): void {
    const error = this.env.configErrorOf(spec);
    if (error !== undefined) {
      const changed = c.stage !== 'blocked' || c.message !== error;
      Object.assign(c, { stage: 'blocked', since: changed ? at : c.since, until: undefined, reason: 'CreateContainerConfigError', message: error });
      if (changed) this.env.emit('Warning', 'Failed', `Error: ${error}`);
      return;
    }
    const probes = probeTimesOf(spec, at, this.env.upMs);
    // Field by field, in this order (the record's key order when it gains them), rather than an Object.assign() literal per start.
    c.stage = 'running';
    c.since = at;
    c.until = undefined;
    c.reason = undefined;
    c.message = undefined;
    c.containerId = this.env.newContainerId();
    c.startedAt = at;
    c.startedProbeAt = probes.startedAt;
    c.readyAt = probes.readyAt;
    c.exitAt = undefined;
    c.exitCode = undefined;
    c.crash = undefined;
    c.oomKill = undefined;
    this.env.emit('Normal', 'Created', `Created container: ${c.name}`);
    this.env.emit('Normal', 'Started', `Started container ${c.name}`);
    if (isInit && spec.restartPolicy !== 'Always') {
      const runMs = this.env.initRunMs(c.name);
      c.exitAt = runMs === undefined ? undefined : at + runMs;
      c.exitCode = 0;
    } else if (!isInit && this.env.runMs !== undefined) {
      c.exitAt = at + this.env.runMs;
      c.exitCode = this.env.exitCode;
    }
    this.planExit(c, at, spec, isInit);
  }

  /** Follows a changed init run time of a running init container (`forever` → a number ends it). */
  private replanInitExit(c: ContainerRecord, now: number, spec: Obj): void {
    if (c.crash || c.oomKill || spec.restartPolicy === 'Always') return;
    const runMs = this.env.initRunMs(c.name);
    c.exitAt = runMs === undefined ? undefined : Math.max((c.startedAt ?? now) + runMs, now);
  }

  /**
   * Plans an early end once the process is up: a crash (exit code 1) when a crash fault is
   * pending, else an OOM kill (137) when an OOM-kill fault is pending or the container uses more
   * memory than its limit. Memory above requests but within the limit changes nothing.
   */
  private planExit(c: ContainerRecord, now: number, spec: Obj, isInit: boolean): void {
    if (c.crash || c.oomKill) return;
    let plan: Partial<ContainerRecord> | undefined;
    if (this.env.pendingCrashes(c.name) > 0) plan = { exitCode: 1, crash: true };
    else if (this.env.pendingOomKills(c.name) > 0) plan = { exitCode: OOM_EXIT_CODE, oomKill: 'fault' };
    else if (this.usesMoreThanLimit(c, spec, isInit)) plan = { exitCode: OOM_EXIT_CODE, oomKill: 'usage' };
    if (!plan) return;
    const at = Math.max((c.startedAt ?? now) + this.env.upMs, now);
    if (c.exitAt === undefined || at <= c.exitAt) Object.assign(c, { exitAt: at, ...plan });
  }

  private usesMoreThanLimit(c: ContainerRecord, spec: Obj, isInit: boolean): boolean {
    const usage = this.env.memoryUsageOf(c.name, isInit);
    if (usage === undefined) return false;
    const limit = tryParseQuantity(spec.resources?.limits?.memory);
    return limit !== undefined && usage > limit;
  }

  private finishRun(c: ContainerRecord, at: number, exitCode: number, oomKilled = false): TerminatedRun {
    const reason = oomKilled ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error';
    const readyAt = c.readyAt !== undefined && c.readyAt <= at ? c.readyAt : undefined;
    const run: TerminatedRun = { exitCode, reason, startedAt: c.startedAt ?? at, finishedAt: at, containerId: c.containerId ?? '', readyAt, restartCount: c.restartCount };
    Object.assign(c, { exitAt: undefined, exitCode: undefined, crash: undefined, oomKill: undefined, readyAt: undefined, startedProbeAt: undefined });
    return run;
  }

  private exit(c: ContainerRecord, at: number, spec: Obj, isInit: boolean): void {
    if (c.crash) this.env.consumeCrash(c.name);
    if (c.oomKill === 'fault') this.env.consumeOomKill(c.name);
    const run = this.finishRun(c, at, c.exitCode ?? 0, c.oomKill !== undefined);
    if (!this.restartsAfter(run.exitCode, spec, isInit)) {
      Object.assign(c, { stage: 'exited', since: at, until: undefined, terminated: run });
      return;
    }
    c.lastTerminated = run;
    if (!c.backoff || at - c.backoff.lastUpdate > BACKOFF.resetAfterMs) {
      // Not in back-off: the kubelet restarts at once and starts the back-off clock.
      c.backoff = { ms: BACKOFF.initialMs, lastUpdate: at };
      c.restartCount++;
      return this.startAttempt(c, at, spec, isInit);
    }
    Object.assign(c, { stage: 'crashLoop', since: at, until: at + c.backoff.ms });
    this.env.emit('Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${this.env.podFullName}`);
  }

  private restartsAfter(exitCode: number, spec: Obj, isInit: boolean): boolean {
    if (isInit && spec.restartPolicy === 'Always') return true;
    const policy = ((this.env.pod as Obj).spec?.restartPolicy ?? 'Always') as string;
    if (isInit) return exitCode !== 0 && policy !== 'Never';
    return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
  }

  /** The CrashLoopBackOff message of a container waiting out its back-off. */
  crashLoopMessage(c: ContainerRecord): string {
    return `back-off ${formatGoDuration(c.backoff?.ms ?? BACKOFF.initialMs)} restarting failed container=${c.name} pod=${this.env.podFullName}`;
  }
}
