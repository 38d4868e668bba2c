// The default scheduler as a controller: reconciles pending pods (no nodeName, schedulerName
// `default-scheduler`) one cycle each, binds or records why not, and retries an unschedulable
// pod when a node, bound pod or volume changes in a way its rejecting plugins care about (after
// a 1s..10s back-off). It keeps its own cache fed by store events; it never preempts.

import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';
import { done, after, mapped, objectKey, splitKey, type Controller, type ControllerContext, type ReconcileResult } from '../controllers/controller.ts';
import { annotateSelectedNode, bindPod, recordSchedulingGated, recordUnschedulable, SCHEDULER_NAME } from './bind-pod.ts';
import { formatFitError } from './fit-error.ts';
import type { ClusterLookup, SchedulerPlugin } from './framework.ts';
import { PendingPods } from './pending-pods.ts';
import { isPodTerminal, readPodInfo } from './pod-info.ts';
import { listDelayedClaims } from './plugins/volume-binding.ts';
import { DEFAULT_PLUGINS } from './registry.ts';
import { SchedulerCache } from './scheduler-cache.ts';
import { schedulePod, type NodeCursor } from './schedule-one.ts';

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
  function wakeKeysFor(obj: KubeObject): string[] {
    if (!cache || pending.size === 0) return [];
    const rv = Number(obj.metadata.resourceVersion);
    if (rv <= cache.lastResourceVersion) return pending.readWakes(rv);
    return pending.wake(cache.predictChanges(obj));
  }

  function podKeys(pod: KubeObject): string[] {
    if (isPendingForUs(pod)) return [objectKey(pod)];
    return wakeKeysFor(pod);
  }

  function reconcile(key: string, ctx: ControllerContext): ReconcileResult {
    const live = attach(ctx.api);
    const { namespace, name } = splitKey(key);
    const pod = ctx.api.tryGet({ apiVersion: 'v1', kind: 'Pod', namespace, name });
    if (!pod || !isPendingForUs(pod)) {
      pending.forget(key);
      return done();
    }
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
      annotateSelectedNode(ctx, listDelayedClaims(result.state), result.nodeName);
      bindPod(ctx, pod, result.nodeName);
      pending.forget(key);
      return done();
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
