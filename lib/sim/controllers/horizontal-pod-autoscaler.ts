// The HorizontalPodAutoscaler controller (autoscaling/v2): reads the target's scale subresource,
// computes replicas from simulated metrics, applies behavior (stabilization, rate policies) and
// min/max, writes the scale, and reports status, conditions and events as the real controller.
// It polls every 15 s only while the target has simulated metrics; otherwise it waits for changes.

import { isDeepStrictEqual } from 'node:util';
import { splitApiVersion } from '../../k8s/kinds.ts';
import type { KubeObject } from '../../k8s/types.ts';
import type { Scale } from '../api/scale.ts';
import { setCondition, type Condition } from '../conditions.ts';
import { SIM_ANNOTATIONS } from '../knobs.ts';
import { after, done, kind, mapped, splitKey, type Controller, type ControllerContext, type ReconcileResult } from './controller.ts';
import { normalizeReplicas, recordScaleEvent, type HpaMemory } from './horizontal-pod-autoscaler-behavior.ts';
import { computeMetric, hasLoadKnob, metricSpecsOf, type MetricFailure, type MetricProposal, type ScaleTarget } from './horizontal-pod-autoscaler-metrics.ts';

type Obj = Record<string, any>;

/** The controller's name in the manager. */
export const HPA_CONTROLLER = 'horizontal-pod-autoscaler';
/** How often an HPA with metrics is evaluated (--horizontal-pod-autoscaler-sync-period). */
export const HPA_SYNC_PERIOD_MS = 15_000;

const COMPONENT = 'horizontal-pod-autoscaler';
const FIELD_MANAGER = 'kube-controller-manager';
const HPA = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' } as const;
const TARGET_KINDS: ReadonlyArray<readonly [string, string]> = [['apps/v1', 'Deployment'], ['apps/v1', 'StatefulSet'], ['apps/v1', 'ReplicaSet'], ['v1', 'ReplicationController']];

interface Memory extends HpaMemory {
  lastSyncMs?: number;
  generation?: number;
  polling?: boolean;
  /** What the last sync saw of the target: `missing` or `replicas:N`. */
  targetState?: string;
  /** True when the last sync found no metrics and no load knob. */
  waitingForMetrics?: boolean;
}

/** What a sync learned. */
interface SyncOutcome {
  readonly polling: boolean;
  readonly targetState: string;
  readonly waitingForMetrics?: boolean;
}

/** The per-HPA memory of one simulation, by `namespace/name`. */
function memoriesOf(ctx: ControllerContext): Record<string, Memory> {
  let all = ctx.sim.values.get('hpaMemory') as Record<string, Memory> | undefined;
  if (!all) ctx.sim.values.set('hpaMemory', (all = {}));
  return all;
}

/** The reconcile key that wakes every HPA targeting an object: `namespace/Kind/name`. */
export function targetKeyOf(namespace: string, kindName: string, name: string): string {
  return `${namespace}/${kindName}/${name}`;
}

class Sync {
  conditions: Condition[];
  constructor(
    readonly ctx: ControllerContext,
    readonly hpa: KubeObject,
  ) {
    this.conditions = [...(((hpa as Obj).status?.conditions ?? []) as Condition[])];
  }
  set(type: string, status: 'True' | 'False', reason: string, message: string): void {
    this.conditions = setCondition(this.conditions, { type, status, reason, message }, this.ctx.clock.nowIso());
  }
  warn(reason: string, message: string): void {
    this.ctx.events.record(this.hpa, 'Warning', reason, message, COMPONENT);
  }
  write(fields: Obj): void {
    const status: Obj = { currentReplicas: 0, desiredReplicas: 0, ...fields };
    const old = (this.hpa as Obj).status?.lastScaleTime;
    if (status.lastScaleTime === undefined && old) status.lastScaleTime = old;
    if (this.conditions.length > 0) status.conditions = this.conditions;
    if (isDeepStrictEqual((this.hpa as Obj).status ?? {}, status)) return;
    this.ctx.api.update({ ...structuredClone(this.hpa), status } as KubeObject, { subresource: 'status', fieldManager: FIELD_MANAGER });
  }
}

