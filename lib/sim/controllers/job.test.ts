import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { SIM_ANNOTATIONS } from '../knobs.ts';
import { jobController } from './job.ts';
import { JOB_TRACKING_FINALIZER } from './job-pods.ts';
import { createFakePodRunner, finishPod } from './job-testing.ts';
import { ttlAfterFinishedController } from './job-ttl-after-finished.ts';
import { ControllerManager } from './manager.ts';

type Obj = Record<string, any>;
const JOB = { apiVersion: 'batch/v1', kind: 'Job', namespace: 'default' } as const;
const POD = { apiVersion: 'v1', kind: 'Pod', namespace: 'default' } as const;
const T0 = Date.UTC(2026, 0, 1);

function setup(withRunner = true): { api: ApiServer; manager: ControllerManager } {
  const api = new ApiServer();
  bootstrapCluster(api);
  const controllers = [jobController, ttlAfterFinishedController, ...(withRunner ? [createFakePodRunner()] : [])];
  return { api, manager: new ControllerManager(api, controllers).start() };
}

function job(name: string, spec: Obj, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { ...spec, template: { metadata: { annotations }, spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox:1.36' }] } } },
  };
}

/** Seconds after T0 at which each pod of the job was created, from the store's ADDED events. */
function recordCreations(api: ApiServer): number[] {
  const times: number[] = [];
  api.store.subscribe((e) => {
    if (e.type === 'ADDED' && e.object.kind === 'Pod') times.push((api.clock.nowMillis() - T0) / 1000);
  });
  return times;
}

function eventsOf(api: ApiServer, name: string): string[] {
  return api.list({ apiVersion: 'v1', kind: 'Event', namespace: 'default' }).items
    .filter((e) => (e as Obj).involvedObject.name === name)
    .map((e) => `${(e as Obj).type} ${(e as Obj).reason}: ${(e as Obj).message}`);
}

function statusOf(api: ApiServer, name: string): Obj {
  return (api.get({ ...JOB, name }) as Obj).status;
}

function conditionSummary(status: Obj): string[] {
  return (status.conditions ?? []).map((c: Obj) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);
}

describe('jobController', () => {
  it('jobController runs completions 3 with parallelism 2 in two rounds and completes', () => {
    const { api, manager } = setup();
    const created = recordCreations(api);
    api.create(job('pi', { completions: 3, parallelism: 2 }, { [SIM_ANNOTATIONS.runSeconds]: '10' }));
    expect(manager.settle().settled).toBe(true);
    expect(created).toEqual([0, 0, 11]);
    const status = statusOf(api, 'pi');
    expect(status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {}, startTime: '2026-01-01T00:00:00Z', completionTime: '2026-01-01T00:00:22Z' });
    expect(status.active).toBeUndefined();
    expect(status.failed).toBeUndefined();
    expect(conditionSummary(status)).toEqual([
      'SuccessCriteriaMet=True CompletionsReached: Reached expected number of succeeded pods',
      'Complete=True CompletionsReached: Reached expected number of succeeded pods',
    ]);
    const pods = api.list({ ...POD, labelSelector: 'job-name=pi' }).items;
    expect(pods.map((p) => (p as Obj).status.phase)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    expect(eventsOf(api, 'pi').filter((e) => e.includes('SuccessfulCreate')).sort()).toEqual(pods.map((p) => `Normal SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
    expect(eventsOf(api, 'pi')).toContain('Normal Completed: Job completed');
  });

  it('jobController names pods <job>-<suffix> with the generated labels, a controllerRef and the tracking finalizer', () => {
    const { api, manager } = setup(false);
    const created = api.create(job('once', {}));
    manager.runPending();
    const [pod] = api.list({ ...POD, labelSelector: 'job-name=once' }).items;
    expect(pod!.metadata.name).toMatch(/^once-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod!.metadata.labels).toEqual({
      'job-name': 'once',
      'batch.kubernetes.io/job-name': 'once',
      'controller-uid': created.metadata.uid,
      'batch.kubernetes.io/controller-uid': created.metadata.uid,
    });
    expect(pod!.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'once', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(pod!.metadata.finalizers).toEqual([JOB_TRACKING_FINALIZER]);
    expect(statusOf(api, 'once')).toEqual({ active: 1, ready: 0, terminating: 0, startTime: '2026-01-01T00:00:00Z', uncountedTerminatedPods: {} });
    finishPod(api, pod!);
    manager.runPending();
    expect(api.get({ ...POD, name: pod!.metadata.name ?? '' }).metadata.finalizers).toBeUndefined();
    expect(statusOf(api, 'once')).toMatchObject({ succeeded: 1, completionTime: '2026-01-01T00:00:00Z' });
  });

  it('jobController fails the Job with BackoffLimitExceeded after backing off 10 s, then 20 s', () => {
    const { api, manager } = setup();
    const created = recordCreations(api);
    api.create(job('flaky', { backoffLimit: 2 }, { [SIM_ANNOTATIONS.runSeconds]: '5', [SIM_ANNOTATIONS.exitCode]: '1' }));
    manager.settle();
    // pod 1 fails at 6 s; pod 2 at 6+10 = 16 s, fails at 22 s; pod 3 at 22+20 = 42 s, fails at 48 s.
    expect(created).toEqual([0, 16, 42]);
    const status = statusOf(api, 'flaky');
    expect(status.failed).toBe(3);
    expect(status.succeeded).toBeUndefined();
    expect(status.completionTime).toBeUndefined();
    expect(conditionSummary(status)).toEqual([
      'FailureTarget=True BackoffLimitExceeded: Job has reached the specified backoff limit',
      'Failed=True BackoffLimitExceeded: Job has reached the specified backoff limit',
    ]);
    expect(status.conditions[1].lastTransitionTime).toBe('2026-01-01T00:00:48Z');
    expect(eventsOf(api, 'flaky')).toContain('Warning BackoffLimitExceeded: Job has reached the specified backoff limit');
  });

  it('jobController stops a Job at activeDeadlineSeconds with DeadlineExceeded once its pod has stopped', () => {
    const { api, manager } = setup();
    api.create(job('slow', { activeDeadlineSeconds: 30 }, { [SIM_ANNOTATIONS.runSeconds]: '100' }));
    manager.settle();
    const status = statusOf(api, 'slow');
    expect(conditionSummary(status)).toEqual([
      'FailureTarget=True DeadlineExceeded: Job was active longer than specified deadline',
      'Failed=True DeadlineExceeded: Job was active longer than specified deadline',
    ]);
    expect(status.conditions[0].lastTransitionTime).toBe('2026-01-01T00:00:30Z');
    // Failed follows once the pod has stopped (the API server may drop a pod whose last finalizer went at once).
    expect(Date.parse(status.conditions[1].lastTransitionTime)).toBeGreaterThanOrEqual(T0 + 30_000);
    expect(status).toMatchObject({ failed: 1, terminating: 0, ready: 0 });
    const events = eventsOf(api, 'slow');
    expect(events.filter((e) => e.includes('SuccessfulDelete'))).toHaveLength(1);
    expect(events).toContain('Warning DeadlineExceeded: Job was active longer than specified deadline');
    expect(api.list({ ...POD, labelSelector: 'job-name=slow' }).items).toEqual([]);
  });

  it('jobController runs Indexed Jobs with one pod per completion index', () => {
    const { api, manager } = setup();
    api.create({ ...job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }, { [SIM_ANNOTATIONS.runSeconds]: '1' }) });
    manager.settle();
    const pods = api.list({ ...POD, labelSelector: 'job-name=idx' }).items;
    expect(pods.map((p) => p.metadata.labels?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1', '2']);
    for (const pod of pods) {
      const index = pod.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
      expect(pod.metadata.name).toMatch(new RegExp(`^idx-${index}-[a-z0-9]{5}$`));
      expect((pod as Obj).spec.hostname).toBe(`idx-${index}`);
      expect((pod as Obj).spec.containers[0].env).toEqual([{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }]);
    }
    expect(statusOf(api, 'idx')).toMatchObject({ succeeded: 3, completedIndexes: '0-2' });
  });

  it('jobController replaces a deleted running pod and counts it as failed', () => {
    const { api, manager } = setup();
    api.create(job('keep', {}, { [SIM_ANNOTATIONS.runSeconds]: '60' }));
    manager.settle({ timeoutMs: 5000 });
    const [first] = api.list({ ...POD, labelSelector: 'job-name=keep' }).items;
    api.delete({ ...POD, name: first!.metadata.name ?? '' });
    manager.settle();
    const status = statusOf(api, 'keep');
    expect(status).toMatchObject({ failed: 1, succeeded: 1 });
    expect(conditionSummary(status)).toContain('Complete=True CompletionsReached: Reached expected number of succeeded pods');
  });

  it('ttlAfterFinishedController deletes a finished Job and its pods ttlSecondsAfterFinished later', () => {
    const { api, manager } = setup();
    api.create(job('short', { ttlSecondsAfterFinished: 100 }, { [SIM_ANNOTATIONS.runSeconds]: '5' }));
    manager.settle({ timeoutMs: 60_000 });
    expect(statusOf(api, 'short').completionTime).toBe('2026-01-01T00:00:06Z');
    manager.settle({ timeoutMs: 99_000 - 60_000 });
    expect(api.tryGet({ ...JOB, name: 'short' })).toBeDefined();
    manager.settle();
    expect(api.clock.nowMillis() - T0).toBe(106_000);
    expect(api.tryGet({ ...JOB, name: 'short' })).toBeUndefined();
    expect(api.list({ ...POD, labelSelector: 'job-name=short' }).items).toEqual([]);
  });
});
