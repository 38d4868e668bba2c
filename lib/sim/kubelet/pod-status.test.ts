import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import type { PodRuntime } from './container-state.ts';
import { buildPodStatus } from './pod-status.ts';
import { newContainerRecord, type PodRecord } from './runtime-state.ts';

const T0 = Date.UTC(2026, 0, 1);

/** A pod record with one running, ready container and its runtime (only what buildPodStatus reads). */
function runningRuntime(): PodRuntime {
  const web = { ...newContainerRecord('web', T0), stage: 'running' as const, startedAt: T0, startedProbeAt: T0, readyAt: T0, containerId: 'abc', imageId: 'docker.io/library/nginx@sha256:1' };
  const record: PodRecord = { uid: 'u1', node: 'n1', startTime: T0, sandboxAt: T0, ip: '10.244.0.2', init: [], main: [web] };
  return { record, crashLoopMessage: () => '' } as unknown as PodRuntime;
}

function podWith(status: object): KubeObject {
  return deepFreeze({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [{ name: 'web', image: 'nginx' }] }, status }) as KubeObject;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('buildPodStatus', () => {
  it('buildPodStatus() keeps the previous conditions and IP lists when they are what it would write', () => {
    const runtime = runningRuntime();
    const first = buildPodStatus(podWith({ phase: 'Pending' }), runtime, { now: T0, hostIP: '172.18.0.2' });
    expect(first.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    const stored = podWith(structuredClone(first));
    const again = buildPodStatus(stored, runtime, { now: T0 + 5000, hostIP: '172.18.0.2' });
    expect(again).toEqual(first);
    const old = (stored as unknown as { status: { conditions: object[]; hostIPs: object; podIPs: object } }).status;
    again.conditions.forEach((c: object, i: number) => expect(c).toBe(old.conditions[i]));
    expect(again.hostIPs).toBe(old.hostIPs);
    expect(again.podIPs).toBe(old.podIPs);
  });

  it('buildPodStatus() writes a condition afresh when the previous one has other keys or another key order', () => {
    const runtime = runningRuntime();
    const at = '2026-01-01T00:00:00Z';
    const reordered = { status: 'True', type: 'Ready', lastProbeTime: null, lastTransitionTime: at };
    const extra = { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: at, reason: 'x' };
    const status = buildPodStatus(podWith({ phase: 'Running', conditions: [reordered, extra] }), runtime, { now: T0 + 5000, hostIP: '172.18.0.2' });
    const ready = status.conditions.find((c: { type: string }) => c.type === 'Ready');
    expect(Object.keys(ready)).toEqual(['type', 'status', 'lastProbeTime', 'lastTransitionTime']);
    expect(ready.lastTransitionTime).toBe(at);
    expect(status.conditions.find((c: { type: string }) => c.type === 'Initialized')).toEqual({ type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: at });
  });
});
