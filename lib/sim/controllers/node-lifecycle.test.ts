import { describe, expect, it } from 'vitest';
import { cordon, failNode, recoverNode, uncordon } from '../faults.ts';
import { createTestCluster, simplePodSpec } from '../kubelet/test-cluster.ts';
import { tolerationSecondsFor } from './node-lifecycle.ts';

type Obj = Record<string, any>;

function nodeSummary(node: Obj): string {
  const ready = ((node.status?.conditions ?? []) as Obj[]).find((c) => c.type === 'Ready');
  const taints = ((node.spec?.taints ?? []) as Obj[]).map((t) => `${t.key}:${t.effect}`).join(',');
  return `Ready=${ready?.status}${ready?.reason ? ` ${ready.reason}` : ''} taints=[${taints}]`;
}

function podReady(pod: Obj): string {
  return ((pod.status?.conditions ?? []) as Obj[]).find((c) => c.type === 'Ready')?.status ?? '-';
}

describe('node lifecycle controller', () => {
  it('node lifecycle turns a failed node NotReady after 40s, taints it, and evicts its pods after 300s', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec());
    c.createPod('elsewhere', simplePodSpec(), { node: 'node-2' });
    c.advance(10);
    const nodeTimeline: string[] = [];
    let lastNode = '';
    c.api.store.subscribe((e) => {
      if (e.object.kind !== 'Node' || e.object.metadata.name !== 'node-1') return;
      const s = nodeSummary(e.object as Obj);
      if (s !== lastNode) nodeTimeline.push(`${c.elapsed()}s ${(lastNode = s)}`);
    });
    const podTimeline = c.recordPod('web', (pod) => `Ready=${podReady(pod)}${pod.metadata.deletionTimestamp ? ' terminating' : ''}`);
    failNode(c, 'node-1');
    c.advance(400);
    expect(nodeTimeline).toEqual([
      '50s Ready=Unknown NodeStatusUnknown taints=[]',
      '50s Ready=Unknown NodeStatusUnknown taints=[node.kubernetes.io/unreachable:NoSchedule,node.kubernetes.io/unreachable:NoExecute]',
    ]);
    expect(podTimeline).toEqual(['50s Ready=False', '350s Ready=False terminating']);
    const node = c.api.get({ apiVersion: 'v1', kind: 'Node', name: 'node-1' }) as Obj;
    expect(node.status.conditions.map((x: Obj) => `${x.type}=${x.status} ${x.reason}: ${x.message}`)).toEqual([
      'MemoryPressure=Unknown NodeStatusUnknown: Kubelet stopped posting node status.',
      'DiskPressure=Unknown NodeStatusUnknown: Kubelet stopped posting node status.',
      'PIDPressure=Unknown NodeStatusUnknown: Kubelet stopped posting node status.',
      'Ready=Unknown NodeStatusUnknown: Kubelet stopped posting node status.',
    ]);
    expect(node.status.conditions[3]).toMatchObject({ lastHeartbeatTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:50Z' });
    expect(node.spec.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2026-01-01T00:00:50Z' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:50Z' },
    ]);
    const pod = c.pod('web')!;
    expect((pod.status.conditions as Obj[]).find((x) => x.type === 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    });
    expect(c.events('web').slice(-2)).toEqual(['NodeNotReady: Node is not ready', 'TaintManagerEviction: Marking for deletion Pod default/web']);
    // No kubelet runs on the failed node, so the pod stays Terminating; the other node is untouched.
    expect(pod.status.phase).toBe('Running');
    expect(podReady(c.pod('elsewhere')!)).toBe('True');
  });

  it('node lifecycle honours each pod tolerationSeconds for the unreachable taint', () => {
    const c = createTestCluster();
    const tolerating = (seconds?: number) => [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', ...(seconds === undefined ? {} : { tolerationSeconds: seconds }) }];
    c.createPod('quick', { ...simplePodSpec(), tolerations: tolerating(10) });
    c.createPod('forever', { ...simplePodSpec(), tolerations: tolerating() });
    c.advance(5);
    failNode(c, 'node-1');
    c.advance(49);
    expect(c.pod('quick')!.metadata.deletionTimestamp).toBeUndefined();
    c.advance(1);
    expect(c.pod('quick')!.metadata.deletionTimestamp).toBeDefined();
    c.advance(3600);
    expect(c.pod('forever')!.metadata.deletionTimestamp).toBeUndefined();
  });

  it('a recovered node loses its taints and its kubelet finishes the pods left Terminating', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec());
    c.createPod('keeper', { ...simplePodSpec(), tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 3600 }] });
    c.advance(5);
    failNode(c, 'node-1');
    c.advance(400);
    expect(c.pod('web')!.metadata.deletionTimestamp).toBeDefined();
    recoverNode(c, 'node-1');
    c.advance(5);
    expect(c.pod('web')).toBeUndefined();
    const node = c.api.get({ apiVersion: 'v1', kind: 'Node', name: 'node-1' }) as Obj;
    expect(nodeSummary(node)).toBe('Ready=True KubeletReady taints=[]');
    expect(podReady(c.pod('keeper')!)).toBe('True');
    expect(c.events('keeper')).toContain('TaintManagerEviction: Cancelling deletion of Pod default/keeper');
    // The eviction timer of `keeper` still fires once (the work queue cannot cancel it) and finds nothing to do.
    expect(c.manager.settle({ timeoutMs: 2 * 3600_000 })).toMatchObject({ settled: true });
    expect(c.pod('keeper')!.metadata.deletionTimestamp).toBeUndefined();
  });

  it('node lifecycle taints a cordoned node unschedulable and lifts the taint on uncordon', () => {
    const c = createTestCluster();
    cordon(c.api, 'node-2');
    c.advance(1);
    let node = c.api.get({ apiVersion: 'v1', kind: 'Node', name: 'node-2' }) as Obj;
    expect(node.spec).toMatchObject({ unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: '2026-01-01T00:00:00Z' }] });
    uncordon(c.api, 'node-2');
    c.advance(1);
    node = c.api.get({ apiVersion: 'v1', kind: 'Node', name: 'node-2' }) as Obj;
    expect(node.spec.unschedulable).toBeUndefined();
    expect(node.spec.taints).toBeUndefined();
  });

  it('tolerationSecondsFor() reads the smallest matching toleration, 0 without one, undefined for forever', () => {
    const taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
    const pod = (tolerations: Obj[]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { tolerations } });
    expect(tolerationSecondsFor(pod([]), taint)).toBe(0);
    expect(tolerationSecondsFor(pod([{ operator: 'Exists' }]), taint)).toBeUndefined();
    expect(tolerationSecondsFor(pod([{ key: taint.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }, { operator: 'Exists', tolerationSeconds: 60 }]), taint)).toBe(60);
    expect(tolerationSecondsFor(pod([{ key: 'other', operator: 'Exists' }]), taint)).toBe(0);
  });
});
