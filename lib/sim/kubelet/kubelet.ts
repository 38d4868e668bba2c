// The simulated kubelets: one controller that plays the kubelet of every node. Keyed by pod
// (`namespace/name`) it runs the pods bound to healthy nodes (sandbox and IP, pulls, starts,
// probes, exits, restarts, graceful termination); keyed by node name it posts the node's status.
// It does not schedule, account resources, or evict; the scheduler and node lifecycle do.

import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../k8s/types.ts';
import { after, done, mapped, objectKey, splitKey, type Controller, type ControllerContext, type ReconcileResult } from '../controllers/controller.ts';
import { StatusError } from '../errors.ts';
import { faultsOf, isImageUnpullable, SIM_ANNOTATIONS, SIM_DEFAULTS, simSeconds } from '../knobs.ts';
import { checkContainerEnv, checkPodVolumes, refKeyOf } from './config-refs.ts';
import { PodRuntime, type RuntimeEnv } from './container-state.ts';
import { normalizeImage } from './images.ts';
import { internalIpOf, isNodeReady, postNodeStatus } from './node-status.ts';
import { buildPodStatus } from './pod-status.ts';
import { allocatePodIp, describeRange, kubeletStateOf, newContainerRecord, nodeRecordOf, releasePodIp, type PodRecord } from './runtime-state.ts';

type Obj = Record<string, any>;

/** The kubelet controller's name (for ControllerManager.enqueue). */
export const KUBELET_CONTROLLER = 'kubelet';
const COMPONENT = 'kubelet';

/** Pod keys by what they wait for (a node, a ConfigMap/Secret/PVC reference). */
class KeyIndex {
  private readonly byTarget = new Map<string, Set<string>>();
  private readonly targetsOf = new Map<string, string[]>();

  keys(target: string): string[] {
    const set = this.byTarget.get(target);
    return set ? [...set] : [];
  }

  private add(target: string, key: string): void {
    let set = this.byTarget.get(target);
    if (!set) this.byTarget.set(target, (set = new Set()));
    set.add(key);
  }

  /** Replaces the targets a key waits on. */
  replace(key: string, targets: string[]): void {
    for (const t of this.targetsOf.get(key) ?? []) this.byTarget.get(t)?.delete(key);
    if (targets.length === 0) this.targetsOf.delete(key);
    else this.targetsOf.set(key, targets);
    for (const t of targets) this.add(t, key);
  }
}

