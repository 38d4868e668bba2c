// Test support for workload controllers: a fake node agent standing in for the scheduler and the
// kubelets. It binds pods to nodes (honouring DaemonSet pins, nodeSelector, node affinity, taints
// and bound volumes' node affinity, and setting `volume.kubernetes.io/selected-node` on
// WaitForFirstConsumer claims), marks them Running and Ready after a delay, and finishes graceful
// deletions. Not the real scheduler or kubelet: no resources, probes, images or events.

import type { KubeObject } from '../../k8s/types.ts';
import { setCondition, type Condition } from '../conditions.ts';
import { isStatusError } from '../errors.ts';
import { after, done, kind, splitKey, type Controller, type ControllerContext, type ReconcileResult } from './controller.ts';
import { findUntoleratedTaint, fitsNodeAffinity, matchesNodeSelectorTerms, readTaints, readTargetNodeName } from './daemonset-node-match.ts';

type Obj = Record<string, any>;

const NAME = 'fake-node-agent';
const SELECTED_NODE = 'volume.kubernetes.io/selected-node';

/** Options of the fake node agent. */
export interface FakeNodeAgentOptions {
  /** Virtual milliseconds from binding until the pod runs. @default 1000 */
  readonly startMs?: number;
  /** Virtual milliseconds a deleted pod takes to stop. @default 1000 */
  readonly stopMs?: number;
  /** `namespace/name` of pods that run but stay not Ready (tests edit it, then re-enqueue the pod). */
  readonly notReady?: Set<string>;
}

