// The default scheduler as a controller: reconciles pending pods (no nodeName, schedulerName
// `default-scheduler`) one cycle each, binds or records why not, and retries an unschedulable
// pod when a node, bound pod or volume changes in a way its rejecting plugins care about (after
// a 1s..10s back-off). A pod with WaitForFirstConsumer claims stays assumed on its node until
// they bind (VolumeBinding PreBind). It keeps its own cache fed by store events; it never preempts.

import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';
import { done, after, keyListOf, mapped, NO_KEYS, splitKey, type Controller, type ControllerContext, type ReconcileResult } from '../controllers/controller.ts';
import { annotateSelectedNode, bindPod, recordSchedulingError, recordSchedulingGated, recordUnschedulable, SCHEDULER_NAME } from './bind-pod.ts';
import { formatFitError } from './fit-error.ts';
import type { ClusterLookup, SchedulerPlugin } from './framework.ts';
import { PendingPods } from './pending-pods.ts';
import { isPodTerminal, readPodInfo } from './pod-info.ts';
import { listDelayedClaims } from './plugins/volume-binding.ts';
import { DEFAULT_PLUGINS } from './registry.ts';
import { SchedulerCache } from './scheduler-cache.ts';
import { schedulePod, type NodeCursor } from './schedule-one.ts';
import { pollVolumeBindingWait, startVolumeBindingWait, type VolumeBindingWait } from './volume-prebind.ts';

type Obj = Record<string, any>;

/** Options of createScheduler(). */
export interface SchedulerOptions {
  /** The profile's plugins, in filter order. @default DEFAULT_PLUGINS */
  readonly plugins?: readonly SchedulerPlugin[];
  /**
   * Share of nodes to find feasible before scoring in clusters of 100+ nodes (at least 100
   * nodes), as in KubeSchedulerConfiguration. 0 is kube-scheduler's adaptive default
   * (42% of 1,000 nodes); lower is faster on large clusters.
   * @default 0
   */
  readonly percentageOfNodesToScore?: number;
}

/** A scheduler controller with its cache (exposed for tests and the CLI's diagnostics). */
export interface SchedulerController extends Controller {
  /** The cache, once the first reconcile attached it to an API server. */
  readonly cache: SchedulerCache | undefined;
  /** Attaches the cache to `api` now (it attaches itself on the first reconcile otherwise). */
  attach(api: ApiServer): SchedulerCache;
}

function createLookup(api: ApiServer): ClusterLookup {
  return {
    getPersistentVolumeClaim: (namespace, name) => api.tryGet({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name }),
    getPersistentVolume: (name) => api.tryGet({ apiVersion: 'v1', kind: 'PersistentVolume', name }),
    getStorageClass: (name) => api.tryGet({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name }),
    getNamespaceLabels: (name) => api.tryGet({ apiVersion: 'v1', kind: 'Namespace', name })?.metadata.labels ?? {},
  };
}

