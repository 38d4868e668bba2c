// The HorizontalPodAutoscaler's metric step: simulated resource metrics (the CPU load knob of the
// target, or a pod's `sim.shipshape.dev/cpu-usage` annotation, for Running pods), and the replica
// calculator (utilization and average-value targets, 10% tolerance, unready and missing pods) with
// the real error texts. Custom, object and external metrics always fail, as with no adapter installed.

import { formatMillis, parseMillis } from '../../k8s/quantity.ts';
import type { KubeObject } from '../../k8s/types.ts';
import { findCondition, type Condition } from '../conditions.ts';
import { faultsOf, SIM_ANNOTATIONS } from '../knobs.ts';
import type { ControllerContext } from './controller.ts';

type Obj = Record<string, any>;

/** The controller's tolerance around the target ratio. */
export const HPA_TOLERANCE = 0.1;
/** Pods younger than this may still be warming up (the controller's cpuInitializationPeriod). */
const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
/** A pod that was not ready this soon after start never counted as ready (delayOfInitialReadinessStatus). */
const INITIAL_READINESS_DELAY_MS = 30_000;
/** The window of one metrics sample. */
const METRIC_WINDOW_MS = 15_000;

/** What the HPA scales: a namespace, kind and name (`faultsOf(...).cpuLoad` key `ns/Kind/name`). */
export interface ScaleTarget {
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
}

/** A metric that produced a replica count. */
export interface MetricProposal {
  readonly ok: true;
  readonly replicas: number;
  /** `cpu resource utilization (percentage of request)`, as events and conditions name it. */
  readonly metricName: string;
  /** The `status.currentMetrics` entry. */
  readonly status: Obj;
}

/** A metric that failed. */
export interface MetricFailure {
  readonly ok: false;
  /** The ScalingActive reason and event reason, e.g. `FailedGetResourceMetric`. */
  readonly reason: string;
  /** The error text (event message; the condition prefixes it). */
  readonly error: string;
  /** The error as computeReplicasForMetrics wraps it for FailedComputeMetricsReplicas. */
  readonly wrapped: string;
}

/** The metrics an HPA uses: spec.metrics, a v1 target percentage, or the default 80% CPU. */
export function metricSpecsOf(hpa: KubeObject): Obj[] {
  const spec = ((hpa as Obj).spec ?? {}) as Obj;
  if (Array.isArray(spec.metrics) && spec.metrics.length > 0) return spec.metrics as Obj[];
  const percent = spec.targetCPUUtilizationPercentage ?? 80;
  return [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: percent } } }];
}

/** True when simulated metrics exist for the target (the load knob is set, or a pod reports usage). */
export function hasLoadKnob(ctx: ControllerContext, target: ScaleTarget): boolean {
  return faultsOf(ctx.sim).cpuLoad[`${target.namespace}/${target.kind}/${target.name}`] !== undefined;
}

/** CPU millicores a pod requests, or undefined with the name of the container missing a request. */
function podCpuRequest(pod: KubeObject): { millis: number } | { missing: string } {
  let total = 0;
  for (const c of (((pod as Obj).spec?.containers ?? []) as Obj[])) {
    const request = c.resources?.requests?.cpu;
    if (request === undefined) return { missing: String(c.name) };
    total += parseMillis(request);
  }
  return { millis: total };
}

/** Simulated CPU usage per Running pod, by name (what metrics-server would return). */
function readPodMetrics(ctx: ControllerContext, target: ScaleTarget, pods: readonly KubeObject[]): Map<string, number> {
  const load = faultsOf(ctx.sim).cpuLoad[`${target.namespace}/${target.kind}/${target.name}`];
  const out = new Map<string, number>();
  for (const pod of pods) {
    if ((pod as Obj).status?.phase !== 'Running') continue;
    const annotated = Number(pod.metadata.annotations?.[SIM_ANNOTATIONS.cpuUsage] ?? NaN);
    if (Number.isFinite(annotated) && annotated >= 0) out.set(pod.metadata.name ?? '', Math.round(annotated));
    else if (load !== undefined) {
      const request = podCpuRequest(pod);
      out.set(pod.metadata.name ?? '', 'millis' in request ? Math.round((request.millis * load) / 100) : 0);
    }
  }
  return out;
}

