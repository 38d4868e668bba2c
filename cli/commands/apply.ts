// `shipshape apply`: plan, confirm, apply wave by wave and wait until the cluster is in shape.
// `shipshape destroy`: delete everything a stack applied. The work is in apply-action.ts.

import { type Command } from 'commander';
import { parseDuration } from '../duration.ts';
import type { CliIo } from '../output.ts';
import { addClusterOptions, type ClusterCommandOptions, splitClusterOptions } from './common-options.ts';

const APPLY_EXAMPLES = `
Examples:
  $ shipshape apply --yes                   # infra.ts onto the local simulated cluster
  $ shipshape apply plan.json --yes         # exactly a saved plan (refused when stale)
  $ shipshape apply --atomic --timeout 2m   # roll back what this apply changed if it fails
  $ shipshape apply -f k8s/ --stack-name legacy --yes
  $ shipshape apply --context prod --json --yes   # one JSON event per line, for CI

On a terminal apply asks for confirmation; elsewhere it refuses to run without --yes.
Exit codes: 0 applied and ready, 1 failed (the message says which object and why), 2 usage.
`;

const DESTROY_EXAMPLES = `
Examples:
  $ shipshape destroy --yes                 # the stacks of infra.ts, on the local cluster
  $ shipshape destroy --stack shop --yes
  $ shipshape destroy -f k8s/ --stack-name legacy --yes
`;

/** Options of apply and destroy. */
export interface ApplyFlags {
  readonly yes?: boolean;
  readonly atomic?: boolean;
  readonly wait?: boolean;
  readonly timeout?: number;
  readonly json?: boolean;
  readonly forceConflicts?: boolean;
}

/** Adds `apply` and `destroy` to the program. */
export function registerApplyCommands(program: Command, io: CliIo): void {
  addClusterOptions(program.command('apply').description('apply a program (or a saved plan) and wait until the cluster is in shape'))
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--atomic', 'if anything fails, restore what this apply changed')
    .option('--no-wait', 'do not wait for readiness')
    .option('--timeout <duration>', 'how long to wait for readiness (e.g. 90s, 5m)', parseDuration, 300_000)
    .option('--json', 'one JSON event per line (planned, applying, waiting, ready, failed, rolled-back)')
    .option('--force-conflicts', 'take fields other field managers own')
    .addHelpText('after', APPLY_EXAMPLES)
    .action(async (entry: string | undefined, options: ClusterCommandOptions & ApplyFlags) => {
      const { runApply } = await import('./apply-action.ts');
      const { desired, target } = splitClusterOptions(entry, options);
      await runApply({ desired, target, flags: options, entry }, io);
    });

  addClusterOptions(program.command('destroy').description("delete every object a stack applied (its ApplySet), and wait until they are gone"))
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--no-wait', 'do not wait until the objects are gone')
    .option('--timeout <duration>', 'how long to wait (e.g. 90s, 5m)', parseDuration, 300_000)
    .option('--json', 'one JSON event per line')
    .addHelpText('after', DESTROY_EXAMPLES)
    .action(async (entry: string | undefined, options: ClusterCommandOptions & ApplyFlags) => {
      const { runDestroy } = await import('./apply-action.ts');
      const { desired, target } = splitClusterOptions(entry, options);
      await runDestroy({ desired, target, flags: options, entry }, io);
    });
}
