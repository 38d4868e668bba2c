// A driver for the ApiServer's non-create write paths: `node --import tsx [--cpu-prof]
// bench/sim-api/write-paths.ts [APPS] [ROUNDS] [PHASES]` builds a cluster of APPS plan-apply Apps
// (apply + settle, so pods run and carry kubelet status), then times, on a bare ApiServer over a
// copy of that state (no controllers reacting): pod and ReplicaSet /status updates, no-op and
// one-field server-side applies (dry-run and real), strategic-merge and merge patches, and Event
// creates. Prints one line per phase. Not a suite with targets; a profiling aid.

import { performance } from 'node:perf_hooks';
import { synthesizeStack } from '../../lib/core/synth.ts';
import type { KubeObject } from '../../lib/k8s/types.ts';
import { ApiServer } from '../../lib/sim/api/api-server.ts';
import { VirtualClock } from '../../lib/sim/clock.ts';
import { SimCluster } from '../../lib/sim/sim-cluster.ts';
import { Store } from '../../lib/sim/store.ts';
import { buildModel } from '../plan-apply/model.ts';

type Obj = Record<string, any>;

/** One timed phase: `count` operations in `ms` milliseconds. */
export interface WritePathResult {
  readonly phase: string;
  readonly count: number;
  readonly ms: number;
  /** CPU time of the phase (user + system): steadier than wall time on a busy machine. */
  readonly cpuMs: number;
}

function keyOf(obj: KubeObject): { apiVersion: string; kind: string; namespace?: string; name: string } {
  return { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' };
}

/** The desired objects of `apps` plan-apply Apps, in apply order (the Namespace first). */
function buildDesired(apps: number, changed = 0): KubeObject[] {
  return synthesizeStack(buildModel(apps, changed)).objects.map((o) => o.object as KubeObject);
}

/** A bare ApiServer over a copy of a settled cluster with `apps` Apps. */
function buildServer(apps: number): { api: ApiServer; desired: KubeObject[] } {
  const sim = SimCluster.create({ shape: { nodes: Math.max(2, Math.ceil(apps / 50)) } });
  const desired = buildDesired(apps);
  for (const obj of desired) sim.api.patch(keyOf(obj), 'apply', obj, { fieldManager: 'shipshape', force: false });
  sim.settle({ timeoutMs: 10 * 60_000 });
  const snapshot = sim.api.store.snapshot();
  const clock = new VirtualClock(sim.clock.nowMillis());
  const api = new ApiServer({ store: Store.restore(snapshot), clock });
  return { api, desired };
}

function time(results: WritePathResult[], phase: string, run: () => number): void {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const count = run();
  const used = process.cpuUsage(cpu);
  results.push({ phase, count, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 });
}

/** One phase: a name and what one round of it does (returns the operations it made). */
interface Phase {
  readonly name: string;
  readonly round: (r: number) => number;
}

function buildPhases(api: ApiServer, apps: number, desired: KubeObject[]): Phase[] {
  const pods = (): KubeObject[] => api.list({ apiVersion: 'v1', kind: 'Pod', namespace: 'bench' }).items;
  const changedDesired = buildDesired(apps, apps);
  const applyAll = (objects: KubeObject[], dryRun: boolean): number => {
    for (const obj of objects) api.patch(keyOf(obj), 'apply', obj, { fieldManager: 'shipshape', force: false, dryRun });
    return objects.length;
  };
  return [
    { name: 'pod-status update', round(r) {
      let n = 0;
      for (const pod of pods()) {
        const status = structuredClone((pod as Obj).status) as Obj;
        const ready = status.conditions?.find((c: Obj) => c.type === 'Ready');
        if (ready) {
          ready.status = ready.status === 'True' ? 'False' : 'True';
          ready.lastTransitionTime = api.clock.nowIso();
        }
        if (status.containerStatuses?.[0]) status.containerStatuses[0].restartCount = r + 1;
        api.update({ ...pod, status } as KubeObject, { subresource: 'status', fieldManager: 'kubelet' });
        n++;
      }
      return n;
    } },
    { name: 'rs-status update', round(r) {
      let n = 0;
      for (const rs of api.list({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'bench' }).items) {
        const status = { ...(rs as Obj).status, readyReplicas: r % 2, availableReplicas: r % 2 };
        api.update({ ...rs, status } as KubeObject, { subresource: 'status', fieldManager: 'kube-controller-manager' });
        n++;
      }
      return n;
    } },
    { name: 'ssa-noop-dry apply', round: () => applyAll(desired, true) },
    { name: 'ssa-noop apply', round: () => applyAll(desired, false) },
    { name: 'ssa-change-dry apply', round: () => applyAll(changedDesired, true) },
    { name: 'ssa-change apply', round: (r) => applyAll(r % 2 === 0 ? changedDesired : desired, false) },
    { name: 'strategic patch', round(r) {
      let n = 0;
      for (const d of api.list({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'bench' }).items) {
        const body = { spec: { template: { spec: { containers: [{ name: d.metadata.name, image: `registry.example.com/shop/web:2.${r}` }] } } } };
        api.patch(keyOf(d), 'strategic', body, { fieldManager: 'kubectl' });
        n++;
      }
      return n;
    } },
    { name: 'merge patch', round(r) {
      let n = 0;
      for (const cm of api.list({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'bench' }).items) {
        api.patch(keyOf(cm), 'merge', { metadata: { labels: { round: String(r) } }, data: { EXTRA: String(r) } }, { fieldManager: 'kubectl' });
        n++;
      }
      return n;
    } },
    { name: 'event create', round(r) {
      let n = 0;
      const now = api.clock.nowIso();
      for (const pod of pods()) {
        api.create({
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: `${pod.metadata.name}.${r.toString(16).padStart(12, '0')}`, namespace: 'bench' },
          involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, namespace: 'bench', uid: pod.metadata.uid, resourceVersion: pod.metadata.resourceVersion },
          reason: 'Pulled',
          message: 'Container image "nginx" already present on machine',
          type: 'Normal',
          source: { component: 'kubelet', host: 'node-1' },
          reportingComponent: 'kubelet',
          reportingInstance: 'node-1',
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
        } as KubeObject, { fieldManager: 'kubelet' });
        n++;
      }
      return n;
    } },
  ];
}

/**
 * Runs the phases (all, or those whose names start with one of `only`) and returns their timings:
 * each runs one untimed warm-up round, then `rounds` timed ones, the virtual clock 1 s on per round.
 */
export function runWritePaths(apps: number, rounds: number, only?: readonly string[]): WritePathResult[] {
  const { api, desired } = buildServer(apps);
  const results: WritePathResult[] = [];
  for (const phase of buildPhases(api, apps, desired)) {
    if (only && !only.some((o) => phase.name.startsWith(o))) continue;
    api.clock.advance(1000);
    phase.round(0);
    time(results, phase.name, () => {
      let n = 0;
      for (let r = 1; r <= rounds; r++) {
        api.clock.advance(1000);
        n += phase.round(r);
      }
      return n;
    });
  }
  return results;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const apps = Number(process.argv[2] ?? '500');
  const rounds = Number(process.argv[3] ?? '4');
  const only = process.argv[4]?.split(',');
  for (const r of runWritePaths(apps, rounds, only)) {
    const rate = Math.round((r.count * 1000) / r.cpuMs).toString().padStart(8);
    console.log(`${r.phase.padEnd(22)} ${String(r.count).padStart(7)} ops ${r.ms.toFixed(0).padStart(7)} ms wall ${r.cpuMs.toFixed(0).padStart(7)} ms CPU ${rate} ops/CPU-s`);
  }
}
