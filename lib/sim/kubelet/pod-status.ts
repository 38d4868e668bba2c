// The pod status a kubelet reports, built from its runtime records: container statuses (state,
// lastState, ready, started, restartCount, IDs), the phase by the kubelet's getPhase rules, the
// kubelet-owned conditions in the kubelet's order, and the pod and host IPs. Pure; no API calls.

import { rfc3339 } from '../clock.ts';
import type { Condition } from '../conditions.ts';
import type { KubeObject } from '../../k8s/types.ts';
import type { PodRuntime } from './container-state.ts';
import { normalizeImage } from './images.ts';
import type { ContainerRecord, TerminatedRun } from './runtime-state.ts';

type Obj = Record<string, any>;

const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);

/** Where the pod runs, for the IP fields. */
export interface StatusInputs {
  readonly now: number;
  readonly hostIP: string | undefined;
  /** The pod is being torn down for good: stopped containers make it terminal whatever its restartPolicy. */
  readonly final?: boolean;
}

function terminatedOf(run: TerminatedRun): Obj {
  return {
    terminated: {
      exitCode: run.exitCode,
      reason: run.reason,
      startedAt: rfc3339(run.startedAt),
      finishedAt: rfc3339(run.finishedAt),
      containerID: `containerd://${run.containerId}`,
    },
  };
}

function waitingReasonOf(c: ContainerRecord, spec: Obj, runtime: PodRuntime, hasInit: boolean): Obj {
  switch (c.stage) {
    case 'blocked':
      return { reason: c.reason, message: c.message };
    case 'pullBackOff':
      return c.backOffShown ? { reason: 'ImagePullBackOff', message: `Back-off pulling image "${String(spec.image ?? '')}"` } : { reason: 'ErrImagePull', message: c.message };
    case 'crashLoop':
      return { reason: 'CrashLoopBackOff', message: runtime.crashLoopMessage(c) };
    case 'pulling':
      // A retried pull keeps showing the back-off until it ends, as the kubelet's status does.
      if (c.pullFailures > 0) return { reason: 'ImagePullBackOff', message: `Back-off pulling image "${String(spec.image ?? '')}"` };
      return { reason: hasInit ? 'PodInitializing' : 'ContainerCreating' };
    default:
      return { reason: hasInit ? 'PodInitializing' : 'ContainerCreating' };
  }
}

function containerStatusOf(c: ContainerRecord, spec: Obj, runtime: PodRuntime, now: number, isInit: boolean, hasInit: boolean): Obj {
  const running = c.stage === 'running';
  const started = running && (c.startedProbeAt ?? Infinity) <= now;
  let ready = started && (c.readyAt ?? Infinity) <= now;
  // A regular init container is ready only once it has completed, never while it runs.
  if (isInit && spec.restartPolicy !== 'Always') ready = c.stage === 'exited' && c.terminated?.exitCode === 0;
  let state: Obj;
  if (running) state = { running: { startedAt: rfc3339(c.startedAt ?? now) } };
  else if (c.stage === 'exited' && c.terminated) state = terminatedOf(c.terminated);
  else {
    const waiting = waitingReasonOf(c, spec, runtime, hasInit);
    state = { waiting: waiting.message === undefined ? { reason: waiting.reason } : waiting };
  }
  const status: Obj = {
    name: c.name,
    image: c.containerId ? normalizeImage(String(spec.image ?? '')) : String(spec.image ?? ''),
    imageID: c.imageId ?? '',
    ready,
    restartCount: c.restartCount,
    started,
    state,
    lastState: c.lastTerminated ? terminatedOf(c.lastTerminated) : {},
  };
  if (c.containerId) status.containerID = `containerd://${c.containerId}`;
  return status;
}

/** The pod phase by the kubelet's rules (getPhase). */
function phaseOf(pod: Obj, init: Obj[], initSpecs: Obj[], main: Obj[], final: boolean): string {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  let pendingInit = 0;
  let failedInit = 0;
  init.forEach((s, i) => {
    if (initSpecs[i]?.restartPolicy === 'Always') {
      if (!s.state.running && !s.lastState.terminated) pendingInit++;
      return;
    }
    if (s.state.running) pendingInit++;
    else if (s.state.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInit++;
    } else if (s.lastState.terminated) {
      if (s.lastState.terminated.exitCode !== 0) failedInit++;
      pendingInit++;
    } else pendingInit++;
  });
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of main) {
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState.terminated) stopped++;
    else waiting++;
  }
  if (failedInit > 0 && policy === 'Never') return 'Failed';
  const anyStarted = main.some((s) => s.state.running || s.state.terminated || s.lastState.terminated);
  if ((pendingInit > 0 && !anyStarted) || waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (final) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    return policy === 'Never' ? 'Failed' : 'Running';
  }
  return 'Pending';
}