function isPendingForUs(pod: KubeObject): boolean {
  const spec: Obj = (pod as Obj).spec ?? {};
  return !spec.nodeName && (spec.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME && !pod.metadata.deletionTimestamp && !isPodTerminal(pod);
}

/**
 * Creates the default scheduler. Each instance keeps its own cache, so create one per cluster.
 * @example new ControllerManager(api, [createScheduler()]).settle()
 */
export function createScheduler(options: SchedulerOptions = {}): SchedulerController {
  const plugins = options.plugins ?? DEFAULT_PLUGINS;
  const pending = new PendingPods(plugins);
  const cursor: NodeCursor = { next: 0 };
  let cache: SchedulerCache | undefined;
  let attachedTo: ApiServer | undefined;
  /** Pods in their binding cycle, waiting in VolumeBinding's PreBind, by key. */
  const waits = new Map<string, VolumeBindingWait>();
  /**
   * The pod this scheduler is binding and the resourceVersion it binds from. The bind's update
   * event (delivered during the write) carries that pending version as its old state: history
   * the bind already dealt with, not work to queue.
   */
  let binding: { readonly key: string; readonly resourceVersion: string | undefined } | undefined;

  function attach(api: ApiServer): SchedulerCache {
    if (cache && attachedTo === api) return cache;
    const fresh = new SchedulerCache(createLookup(api));
    fresh.seed(api.list({ apiVersion: 'v1', kind: 'Node' }).items, api.list({ apiVersion: 'v1', kind: 'Pod' }).items);
    fresh.lastResourceVersion = Number(api.store.list({ apiVersion: 'v1', kind: 'Node', limit: 1 }).resourceVersion);
    api.store.subscribe((event) => {
      if (cache !== fresh) return;
      const changes = fresh.applyEvent(event);
      if (changes.length > 0 && pending.size > 0) pending.rememberWakes(event.resourceVersion, pending.wake(changes));
    });
    cache = fresh;
    attachedTo = api;
    return fresh;
  }

  /** Pending pods a change of `obj` may help, whether or not the cache has seen the change yet. */
  function wakeKeysFor(obj: KubeObject): readonly string[] {
    if (!cache || pending.size === 0) return NO_KEYS;
    const rv = Number(obj.metadata.resourceVersion);
    if (rv <= cache.lastResourceVersion) return pending.readWakes(rv);
    return pending.wake(cache.predictChanges(obj));
  }

  function podKeys(pod: KubeObject): readonly string[] {
    if (!isPendingForUs(pod)) return wakeKeysFor(pod);
    // The shared one-key list of the pod (keyListOf), not a new array per event.
    const keys = keyListOf(pod.metadata.namespace, pod.metadata.name ?? '');
    if (binding && binding.key === keys[0] && binding.resourceVersion === pod.metadata.resourceVersion) return NO_KEYS;
    return keys;
  }

  /** Binds through pods/binding (bind-pod.ts); the update's old state queues nothing meanwhile. */
  function bindAndNote(ctx: ControllerContext, key: string, pod: KubeObject, nodeName: string): void {
    binding = { key, resourceVersion: pod.metadata.resourceVersion };
    try {
      bindPod(ctx, pod, nodeName);
    } finally {
      binding = undefined;
    }
  }

  /** Ends a pod's binding cycle: un-assumes it; returns the pending pods its assumed place may have kept out. */
  function endWait(key: string, live: SchedulerCache): readonly string[] {
    waits.delete(key);
    return pending.wake(live.forgetPod(key)).filter((k) => k !== key);
  }

  function withWoken(result: ReconcileResult, woken: readonly string[]): ReconcileResult {
    return woken.length === 0 ? result : { ...result, alsoQueue: woken };
  }

  /** A pod in its binding cycle: binds it once its claims are bound, or fails the cycle. */
  function continueWait(ctx: ControllerContext, key: string, pod: KubeObject, wait: VolumeBindingWait, live: SchedulerCache): ReconcileResult {
    const now = ctx.clock.nowMillis();
    const node = ctx.api.tryGet({ apiVersion: 'v1', kind: 'Node', name: wait.nodeName });
    const check = pollVolumeBindingWait(wait, node, live.lookup, now);
    if (check.state === 'waiting') return after(wait.nextPollAt - now);
    if (check.state === 'bound') {
      waits.delete(key);
      bindAndNote(ctx, key, pod, wait.nodeName);
      pending.forget(key);
      return done();
    }
    const woken = endWait(key, live);
    const recorded = recordSchedulingError(ctx, pod, check.message);
    pending.markFailed(key, recorded.metadata.resourceVersion ?? '', now);
    return withWoken(after(pending.computeBackoffRemaining(key, now)), woken);
  }

  function reconcile(key: string, ctx: ControllerContext): ReconcileResult {
    const live = attach(ctx.api);
    const { namespace, name } = splitKey(key);
    const pod = ctx.api.tryGet({ apiVersion: 'v1', kind: 'Pod', namespace, name });
    let wait = waits.get(key);
    let woken: readonly string[] = NO_KEYS;
    if (wait && (!pod || pod.metadata.uid !== wait.uid || !isPendingForUs(pod))) {
      woken = endWait(key, live);
      wait = undefined;
    }
    if (!pod || !isPendingForUs(pod)) {
      pending.forget(key);
      return withWoken(done(), woken);
    }
    if (wait) return continueWait(ctx, key, pod, wait, live);
    return withWoken(runCycle(ctx, key, pod, live), woken);
  }

  /** One scheduling cycle of a pending pod (unless it is gated or still backing off). */
  function runCycle(ctx: ControllerContext, key: string, pod: KubeObject, live: SchedulerCache): ReconcileResult {
    if (((pod as Obj).spec?.schedulingGates ?? []).length > 0) {
      recordSchedulingGated(ctx, pod);
      return done();
    }
    const now = ctx.clock.nowMillis();
    const entry = pending.get(key);
    if (entry) {
      if (entry.resourceVersion === pod.metadata.resourceVersion && !entry.woken) return done();
      const wait = pending.computeBackoffRemaining(key, now);
      if (wait > 0) return after(wait);
    }
    const result = schedulePod(readPodInfo(pod), live, { plugins, cursor, percentageOfNodesToScore: options.percentageOfNodesToScore });
    if ('nodeName' in result) {
      const claims = listDelayedClaims(result.state);
      if (claims.length === 0) {
        bindAndNote(ctx, key, pod, result.nodeName);
        pending.forget(key);
        return done();
      }
      // Stamp the claims, assume the pod on the node, and wait in PreBind for the claims to bind.
      annotateSelectedNode(ctx, claims, result.nodeName);
      live.assumePod(readPodInfo({ ...pod, spec: { ...(pod as Obj).spec, nodeName: result.nodeName } } as KubeObject));
      const started = startVolumeBindingWait(pod, result.nodeName, claims, now);
      waits.set(key, started);
      return after(started.nextPollAt - now);
    }
    const recorded = recordUnschedulable(ctx, pod, formatFitError(result.diagnosis));
    pending.markUnschedulable(key, recorded.metadata.resourceVersion ?? '', result.rejectedBy, now);
    return done();
  }

  return {
    name: 'scheduler',
    watches: [
      mapped('v1', 'Pod', podKeys),
      mapped('v1', 'Node', wakeKeysFor),
      mapped('v1', 'PersistentVolumeClaim', wakeKeysFor),
      mapped('v1', 'PersistentVolume', wakeKeysFor),
      mapped('storage.k8s.io/v1', 'StorageClass', wakeKeysFor),
    ],
    reconcile,
    attach,
    get cache() {
      return cache;
    },
  };
}
