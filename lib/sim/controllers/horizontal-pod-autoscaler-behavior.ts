// The HorizontalPodAutoscaler's normalization of a metric-based replica count: stabilization
// windows over past recommendations, scale-up/scale-down rate policies (autoscaling/v2
// `behavior`), or the legacy rules when an HPA has no behavior, each with the AbleToScale and
// ScalingLimited condition reasons the real controller reports. Pure functions over a state record.

type Obj = Record<string, any>;

/** One recommendation or scale event, with its time. */
export interface TimedValue {
  readonly at: number;
  readonly value: number;
}

/** What the controller remembers per HPA (in-memory in the real controller). */
export interface HpaMemory {
  recommendations: TimedValue[];
  scaleUpEvents: TimedValue[];
  scaleDownEvents: TimedValue[];
}

/** A condition the normalization asks to set. */
export interface ConditionText {
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message: string;
}

/** The outcome: the replicas to scale to, and the AbleToScale / ScalingLimited conditions. */
export interface Normalized {
  readonly replicas: number;
  readonly ableToScale: ConditionText;
  readonly scalingLimited: ConditionText;
}

/** The default scale-down stabilization window when `behavior.scaleDown` sets none. */
export const DEFAULT_SCALE_DOWN_STABILIZATION_SECONDS = 300;

