import { describe, expect, it } from 'vitest';
import { normalizeReplicas, recordScaleEvent, type HpaMemory } from './horizontal-pod-autoscaler-behavior.ts';

const DEFAULT_BEHAVIOR = {
  scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
  scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
};

function memory(): HpaMemory {
  return { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
}

describe('normalizeReplicas', () => {
  it('normalizeReplicas limits a scale-up to the larger of +4 pods and +100% per 15 s', () => {
    const m = memory();
    const out = normalizeReplicas({ current: 2, desired: 20, min: 1, max: 50, behavior: DEFAULT_BEHAVIOR, nowMs: 0 }, m);
    expect(out.replicas).toBe(6);
    expect(out.scalingLimited).toEqual({ status: 'True', reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });
    recordScaleEvent(m, 2, 6, DEFAULT_BEHAVIOR, 0);
    // Within the same 15 s period the budget counts from 2 replicas: no more room.
    expect(normalizeReplicas({ current: 6, desired: 20, min: 1, max: 50, behavior: DEFAULT_BEHAVIOR, nowMs: 5000 }, m).replicas).toBe(6);
    expect(normalizeReplicas({ current: 6, desired: 20, min: 1, max: 50, behavior: DEFAULT_BEHAVIOR, nowMs: 15_000 }, m).replicas).toBe(12);
  });

  it('normalizeReplicas keeps the highest recommendation of the scale-down window', () => {
    const m = memory();
    normalizeReplicas({ current: 5, desired: 5, min: 1, max: 10, behavior: DEFAULT_BEHAVIOR, nowMs: 0 }, m);
    const held = normalizeReplicas({ current: 5, desired: 2, min: 1, max: 10, behavior: DEFAULT_BEHAVIOR, nowMs: 60_000 }, m);
    expect(held.replicas).toBe(5);
    expect(held.ableToScale.reason).toBe('ScaleDownStabilized');
    expect(normalizeReplicas({ current: 5, desired: 2, min: 1, max: 10, behavior: DEFAULT_BEHAVIOR, nowMs: 300_000 }, m).replicas).toBe(2);
  });

  it('normalizeReplicas honours a Pods scale-down policy and a custom window', () => {
    const behavior = { ...DEFAULT_BEHAVIOR, scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
    const out = normalizeReplicas({ current: 5, desired: 1, min: 1, max: 10, behavior, nowMs: 0 }, memory());
    expect(out.replicas).toBe(4);
    expect(out.scalingLimited.reason).toBe('ScaleDownLimit');
  });

  it('normalizeReplicas without behavior doubles at most and clamps to max', () => {
    const out = normalizeReplicas({ current: 3, desired: 9, min: 1, max: 20, behavior: undefined, nowMs: 0 }, memory());
    expect(out.replicas).toBe(6);
    expect(out.scalingLimited.reason).toBe('ScaleUpLimit');
    const clamped = normalizeReplicas({ current: 3, desired: 9, min: 1, max: 5, behavior: undefined, nowMs: 0 }, memory());
    expect(clamped).toMatchObject({ replicas: 5, scalingLimited: { status: 'True', reason: 'TooManyReplicas' } });
  });
});
