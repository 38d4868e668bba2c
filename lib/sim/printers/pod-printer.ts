// kubectl's pod columns (NAME READY STATUS RESTARTS AGE; wide IP NODE NOMINATED NODE READINESS
// GATES) with upstream's STATUS rules: Init:N/M, Init:<reason>, the last container's waiting or
// terminated reason, Completed→Running while a container still runs, Terminating, Unknown.

import type { KubeObject } from '../../k8s/types.ts';
import { formatHumanDuration, int } from './format.ts';
import { AGE_COLUMN, column, NAME_COLUMN, type Obj, type PrintContext, type Printer, type TableCell, type TableRowCondition } from './table.ts';
import { isDeeplyFrozen } from '../json-cache.ts';

/** The reason the node controller gives pods on a lost node. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

/** What the STATUS, READY and RESTARTS columns show for a pod. */
export interface PodSummary {
  readonly ready: string;
  readonly status: string;
  readonly restarts: string;
}

function isRestartableInit(container: Obj | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function conditionTrue(pod: Obj, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c: Obj) => c.type === type && c.status === 'True');
}

function terminatedReason(terminated: Obj, prefix: string): string {
  if (terminated.reason) return `${prefix}${terminated.reason}`;
  return terminated.signal ? `${prefix}Signal:${terminated.signal}` : `${prefix}ExitCode:${int(terminated.exitCode)}`;
}

function finishedAt(status: Obj): number {
  const at = Date.parse(status.lastState?.terminated?.finishedAt ?? '');
  return Number.isFinite(at) ? at : 0;
}

/** What the pod printer derives from a pod alone (RESTARTS' "ago" also needs the clock). */
interface PodCounts {
  readonly ready: string;
  readonly status: string;
  readonly restarts: number;
  readonly lastRestart: number;
  /** creationTimestamp in ms; NaN when unset or unreadable (AGE shows `<unknown>`). */
  readonly createdAt: number;
}

// Counts by pod: stored pods are frozen, so a pod's counts never change (kubectl get lists them often).
const countsByPod = new WeakMap<object, PodCounts>();

/** Computes READY, STATUS and RESTARTS the way kube-apiserver's pod printer does. */
export function summarizePod(pod: KubeObject, now: number): PodSummary {
  const counts = countsOf(pod);
  const { restarts, lastRestart } = counts;
  const restartText = restarts !== 0 && lastRestart !== 0 ? `${restarts} (${formatHumanDuration(now - lastRestart)} ago)` : String(restarts);
  return { ready: counts.ready, status: counts.status, restarts: restartText };
}

function countsOf(pod: KubeObject): PodCounts {
  let counts = countsByPod.get(pod);
  if (!counts) {
    counts = countPod(pod);
    if (isDeeplyFrozen(pod)) countsByPod.set(pod, counts);
  }
  return counts;
}

function countPod(pod: KubeObject): PodCounts {
  const p = pod as Obj;
  const spec: Obj = p.spec ?? {};
  const status: Obj = p.status ?? {};
  const phase: string = status.phase ?? '';
  let reason: string = status.reason || phase;
  if ((status.conditions ?? []).some((c: Obj) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  const initSpecs = new Map<string, Obj>((spec.initContainers ?? []).map((c: Obj) => [String(c.name), c]));
  const total = (spec.containers ?? []).length + [...initSpecs.values()].filter(isRestartableInit).length;
  let ready = 0;
  let restarts = 0;
  let restartableRestarts = 0;
  let lastRestart = 0;
  let lastRestartableRestart = 0;

  let initializing = false;
  const initStatuses: Obj[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    const restartable = isRestartableInit(initSpecs.get(String(c.name)));
    restarts += int(c.restartCount);
    lastRestart = Math.max(lastRestart, finishedAt(c));
    if (restartable) {
      restartableRestarts += int(c.restartCount);
      lastRestartableRestart = Math.max(lastRestartableRestart, finishedAt(c));
    }
    const state: Obj = c.state ?? {};
    if (state.terminated && int(state.terminated.exitCode) === 0) continue;
    if (restartable && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (state.terminated) reason = terminatedReason(state.terminated, 'Init:');
    else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') reason = `Init:${state.waiting.reason}`;
    else reason = `Init:${i}/${initSpecs.size}`;
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(p, 'Initialized')) {
    restarts = restartableRestarts;
    lastRestart = lastRestartableRestart;
    let hasRunning = false;
    const statuses: Obj[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      const state: Obj = c.state ?? {};
      restarts += int(c.restartCount);
      lastRestart = Math.max(lastRestart, finishedAt(c));
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated) reason = terminatedReason(state.terminated, '');
      else if (c.ready && state.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(p, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  const created = pod.metadata.creationTimestamp;
  const createdAt = typeof created === 'string' && created !== '' ? Date.parse(created) : NaN;
  return { ready: `${ready}/${total}`, status: reason, restarts, lastRestart, createdAt };
}

/** formatAge() of an already parsed timestamp (NaN: `<unknown>`). */
function formatAgeSince(at: number, now: number): string {
  return Number.isFinite(at) ? formatHumanDuration(now - at) : '<unknown>';
}

function readinessGates(p: Obj): string {
  const gates: Obj[] = p.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions: Obj[] = p.status?.conditions ?? [];
  const passed = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${passed}/${gates.length}`;
}

/** The pod printer. */
export const podPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE_COLUMN,
    column('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', { wide: true }),
    column('Node', 'NodeName indicates in which node this pod is scheduled.', { wide: true }),
    column('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.', { wide: true }),
    column('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', { wide: true }),
  ],
  cells(pod: KubeObject, ctx: PrintContext): TableCell[] {
    const p = pod as Obj;
    const summary = summarizePod(pod, ctx.now);
    const ip: string = p.status?.podIPs?.[0]?.ip || p.status?.podIP || '<none>';
    return [
      pod.metadata.name ?? '',
      summary.ready,
      summary.status,
      summary.restarts,
      formatAgeSince(countsOf(pod).createdAt, ctx.now),
      ip,
      p.spec?.nodeName || '<none>',
      p.status?.nominatedNodeName || '<none>',
      readinessGates(p),
    ];
  },
  conditions(pod: KubeObject): TableRowCondition[] | undefined {
    const phase = (pod as Obj).status?.phase;
    if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};
