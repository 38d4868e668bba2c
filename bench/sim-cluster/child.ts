// The child-process side of the sim-cluster suite: `node --import tsx bench/sim-cluster/child.ts
// NODES DEPLOYMENTS REPLICAS FAILED_NODES` runs one cluster workload and prints one report line,
// so each run's peak RSS is its own. Module loading happens before any timer starts.

import { parseCount } from '../lib/args.ts';
import { runClusterWorkload, type ClusterPlan, type PhaseResult } from './workload.ts';

/** What a child reports on its report line. */
export interface ChildReport {
  readonly plan: ClusterPlan;
  readonly phases: readonly PhaseResult[];
  /** process.resourceUsage().maxRSS at exit, in MiB. */
  readonly peakRssMiB: number;
}

/** The prefix of the report line, so stray output cannot be mistaken for it. */
export const REPORT_PREFIX = 'SIM_CLUSTER_REPORT ';

function main(): void {
  const args = process.argv.slice(2);
  const createOnly = args[4] === '--create-only';
  if (args.length !== (createOnly ? 5 : 4)) {
    process.stderr.write('usage: node --import tsx bench/sim-cluster/child.ts NODES DEPLOYMENTS REPLICAS FAILED_NODES [--create-only]\n');
    process.exit(2);
  }
  const [nodes, deployments, replicas, failedNodes] = args.slice(0, 4).map(parseCount) as [number, number, number, number];
  const plan: ClusterPlan = { nodes, deployments, replicas, failedNodes, createOnly };
  const phases = runClusterWorkload(plan);
  const report: ChildReport = { plan, phases, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${REPORT_PREFIX}${JSON.stringify(report)}\n`);
}

// Only when run as a script: the suite imports this module for its types and prefix.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) main();
