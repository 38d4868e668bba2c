// Types of bin/build.js (plain JS: it runs without tsx).

import type { DistManifest } from './dist.js';

/** Builds `distDir` (default dist/) from the sources under `root`; returns the manifest written. */
export declare function buildDist(options?: { root?: string; distDir?: string }): Promise<DistManifest>;
