// The sim-api workload: N ConfigMaps and Pods created, listed by label selector, apply-patched,
// and patched again under 100 watchers, run against either the ApiServer (the real write path:
// defaults, validation, managedFields) or the raw Store. Timing and peak RSS per phase; no output.

import { performance } from 'node:perf_hooks';
import { ApiServer } from '../../lib/sim/api/api-server.ts';
import { bootstrapCluster } from '../../lib/sim/bootstrap.ts';
import { Store } from '../../lib/sim/store.ts';
import type { KubeObject } from '../../lib/k8s/types.ts';

/** Which write path a run measures. */
export type WritePath = 'api' | 'store';

/** `mixed`: ConfigMaps and Pods half and half, every phase. `pods`: N Pods created, nothing else. */
export type Scenario = 'mixed' | 'pods';

/** The sizes of one run. */
export interface WorkloadPlan {
  readonly objects: number;
  readonly lists: number;
  readonly patches: number;
  readonly watchers: number;
}

/** One measured phase. */
export interface PhaseResult {
  readonly operation: string;
  readonly count: number;
  readonly seconds: number;
  /** process.resourceUsage().maxRSS at the end of the phase, in MiB (the process peak so far). */
  readonly peakRssMiB: number;
}

const NAMESPACES = 10;
const APPS = 100;

/** What a phase needs from a write path. */
interface Target {
  create(obj: KubeObject): void;
  countList(kind: 'ConfigMap' | 'Pod', labelSelector: string): number;
  applyLabels(kind: 'ConfigMap' | 'Pod', namespace: string, name: string, value: string): void;
  watchConfigMaps(listener: () => void): { stop(): void };
}

function namespaceOf(i: number): string {
  return `bench-${i % NAMESPACES}`;
}

/** Object i: ConfigMap `cm-i` when `pods` is false and i is even, else Pod `pod-i`. */
export function buildObject(i: number, allPods: boolean): KubeObject {
  const metadata = { name: '', namespace: namespaceOf(i), labels: { app: `app-${Math.floor(i / 2) % APPS}`, tier: i % 3 === 0 ? 'web' : 'backend' } };
  if (!allPods && i % 2 === 0) {
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...metadata, name: `cm-${i}` }, data: { 'app.properties': `index=${i}\nmode=bench\n`, color: 'blue' } };
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...metadata, name: `pod-${i}` },
    spec: {
      containers: [{
        name: 'app',
        image: 'registry.example.com/app:1.2.3',
        ports: [{ name: 'http', containerPort: 8080 }],
        env: [{ name: 'INDEX', value: String(i) }],
        resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
      }],
    },
  };
}

function createApiTarget(): Target {
  const api = new ApiServer();
  bootstrapCluster(api);
  for (let n = 0; n < NAMESPACES; n++) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `bench-${n}` } });
  return {
    create: (obj) => void api.create(obj, { fieldManager: 'bench' }),
    countList: (kind, labelSelector) => api.list({ apiVersion: 'v1', kind, labelSelector }).items.length,
    applyLabels(kind, namespace, name, value) {
      const body: Record<string, unknown> = { apiVersion: 'v1', kind, metadata: { name, namespace, labels: { patched: value } } };
      if (kind === 'ConfigMap') body.data = { patched: value };
      api.patch({ apiVersion: 'v1', kind, namespace, name }, 'apply', body, { fieldManager: 'bench-apply', force: true });
    },
    watchConfigMaps: (listener) => api.watch({ apiVersion: 'v1', kind: 'ConfigMap', resourceVersion: String(api.store.resourceVersion) }, listener),
  };
}

