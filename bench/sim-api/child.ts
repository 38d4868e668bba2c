// The child-process side of the sim-api suite: `node --import tsx bench/sim-api/child.ts PATH
// SCENARIO OBJECTS LISTS PATCHES WATCHERS` runs one workload in-process and prints one report line,
// so each run's peak RSS is its own. Module loading happens before any timer starts.

import { parseCount } from '../lib/args.ts';
import { runWorkload, type PhaseResult, type Scenario, type WritePath } from './workload.ts';

/** What a child reports on its report line. */
export interface ChildReport {
  readonly path: WritePath;
  readonly scenario: Scenario;
  readonly phases: readonly PhaseResult[];
  /** process.resourceUsage().maxRSS at exit, in MiB. */
  readonly peakRssMiB: number;
}

/** The prefix of the report line, so stray output cannot be mistaken for it. */
export const REPORT_PREFIX = 'SIM_API_REPORT ';

function main(): void {
  const [path, scenario, ...counts] = process.argv.slice(2);
  if ((path !== 'api' && path !== 'store') || (scenario !== 'mixed' && scenario !== 'pods') || counts.length !== 4) {
    process.stderr.write('usage: node --import tsx bench/sim-api/child.ts api|store mixed|pods OBJECTS LISTS PATCHES WATCHERS\n');
    process.exit(2);
  }
  const [objects, lists, patches, watchers] = counts.map(parseCount) as [number, number, number, number];
  const phases = runWorkload(path, scenario, { objects, lists, patches, watchers });
  const report: ChildReport = { path, scenario, phases, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${REPORT_PREFIX}${JSON.stringify(report)}\n`);
}

// Only when run as a script: the suite imports this module for its types and prefix.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) main();