/** Appends a name to a kubelet message's list of names (`a b c`, bracketed by listOf()). */
function appendName(out: string | undefined, name: string): string {
  return out === undefined ? name : `${out} ${name}`;
}

function listOf(names: string | undefined): string | undefined {
  return names === undefined ? undefined : `[${names}]`;
}

/** `[a b]`: the init containers not done yet (a sidecar until started, others until exit code 0). */
function incompleteInitNames(init: readonly Obj[], initSpecs: readonly Obj[]): string | undefined {
  let out: string | undefined;
  for (let i = 0; i < init.length; i++) {
    const s = init[i]!;
    const incomplete = initSpecs[i]?.restartPolicy === 'Always' ? !s.started : !(s.state.terminated?.exitCode === 0);
    if (incomplete) out = appendName(out, s.name);
  }
  return listOf(out);
}

/** `[a b]`: the main containers not ready. */
function unreadyNames(main: readonly Obj[]): string | undefined {
  let out: string | undefined;
  for (let i = 0; i < main.length; i++) if (!main[i]!.ready) out = appendName(out, main[i]!.name);
  return listOf(out);
}

/** The keys of a stamped condition, by whether it has a reason and a message. */
const STAMPED_KEYS = {
  plain: ['type', 'status', 'lastProbeTime', 'lastTransitionTime'],
  reason: ['type', 'status', 'reason', 'lastProbeTime', 'lastTransitionTime'],
  both: ['type', 'status', 'reason', 'message', 'lastProbeTime', 'lastTransitionTime'],
} as const;

/**
 * True when `prev` has exactly the keys (in order) and values of the condition (type, status,
 * reason, message; a message only with a reason) stamped with `lastTransitionTime`.
 */
function isStampedAs(prev: Obj, type: string, status: string, reason: string | undefined, message: string | undefined, lastTransitionTime: string): boolean {
  if (prev.type !== type || prev.status !== status || prev.reason !== reason || prev.message !== message) return false;
  if (prev.lastProbeTime !== null || prev.lastTransitionTime !== lastTransitionTime) return false;
  const keys = reason === undefined ? STAMPED_KEYS.plain : message === undefined ? STAMPED_KEYS.reason : STAMPED_KEYS.both;
  let i = 0;
  for (const key in prev) if (key !== keys[i++]) return false;
  return i === keys.length;
}

/**
 * The condition (type, status, reason, message; a message only with a reason) as the kubelet
 * writes it: lastProbeTime null, and the previous lastTransitionTime kept unless the status
 * changed (what setCondition() gives for one condition, without copying the list). The previous
 * condition itself when it is that already (the same keys, order and values). Its parts come as
 * arguments rather than an object: this runs five times per pod sync.
 */
function stampCondition(old: readonly Condition[], type: string, status: string, reason: string | undefined, message: string | undefined, nowIso: string): Condition {
  let previous: Condition | undefined;
  for (let i = 0; i < old.length; i++) {
    if (old[i]!.type === type) {
      previous = old[i];
      break;
    }
  }
  const lastTransitionTime = previous && previous.status === status ? (previous.lastTransitionTime ?? nowIso) : nowIso;
  if (previous !== undefined && isStampedAs(previous, type, status, reason, message, lastTransitionTime)) return previous;
  if (reason === undefined) return { type, status, lastProbeTime: null, lastTransitionTime } as Condition;
  if (message === undefined) return { type, status, reason, lastProbeTime: null, lastTransitionTime } as Condition;
  return { type, status, reason, message, lastProbeTime: null, lastTransitionTime } as Condition;
}

function findCondition(list: readonly Condition[], type: string): Condition | undefined {
  for (let i = 0; i < list.length; i++) if (list[i]!.type === type) return list[i];
  return undefined;
}

/** Why a ready pod's readiness gates keep it unready (Ready's message), or undefined when they do not. */
function readinessGateProblemOf(pod: Obj, old: readonly Condition[]): string | undefined {
  const gates: readonly Obj[] = pod.spec?.readinessGates ?? [];
  for (let i = 0; i < gates.length; i++) {
    const gate = gates[i]!;
    const found = findCondition(old, gate.conditionType);
    if (!found) return `corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`;
    if (found.status !== 'True') return `the status of pod readiness gate "${gate.conditionType}" is not "True", but ${found.status}`;
  }
  return undefined;
}