function createStoreTarget(): Target {
  const store = new Store();
  return {
    create: (obj) => void store.create(obj),
    countList: (kind, labelSelector) => store.list({ apiVersion: 'v1', kind, labelSelector }).items.length,
    // The raw store has no patch: read, copy with the label (and data) set, write back.
    applyLabels(kind, namespace, name, value) {
      const current = store.get({ apiVersion: 'v1', kind, namespace, name }) as KubeObject & { data?: Record<string, string> };
      const next: Record<string, unknown> = { ...current, metadata: { ...current.metadata, labels: { ...current.metadata.labels, patched: value } } };
      if (kind === 'ConfigMap') next.data = { ...current.data, patched: value };
      store.update(next as KubeObject, { expectedResourceVersion: current.metadata.resourceVersion });
    },
    watchConfigMaps: (listener) => store.watch({ apiVersion: 'v1', kind: 'ConfigMap', resourceVersion: String(store.resourceVersion) }, listener),
  };
}

function readPeakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function timePhase(operation: string, count: number, body: () => void): PhaseResult {
  const start = performance.now();
  body();
  const seconds = (performance.now() - start) / 1000;
  return { operation, count, seconds, peakRssMiB: readPeakRssMiB() };
}

/** The names of the first `count` objects of a kind, for the patch phases. */
function listPatchTargets(kind: 'ConfigMap' | 'Pod', count: number, total: number): Array<{ namespace: string; name: string }> {
  const out: Array<{ namespace: string; name: string }> = [];
  for (let i = kind === 'ConfigMap' ? 0 : 1; i < total && out.length < count; i += 2) {
    out.push({ namespace: namespaceOf(i), name: `${kind === 'ConfigMap' ? 'cm' : 'pod'}-${i}` });
  }
  return out;
}

/** Runs the workload on one write path and returns its phases, in order. */
export function runWorkload(path: WritePath, scenario: Scenario, plan: WorkloadPlan): PhaseResult[] {
  const target = path === 'api' ? createApiTarget() : createStoreTarget();
  const allPods = scenario === 'pods';
  const objects = Array.from({ length: plan.objects }, (_, i) => buildObject(i, allPods));
  const phases: PhaseResult[] = [{ operation: 'baseline (objects built)', count: 0, seconds: 0, peakRssMiB: readPeakRssMiB() }];
  phases.push(timePhase(allPods ? 'create Pods' : 'create ConfigMaps + Pods', plan.objects, () => {
    for (const obj of objects) target.create(obj);
  }));
  objects.length = 0;
  if (allPods) return phases;

  let listed = 0;
  phases.push(timePhase('list by label selector', plan.lists, () => {
    for (let k = 0; k < plan.lists; k++) listed += target.countList(k % 2 === 0 ? 'ConfigMap' : 'Pod', `app=app-${k % APPS}`);
  }));
  if (plan.lists > 0 && listed === 0) throw new Error('list by label selector matched nothing');

  const half = Math.floor(plan.patches / 2);
  const cms = listPatchTargets('ConfigMap', plan.patches - half, plan.objects);
  const pods = listPatchTargets('Pod', half, plan.objects);
  phases.push(timePhase('apply-patch ConfigMaps + Pods', cms.length + pods.length, () => {
    for (const t of cms) target.applyLabels('ConfigMap', t.namespace, t.name, 'r1');
    for (const t of pods) target.applyLabels('Pod', t.namespace, t.name, 'r1');
  }));

  const fanout = listPatchTargets('ConfigMap', plan.patches, plan.objects);
  let delivered = 0;
  const handles = Array.from({ length: plan.watchers }, () => target.watchConfigMaps(() => void delivered++));
  const patched = timePhase(`apply-patch ConfigMaps, ${plan.watchers} watchers`, fanout.length, () => {
    for (const t of fanout) target.applyLabels('ConfigMap', t.namespace, t.name, 'r2');
  });
  for (const h of handles) h.stop();
  if (delivered !== fanout.length * plan.watchers) throw new Error(`watch fan-out delivered ${delivered} events, expected ${fanout.length * plan.watchers}`);
  phases.push(patched, { ...patched, operation: 'watch events delivered', count: delivered });
  return phases;
}
