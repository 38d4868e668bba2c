// Options shared by plan, apply and destroy: where the desired state comes from (a program with
// its context values, or -f manifests) and which cluster is the target.

import { type Command, InvalidArgumentError } from 'commander';
import { parseContextPair } from '../context-values.ts';
import type { DesiredOptions } from '../desired.ts';
import type { TargetOptions } from '../target.ts';

/** The options commander parses for cluster commands. */
export interface ClusterCommandOptions extends TargetOptions {
  readonly filename?: string[];
  readonly stackName?: string;
  readonly context?: string;
  readonly ctx?: string[];
  readonly envFile?: string;
  readonly stack?: string[];
}

/** Commander collector for a repeatable option. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Commander collector for a repeatable `-c key=value`, checking each pair. */
export function collectPair(value: string, previous: string[] | undefined): string[] {
  try {
    parseContextPair(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  return [...(previous ?? []), value];
}

/** Adds the desired-state and target options to a command. */
export function addClusterOptions(command: Command): Command {
  return command
    .argument('[entry]', 'the program: a TypeScript file that default-exports its stacks (default: infra.ts)')
    .option('-f, --filename <path>', 'plain manifests instead of a program: a YAML/JSON file or a directory (repeatable)', collect)
    .option('--stack-name <name>', 'the stack name for -f manifests (default: the file or directory name)')
    .option('-c, --ctx <key=value>', 'a context value for the program (repeatable; wins over --env-file)', collectPair)
    .option('--env-file <file>', 'read context values from a dotenv file')
    .option('--stack <name>', 'only this stack of the program (repeatable)', collect)
    .option('--state <dir>', 'the local simulated cluster state directory (default: $SHIPSHAPE_STATE or .shipshape)')
    .option('--context <name>', 'target a real cluster: this kubeconfig context')
    .option('--kubeconfig <file>', 'target a real cluster through this kubeconfig (default: $KUBECONFIG, ~/.kube/config)');
}

/** Splits parsed options into desired-state and target options. */
export function splitClusterOptions(entry: string | undefined, o: ClusterCommandOptions): { desired: DesiredOptions; target: TargetOptions } {
  return {
    desired: { entry, files: o.filename, stackName: o.stackName, context: o.ctx, envFile: o.envFile, stack: o.stack },
    target: { state: o.state, context: o.context, kubeconfig: o.kubeconfig },
  };
}