interface PodGroups {
  readyCount: number;
  unready: Set<string>;
  missing: Set<string>;
  ignored: Set<string>;
}

/** Sorts pods as groupPods does: ignored (deleted, failed), unready (pending, warming up), missing metrics, ready. */
function groupPods(pods: readonly KubeObject[], metrics: ReadonlyMap<string, number>, nowMs: number): PodGroups {
  const groups: PodGroups = { readyCount: 0, unready: new Set(), missing: new Set(), ignored: new Set() };
  for (const pod of pods) {
    const name = pod.metadata.name ?? '';
    const status = ((pod as Obj).status ?? {}) as Obj;
    if (pod.metadata.deletionTimestamp || status.phase === 'Failed') groups.ignored.add(name);
    else if (status.phase === 'Pending') groups.unready.add(name);
    else if (!metrics.has(name)) groups.missing.add(name);
    else {
      const ready = findCondition(status.conditions as Condition[] | undefined, 'Ready');
      const started = Date.parse(status.startTime ?? '');
      let unready: boolean;
      if (!ready || !Number.isFinite(started)) unready = true;
      else {
        const transition = Date.parse(ready.lastTransitionTime ?? '') || 0;
        if (started + CPU_INITIALIZATION_PERIOD_MS > nowMs) unready = ready.status === 'False' || nowMs < transition + METRIC_WINDOW_MS;
        else unready = ready.status === 'False' && started + INITIAL_READINESS_DELAY_MS > transition;
      }
      if (unready) groups.unready.add(name);
      else groups.readyCount++;
    }
  }
  return groups;
}

/** Utilization of `metrics` against `requests`: [ratio, utilization %, average usage in millicores]. */
function utilizationRatio(metrics: ReadonlyMap<string, number>, requests: ReadonlyMap<string, number>, target: number): [number, number, number] | undefined {
  let used = 0;
  let requested = 0;
  let entries = 0;
  for (const [name, value] of metrics) {
    const request = requests.get(name);
    if (request === undefined) continue;
    used += value;
    requested += request;
    entries++;
  }
  if (requested === 0) return undefined;
  const utilization = Math.trunc((used * 100) / requested);
  return [utilization / target, utilization, Math.trunc(used / entries)];
}

/** The replica count for a CPU utilization target (GetResourceReplicas). */
function cpuUtilizationReplicas(current: number, target: number, pods: readonly KubeObject[], raw: Map<string, number>, nowMs: number): { replicas: number; utilization: number; average: number } | string {
  const metrics = new Map(raw);
  const groups = groupPods(pods, metrics, nowMs);
  for (const name of [...groups.ignored, ...groups.unready]) metrics.delete(name);
  if (metrics.size === 0) return 'did not receive metrics for targeted pods (pods might be unready)';
  const requests = new Map<string, number>();
  for (const pod of pods) {
    const request = podCpuRequest(pod);
    if ('missing' in request) return `missing request for cpu in container ${request.missing} of Pod ${pod.metadata.name}`;
    requests.set(pod.metadata.name ?? '', request.millis);
  }
  const first = utilizationRatio(metrics, requests, target);
  if (!first) return 'no metrics returned matched known pods';
  const [ratio, utilization, average] = first;
  const scaleUpWithUnready = groups.unready.size > 0 && ratio > 1;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    if (Math.abs(1 - ratio) <= HPA_TOLERANCE) return { replicas: current, utilization, average };
    return { replicas: Math.ceil(ratio * groups.readyCount), utilization, average };
  }
  if (groups.missing.size > 0) {
    const fallback = ratio < 1 ? Math.max(100, target) : 0;
    for (const name of groups.missing) metrics.set(name, ratio < 1 ? Math.trunc(((requests.get(name) ?? 0) * fallback) / 100) : 0);
  }
  if (scaleUpWithUnready) for (const name of groups.unready) metrics.set(name, 0);
  const [newRatio] = utilizationRatio(metrics, requests, target) ?? [ratio];
  if (Math.abs(1 - newRatio) <= HPA_TOLERANCE || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) return { replicas: current, utilization, average };
  const replicas = Math.ceil(newRatio * metrics.size);
  if ((newRatio < 1 && replicas > current) || (newRatio > 1 && replicas < current)) return { replicas: current, utilization, average };
  return { replicas, utilization, average };
}