const TEXT = {
  readyForNewScale: { status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
  scaleUpStabilized: { status: 'True', reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' },
  scaleDownStabilized: { status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' },
  scaleUpLimit: { reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' },
  scaleDownLimit: { reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' },
  tooMany: { reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' },
  tooFew: { reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' },
  withinRange: { reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
} as const;

/** Inputs of one normalization. */
export interface NormalizeInput {
  readonly current: number;
  readonly desired: number;
  readonly min: number;
  readonly max: number;
  /** `spec.behavior`, undefined for the legacy rules. */
  readonly behavior: Obj | undefined;
  readonly nowMs: number;
}

function limited(replicas: number, stabilized: number, text: { reason: string; message: string }): ConditionText {
  return { status: replicas === stabilized ? 'False' : 'True', reason: text.reason, message: text.message };
}

/** Sum of the changes recorded within the last `periodSeconds`. */
function changeInPeriod(events: readonly TimedValue[], periodSeconds: number, nowMs: number): number {
  const cutoff = nowMs - periodSeconds * 1000;
  let sum = 0;
  for (const e of events) if (e.at > cutoff) sum += e.value;
  return sum;
}

/** The highest count scaling up may reach now under `rules` (calculateScaleUpLimitWithScalingRules). */
export function scaleUpLimit(current: number, memory: HpaMemory, rules: Obj, nowMs: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pickMin = rules.selectPolicy === 'Min';
  let result = pickMin ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  for (const policy of (rules.policies ?? []) as Obj[]) {
    const start = current - changeInPeriod(memory.scaleUpEvents, policy.periodSeconds, nowMs) + changeInPeriod(memory.scaleDownEvents, policy.periodSeconds, nowMs);
    const proposed = policy.type === 'Pods' ? start + policy.value : Math.ceil(start * (1 + policy.value / 100));
    result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** The lowest count scaling down may reach now under `rules` (calculateScaleDownLimitWithBehaviors). */
export function scaleDownLimit(current: number, memory: HpaMemory, rules: Obj, nowMs: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pickMin = rules.selectPolicy === 'Min';
  let result = pickMin ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  for (const policy of (rules.policies ?? []) as Obj[]) {
    const start = current - changeInPeriod(memory.scaleUpEvents, policy.periodSeconds, nowMs) + changeInPeriod(memory.scaleDownEvents, policy.periodSeconds, nowMs);
    const proposed = policy.type === 'Pods' ? start - policy.value : Math.trunc(start * (1 - policy.value / 100));
    result = pickMin ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** Records a recommendation and forgets those older than every window. */
function recordRecommendation(memory: HpaMemory, desired: number, nowMs: number, keepMs: number): void {
  memory.recommendations = memory.recommendations.filter((r) => r.at > nowMs - keepMs);
  memory.recommendations.push({ at: nowMs, value: desired });
}

/** Normalizes with `spec.behavior` (normalizeDesiredReplicasWithBehaviors). */
function normalizeWithBehavior(input: NormalizeInput, memory: HpaMemory): Normalized {
  const { current, desired, min, max, nowMs } = input;
  const up = (input.behavior?.scaleUp ?? {}) as Obj;
  const down = (input.behavior?.scaleDown ?? {}) as Obj;
  const upWindow = Number(up.stabilizationWindowSeconds ?? 0) * 1000;
  const downWindow = Number(down.stabilizationWindowSeconds ?? DEFAULT_SCALE_DOWN_STABILIZATION_SECONDS) * 1000;
  let upRecommendation = desired;
  let downRecommendation = desired;
  for (const r of memory.recommendations) {
    if (r.at > nowMs - upWindow) upRecommendation = Math.min(upRecommendation, r.value);
    if (r.at > nowMs - downWindow) downRecommendation = Math.max(downRecommendation, r.value);
  }
  let stabilized = current;
  if (stabilized < upRecommendation) stabilized = upRecommendation;
  if (stabilized > downRecommendation) stabilized = downRecommendation;
  recordRecommendation(memory, desired, nowMs, Math.max(upWindow, downWindow));
  const ableToScale: ConditionText = stabilized !== desired ? (desired >= current ? TEXT.scaleUpStabilized : TEXT.scaleDownStabilized) : TEXT.readyForNewScale;
  if (stabilized > current) {
    const limit = Math.max(current, scaleUpLimit(current, memory, up, nowMs));
    const [ceiling, text] = max > limit ? [limit, TEXT.scaleUpLimit] : [max, TEXT.tooMany];
    const replicas = stabilized > ceiling ? ceiling : stabilized;
    return { replicas, ableToScale, scalingLimited: limited(replicas, stabilized, stabilized > ceiling ? text : TEXT.withinRange) };
  }
  if (stabilized < current) {
    const limit = Math.min(current, scaleDownLimit(current, memory, down, nowMs));
    const [floor, text] = min < limit ? [limit, TEXT.scaleDownLimit] : [min, TEXT.tooFew];
    const replicas = stabilized < floor ? floor : stabilized;
    return { replicas, ableToScale, scalingLimited: limited(replicas, stabilized, stabilized < floor ? text : TEXT.withinRange) };
  }
  return { replicas: stabilized, ableToScale, scalingLimited: limited(stabilized, stabilized, TEXT.withinRange) };
}

/** Normalizes without behavior (normalizeDesiredReplicas): 5-minute down window, doubling up limit. */
function normalizeLegacy(input: NormalizeInput, memory: HpaMemory): Normalized {
  const { current, desired, min, max, nowMs } = input;
  const window = DEFAULT_SCALE_DOWN_STABILIZATION_SECONDS * 1000;
  let stabilized = desired;
  for (const r of memory.recommendations) if (r.at > nowMs - window) stabilized = Math.max(stabilized, r.value);
  recordRecommendation(memory, desired, nowMs, window);
  const ableToScale: ConditionText = stabilized !== desired ? TEXT.scaleDownStabilized : TEXT.readyForNewScale;
  const upLimit = Math.max(2 * current, 4);
  const [ceiling, ceilingText] = max > upLimit ? [upLimit, TEXT.scaleUpLimit] : [max, TEXT.tooMany];
  let replicas = stabilized;
  let text: { reason: string; message: string } = TEXT.withinRange;
  if (stabilized < min) [replicas, text] = [min, TEXT.tooFew];
  else if (stabilized > ceiling) [replicas, text] = [ceiling, ceilingText];
  return { replicas, ableToScale, scalingLimited: limited(replicas, stabilized, text) };
}

/** Normalizes a metric-based replica count the way the HPA controller does. */
export function normalizeReplicas(input: NormalizeInput, memory: HpaMemory): Normalized {
  return input.behavior ? normalizeWithBehavior(input, memory) : normalizeLegacy(input, memory);
}

/** Records a rescale for the rate policies, forgetting events older than the longest period. */
export function recordScaleEvent(memory: HpaMemory, from: number, to: number, behavior: Obj | undefined, nowMs: number): void {
  const longest = (rules: Obj | undefined): number => Math.max(0, ...((rules?.policies ?? []) as Obj[]).map((p) => Number(p.periodSeconds ?? 0))) * 1000;
  memory.scaleUpEvents = memory.scaleUpEvents.filter((e) => e.at > nowMs - longest(behavior?.scaleUp));
  memory.scaleDownEvents = memory.scaleDownEvents.filter((e) => e.at > nowMs - longest(behavior?.scaleDown));
  if (to > from) memory.scaleUpEvents.push({ at: nowMs, value: to - from });
  else if (to < from) memory.scaleDownEvents.push({ at: nowMs, value: from - to });
}
