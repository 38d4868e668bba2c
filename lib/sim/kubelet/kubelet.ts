// The simulated kubelets: one controller that plays the kubelet of every node. Keyed by pod
// (`namespace/name`) it runs the pods bound to healthy nodes (sandbox and IP, pulls, starts,
// probes, exits, restarts, graceful termination); keyed by node name it posts the node's status.
// It does not schedule, account resources, or evict; the scheduler and node lifecycle do.

import type { KubeObject } from '../../k8s/types.ts';
import { isDeepEqual } from '../api/patch/json-utils.ts';
import type { ObjectKey } from '../api/request-types.ts';
import { after, done, hasSameName, keyListOf, mapped, NO_KEYS, splitKey, type Controller, type ControllerContext, type ReconcileResult } from '../controllers/controller.ts';
import { StatusError } from '../errors.ts';
import { faultsOf, SIM_ANNOTATIONS, SIM_DEFAULTS, simSeconds } from '../knobs.ts';
import { checkPodVolumes, refKeyOf } from './config-refs.ts';
import { PodRuntime } from './container-state.ts';
import { internalIpOf, isNodeReady, postNodeStatus } from './node-status.ts';
import { buildPodStatus } from './pod-status.ts';
import { PodRuntimeEnv } from './runtime-env.ts';
import { allocatePodIp, describeRange, kubeletStateOf, newContainerRecord, nodeRecordOf, releasePodIp, type PodRecord } from './runtime-state.ts';

type Obj = Record<string, any>;

/** The kubelet controller's name (for ControllerManager.enqueue). */
export const KUBELET_CONTROLLER = 'kubelet';
const COMPONENT = 'kubelet';

/**
 * A pod sync that ran to its end with its pod running or starting (not terminal, no container
 * pending or blocked), and the versions of the pod and node it left behind.
 */
interface LastSync {
  /** Virtual time of the sync; NaN once a later sync did not repeat it (it then matches no sync). */
  at: number;
  /** The kubelet's record of the pod (a restored state brings other records). */
  rec: PodRecord;
  /** The pod's resourceVersion after the sync (its status write's, if it wrote). */
  podVersion: string | undefined;
  nodeVersion: string | undefined;
  result: ReconcileResult;
}

/**
 * Whether syncing the pod now would repeat its last sync exactly: same virtual time (no
 * transition came due since), same pod and node versions, no crash or OOM-kill fault pending
 * (those are read outside the pod). Such a sync changes nothing (its status is the one it wrote
 * last time, as buildPodStatus() gives the same status for its own output) and answers the same.
 * The usual case: the event of the sync's own status write.
 */
function isSyncRepeated(last: LastSync, ctx: ControllerContext, rec: PodRecord | undefined, pod: KubeObject, node: KubeObject, now: number): boolean {
  return last.at === now && last.rec === rec && last.podVersion === pod.metadata.resourceVersion && last.nodeVersion === node.metadata.resourceVersion && !hasPendingFaults(ctx);
}

/** No container waits to start or on something outside its pod (a ConfigMap, a missing image). */
function isSettledRecord(rec: PodRecord): boolean {
  for (const c of rec.init) if (c.stage === 'pending' || c.stage === 'blocked') return false;
  for (const c of rec.main) if (c.stage === 'pending' || c.stage === 'blocked') return false;
  return true;
}

function hasPendingFaults(ctx: ControllerContext): boolean {
  const { crashes, oomKills } = faultsOf(ctx.sim);
  for (const _ in crashes) return true;
  for (const _ in oomKills) return true;
  return false;
}

/** The targets one key waits on, and when they were last set. */
interface Waiting {
  readonly key: string;
  readonly targets: readonly string[];
  /** Orders a target's keys: the last set, the last listed. */
  seq: number;
}

