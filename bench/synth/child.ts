// The child-process side of a synth measurement: reads `N outDir` from argv, times the build +
// synth + write of one implementation in-process, and prints one JSON line the runner parses.
// Module loading happens before the timer starts; the parent's wall time covers everything.

import { mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** What a child reports on its last stdout line. */
export interface ChildReport {
  readonly impl: string;
  readonly apps: number;
  /** Build + synth + write, measured inside the child. */
  readonly synthMs: number;
  /** process.resourceUsage().maxRSS, in KiB. */
  readonly maxRssKiB: number;
  /** The YAML file written. */
  readonly file: string;
}

/** The prefix of the report line, so stray output from libraries cannot be mistaken for it. */
export const REPORT_PREFIX = 'SYNTH_REPORT ';

/**
 * Runs one implementation as a child process: `synthesize(apps, outDir)` must build the model,
 * synthesize it to YAML and write it under outDir, returning the file path.
 */
export function runChild(impl: string, synthesize: (apps: number, outDir: string) => string): void {
  const [appsArg, outDir] = process.argv.slice(2);
  const apps = Number(appsArg);
  if (!Number.isInteger(apps) || apps < 1 || !outDir) {
    process.stderr.write(`usage: node --import tsx bench/synth/${impl}.ts APPS OUT_DIR\n`);
    process.exit(2);
  }
  mkdirSync(outDir, { recursive: true });
  const start = performance.now();
  const file = synthesize(apps, outDir);
  const synthMs = performance.now() - start;
  const report: ChildReport = { impl, apps, synthMs, maxRssKiB: process.resourceUsage().maxRSS, file };
  process.stdout.write(`${REPORT_PREFIX}${JSON.stringify(report)}\n`);
}
