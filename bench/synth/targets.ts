// shipshape's synth targets, checked against the medians of one run: at 1,000 apps at least 7×
// faster than cdk8s-plus and within 1.5× of the plain-literal floor (whole-process wall time),
// and near-linear growth (5,000 apps at most 5.5× the time of 1,000).

import { formatNumber } from '../lib/report.ts';
import type { TargetCheck } from '../lib/suite.ts';
import type { SynthCell } from './suite.ts';

/** The targets, as numbers, so the report and the checks cannot disagree. */
export const SYNTH_TARGETS = { minSpeedupOverCdk8s: 7, maxRatioToFloor: 1.5, maxGrowth1kTo5k: 5.5 } as const;

function findWall(cells: readonly SynthCell[], impl: string, apps: number): number | undefined {
  return cells.find((c) => c.impl === impl && c.apps === apps)?.wallMs;
}

function check(name: string, value: number | undefined, passes: (v: number) => boolean, shown: (v: number) => string): TargetCheck {
  if (value === undefined) return { name, status: 'skip', detail: 'not measured in this run' };
  return { name, status: passes(value) ? 'pass' : 'fail', detail: shown(value) };
}

function divide(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a / b;
}

/** Checks shipshape's three targets against the measured cells. */
export function checkTargets(cells: readonly SynthCell[]): TargetCheck[] {
  const t = SYNTH_TARGETS;
  const ship1k = findWall(cells, 'shipshape', 1000);
  const speedup = divide(findWall(cells, 'cdk8s', 1000), ship1k);
  const toFloor = divide(ship1k, findWall(cells, 'floor', 1000));
  const growth = divide(findWall(cells, 'shipshape', 5000), ship1k);
  const floorGrowth = divide(findWall(cells, 'floor', 5000), findWall(cells, 'floor', 1000));
  return [
    check(`shipshape ≥ ${t.minSpeedupOverCdk8s}× faster than cdk8s-plus at 1,000 apps`, speedup, (v) => v >= t.minSpeedupOverCdk8s,
      (v) => `${v.toFixed(2)}× (cdk8s-plus wall / shipshape wall; target ≥ ${t.minSpeedupOverCdk8s}×)`),
    check(`shipshape within ${t.maxRatioToFloor}× of the floor at 1,000 apps`, toFloor, (v) => v <= t.maxRatioToFloor,
      (v) => `${v.toFixed(2)}× (shipshape wall / floor wall; target ≤ ${t.maxRatioToFloor}×)`),
    check(`shipshape near-linear, 5,000 apps ≤ ${t.maxGrowth1kTo5k}× the time of 1,000`, growth, (v) => v <= t.maxGrowth1kTo5k,
      (v) => `${v.toFixed(2)}× (wall 5,000 / wall 1,000; target ≤ ${t.maxGrowth1kTo5k}×; floor grows ${floorGrowth === undefined ? '?' : `${floorGrowth.toFixed(2)}×`}; ${formatNumber(ship1k ?? 0)} ms → ${formatNumber((ship1k ?? 0) * v)} ms)`),
  ];
}
