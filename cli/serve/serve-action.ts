// What `shipshape sim serve` does: serves the state directory over HTTPS until SIGINT/SIGTERM,
// prints where the server and its kubeconfig are, reports failed periodic saves, and saves on
// the way out. The serving itself is lib/sim/server/serve-state.ts.

import { resolve } from 'node:path';
import { ShipshapeError } from '../../lib/k8s/errors.ts';
import { displayPath, resolveStateDir, STATE_FILE } from '../../lib/sim/persist.ts';
import { findRunningServer } from '../../lib/sim/server/server-info.ts';
import { closeOnSignals, serveState } from '../../lib/sim/server/serve-state.ts';
import type { CliIo } from '../output.ts';
import type { ServeCommandOptions } from './command.ts';

/** Serves until a signal arrives; resolves once the state is saved and the lock released. */
export async function runServe(options: ServeCommandOptions, io: CliIo): Promise<void> {
  const stateDir = resolve(io.cwd, resolveStateDir({ state: options.state, cwd: io.cwd, env: io.env ?? process.env }));
  const shownDir = displayPath(stateDir);
  const running = findRunningServer(stateDir);
  if (running) {
    throw new ShipshapeError(`The simulated cluster in ${shownDir} is already served at ${running.url}`, {
      hint: `Use it with: kubectl --kubeconfig ${displayPath(running.kubeconfig)} get pods -A`,
    });
  }
  const server = await serveState({
    stateDir,
    address: options.address,
    port: options.port,
    speed: options.speed,
    command: 'shipshape sim serve',
    onSaveError: (err) => io.stderr(`warning: saving the state failed (will retry): ${err instanceof Error ? err.message : String(err)}\n`),
  }).catch((err: unknown) => {
    throw describeListenError(err, options);
  });
  const kubeconfig = displayPath(server.kubeconfigPath);
  io.stdout(
    `Serving the simulated cluster in ${shownDir} at ${server.url}${options.speed === 1 ? '' : ` (speed ×${options.speed})`}\n` +
      `kubeconfig: ${kubeconfig} (context shipshape)\n` +
      `  kubectl --kubeconfig ${kubeconfig} get pods -A\n` +
      `Other shipshape commands on ${shownDir} now go through this server. Ctrl-C saves the state and stops.\n`,
  );
  const removeHandlers = closeOnSignals(server, {
    onSignal: (signal) => io.stderr(`${signal}: stopping, saving the state …\n`),
    onError: (err) => io.stderr(`error while stopping: ${err instanceof Error ? err.message : String(err)}\n`),
  });
  try {
    await server.closed;
  } finally {
    removeHandlers();
  }
  io.stdout(`Stopped; the state is saved in ${displayPath(resolve(stateDir, STATE_FILE))}\n`);
}

function describeListenError(err: unknown, options: ServeCommandOptions): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new ShipshapeError(`Cannot serve on ${options.address}:${options.port}: the port is in use`, { cause: err, hint: 'Pick another with --port, or --port 0 for any free port' });
  }
  if (code === 'EADDRNOTAVAIL' || code === 'EACCES') {
    return new ShipshapeError(`Cannot serve on ${options.address}:${options.port}: ${(err as Error).message}`, { cause: err, hint: 'Use --address 127.0.0.1 and a port above 1023' });
  }
  return err;
}
