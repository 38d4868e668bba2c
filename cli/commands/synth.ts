// `shipshape synth`: the command's arguments, options and help. The work is in synth-action.ts,
// imported only when the command runs, so `--help` stays fast.

import { type Command } from 'commander';
import { collect, collectPair } from './common-options.ts';
import type { CliIo } from '../output.ts';

const EXAMPLES = `
Examples:
  $ shipshape synth                         # infra.ts → dist/<stack>.yaml
  $ shipshape synth app/main.ts -o out      # another entry and output directory
  $ shipshape synth -o - | kubectl apply -f -
  $ shipshape synth -c env=prod -c replicas=3
  $ shipshape synth --env-file prod.env --stack shop

The entry default-exports a Stack, an array of Stacks, or a function (possibly async)
that receives the context values and returns either:
  export default (ctx: SynthContext) => new Shop('shop', { env: ctx.require('env') });
`;

/** Adds `synth` to the program. */
export function registerSynthCommand(program: Command, io: CliIo): void {
  program
    .command('synth')
    .description('synthesize a program into Kubernetes YAML, one multi-document file per stack')
    .argument('[entry]', 'the program to run: a TypeScript file that default-exports its stacks', 'infra.ts')
    .option('-o, --output <dir>', "output directory, or '-' for stdout", 'dist')
    .option('-c, --ctx <key=value>', 'a context value for the program (repeatable; wins over --env-file)', collectPair)
    .option('--env-file <file>', 'read context values from a dotenv file (KEY=VALUE lines)')
    .option('--stack <name>', 'synthesize only this stack (repeatable)', collect)
    .addHelpText('after', EXAMPLES)
    .action(async (entry: string, options: SynthCommandOptions) => {
      const { runSynth } = await import('./synth-action.ts');
      await runSynth({ entry, output: options.output, context: options.ctx ?? [], envFile: options.envFile, stack: options.stack ?? [] }, io);
    });
}

/** The options commander parses for `synth`. */
export interface SynthCommandOptions {
  readonly output: string;
  readonly ctx?: string[];
  readonly envFile?: string;
  readonly stack?: string[];
}