/** A controller that schedules and runs pods the simple way, for tests of workload controllers. */
export function createFakeNodeAgent(options: FakeNodeAgentOptions = {}): Controller {
  const startMs = options.startMs ?? 1000;
  const stopMs = options.stopMs ?? 1000;
  const notReady = options.notReady ?? new Set<string>();
  const stopping = new Map<string, number>();
  const bound = new Map<string, number>();
  return {
    name: NAME,
    watches: [kind('v1', 'Pod')],
    reconcile(key, ctx) {
      const { namespace, name } = splitKey(key);
      const pod = ctx.api.tryGet({ apiVersion: 'v1', kind: 'Pod', namespace, name });
      if (!pod) return done();
      const spec: Obj = (pod as Obj).spec ?? {};
      const now = ctx.clock.nowMillis();
      if (pod.metadata.deletionTimestamp) {
        if (!spec.nodeName) return done();
        const stopKey = `${key}/${pod.metadata.uid}`;
        const since = stopping.get(stopKey) ?? now;
        stopping.set(stopKey, since);
        if (now < since + stopMs) return after(since + stopMs - now);
        stopping.delete(stopKey);
        try {
          ctx.api.delete({ apiVersion: 'v1', kind: 'Pod', namespace, name }, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
        } catch (err) {
          if (!isStatusError(err, 'NotFound')) throw err;
        }
        return done();
      }
      if (!spec.nodeName) return bindPod(ctx, pod, bound);
      const phase = (pod as Obj).status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return done();
      const scheduled = ((pod as Obj).status?.conditions ?? []).find((c: Obj) => c.type === 'PodScheduled');
      const since = Date.parse(scheduled?.lastTransitionTime ?? '') || now;
      if (now < since + startMs) return after(since + startMs - now);
      markRunning(ctx, pod, !notReady.has(key));
      return done();
    },
  };
}

function markRunning(ctx: ControllerContext, pod: KubeObject, ready: boolean): void {
  const status: Obj = structuredClone((pod as Obj).status ?? {});
  const readyText = ready ? 'True' : 'False';
  const isReady = (status.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === readyText);
  if (status.phase === 'Running' && isReady) return;
  const now = ctx.clock.nowIso();
  let conditions: Condition[] = status.conditions ?? [];
  conditions = setCondition(conditions, { type: 'Initialized', status: 'True', lastProbeTime: null }, now);
  conditions = setCondition(conditions, { type: 'ContainersReady', status: readyText, lastProbeTime: null }, now);
  conditions = setCondition(conditions, { type: 'Ready', status: readyText, lastProbeTime: null }, now);
  status.phase = 'Running';
  status.conditions = conditions;
  status.startTime ??= now;
  const containers: Obj[] = (pod as Obj).spec?.containers ?? [];
  status.containerStatuses = containers.map((c) => ({ name: c.name, image: c.image, ready, restartCount: 0, started: true, state: { running: { startedAt: now } } }));
  const next = structuredClone(pod) as Obj;
  next.status = status;
  ctx.api.update(next as KubeObject, { subresource: 'status', fieldManager: NAME });
}

function bindPod(ctx: ControllerContext, pod: KubeObject, bound: Map<string, number>): ReconcileResult {
  const spec: Obj = (pod as Obj).spec ?? {};
  const tolerations: Obj[] = spec.tolerations ?? [];
  let candidates = ctx.api
    .list({ apiVersion: 'v1', kind: 'Node' })
    .items.filter((node) => fitsNodeAffinity(spec, node))
    .filter((node) => !findUntoleratedTaint(readTaints(node), tolerations as never, ['NoSchedule', 'NoExecute']))
    .filter((node) => !(node as Obj).spec?.unschedulable || tolerations.some((t) => t.key === 'node.kubernetes.io/unschedulable'));
  const target = readTargetNodeName(pod);
  if (target) candidates = candidates.filter((n) => n.metadata.name === target);
  const claims: KubeObject[] = [];
  for (const volume of spec.volumes ?? []) {
    const claimName = volume?.persistentVolumeClaim?.claimName;
    if (!claimName) continue;
    const claim = ctx.api.tryGet({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: pod.metadata.namespace, name: claimName });
    if (!claim) return after(1000);
    claims.push(claim);
    const volumeName = (claim as Obj).spec?.volumeName;
    const pv = volumeName ? ctx.api.tryGet({ apiVersion: 'v1', kind: 'PersistentVolume', name: volumeName }) : undefined;
    const terms = (pv as Obj | undefined)?.spec?.nodeAffinity?.required?.nodeSelectorTerms;
    if (terms) candidates = candidates.filter((n) => matchesNodeSelectorTerms(n, terms));
  }
  if (candidates.length === 0) return done();
  candidates.sort((a, b) => (bound.get(a.metadata.name ?? '') ?? 0) - (bound.get(b.metadata.name ?? '') ?? 0) || String(a.metadata.name).localeCompare(String(b.metadata.name)));
  const nodeName = candidates[0]!.metadata.name ?? '';
  let waiting = false;
  for (const claim of claims) {
    if ((claim as Obj).status?.phase === 'Bound') continue;
    waiting = true;
    const className = (claim as Obj).spec?.storageClassName;
    const cls = className ? ctx.api.tryGet({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: className }) : undefined;
    if ((cls as Obj | undefined)?.volumeBindingMode !== 'WaitForFirstConsumer' || claim.metadata.annotations?.[SELECTED_NODE]) continue;
    const next = structuredClone(claim) as Obj;
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [SELECTED_NODE]: nodeName };
    ctx.api.update(next as KubeObject, { fieldManager: NAME });
  }
  if (waiting) return after(500);
  const next = structuredClone(pod) as Obj;
  next.spec.nodeName = nodeName;
  const stored = ctx.api.update(next as KubeObject, { fieldManager: NAME });
  const withStatus = structuredClone(stored) as Obj;
  withStatus.status = { ...(withStatus.status ?? {}), conditions: setCondition(withStatus.status?.conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null }, ctx.clock.nowIso()) };
  ctx.api.update(withStatus as KubeObject, { subresource: 'status', fieldManager: NAME });
  bound.set(nodeName, (bound.get(nodeName) ?? 0) + 1);
  return done();
}
