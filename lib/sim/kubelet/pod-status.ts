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

function names(list: Obj[]): string {
  return `[${list.map((s) => s.name).join(' ')}]`;
}

/**
 * `c` as the kubelet writes it: lastProbeTime null, and the previous lastTransitionTime kept
 * unless the status changed (what setCondition() gives for one condition, without copying the list).
 */
function stampCondition(old: readonly Condition[], c: Condition, nowIso: string): Condition {
  let previous: Condition | undefined;
  for (const x of old) {
    if (x.type === c.type) {
      previous = x;
      break;
    }
  }
  const lastTransitionTime = previous && previous.status === c.status ? (previous.lastTransitionTime ?? nowIso) : (c.lastTransitionTime ?? nowIso);
  // The same keys in the same order as `{ ...c, lastProbeTime: null, lastTransitionTime }`, which V8 runs slowly here.
  const out: Obj = {};
  for (const key of Object.keys(c)) out[key] = (c as Obj)[key];
  out.lastProbeTime = null;
  out.lastTransitionTime = lastTransitionTime;
  return out as Condition;
}

/** The kubelet-owned conditions, in the kubelet's order, keeping transition times. */
function conditionsOf(pod: Obj, old: Condition[], phase: string, init: Obj[], initSpecs: Obj[], main: Obj[], sandboxReady: boolean, nowIso: string): Condition[] {
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const completedReason = phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
  const incomplete = init.filter((s, i) => (initSpecs[i]?.restartPolicy === 'Always' ? !s.started : !(s.state.terminated?.exitCode === 0)));
  const unready = main.filter((s) => !s.ready);
  const list: Condition[] = [];
  for (const c of old) if (!KUBELET_CONDITIONS.has(c.type)) list.push(c);
  list.push(stampCondition(old, { type: 'PodReadyToStartContainers', status: sandboxReady && !terminal ? 'True' : 'False' }, nowIso));
  if (init.length === 0) list.push(stampCondition(old, { type: 'Initialized', status: 'True' }, nowIso));
  else if (phase === 'Succeeded') list.push(stampCondition(old, { type: 'Initialized', status: 'True', reason: 'PodCompleted' }, nowIso));
  else if (incomplete.length > 0) list.push(stampCondition(old, { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: ${names(incomplete)}` }, nowIso));
  else list.push(stampCondition(old, { type: 'Initialized', status: 'True' }, nowIso));
  let containersReady: Condition;
  if (terminal) containersReady = { type: 'ContainersReady', status: 'False', reason: completedReason };
  else if (unready.length > 0) containersReady = { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: ${names(unready)}` };
  else containersReady = { type: 'ContainersReady', status: 'True' };
  let ready: Condition = { ...containersReady, type: 'Ready' };
  if (ready.status === 'True') {
    for (const gate of (pod.spec?.readinessGates ?? []) as Obj[]) {
      const found = old.find((c) => c.type === gate.conditionType);
      if (!found) {
        ready = { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: `corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.` };
        break;
      }
      if (found.status !== 'True') {
        ready = { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: `the status of pod readiness gate "${gate.conditionType}" is not "True", but ${found.status}` };
        break;
      }
    }
  }
  list.push(stampCondition(old, ready, nowIso));
  list.push(stampCondition(old, containersReady, nowIso));
  const scheduled = old.find((c) => c.type === 'PodScheduled');
  list.push(scheduled ?? { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowIso });
  return list;
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
  if (inputs.hostIP) {
    status.hostIP = inputs.hostIP;
    status.hostIPs = [{ ip: inputs.hostIP }];
  }
  if (rec.ip) {
    status.podIP = rec.ip;
    status.podIPs = [{ ip: rec.ip }];
  }
  status.startTime = rfc3339(rec.startTime);
  if (init.length > 0) status.initContainerStatuses = init;
  status.containerStatuses = main;
  return status;
}
