// What `shipshape sim advance DURATION` does: let the controllers act while the virtual clock
// moves forward by exactly DURATION (settling on the way, then jumping to the end).

import { formatHumanDuration } from '../../lib/sim/printers/format.ts';
import type { CliIo } from '../output.ts';
import { type SimOptions, withSimCluster } from './session.ts';

/** Everything `sim advance` was asked to do. */
export interface AdvanceRequest extends SimOptions {
  /** Milliseconds of virtual time. */
  readonly durationMs: number;
}

/** Runs `shipshape sim advance`: the controllers act on the way, the clock ends `durationMs` later. */
export async function runAdvance(request: AdvanceRequest, io: CliIo): Promise<void> {
  await withSimCluster(request, io, { command: 'advance', settle: 'none' }, (cluster) => {
    const target = cluster.clock.nowMillis() + request.durationMs;
    const result = cluster.settle({ timeoutMs: request.durationMs });
    if (cluster.clock.nowMillis() < target) cluster.clock.advanceTo(target);
    const still = result.settled ? '' : `; ${result.pending.length} still waiting`;
    io.stdout(`Advanced the clock by ${formatHumanDuration(request.durationMs)} to ${cluster.clock.nowIso()} (${result.reconciles} reconciles${still})\n`);
  });
}