/** The kubelet-owned conditions, in the kubelet's order, keeping transition times. */
function conditionsOf(pod: Obj, old: readonly Condition[], phase: string, init: Obj[], initSpecs: Obj[], main: Obj[], sandboxReady: boolean, nowIso: string): Condition[] {
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const list: Condition[] = [];
  for (let i = 0; i < old.length; i++) if (!KUBELET_CONDITIONS.has(old[i]!.type)) list.push(old[i]!);
  list.push(stampCondition(old, 'PodReadyToStartContainers', sandboxReady && !terminal ? 'True' : 'False', undefined, undefined, nowIso));
  if (init.length === 0) list.push(stampCondition(old, 'Initialized', 'True', undefined, undefined, nowIso));
  else if (phase === 'Succeeded') list.push(stampCondition(old, 'Initialized', 'True', 'PodCompleted', undefined, nowIso));
  else {
    const incomplete = incompleteInitNames(init, initSpecs);
    if (incomplete !== undefined) list.push(stampCondition(old, 'Initialized', 'False', 'ContainersNotInitialized', `containers with incomplete status: ${incomplete}`, nowIso));
    else list.push(stampCondition(old, 'Initialized', 'True', undefined, undefined, nowIso));
  }
  // ContainersReady; Ready is the same unless a readiness gate is missing or not True.
  let status = 'True';
  let reason: string | undefined;
  let message: string | undefined;
  const unready = terminal ? undefined : unreadyNames(main);
  if (terminal) {
    status = 'False';
    reason = phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
  } else if (unready !== undefined) {
    status = 'False';
    reason = 'ContainersNotReady';
    message = `containers with unready status: ${unready}`;
  }
  const gateProblem = status === 'True' ? readinessGateProblemOf(pod, old) : undefined;
  if (gateProblem === undefined) list.push(stampCondition(old, 'Ready', status, reason, message, nowIso));
  else list.push(stampCondition(old, 'Ready', 'False', 'ReadinessGatesNotReady', gateProblem, nowIso));
  list.push(stampCondition(old, 'ContainersReady', status, reason, message, nowIso));
  list.push(findCondition(old, 'PodScheduled') ?? { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowIso });
  return list;
}

/** True when `list` is `[{ ip }]` exactly (no other key). */
function isOneIp(list: unknown, ip: string): boolean {
  if (!Array.isArray(list) || list.length !== 1) return false;
  const entry = list[0] as Obj;
  if (entry === null || typeof entry !== 'object' || entry.ip !== ip) return false;
  for (const key in entry) if (key !== 'ip') return false;
  return true;
}

/**
 * The pod's status as its kubelet reports it now: the current status with the kubelet-owned
 * fields replaced. A terminal phase never changes back.
 */
export function buildPodStatus(pod: KubeObject, runtime: PodRuntime, inputs: StatusInputs): Obj {
  const p = pod as Obj;
  const old: Obj = p.status ?? {};
  const initSpecs: Obj[] = p.spec?.initContainers ?? [];
  const mainSpecs: Obj[] = p.spec?.containers ?? [];
  const rec = runtime.record;
  const hasInit = initSpecs.length > 0;
  const init = rec.init.map((c, i) => containerStatusOf(c, initSpecs[i] ?? {}, runtime, inputs.now, true, true));
  const main = rec.main.map((c, i) => containerStatusOf(c, mainSpecs[i] ?? {}, runtime, inputs.now, false, hasInit));
  let phase = phaseOf(p, init, initSpecs, main, inputs.final === true);
  if (old.phase === 'Succeeded' || old.phase === 'Failed') phase = old.phase;
  const nowIso = rfc3339(inputs.now);
  const status: Obj = { ...old, phase };
  status.conditions = conditionsOf(p, old.conditions ?? [], phase, init, initSpecs, main, rec.sandboxAt !== undefined, nowIso);
  // `status` holds the old lists already: they stay when they are that one IP (usually).
  if (inputs.hostIP) {
    status.hostIP = inputs.hostIP;
    if (!isOneIp(old.hostIPs, inputs.hostIP)) status.hostIPs = [{ ip: inputs.hostIP }];
  }
  if (rec.ip) {
    status.podIP = rec.ip;
    if (!isOneIp(old.podIPs, rec.ip)) status.podIPs = [{ ip: rec.ip }];
  }
  status.startTime = rfc3339(rec.startTime);
  if (init.length > 0) status.initContainerStatuses = init;
  status.containerStatuses = main;
  return status;
}
