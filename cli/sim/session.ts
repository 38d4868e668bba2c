// How every `shipshape sim …` command runs: open the simulated cluster in the state directory
// (holding its lock), act, settle, save, close. Reads only run what is due now (the virtual
// clock stays put); changes settle the cluster until it is quiescent (unless --no-settle).
// Faults' argument errors become ShipshapeErrors so the CLI prints them plainly.

import { ShipshapeError } from '../../lib/k8s/errors.ts';
import { resolveStateDir } from '../../lib/sim/persist.ts';
import { SimCluster } from '../../lib/sim/sim-cluster.ts';
import type { CliIo } from '../output.ts';

/** Options every `sim` command takes. */
export interface SimOptions {
  /** `--state DIR`. */
  readonly state?: string | undefined;
  /** False with `--no-settle`. @default true */
  readonly settle?: boolean | undefined;
}

/**
 * How a command lets the cluster run: `read` runs what is due before reading (no virtual time
 * passes), `change` settles after acting, `none` leaves it to the command.
 */
export type SettleWhen = 'read' | 'change' | 'none';

/** The state directory a command works on. */
export function stateDirOf(options: SimOptions, io: CliIo): string {
  return resolveStateDir({ state: options.state, cwd: io.cwd, env: io.env ?? process.env });
}

/**
 * A fault's RangeError (wrong node or pod name, bad value) as an error the CLI prints without a
 * stack, minus the API's `failNode(): ` prefix, which names a function the user did not call.
 */
export function toCliError(err: unknown): unknown {
  return err instanceof RangeError ? new ShipshapeError(err.message.replace(/^\w+\(\): /, ''), { cause: err }) : err;
}

/**
 * Opens the cluster, runs `act`, settles and saves. Nothing is saved when `act` throws.
 * @example await withSimCluster(options, io, { command: 'cordon', settle: 'change' }, (c) => cordon(c.api, node))
 */
export async function withSimCluster<T>(options: SimOptions, io: CliIo, how: { command: string; settle: SettleWhen }, act: (cluster: SimCluster) => T | Promise<T>): Promise<T> {
  const cluster = await SimCluster.open({ stateDir: stateDirOf(options, io), command: `shipshape sim ${how.command}` });
  const settle = options.settle !== false;
  let result: T;
  try {
    if (settle && how.settle === 'read') cluster.manager.start().runPending();
    result = await act(cluster);
    if (settle && how.settle === 'change') cluster.settle();
  } catch (err) {
    await cluster.close({ save: false });
    throw toCliError(err);
  }
  await cluster.close();
  return result;
}
