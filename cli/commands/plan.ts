// `shipshape plan`: what apply would change, per object and field. The work is in plan-action.ts.

import { type Command } from 'commander';
import type { CliIo } from '../output.ts';
import { addClusterOptions, type ClusterCommandOptions, splitClusterOptions } from './common-options.ts';

const EXAMPLES = `
Examples:
  $ shipshape plan                          # infra.ts against the local simulated cluster
  $ shipshape plan -c image=web:1.5         # with a context value
  $ shipshape plan -o plan.json             # save the plan; apply it with: shipshape apply plan.json
  $ shipshape plan -f k8s/ --stack-name legacy
  $ shipshape plan --context prod --json
  $ shipshape plan --detailed-exitcode      # exit 0: no changes, 2: changes, 1: error
`;

/** Adds `plan` to the program. */
export function registerPlanCommand(program: Command, io: CliIo): void {
  addClusterOptions(program.command('plan').description('show what apply would change, object by object and field by field'))
    .option('-o, --out <file>', 'save the plan (mode 0600; it may hold secret values) for `shipshape apply <file>`')
    .option('--json', 'print the plan as JSON (the documented schema)')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are, 1 on error')
    .option('--force-conflicts', 'plan to take fields other field managers own')
    .option('--show-unchanged', 'list unchanged objects too')
    .addHelpText('after', EXAMPLES)
    .action(async function (this: Command, entry: string | undefined, options: ClusterCommandOptions & PlanFlags) {
      const { runPlan } = await import('./plan-action.ts');
      const { desired, target } = splitClusterOptions(entry, options);
      const code = await runPlan({ desired, target, out: options.out, json: options.json ?? false, forceConflicts: options.forceConflicts ?? false, showUnchanged: options.showUnchanged ?? false }, io);
      if (options.detailedExitcode && code === 2) (this as Command & { exitCodeResult?: number }).exitCodeResult = 2;
    });
}

interface PlanFlags {
  readonly out?: string;
  readonly json?: boolean;
  readonly detailedExitcode?: boolean;
  readonly forceConflicts?: boolean;
  readonly showUnchanged?: boolean;
}
