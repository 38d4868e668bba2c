// The node status a healthy kubelet posts: Ready=True and no memory, disk or PID pressure.
// Heartbeats are implicit: a node is healthy unless it is in the failed-nodes fault, and the
// status is written only when a condition changes (lastHeartbeatTime is stamped then), so a
// quiet cluster stays quiet. A failed node's conditions are the node lifecycle controller's.

import type { KubeObject } from '../../k8s/types.ts';
import { findCondition, setCondition, type Condition } from '../conditions.ts';
import type { ControllerContext } from '../controllers/controller.ts';
import { faultsOf } from '../knobs.ts';

type Obj = Record<string, any>;

/** The conditions a healthy kubelet reports, in the kubelet's order. */
export const HEALTHY_NODE_CONDITIONS: readonly Condition[] = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
];

/** True when the node's Ready condition is True. */
export function isNodeReady(node: KubeObject): boolean {
  return findCondition((node as Obj).status?.conditions, 'Ready')?.status === 'True';
}

/** The node's InternalIP (the pods' hostIP). */
export function internalIpOf(node: KubeObject): string | undefined {
  const addresses = ((node as Obj).status?.addresses ?? []) as Array<{ type?: string; address?: string }>;
  for (let i = 0; i < addresses.length; i++) if (addresses[i]!.type === 'InternalIP') return addresses[i]!.address;
  return undefined;
}

/**
 * Posts a healthy status for the node unless it has failed or already reports one. Records
 * `NodeReady` when the node becomes ready.
 */
export function postNodeStatus(name: string, ctx: ControllerContext): void {
  if (faultsOf(ctx.sim).failedNodes.includes(name)) return;
  const node = ctx.api.tryGet({ apiVersion: 'v1', kind: 'Node', name });
  if (!node) return;
  const old: Condition[] = (node as Obj).status?.conditions ?? [];
  const current = HEALTHY_NODE_CONDITIONS.every((want) => {
    const have = findCondition(old, want.type);
    return have?.status === want.status && have.reason === want.reason && have.message === want.message;
  });
  if (current) return;
  const now = ctx.clock.nowIso();
  let conditions = [...old];
  for (const want of HEALTHY_NODE_CONDITIONS) conditions = setCondition(conditions, { ...want, lastHeartbeatTime: now }, now);
  const status = { ...((node as Obj).status ?? {}), conditions };
  ctx.api.update({ ...node, status } as KubeObject, { subresource: 'status', fieldManager: 'kubelet' });
  if (findCondition(old, 'Ready')?.status !== 'True') {
    ctx.events.record(node, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`, 'kubelet', name);
  }
}