/** The replica count for a CPU average-value target in millicores (GetRawResourceReplicas). */
function cpuAverageValueReplicas(current: number, targetMillis: number, pods: readonly KubeObject[], raw: Map<string, number>, nowMs: number): { replicas: number; average: number } | string {
  const metrics = new Map(raw);
  const groups = groupPods(pods, metrics, nowMs);
  for (const name of [...groups.ignored, ...groups.unready]) metrics.delete(name);
  if (metrics.size === 0) return 'did not receive metrics for targeted pods (pods might be unready)';
  let used = 0;
  for (const value of metrics.values()) used += value;
  const average = Math.trunc(used / metrics.size);
  const ratio = used / (targetMillis * metrics.size);
  if (Math.abs(1 - ratio) <= HPA_TOLERANCE) return { replicas: current, average };
  return { replicas: Math.ceil(ratio * groups.readyCount || ratio * metrics.size), average };
}

function failure(reason: string, error: string, wrapped: string): MetricFailure {
  return { ok: false, reason, error, wrapped };
}

/** Computes one metric's replica proposal for the target's pods. */
export function computeMetric(ctx: ControllerContext, metric: Obj, current: number, target: ScaleTarget, pods: readonly KubeObject[]): MetricProposal | MetricFailure {
  const nowMs = ctx.clock.nowMillis();
  if (metric.type === 'Resource' || metric.type === 'ContainerResource') {
    const source = (metric.type === 'Resource' ? metric.resource : metric.containerResource) ?? {};
    const resource = String(source.name ?? 'cpu');
    const targetSpec = (source.target ?? {}) as Obj;
    const reason = metric.type === 'Resource' ? 'FailedGetResourceMetric' : 'FailedGetContainerResourceMetric';
    const raw = resource === 'cpu' && metric.type === 'Resource' ? readPodMetrics(ctx, target, pods) : new Map<string, number>();
    const what = targetSpec.type === 'AverageValue' ? 'usage' : 'utilization';
    const fail = (detail: string): MetricFailure => {
      const error = `failed to get ${resource} ${what}: ${detail}`;
      return failure(reason, error, `failed to get ${resource} resource metric value: ${error}`);
    };
    if (raw.size === 0) return fail(`unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`);
    if (pods.length === 0) return fail('no pods returned by selector while calculating replica count');
    if (targetSpec.type === 'AverageValue') {
      const result = cpuAverageValueReplicas(current, parseMillis(targetSpec.averageValue ?? '0'), pods, raw, nowMs);
      if (typeof result === 'string') return fail(result);
      const status = { type: 'Resource', resource: { name: resource, current: { averageValue: formatMillis(result.average) } } };
      return { ok: true, replicas: result.replicas, metricName: `${resource} resource`, status };
    }
    const result = cpuUtilizationReplicas(current, Number(targetSpec.averageUtilization ?? 80), pods, raw, nowMs);
    if (typeof result === 'string') return fail(result);
    const status = { type: 'Resource', resource: { name: resource, current: { averageUtilization: result.utilization, averageValue: formatMillis(result.average) } } };
    return { ok: true, replicas: result.replicas, metricName: `${resource} resource utilization (percentage of request)`, status };
  }
  const name = String(metric.pods?.metric?.name ?? metric.object?.metric?.name ?? metric.external?.metric?.name ?? '');
  const noCustom = 'unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered';
  if (metric.type === 'Pods') {
    const error = `unable to get metric ${name}: ${noCustom}`;
    return failure('FailedGetPodsMetric', error, `failed to get pods metric value: ${error}`);
  }
  if (metric.type === 'Object') {
    const described = metric.object?.describedObject ?? {};
    const error = `unable to get metric ${name}: ${described.kind ?? ''} on ${target.namespace} ${described.name ?? ''}/${noCustom}`;
    return failure('FailedGetObjectMetric', error, `failed to get object metric value: ${error}`);
  }
  if (metric.type === 'External') {
    const error = `unable to get external metric ${target.namespace}/${name}/nil: unable to fetch metrics from external metrics API: no external metrics API (external.metrics.k8s.io) registered`;
    return failure('FailedGetExternalMetric', error, `failed to get external metric value: ${error}`);
  }
  const error = `unknown metric source type "${String(metric.type ?? '')}"`;
  return failure('InvalidMetricSourceType', error, error);
}
