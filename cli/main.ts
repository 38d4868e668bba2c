// The `shipshape` commander program: global options, one file per command under commands/,
// and the one place errors become messages and exit codes (0 ok, 1 error, 2 usage).
// Commands import their heavy parts lazily so `shipshape --help` starts fast.

import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerApplyCommands } from './commands/apply.ts';
import { registerPlanCommand } from './commands/plan.ts';
import { registerSimCommands } from './commands/sim.ts';
import { registerServeCommand } from './serve/command.ts';
import { registerSynthCommand } from './commands/synth.ts';
import { EXIT, exitCodeOf, formatError } from './errors.ts';
import type { CliIo } from './output.ts';
import { cancelEarlyPrefetch, prefetchTargetEarly } from './target.ts';

// The launcher (bin/shipshape.js) sets how users' TypeScript gets loaded, right before it is.
export { setProgramImportSetup } from './program-import.ts';

const PROGRAM_HELP = `
Exit codes: 0 success, 1 error (in the program, validation, cluster), 2 usage error.

Examples:
  $ shipshape synth                 # run infra.ts, write dist/<stack>.yaml
  $ shipshape plan                  # what apply would change on the local simulated cluster
  $ shipshape apply --yes           # apply it and wait until the cluster is in shape
  $ shipshape destroy --yes         # delete everything the stacks applied
  $ shipshape apply --help          # help for one command
`;

/** Builds the commander program; output goes through `io`. */
export function createProgram(io: CliIo): Command {
  const program = new Command('shipshape')
    .description('TypeScript infrastructure as code for Kubernetes')
    .version(readVersion(), '-V, --version', 'print the version')
    .option('--debug', 'print stack traces with errors')
    .helpOption('-h, --help', 'show help')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .addHelpText('after', PROGRAM_HELP);
  registerSynthCommand(program, io);
  registerPlanCommand(program, io);
  registerApplyCommands(program, io);
  registerServeCommand(registerSimCommands(program, io), io);
  return program;
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  prefetchTargetEarly(argv, io);
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    // A command may end with a code of its own (plan --detailed-exitcode: 2 means changes).
    return commandExitCode(program) ?? EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const debug = program.opts<{ debug?: boolean }>().debug === true || argv.includes('--debug');
    io.stderr(formatError(err, { debug, cwd: io.cwd }));
    return exitCodeOf(err);
  } finally {
    cancelEarlyPrefetch();
  }
}

/** The exit code a command recorded on itself with setCommandExitCode(). */
function commandExitCode(program: Command): number | undefined {
  for (const command of program.commands) {
    const code = (command as Command & { exitCodeResult?: number }).exitCodeResult;
    if (code !== undefined) return code;
  }
  return undefined;
}

function processIo(): CliIo {
  // `shipshape synth -o - | head` closes the pipe early: stop quietly instead of crashing.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? EXIT.ok);
  });
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true && !process.env.CI;
  return {
    cwd: process.cwd(),
    env: process.env,
    interactive,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    prompt: async (question) => {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
