import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { podPrinter, summarizePod } from './pod-printer.ts';

const NOW = Date.parse('2026-01-01T01:00:00Z');
const CREATED = '2026-01-01T00:55:00Z';

function pod(status: Record<string, unknown>, extra: { spec?: Record<string, unknown>; deletionTimestamp?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-7d9c5b8f4-x2k9p', namespace: 'default', creationTimestamp: CREATED, ...(extra.deletionTimestamp ? { deletionTimestamp: extra.deletionTimestamp } : {}) },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...extra.spec },
    status,
  } as KubeObject;
}

const running = (ready = true) => ({ name: 'web', ready, restartCount: 0, state: { running: { startedAt: CREATED } } });
const waiting = (reason: string, restartCount = 0) => ({ name: 'web', ready: false, restartCount, state: { waiting: { reason } } });

describe('summarizePod()', () => {
  it.each([
    ['an unscheduled pod', { phase: 'Pending' }, '0/1', 'Pending'],
    ['a pod whose containers are being created', { phase: 'Pending', containerStatuses: [waiting('ContainerCreating')] }, '0/1', 'ContainerCreating'],
    ['a pod that cannot pull its image', { phase: 'Pending', containerStatuses: [waiting('ImagePullBackOff')] }, '0/1', 'ImagePullBackOff'],
    ['a pod with a pull error', { phase: 'Pending', containerStatuses: [waiting('ErrImagePull')] }, '0/1', 'ErrImagePull'],
    ['a running ready pod', { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [running()] }, '1/1', 'Running'],
    ['a running pod that is not ready', { phase: 'Running', containerStatuses: [running(false)] }, '0/1', 'Running'],
    ['a completed pod', { phase: 'Succeeded', containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, '0/1', 'Completed'],
    ['a pod whose container failed without a reason', { phase: 'Failed', containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } }] }, '0/1', 'ExitCode:2'],
    ['a pod evicted by the kubelet', { phase: 'Failed', reason: 'Evicted' }, '0/1', 'Evicted'],
  ])('shows %s as %s %s', (_name, status, ready, text) => {
    const summary = summarizePod(pod(status), NOW);
    expect([summary.ready, summary.status]).toEqual([ready, text]);
  });

  it('shows CrashLoopBackOff with the restart count and when the last restart was', () => {
    const status = {
      phase: 'Running',
      containerStatuses: [{ ...waiting('CrashLoopBackOff', 3), lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-01-01T00:58:00Z' } } }],
    };
    expect(summarizePod(pod(status), NOW)).toEqual({ ready: '0/1', status: 'CrashLoopBackOff', restarts: '3 (2m ago)' });
  });

  it('shows Init:0/1 while the first init container runs and Init:CrashLoopBackOff when it crashes', () => {
    const spec = { initContainers: [{ name: 'migrate', image: 'migrate:1' }] };
    const runningInit = { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', ready: false, restartCount: 0, state: { running: {} } }], containerStatuses: [waiting('PodInitializing')] };
    expect(summarizePod(pod(runningInit, { spec }), NOW).status).toBe('Init:0/1');
    const crashing = { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } }] };
    expect(summarizePod(pod(crashing, { spec }), NOW)).toMatchObject({ status: 'Init:CrashLoopBackOff', restarts: '2' });
    const failed = { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } }] };
    expect(summarizePod(pod(failed, { spec }), NOW).status).toBe('Init:ExitCode:3');
  });

  it('shows Terminating for a pod being deleted and Unknown for one on a lost node', () => {
    const status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [running()] };
    expect(summarizePod(pod(status, { deletionTimestamp: '2026-01-01T00:59:00Z' }), NOW).status).toBe('Terminating');
    expect(summarizePod(pod({ ...status, reason: 'NodeLost' }, { deletionTimestamp: '2026-01-01T00:59:00Z' }), NOW).status).toBe('Unknown');
  });

  it('counts a started sidecar (restartable init container) as a container', () => {
    const spec = { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] };
    const status = {
      phase: 'Running',
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
      initContainerStatuses: [{ name: 'proxy', ready: true, started: true, restartCount: 0, state: { running: {} } }],
      containerStatuses: [running()],
    };
    expect(summarizePod(pod(status, { spec }), NOW)).toEqual({ ready: '2/2', status: 'Running', restarts: '0' });
  });
});

describe('podPrinter', () => {
  it('podPrinter fills the wide cells with <none> for an unscheduled pod', () => {
    expect(podPrinter.cells(pod({ phase: 'Pending' }), { now: NOW })).toEqual(['web-7d9c5b8f4-x2k9p', '0/1', 'Pending', '0', '5m', '<none>', '<none>', '<none>', '<none>']);
  });

  it('podPrinter shows the pod IP, node and readiness gates of a scheduled pod', () => {
    const p = pod({ phase: 'Running', podIP: '10.244.0.5', podIPs: [{ ip: '10.244.0.5' }], conditions: [{ type: 'example.com/lb', status: 'True' }], containerStatuses: [running()] }, { spec: { nodeName: 'node-1', readinessGates: [{ conditionType: 'example.com/lb' }] } });
    expect(podPrinter.cells(p, { now: NOW }).slice(5)).toEqual(['10.244.0.5', 'node-1', '<none>', '1/1']);
  });

  it('podPrinter marks succeeded pods with the Completed row condition', () => {
    expect(podPrinter.conditions?.(pod({ phase: 'Succeeded' }))).toEqual([{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
  });
});
