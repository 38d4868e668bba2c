// `shipshape sim …`: the local simulated cluster from the command line. This file adds the
// `sim` group with init, status, advance and resolve; sim-inspect.ts adds get, describe and
// events, sim-faults.ts the faults. The work is in cli/sim/, imported when a command runs.

import { type Command, Option } from 'commander';
import { parseDuration } from '../duration.ts';
import type { CliIo } from '../output.ts';
import { registerSimFaultCommands } from './sim-faults.ts';
import { registerSimInspectCommands } from './sim-inspect.ts';
import { addSimOptions, parseWholeNumber, type SimCommandOptions } from './sim-options.ts';

const SIM_HELP = `
The simulated cluster lives in the state directory (--state, $SHIPSHAPE_STATE, or .shipshape)
and runs on a virtual clock: it moves only when a command lets the controllers act.

Examples:
  $ shipshape sim init --nodes 5             # a fresh cluster: 5 nodes, 4 CPU / 16Gi each
  $ shipshape sim get pods -A
  $ shipshape sim fail-node node-2 && shipshape sim advance 6m
  $ shipshape sim events -n shop
`;

/** Adds the `sim` command group to the program; returns it so other commands can join it. */
export function registerSimCommands(program: Command, io: CliIo): Command {
  const sim = program.command('sim').description('inspect and disturb the local simulated cluster').addHelpText('after', SIM_HELP);

  addSimOptions(sim.command('init').description('create a new simulated cluster in the state directory'))
    .option('--nodes <n>', 'how many worker nodes', parseWholeNumber(0), 3)
    .option('--cpu <quantity>', 'allocatable CPU of each node', '4')
    .option('--memory <quantity>', 'allocatable memory of each node', '16Gi')
    .option('--force', 'replace an existing cluster (its objects are lost)')
    .addHelpText('after', '\nExamples:\n  $ shipshape sim init\n  $ shipshape sim init --nodes 10 --cpu 8 --memory 32Gi\n  $ shipshape sim init --force --state /tmp/scratch\n')
    .action(async (flags: SimCommandOptions & { nodes: number; cpu: string; memory: string; force?: boolean }) => {
      const { runInit } = await import('../sim/init-action.ts');
      await runInit(flags, io);
    });

  addSimOptions(sim.command('status').description('nodes with the CPU, memory and pods requested on each, pod counts and faults'))
    .addHelpText('after', '\nExamples:\n  $ shipshape sim status\n  $ shipshape sim status --state /tmp/scratch\n')
    .action(async (flags: SimCommandOptions) => {
      const { runStatus } = await import('../sim/status-action.ts');
      await runStatus(flags, io);
    });

  addSimOptions(sim.command('advance').description('move the virtual clock forward, letting the controllers act on the way'), { settle: false })
    .argument('<duration>', 'how far: 90s, 5m, 1h30m, or a number of seconds', parseDuration)
    .addHelpText('after', '\nExamples:\n  $ shipshape sim advance 30s\n  $ shipshape sim advance 1h\n')
    .action(async (durationMs: number, flags: SimCommandOptions) => {
      const { runAdvance } = await import('../sim/advance-action.ts');
      await runAdvance({ ...flags, durationMs }, io);
    });

  addSimOptions(sim.command('resolve').description('which Service and ready pod a request to URL would reach'))
    .argument('<url>', 'e.g. http://web.shop:80/, http://172.18.0.2:30080/, http://shop.example.com/')
    .addOption(new Option('--from <where>', 'where the request starts: a pod in the cluster, or a machine outside it').choices(['inside', 'outside']).default('inside'))
    .option('-n, --namespace <namespace>', "the requesting pod's namespace, for short names (default: default)")
    .option('--json', 'print the answer as JSON')
    .addHelpText('after', '\nExamples:\n  $ shipshape sim resolve http://web.shop/\n  $ shipshape sim resolve http://shop.example.com/cart --from outside\n')
    .action(async (url: string, flags: SimCommandOptions & { from: 'inside' | 'outside'; namespace?: string; json?: boolean }) => {
      const { runResolve } = await import('../sim/resolve-action.ts');
      await runResolve({ ...flags, url }, io);
    });

  registerSimInspectCommands(sim, io);
  registerSimFaultCommands(sim, io);
  return sim;
}