/** Pod keys by what they wait for (a node, a ConfigMap/Secret/PVC reference). */
class KeyIndex {
  private readonly byTarget = new Map<string, Set<Waiting>>();
  private readonly targetsOf = new Map<string, Waiting>();
  private seq = 0;

  /** The keys waiting on `target`, the one whose targets were set longest ago first. */
  keys(target: string): string[] {
    const set = this.byTarget.get(target);
    if (!set) return [];
    const waiting = [...set];
    if (waiting.length > 1) waiting.sort((a, b) => a.seq - b.seq);
    return waiting.map((w) => w.key);
  }

  /** Replaces the targets a key waits on. */
  replace(key: string, targets: readonly string[]): void {
    const current = this.targetsOf.get(key);
    if (current === undefined && targets.length === 0) return;
    if (current) for (const t of current.targets) this.byTarget.get(t)?.delete(current);
    if (targets.length === 0) {
      this.targetsOf.delete(key);
      return;
    }
    const waiting: Waiting = { key, targets, seq: ++this.seq };
    this.targetsOf.set(key, waiting);
    for (const t of targets) {
      let set = this.byTarget.get(t);
      if (!set) this.byTarget.set(t, (set = new Set()));
      set.add(waiting);
    }
  }

  /** replace(key, [target]), without building the list when the key waits on that target alone already. */
  replaceWithOne(key: string, target: string): void {
    const current = this.targetsOf.get(key);
    if (current?.targets.length === 1 && current.targets[0] === target) current.seq = ++this.seq;
    else this.replace(key, [target]);
  }
}

/**
 * A new kubelet controller for every node of the cluster (it keeps small in-memory indexes, so
 * each ControllerManager gets its own).
 * @example new ControllerManager(api, [kubeletController()], knobs).settle()
 */
