// Test support for the Job, CronJob and disruption controllers: finishing a pod by hand
// (Succeeded or Failed with a terminated container) and a fake pod runner that binds pods, runs
// them, ends them after `sim.shipshape.dev/run-seconds` with `exit-code`, and removes deleted
// pods. Not the kubelet simulation (lib/sim/kubelet/); tests only.

import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';
import { isStatusError } from '../errors.ts';
import { SIM_ANNOTATIONS, simSeconds } from '../knobs.ts';
import { after, done, kind, splitKey, type Controller } from './controller.ts';

type Obj = Record<string, any>;

function podStatus(pod: KubeObject, phase: string, now: string, exitCode?: number): Obj {
  const old = ((pod as Obj).status ?? {}) as Obj;
  const running = phase === 'Running';
  const startedAt = old.startTime ?? now;
  const containers = (((pod as Obj).spec?.containers ?? []) as Obj[]).map((c) => ({
    name: c.name,
    image: c.image,
    ready: running,
    restartCount: 0,
    started: running,
    state: running
      ? { running: { startedAt } }
      : { terminated: { exitCode: exitCode ?? 0, reason: (exitCode ?? 0) === 0 ? 'Completed' : 'Error', startedAt, finishedAt: now } },
  }));
  const readyText = running ? 'True' : 'False';
  const conditions = [
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: startedAt },
    { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: startedAt },
    { type: 'ContainersReady', status: readyText, lastProbeTime: null, lastTransitionTime: now },
    { type: 'Ready', status: readyText, lastProbeTime: null, lastTransitionTime: now },
  ];
  return { ...old, phase, startTime: startedAt, conditions, containerStatuses: containers };
}

/** Ends a pod now: Succeeded with exit code 0, otherwise Failed with a terminated `Error` container. */
export function finishPod(api: ApiServer, pod: KubeObject, exitCode = 0): KubeObject {
  const current = api.get({ apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' });
  const status = podStatus(current, exitCode === 0 ? 'Succeeded' : 'Failed', api.clock.nowIso(), exitCode);
  return api.update({ ...structuredClone(current), status } as KubeObject, { subresource: 'status', fieldManager: 'fake-pod-runner' });
}

/** Makes a pod Running and Ready now. */
export function startPod(api: ApiServer, pod: KubeObject): KubeObject {
  const current = api.get({ apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' });
  const status = podStatus(current, 'Running', api.clock.nowIso());
  return api.update({ ...structuredClone(current), status } as KubeObject, { subresource: 'status', fieldManager: 'fake-pod-runner' });
}

/** Options of the fake pod runner. */
export interface FakePodRunnerOptions {
  /** Virtual ms from creation until Running. @default 1000 */
  readonly startMs?: number;
  /** Virtual ms a deleted running pod takes to stop. @default 1000 */
  readonly stopMs?: number;
}

/**
 * A controller standing in for scheduler and kubelet in batch tests: binds each pod to node-1,
 * runs it `startMs` after creation, ends it `run-seconds` later (exit code from `exit-code`,
 * default 0; no annotation: runs forever), and deletes terminating pods after `stopMs`.
 */
export function createFakePodRunner(options: FakePodRunnerOptions = {}): Controller {
  const startMs = options.startMs ?? 1000;
  const stopMs = options.stopMs ?? 1000;
  return {
    name: 'fake-pod-runner',
    watches: [kind('v1', 'Pod')],
    reconcile(key, { api, clock }) {
      const { namespace, name } = splitKey(key);
      const pod = api.tryGet({ apiVersion: 'v1', kind: 'Pod', namespace, name });
      if (!pod) return done();
      const now = clock.nowMillis();
      const phase = (pod as Obj).status?.phase;
      if (pod.metadata.deletionTimestamp) {
        if (!(pod as Obj).spec?.nodeName) return done();
        const since = Date.parse(pod.metadata.deletionTimestamp) - Number(pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
        if (now < since + stopMs) return after(since + stopMs - now);
        try {
          api.delete({ apiVersion: 'v1', kind: 'Pod', namespace, name }, { gracePeriodSeconds: 0 });
        } catch (err) {
          if (!isStatusError(err, 'NotFound')) throw err;
        }
        return done();
      }
      if (phase === 'Succeeded' || phase === 'Failed') return done();
      if (!(pod as Obj).spec?.nodeName) {
        const bound = structuredClone(pod) as Obj;
        bound.spec.nodeName = 'node-1';
        api.update(bound as KubeObject, { fieldManager: 'fake-pod-runner' });
        return done();
      }
      const created = Date.parse(pod.metadata.creationTimestamp ?? '');
      if (phase !== 'Running') {
        if (now < created + startMs) return after(created + startMs - now);
        startPod(api, pod);
        return done();
      }
      const runSeconds = simSeconds(pod, SIM_ANNOTATIONS.runSeconds, NaN);
      if (!Number.isFinite(runSeconds)) return done();
      const startedAt = Date.parse((pod as Obj).status?.startTime ?? '');
      const endAt = startedAt + runSeconds * 1000;
      if (now < endAt) return after(endAt - now);
      finishPod(api, pod, simSeconds(pod, SIM_ANNOTATIONS.exitCode, 0));
      return done();
    },
  };
}