function randomHex(ctx: ControllerContext, words: number): string {
  let out = '';
  for (let i = 0; i < words; i++) out += ctx.random.int(0x100000000).toString(16).padStart(8, '0');
  return out;
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

  function forget(ctx: ControllerContext, key: string, rec: PodRecord | undefined): void {
    const state = kubeletStateOf(ctx.sim);
    if (rec) {
      if (rec.ip && state.nodes[rec.node]?.ips[rec.ip] === key) releasePodIp(state.nodes[rec.node]!, rec.ip);
    }
    delete state.pods[key];
    waiters.replace(key, []);
    podsByNode.replace(key, []);
  }

  function reconcilePod(key: string, ctx: ControllerContext): ReconcileResult {
    const { api, clock } = ctx;
    const { namespace, name } = splitKey(key);
    const state = kubeletStateOf(ctx.sim);
    let rec = state.pods[key];
    const pod = api.tryGet({ apiVersion: 'v1', kind: 'Pod', namespace, name }) as Obj | undefined;
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
    const node = api.tryGet({ apiVersion: 'v1', kind: 'Node', name: nodeName });
    if (!node || faultsOf(ctx.sim).failedNodes.includes(nodeName)) return done();
    const now = clock.nowMillis();
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
    const runtime = new PodRuntime(rec, runtimeEnv(ctx, pod as KubeObject, rec, blockedRefs));
    const hostIP = internalIpOf(node);
    const record = (type: 'Normal' | 'Warning', reason: string, message: string): void =>
      ctx.events.record(pod as KubeObject, type, reason, message, COMPONENT, nodeName);

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
        if (rec.blockedMessage !== problem.message) record('Warning', problem.reason, problem.message);
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
    const written = writeStatus(ctx, pod, runtime, hostIP) as Obj;
    const phase = written.status?.phase;
    if ((phase === 'Succeeded' || phase === 'Failed') && rec.ip && state.nodes[nodeName]?.ips[rec.ip] === key) {
      // The sandbox is torn down: its IP goes back to the pool, while status.podIP keeps showing it.
      releasePodIp(state.nodes[nodeName]!, rec.ip);
    }
    return next === undefined ? done() : after(next - now);
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

  function runtimeEnv(ctx: ControllerContext, pod: KubeObject, rec: PodRecord, blockedRefs: string[]): RuntimeEnv {
    const p = pod as Obj;
    const namespace = pod.metadata.namespace ?? 'default';
    const podName = pod.metadata.name ?? '';
    const nodeRec = nodeRecordOf(kubeletStateOf(ctx.sim), rec.node);
    const crashes = faultsOf(ctx.sim).crashes;
    const firstMain = String(p.spec?.containers?.[0]?.name ?? '');
    const crashKey = (container: string): string | undefined => {
      const exact = `${namespace}/${podName}/${container}`;
      if ((crashes[exact] ?? 0) > 0) return exact;
      const whole = `${namespace}/${podName}`;
      return container === firstMain && (crashes[whole] ?? 0) > 0 ? whole : undefined;
    };
    const runRaw = pod.metadata.annotations?.[SIM_ANNOTATIONS.runSeconds];
    return {
      pod,
      podFullName: `${podName}_${namespace}(${pod.metadata.uid ?? ''})`,
      pullMs: simSeconds(pod, SIM_ANNOTATIONS.pullSeconds, SIM_DEFAULTS.pullSeconds) * 1000,
      upMs: simSeconds(pod, SIM_ANNOTATIONS.startSeconds, SIM_DEFAULTS.startSeconds) * 1000,
      runMs: runRaw !== undefined
        ? simSeconds(pod, SIM_ANNOTATIONS.runSeconds, 0) * 1000
        : p.spec?.restartPolicy === 'Never' || p.spec?.restartPolicy === 'OnFailure'
          ? SIM_DEFAULTS.taskRunSeconds * 1000 // a run-to-completion pod (a Job's) finishes unless told otherwise
          : undefined,
      exitCode: Math.trunc(simSeconds(pod, SIM_ANNOTATIONS.exitCode, 0)),
      hasImage: (image) => nodeRec.images.includes(normalizeImage(image)),
      addImage: (image) => {
        const normalized = normalizeImage(image);
        if (!nodeRec.images.includes(normalized)) nodeRec.images.push(normalized);
      },
      isUnpullable: (image) => isImageUnpullable(ctx.sim, image),
      configErrorOf: (container) => {
        const check = checkContainerEnv(ctx.api, pod, container);
        if (check.error !== undefined) blockedRefs.push(...check.refs);
        return check.error;
      },
      pendingCrashes: (container) => {
        const k = crashKey(container);
        return k === undefined ? 0 : (crashes[k] ?? 0);
      },
      consumeCrash: (container) => {
        const k = crashKey(container);
        if (k === undefined) return;
        const left = (crashes[k] ?? 0) - 1;
        if (left > 0) crashes[k] = left;
        else delete crashes[k];
      },
      newContainerId: () => randomHex(ctx, 8),
      emit: (type, reason, message) => ctx.events.record(pod, type, reason, message, COMPONENT, rec.node),
    };
  }

  function writeStatus(ctx: ControllerContext, pod: Obj, runtime: PodRuntime, hostIP: string | undefined, final = false): KubeObject {
    const status = buildPodStatus(pod as KubeObject, runtime, { now: ctx.clock.nowMillis(), hostIP, final });
    if (isDeepStrictEqual(status, pod.status)) return pod as KubeObject;
    return ctx.api.update({ ...pod, status } as unknown as KubeObject, { subresource: 'status', fieldManager: COMPONENT });
  }

  return {
    name: KUBELET_CONTROLLER,
    watches: [
      mapped('v1', 'Pod', (pod) => {
        const nodeName = (pod as Obj).spec?.nodeName as string | undefined;
        if (!nodeName) return [];
        const key = objectKey(pod);
        podsByNode.replace(key, [nodeName]);
        return [key];
      }),
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