/** Reads the target's scale; a string is the error text. */
function readScale(ctx: ControllerContext, hpa: KubeObject): { scale: Scale; apiVersion: string; target: ScaleTarget } | string {
  const ref = ((hpa as Obj).spec?.scaleTargetRef ?? {}) as Obj;
  const { group } = splitApiVersion(String(ref.apiVersion ?? ''));
  const kindName = String(ref.kind ?? '');
  const info = ctx.api.resources.tryFindGroupKind(group, kindName);
  if (!info) return `no matches for kind "${kindName}" in group "${group}"`;
  const target = { namespace: hpa.metadata.namespace ?? 'default', kind: kindName, name: String(ref.name ?? '') };
  try {
    return { scale: ctx.api.getScale({ apiVersion: info.apiVersion, kind: kindName, namespace: target.namespace, name: target.name }), apiVersion: info.apiVersion, target };
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** One evaluation of an HPA (reconcileAutoscaler). */
function syncHpa(ctx: ControllerContext, hpa: KubeObject, memory: Memory): SyncOutcome {
  const s = new Sync(ctx, hpa);
  const spec = ((hpa as Obj).spec ?? {}) as Obj;
  const prevDesired = Number((hpa as Obj).status?.desiredReplicas ?? 0);
  const read = readScale(ctx, hpa);
  if (typeof read === 'string') {
    s.warn('FailedGetScale', read);
    s.set('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${read}`);
    s.write({ currentReplicas: Number((hpa as Obj).status?.currentReplicas ?? 0), desiredReplicas: prevDesired });
    return { polling: false, targetState: 'missing' };
  }
  const { scale, apiVersion, target } = read;
  s.set('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
  const current = scale.spec.replicas;
  const seen = `replicas:${current}`;
  const min = Number(spec.minReplicas ?? 1);
  const max = Number(spec.maxReplicas ?? min);
  let desired: number;
  let reason = '';
  let metricStatuses: Obj[] | undefined;
  let polling = false;
  if (current === 0 && min !== 0) {
    s.set('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
    s.write({ currentReplicas: current, desiredReplicas: 0 });
    return { polling: false, targetState: seen };
  } else if (current > max) {
    [desired, reason] = [max, 'Current number of replicas above Spec.MaxReplicas'];
  } else if (current < min) {
    [desired, reason] = [min, 'Current number of replicas below Spec.MinReplicas'];
  } else {
    if (!scale.status.selector) {
      s.warn('SelectorRequired', 'selector is required');
      s.set('ScalingActive', 'False', 'InvalidSelector', "the HPA target's scale is missing a selector");
      s.write({ currentReplicas: current, desiredReplicas: prevDesired });
      return { polling: false, targetState: seen };
    }
    const pods = ctx.api.list({ apiVersion: 'v1', kind: 'Pod', namespace: target.namespace, labelSelector: scale.status.selector }).items;
    polling = hasLoadKnob(ctx, target) || pods.some((p) => p.metadata.annotations?.[SIM_ANNOTATIONS.cpuUsage] !== undefined);
    const specs = metricSpecsOf(hpa);
    const results = specs.map((m) => computeMetric(ctx, m, current, target, pods));
    metricStatuses = results.map((r) => (r.ok ? r.status : { type: '' }));
    const failures = results.filter((r): r is MetricFailure => !r.ok);
    const proposals = results.filter((r): r is MetricProposal => r.ok);
    const best = proposals.reduce<MetricProposal | undefined>((a, b) => (!a || b.replicas > a.replicas ? b : a), undefined);
    for (const f of failures) s.warn(f.reason, f.error);
    if (!best || (failures.length > 0 && best.replicas < current)) {
      const first = failures[0]!;
      s.set('ScalingActive', 'False', first.reason, `the HPA was unable to compute the replica count: ${first.error}`);
      s.write({ currentReplicas: current, desiredReplicas: prevDesired, currentMetrics: metricStatuses });
      s.warn('FailedComputeMetricsReplicas', `invalid metrics (${failures.length} invalid out of ${specs.length}), first error is: ${first.wrapped}`);
      return { polling, targetState: seen, waitingForMetrics: !polling };
    }
    s.set('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${best.metricName}`);
    if (best.replicas > current) reason = `${best.metricName} above target`;
    if (best.replicas < current) reason = 'All metrics below target';
    const normalized = normalizeReplicas({ current, desired: best.replicas, min, max, behavior: spec.behavior, nowMs: ctx.clock.nowMillis() }, memory);
    s.set('AbleToScale', normalized.ableToScale.status, normalized.ableToScale.reason, normalized.ableToScale.message);
    s.set('ScalingLimited', normalized.scalingLimited.status, normalized.scalingLimited.reason, normalized.scalingLimited.message);
    desired = normalized.replicas;
  }
  const fields: Obj = { currentReplicas: current, desiredReplicas: desired };
  if (metricStatuses) fields.currentMetrics = metricStatuses;
  if (desired !== current) {
    try {
      ctx.api.updateScale({ apiVersion, kind: target.kind, namespace: target.namespace, name: target.name }, desired, { fieldManager: FIELD_MANAGER });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      s.set('AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${message}`);
      s.warn('FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${message}`);
      s.write({ ...fields, desiredReplicas: prevDesired });
      return { polling, targetState: seen };
    }
    s.set('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
    ctx.events.record(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`, COMPONENT);
    recordScaleEvent(memory, current, desired, spec.behavior, ctx.clock.nowMillis());
    fields.lastScaleTime = ctx.clock.nowIso();
  }
  s.write(fields);
  return { polling, targetState: `replicas:${desired}` };
}

/** The target as a sync would see it now: `missing` or `replicas:N`. */
function currentTargetState(ctx: ControllerContext, hpa: KubeObject): string {
  const read = readScale(ctx, hpa);
  return typeof read === 'string' ? 'missing' : `replicas:${read.scale.spec.replicas}`;
}

/**
 * Evaluates an HPA when it is due: new, changed, 15 s since the last look while polling, or woken
 * by its target when that appeared, went, was rescaled by someone else, or got a load knob.
 */
function syncIfDue(ctx: ControllerContext, hpa: KubeObject, byTarget: boolean): ReconcileResult {
  const key = `${hpa.metadata.namespace}/${hpa.metadata.name}`;
  const memories = memoriesOf(ctx);
  const memory = (memories[key] ??= { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] });
  const now = ctx.clock.nowMillis();
  let due = memory.lastSyncMs === undefined || memory.generation !== hpa.metadata.generation || (memory.polling === true && now - memory.lastSyncMs >= HPA_SYNC_PERIOD_MS);
  if (!due && byTarget) {
    const ref = ((hpa as Obj).spec?.scaleTargetRef ?? {}) as Obj;
    const knobSet = memory.waitingForMetrics === true && hasLoadKnob(ctx, { namespace: hpa.metadata.namespace ?? 'default', kind: String(ref.kind), name: String(ref.name) });
    due = knobSet || currentTargetState(ctx, hpa) !== memory.targetState;
  }
  if (!due) return memory.polling ? after(Math.max(0, memory.lastSyncMs! + HPA_SYNC_PERIOD_MS - now)) : done();
  const outcome = syncHpa(ctx, hpa, memory);
  Object.assign(memory, { polling: outcome.polling, targetState: outcome.targetState, waitingForMetrics: outcome.waitingForMetrics === true, lastSyncMs: now, generation: hpa.metadata.generation });
  return memory.polling ? after(HPA_SYNC_PERIOD_MS) : done();
}

function reconcileHpa(key: string, ctx: ControllerContext): ReconcileResult {
  const { namespace, name } = splitKey(key);
  const slash = name.indexOf('/');
  if (slash >= 0) {
    // A target changed (or its load knob was set): look at the HPAs that scale it.
    const [kindName, targetName] = [name.slice(0, slash), name.slice(slash + 1)];
    const hpas = ctx.api.list({ ...HPA, namespace }).items.filter((h) => {
      const ref = ((h as Obj).spec?.scaleTargetRef ?? {}) as Obj;
      return ref.kind === kindName && ref.name === targetName;
    });
    let result = done();
    for (const hpa of hpas) {
      const r = syncIfDue(ctx, hpa, true);
      if (r.requeueAfterMs !== undefined && (result.requeueAfterMs === undefined || r.requeueAfterMs < result.requeueAfterMs)) result = r;
    }
    return result;
  }
  const hpa = ctx.api.tryGet({ ...HPA, namespace, name });
  if (!hpa) {
    delete memoriesOf(ctx)[key];
    return done();
  }
  return syncIfDue(ctx, hpa, false);
}

/**
 * The HorizontalPodAutoscaler controller. Besides HPA keys it takes `namespace/Kind/name` keys
 * (see targetKeyOf) for a target that changed or whose simulated load was set.
 */
export const horizontalPodAutoscalerController: Controller = {
  name: HPA_CONTROLLER,
  watches: [
    kind(HPA.apiVersion, HPA.kind),
    ...TARGET_KINDS.map(([apiVersion, kindName]) =>
      mapped(apiVersion, kindName, (obj) => [targetKeyOf(obj.metadata.namespace ?? 'default', kindName, obj.metadata.name ?? '')]),
    ),
  ],
  reconcile: reconcileHpa,
};
