// What `shipshape sim init` does: create a fresh simulated cluster of the asked shape in the
// state directory (settled, so its nodes are Ready), refusing to replace an existing one unless
// --force. Other commands create the default cluster on first use.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ShipshapeError } from '../../lib/k8s/errors.ts';
import { isQuantity } from '../../lib/k8s/quantity.ts';
import { acquireLock, displayPath, saveState, STATE_FILE } from '../../lib/sim/persist.ts';
import { SimCluster } from '../../lib/sim/sim-cluster.ts';
import { UsageError } from '../errors.ts';
import type { CliIo } from '../output.ts';
import { type SimOptions, stateDirOf } from './session.ts';

/** Everything `sim init` was asked to do. */
export interface InitRequest extends SimOptions {
  readonly nodes: number;
  readonly cpu: string;
  readonly memory: string;
  readonly force?: boolean | undefined;
}

function checkShape(request: InitRequest): void {
  if (!Number.isInteger(request.nodes) || request.nodes < 0) throw new UsageError(`--nodes must be a whole number >= 0: current value is ${request.nodes}`);
  if (!isQuantity(request.cpu)) throw new UsageError(`--cpu must be a quantity such as 4 or 500m: current value is '${request.cpu}'`);
  if (!isQuantity(request.memory)) throw new UsageError(`--memory must be a quantity such as 16Gi or 512Mi: current value is '${request.memory}'`);
}

/** Runs `shipshape sim init`. */
export async function runInit(request: InitRequest, io: CliIo): Promise<void> {
  checkShape(request);
  const stateDir = stateDirOf(request, io);
  const lock = await acquireLock(stateDir, { command: 'shipshape sim init' });
  try {
    if (existsSync(join(stateDir, STATE_FILE)) && !request.force) {
      throw new ShipshapeError(`A simulated cluster already exists in ${displayPath(stateDir)}`, { hint: 'add --force to replace it with a new one (its objects are lost)' });
    }
    const cluster = SimCluster.create({ shape: { nodes: request.nodes, cpu: request.cpu, memory: request.memory } });
    if (request.settle !== false) cluster.settle();
    await saveState(stateDir, cluster.toState());
  } finally {
    lock.release();
  }
  const nodes = `${request.nodes} ${request.nodes === 1 ? 'node' : 'nodes'}`;
  io.stdout(`Created a simulated cluster in ${displayPath(stateDir)}: ${nodes} (${request.cpu} CPU, ${request.memory} memory each)\n`);
}
