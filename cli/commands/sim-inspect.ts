// `shipshape sim get`, `sim describe` and `sim events`: reading the simulated cluster the way
// kubectl reads a real one. The work is in cli/sim/*-action.ts, imported when a command runs.

import { type Command, Option } from 'commander';
import type { CliIo } from '../output.ts';
import { addSimOptions, type SimCommandOptions } from './sim-options.ts';

const GET_EXAMPLES = `
Examples:
  $ shipshape sim get nodes                   # NAME STATUS ROLES AGE VERSION
  $ shipshape sim get pods -n shop -o wide    # with IP and NODE
  $ shipshape sim get deploy/web -o yaml
  $ shipshape sim get pods -A -l app=web --show-labels
  $ shipshape sim get widgets                 # custom resources, with their CRD's printer columns

Kinds are named as kubectl names them: pods, po, deployments, deploy, deployment.apps, svc, …
Ages are measured on the cluster's virtual clock. Reading never moves that clock.
`;

const DESCRIBE_EXAMPLES = `
Examples:
  $ shipshape sim describe pod web-7d9c5b8f4-x2k9p -n shop
  $ shipshape sim describe deploy web -n shop
  $ shipshape sim describe node node-1        # conditions, allocated resources, pods, events
`;

const EVENTS_EXAMPLES = `
Examples:
  $ shipshape sim events                      # the default namespace, oldest first
  $ shipshape sim events -A
  $ shipshape sim events -n shop --for pod/web-7d9c5b8f4-x2k9p
`;

interface GetFlags extends SimCommandOptions {
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly output?: 'wide' | 'yaml' | 'json' | 'name';
  readonly selector?: string;
  readonly showLabels?: boolean;
  readonly headers?: boolean;
  readonly showManagedFields?: boolean;
}

/** Adds `sim get`, `sim describe` and `sim events`. */
export function registerSimInspectCommands(sim: Command, io: CliIo): void {
  addSimOptions(sim.command('get').description('list objects, or show one, in kubectl get columns'))
    .argument('<kind>', 'the kind (pods, deploy, nodes, …), or kind/name')
    .argument('[name]', 'one object')
    .option('-n, --namespace <namespace>', 'the namespace (default: default)')
    .option('-A, --all-namespaces', 'every namespace (adds a NAMESPACE column)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['wide', 'yaml', 'json', 'name']))
    .option('-l, --selector <selector>', 'only objects with matching labels, e.g. app=web,tier!=db')
    .option('--show-labels', 'add a LABELS column')
    .option('--no-headers', 'leave out the header line')
    .option('--show-managed-fields', 'keep metadata.managedFields in -o yaml and -o json')
    .addHelpText('after', GET_EXAMPLES)
    .action(async (kind: string, name: string | undefined, flags: GetFlags) => {
      const { runGet } = await import('../sim/get-action.ts');
      await runGet({ ...flags, kind, name, noHeaders: flags.headers === false }, io);
    });

  addSimOptions(sim.command('describe').description('show an object in detail, with its events (like kubectl describe)'))
    .argument('<kind>', 'the kind (pod, deploy, node, svc, …), or kind/name')
    .argument('[name]', 'the object (default: every object of the kind)')
    .option('-n, --namespace <namespace>', 'the namespace (default: default)')
    .addHelpText('after', DESCRIBE_EXAMPLES)
    .action(async (kind: string, name: string | undefined, flags: SimCommandOptions & { namespace?: string }) => {
      const { runDescribe } = await import('../sim/describe-action.ts');
      await runDescribe({ ...flags, kind, name }, io);
    });

  addSimOptions(sim.command('events').description('list events, oldest first (like kubectl events)'))
    .option('-n, --namespace <namespace>', 'the namespace (default: default)')
    .option('-A, --all-namespaces', 'every namespace')
    .option('--for <kind/name>', 'only events about this object')
    .addHelpText('after', EVENTS_EXAMPLES)
    .action(async (flags: SimCommandOptions & { namespace?: string; allNamespaces?: boolean; for?: string }) => {
      const { runEvents } = await import('../sim/events-action.ts');
      await runEvents({ ...flags, forObject: flags.for }, io);
    });
}
