// `shipshape sim serve`: the command's options and help. The work is in serve-action.ts, imported
// only when the command runs. registerServeCommandStandalone() adds a `sim` group when the program
// has none yet.

import { type Command, InvalidArgumentError } from 'commander';
import type { CliIo } from '../output.ts';

const EXAMPLES = `
Examples:
  $ shipshape sim serve                      # https://127.0.0.1:6443, kubeconfig in .shipshape/kubeconfig
  $ shipshape sim serve --port 0             # any free port
  $ shipshape sim serve --speed 10           # ten simulated seconds per real second
  $ KUBECONFIG=.shipshape/kubeconfig kubectl get pods -A

The server holds the state's lock; other shipshape commands on the same state talk to it.
Each start writes a fresh bearer token into the kubeconfig (mode 0600). The certificate
authority is kept in the state directory (ca.crt) and reused. Ctrl-C saves and stops.
`;

/** The options commander parses for `sim serve`. */
export interface ServeCommandOptions {
  readonly port: number;
  readonly address: string;
  readonly speed: number;
  readonly state?: string;
}

/** The port `sim serve` listens on by default (kube-apiserver's). */
export const DEFAULT_SERVE_PORT = 6443;

/** Adds `serve` under the `sim` command group. */
export function registerServeCommand(simCommand: Command, io: CliIo): void {
  simCommand
    .command('serve')
    .description('serve the simulated cluster as a Kubernetes API over HTTPS, in real time, with a kubeconfig for kubectl')
    .option('--port <port>', 'port to listen on (0: any free port)', parsePort, DEFAULT_SERVE_PORT)
    .option('--address <ip>', 'address to listen on', '127.0.0.1')
    .option('--speed <factor>', 'simulated time per real time (e.g. 10: ten times faster)', parseSpeed, 1)
    .option('--state <dir>', 'the simulated cluster state directory (default: $SHIPSHAPE_STATE or .shipshape)')
    .addHelpText('after', EXAMPLES)
    .action(async (options: ServeCommandOptions) => {
      const { runServe } = await import('./serve-action.ts');
      await runServe(options, io);
    });
}

/** Adds `sim serve`, creating the `sim` group when the program does not have one yet. */
export function registerServeCommandStandalone(program: Command, io: CliIo): void {
  const sim = program.commands.find((c) => c.name() === 'sim') ?? program.command('sim').description('the local simulated cluster');
  registerServeCommand(sim, io);
}

/** Parses `--port`: an integer from 0 to 65535. */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n > 65535) throw new InvalidArgumentError(`"${value}" is not a port number (0-65535)`);
  return n;
}

/** Parses `--speed`: a positive number. */
export function parseSpeed(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a positive number`);
  return n;
}
