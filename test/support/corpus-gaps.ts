// Where the simulated cluster does not reach the corpus README's end state today: one entry per
// observed line that differs. test/corpus-cluster.test.ts asserts the wrong value recorded here,
// so fixing the simulation makes that test fail; then delete the entry.

import type { KnownGap } from './corpus-state.ts';

/** Differences between the simulation and the README, with their most likely cause. */
export const KNOWN_GAPS: readonly KnownGap[] = [];
