// Vitest's global setup: brings dist/ up to date (bin/build.js) once before the tests, so the
// e2e tests that spawn bin/shipshape.js run the CLI as users get it after npm install. When the
// build fails (a source mid-edit), the launcher runs the sources instead, and so do the tests.

import { buildDist } from '../bin/build.js';
import { findFreshDist } from '../bin/dist.js';

/** Builds dist/ unless it is fresh; a failed build is reported, not fatal. */
export default async function setup(): Promise<void> {
  if (findFreshDist()) return;
  try {
    await buildDist();
  } catch (err) {
    console.warn(`global setup: building dist/ failed, the CLI runs from the sources: ${err instanceof Error ? err.message : String(err)}`);
  }
}