export function kubeletController(): Controller {
  const podsByNode = new KeyIndex();
  const waiters = new KeyIndex();
  const waitersOf = (kindName: string) => (obj: KubeObject) => waiters.keys(refKeyOf(kindName, obj.metadata.namespace ?? 'default', obj.metadata.name ?? ''));
  /** What each pod's last sync saw and answered (see isSyncRepeated). */
  const lastSyncs = new Map<string, LastSync>();
  /**
   * The API keys of pods (by reconcile key, dropped with the pod) and of nodes (by name), built
   * once: every sync reads both. A key is a pure function of the name, so it is never stale.
   */
  const podKeys = new Map<string, ObjectKey>();
  const nodeKeys = new Map<string, ObjectKey>();

  function podKeyOf(key: string): ObjectKey {
    let podKey = podKeys.get(key);
    if (podKey === undefined) {
      const { namespace, name } = splitKey(key);
      podKeys.set(key, (podKey = Object.freeze({ apiVersion: 'v1', kind: 'Pod', namespace, name })));
    }
    return podKey;
  }

  function nodeKeyOf(name: string): ObjectKey {
    let nodeKey = nodeKeys.get(name);
    if (nodeKey === undefined) nodeKeys.set(name, (nodeKey = Object.freeze({ apiVersion: 'v1', kind: 'Node', name })));
    return nodeKey;
  }

  function forget(ctx: ControllerContext, key: string, rec: PodRecord | undefined): void {
    const state = kubeletStateOf(ctx.sim);
    if (rec) {
      if (rec.ip && state.nodes[rec.node]?.ips[rec.ip] === key) releasePodIp(state.nodes[rec.node]!, rec.ip);
    }
    delete state.pods[key];
    lastSyncs.delete(key);
    podKeys.delete(key);
    waiters.replace(key, []);
    podsByNode.replace(key, []);
  }

  function reconcilePod(key: string, ctx: ControllerContext): ReconcileResult {
    const { api, clock } = ctx;
    const state = kubeletStateOf(ctx.sim);
    let rec = state.pods[key];
    const pod = api.tryGet(podKeyOf(key)) as Obj | undefined;
    if (!pod) {
      forget(ctx, key, rec);
      return done();
    }
    const nodeName: string | undefined = pod.spec?.nodeName;
    if (!nodeName) return done();
    if (rec && rec.uid !== pod.metadata.uid) {
      forget(ctx, key, rec);
      rec = undefined;
    }
    const node = api.tryGet(nodeKeyOf(nodeName));
    if (!node || faultsOf(ctx.sim).failedNodes.includes(nodeName)) return done();
    const now = clock.nowMillis();
    const last = lastSyncs.get(key);
    if (last !== undefined) {
      if (isSyncRepeated(last, ctx, rec, pod as KubeObject, node, now)) return last.result;
      // Stale from here on: kept (and refilled below) rather than deleted and made again.
      last.at = Number.NaN;
    }
    const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    if (!rec) {
      if (terminal && !pod.metadata.deletionTimestamp) return done();
      rec = {
        uid: pod.metadata.uid,
        node: nodeName,
        startTime: now,
        init: ((pod.spec.initContainers ?? []) as Obj[]).map((c) => newContainerRecord(String(c.name), now)),
        main: ((pod.spec.containers ?? []) as Obj[]).map((c) => newContainerRecord(String(c.name), now)),
      };
      state.pods[key] = rec;
    }
    const blockedRefs: string[] = [];
    const runtime = new PodRuntime(rec, new PodRuntimeEnv(ctx, pod as KubeObject, rec, blockedRefs));
    const hostIP = internalIpOf(node);

    if (pod.metadata.deletionTimestamp) return terminate(ctx, key, pod, rec, runtime, hostIP);
    if (terminal) return done();

    if (rec.sandboxAt === undefined) {
      const volumes = checkPodVolumes(api, pod as KubeObject);
      let problem: { reason: string; message: string } | undefined;
      let ip: string | undefined;
      if (volumes.error) problem = { reason: 'FailedMount', message: volumes.error };
      else if (pod.spec.hostNetwork) ip = hostIP;
      else {
        const cidr: string = (node as Obj).spec?.podCIDR ?? (node as Obj).spec?.podCIDRs?.[0] ?? '';
        ip = allocatePodIp(nodeRecordOf(state, nodeName), cidr, key);
        if (!ip) {
          const message = `Failed to create pod sandbox: plugin type="host-local" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${describeRange(cidr)}`;
          problem = { reason: 'FailedCreatePodSandBox', message };
        }
      }
      if (problem) {
        waiters.replace(key, volumes.error ? volumes.refs : []);
        if (rec.blockedMessage !== problem.message) ctx.events.record(pod as KubeObject, 'Warning', problem.reason, problem.message, COMPONENT, nodeName);
        rec.blockedMessage = problem.message;
        writeStatus(ctx, pod, runtime, hostIP);
        return done();
      }
      rec.sandboxAt = now;
      rec.ip = ip;
      rec.blockedMessage = undefined;
    }
    const next = runtime.advance(now);
    waiters.replace(key, blockedRefs);
    const status = buildPodStatus(pod as KubeObject, runtime, { now, hostIP });
    const written = isDeepEqual(status, pod.status) ? (pod as KubeObject) : putStatus(ctx, pod, status);
    const phase = status.phase;
    if ((phase === 'Succeeded' || phase === 'Failed') && rec.ip && state.nodes[nodeName]?.ips[rec.ip] === key) {
      // The sandbox is torn down: its IP goes back to the pool, while status.podIP keeps showing it.
      releasePodIp(state.nodes[nodeName]!, rec.ip);
    }
    const result = next === undefined ? done() : after(next - now);
    if (phase !== 'Succeeded' && phase !== 'Failed' && isSettledRecord(rec) && !hasPendingFaults(ctx) && (written === pod || isDeepEqual((written as Obj).status, status))) {
      if (last === undefined) lastSyncs.set(key, { at: now, rec, podVersion: written.metadata.resourceVersion, nodeVersion: node.metadata.resourceVersion, result });
      else {
        last.at = now;
        last.rec = rec;
        last.podVersion = written.metadata.resourceVersion;
        last.nodeVersion = node.metadata.resourceVersion;
        last.result = result;
      }
    }
    return result;
  }

  function terminate(ctx: ControllerContext, key: string, pod: Obj, rec: PodRecord, runtime: PodRuntime, hostIP: string | undefined): ReconcileResult {
    const now = ctx.clock.nowMillis();
    const running = runtime.runningContainers();
    if (rec.killingAt === undefined) {
      rec.killingAt = now;
      for (const c of running) ctx.events.record(pod as KubeObject, 'Normal', 'Killing', `Stopping container ${c.name}`, COMPONENT, rec.node);
    }
    const deadline = Date.parse(pod.metadata.deletionTimestamp);
    const graceful = rec.killingAt + simSeconds(pod as KubeObject, SIM_ANNOTATIONS.stopSeconds, SIM_DEFAULTS.stopSeconds) * 1000;
    const stopAt = running.length === 0 ? now : Math.max(rec.killingAt, Math.min(graceful, deadline));
    if (now < stopAt) return after(stopAt - now);
    runtime.kill(stopAt, graceful <= deadline ? 0 : 137);
    const latest = writeStatus(ctx, pod, runtime, hostIP, true);
    try {
      ctx.api.delete(
        { apiVersion: 'v1', kind: 'Pod', namespace: latest.metadata.namespace, name: latest.metadata.name ?? '' },
        { gracePeriodSeconds: 0, preconditions: { uid: rec.uid } },
      );
    } catch (err) {
      if (!(err instanceof StatusError && err.reason === 'NotFound')) throw err;
    }
    forget(ctx, key, rec);
    return done();
  }

  function writeStatus(ctx: ControllerContext, pod: Obj, runtime: PodRuntime, hostIP: string | undefined, final = false): KubeObject {
    const status = buildPodStatus(pod as KubeObject, runtime, { now: ctx.clock.nowMillis(), hostIP, final });
    if (isDeepEqual(status, pod.status)) return pod as KubeObject;
    return putStatus(ctx, pod, status);
  }

  function putStatus(ctx: ControllerContext, pod: Obj, status: Obj): KubeObject {
    // The status is this sync's own, built for this write (stored parts inside are deep-frozen): handed over, not copied.
    return ctx.api.updateOwned({ ...pod, status } as unknown as KubeObject, { subresource: 'status', fieldManager: COMPONENT });
  }

  return {
    name: KUBELET_CONTROLLER,
    watches: [
      // keysFor notes the pod's node; a previous state on the same node would note it again.
      mapped(
        'v1',
        'Pod',
        (pod) => {
          const nodeName = (pod as Obj).spec?.nodeName as string | undefined;
          if (!nodeName) return NO_KEYS;
          const keys = keyListOf(pod.metadata.namespace, pod.metadata.name ?? '');
          podsByNode.replaceWithOne(keys[0]!, nodeName);
          return keys;
        },
        (pod, prev) => (pod as Obj).spec?.nodeName === (prev as Obj).spec?.nodeName && hasSameName(pod, prev),
      ),
      // A node that (again) reports Ready wakes its pods: a recovered node finishes their work.
      mapped('v1', 'Node', (node) => [node.metadata.name ?? '', ...(isNodeReady(node) ? podsByNode.keys(node.metadata.name ?? '') : [])]),
      mapped('v1', 'ConfigMap', waitersOf('ConfigMap')),
      mapped('v1', 'Secret', waitersOf('Secret')),
      mapped('v1', 'PersistentVolumeClaim', waitersOf('PersistentVolumeClaim')),
    ],
    reconcile(key, ctx) {
      if (key.includes('/')) return reconcilePod(key, ctx);
      postNodeStatus(key, ctx);
      return done();
    },
  };
}
