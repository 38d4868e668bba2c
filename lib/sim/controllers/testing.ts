// Test support for workload controllers: a tiny fake kubelet that binds pods to a node, makes
// them Running and Ready after a delay and removes terminating pods after a stop delay, plus
// helpers to mark pods ready at once and kubectl's rollout-complete rule. Not a kubelet model:
// the real scheduler and kubelet simulations live elsewhere; tests only.

import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';
import { findCondition, isPodReady, type Condition } from '../conditions.ts';
import { after, done, kind, splitKey, type Controller } from './controller.ts';

type Obj = Record<string, any>;

/** Options of the fake kubelet. */
export interface FakeKubeletOptions {
  /** Node every pod is bound to; '' leaves pods unscheduled (deleted at once). @default 'node-1' */
  readonly nodeName?: string;
  /** Virtual ms from first sight to Running and Ready. @default 1000 */
  readonly readyAfterMs?: number;
  /** Virtual ms a terminating pod takes to stop before it is removed. @default 1000 */
  readonly stopAfterMs?: number;
  /** Pods for which this returns false run but never become ready. @default every pod becomes ready */
  readonly becomesReady?: (pod: KubeObject) => boolean;
}

function runningStatus(pod: KubeObject, ready: boolean, now: string): Obj {
  const old = ((pod as Obj).status ?? {}) as Obj;
  const readyCond = findCondition(old.conditions as Condition[] | undefined, 'Ready');
  const stamp = (type: string, status: 'True' | 'False'): Condition => {
    const prev = findCondition(old.conditions as Condition[] | undefined, type);
    return { type, status, lastProbeTime: null, lastTransitionTime: prev?.status === status ? (prev.lastTransitionTime ?? now) : now };
  };
  const readyStatus = ready ? 'True' : 'False';
  const containers = (((pod as Obj).spec?.containers ?? []) as Obj[]).map((c) => ({
    name: c.name,
    image: c.image,
    ready,
    restartCount: 0,
    started: true,
    state: { running: { startedAt: readyCond?.lastTransitionTime ?? now } },
  }));
  return {
    ...old,
    phase: 'Running',
    podIP: '10.244.0.10',
    podIPs: [{ ip: '10.244.0.10' }],
    conditions: [stamp('PodScheduled', 'True'), stamp('Initialized', 'True'), stamp('ContainersReady', readyStatus), stamp('Ready', readyStatus)],
    containerStatuses: containers,
  };
}

/**
 * A controller that plays kubelet for workload tests: binds each pod to `nodeName`, makes it
 * Running (and Ready, unless `becomesReady` says no) `readyAfterMs` after it first saw it, and
 * deletes terminating pods with grace period 0 `stopAfterMs` after it saw them terminate.
 * @example new ControllerManager(api, [replicaSetController, createFakeKubelet({ readyAfterMs: 2000 })])
 */
export function createFakeKubelet(options: FakeKubeletOptions = {}): Controller {
  const nodeName = options.nodeName ?? 'node-1';
  const readyAfterMs = options.readyAfterMs ?? 1000;
  const stopAfterMs = options.stopAfterMs ?? 1000;
  const firstSeen = new Map<string, number>();
  const stopSeen = new Map<string, number>();
  return {
    name: 'fake-kubelet',
    watches: [kind('v1', 'Pod')],
    reconcile(key, { api, clock }) {
      const { namespace, name } = splitKey(key);
      const pod = api.tryGet({ apiVersion: 'v1', kind: 'Pod', namespace, name });
      if (!pod) return done();
      const uid = pod.metadata.uid ?? '';
      const now = clock.nowMillis();
      if (pod.metadata.deletionTimestamp) {
        const since = stopSeen.get(uid) ?? now;
        stopSeen.set(uid, since);
        if (now < since + stopAfterMs) return after(since + stopAfterMs - now);
        api.delete({ apiVersion: 'v1', kind: 'Pod', namespace, name }, { gracePeriodSeconds: 0 });
        return done();
      }
      const seen = firstSeen.get(uid) ?? now;
      firstSeen.set(uid, seen);
      let current = pod;
      if (nodeName && !(pod as Obj).spec?.nodeName) {
        const bound = structuredClone(pod) as Obj;
        bound.spec.nodeName = nodeName;
        current = api.update(bound as KubeObject, { fieldManager: 'fake-kubelet' });
      }
      if ((current as Obj).status?.phase === 'Running') return done();
      if (now < seen + readyAfterMs) return after(seen + readyAfterMs - now);
      const ready = options.becomesReady?.(current) ?? true;
      const next = { ...current, status: runningStatus(current, ready, clock.nowIso()) } as KubeObject;
      api.update(next, { subresource: 'status', fieldManager: 'fake-kubelet' });
      return done();
    },
  };
}

/** Makes every pod matching `labelSelector` in `namespace` Running and Ready now; returns how many changed. */
export function markPodsReady(api: ApiServer, { namespace, labelSelector }: { namespace: string; labelSelector?: string }): number {
  let changed = 0;
  for (const pod of api.list({ apiVersion: 'v1', kind: 'Pod', namespace, labelSelector }).items) {
    if (isPodReady(pod) || pod.metadata.deletionTimestamp) continue;
    const next = { ...pod, status: runningStatus(pod, true, api.clock.nowIso()) } as KubeObject;
    api.update(next, { subresource: 'status', fieldManager: 'fake-kubelet' });
    changed++;
  }
  return changed;
}

/** True when kubectl rollout status would call the Deployment rolled out (kube-api-compat.md §11). */
export function isRolloutComplete(deployment: KubeObject): boolean {
  const d = deployment as Obj;
  const status = (d.status ?? {}) as Obj;
  if ((d.metadata.generation ?? 0) > (status.observedGeneration ?? 0)) return false;
  const progressing = findCondition(status.conditions as Condition[] | undefined, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return false;
  const wanted = d.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  return updated >= wanted && (status.replicas ?? 0) <= updated && (status.availableReplicas ?? 0) >= updated;
}
