// The registry of benchmark suites `npm run bench` knows. To add one, write bench/<name>/suite.ts
// exporting a `Suite` (see bench/lib/suite.ts) and list it here; run.ts needs no change.

import type { Suite } from './lib/suite.ts';
import { planApplySuite } from './plan-apply/suite.ts';
import { serveSuite } from './serve/suite.ts';
import { simApiSuite } from './sim-api/suite.ts';
import { simClusterSuite } from './sim-cluster/suite.ts';
import { synthSuite } from './synth/suite.ts';

/** Every suite, in the order `npm run bench` runs them when none is named. */
export const SUITES: readonly Suite[] = [synthSuite, simApiSuite, simClusterSuite, serveSuite, planApplySuite];

/** The suite with this name, or undefined. */
export function tryFindSuite(name: string): Suite | undefined {
  return SUITES.find((s) => s.name === name);
}
