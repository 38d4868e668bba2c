import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { readPodInfo } from './pod-info.ts';
import { makePod, onNode } from './test-fixtures.ts';

type Obj = Record<string, any>;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('readPodInfo', () => {
  it('readPodInfo() counts init containers as a maximum, sidecars as added, and overhead', () => {
    const pod = makePod('p', {
      containerResources: { cpu: '500m', memory: '1Gi' },
      initContainers: [
        { name: 'sidecar', image: 'envoy', restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } },
        { name: 'setup', image: 'busybox', resources: { requests: { cpu: '2', memory: '64Mi' } } },
      ],
      overhead: { cpu: '50m' },
    });
    const info = readPodInfo(pod);
    expect(info.requests).toMatchObject({ milliCpu: 2150, memory: 1024 ** 3 });
    expect([info.nonZeroMilliCpu, info.nonZeroMemory]).toEqual([500, 1024 ** 3]);
  });

  it("readPodInfo() reads a bound copy of a stored pod from the stored pod's amounts", () => {
    const stored = deepFreeze(makePod('p', { containerResources: { cpu: '1' }, ports: [{ containerPort: 80, hostPort: 8080 }] })) as KubeObject;
    const pending = readPodInfo(stored);
    const bound = readPodInfo(deepFreeze(onNode(stored, 'node-1')));
    expect(bound.requests).toBe(pending.requests);
    expect(bound.hostPorts).toBe(pending.hostPorts);
    expect(bound.nodeName).toBe('node-1');
    // A different init container list is read afresh.
    const spec = (stored as Obj).spec;
    const withInit = deepFreeze({ ...stored, spec: { ...spec, initContainers: [{ name: 'i', image: 'busybox', resources: { requests: { cpu: '3' } } }] } }) as KubeObject;
    expect(readPodInfo(withInit).requests.milliCpu).toBe(3000);
    // Once another pod was read in between, the bound copy is read afresh, to the same amounts.
    const again = readPodInfo(deepFreeze(onNode(stored, 'node-2')));
    expect(again.requests).not.toBe(pending.requests);
    expect(again.requests).toEqual(pending.requests);
    expect(again.hostPorts).toEqual(pending.hostPorts);
  });

  it('readPodInfo() reads unfrozen pods afresh every time', () => {
    const pod = makePod('p', { containerResources: { cpu: '1' } });
    const first = readPodInfo(pod);
    ((pod as Obj).spec.containers[0].resources.requests as Obj).cpu = '2';
    expect(readPodInfo(pod).requests.milliCpu).toBe(2000);
    expect(first.requests.milliCpu).toBe(1000);
  });
});
