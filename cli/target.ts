// Which cluster a command talks to: the local simulated cluster under the state directory
// (`--state`, SHIPSHAPE_STATE, or `.shipshape/`), or a real one with --context/--kubeconfig.

import type { Cluster } from '../lib/cluster/cluster.ts';
import { resolveStateDir } from '../lib/sim/persist.ts';
import { prefetchState, type StatePrefetch } from '../lib/sim/persist/state-prefetch.ts';
import type { CliIo } from './output.ts';
import { loadBeforeProgramImport } from './program-import.ts';

/** Target options every cluster command takes. */
export interface TargetOptions {
  readonly state?: string | undefined;
  readonly context?: string | undefined;
  readonly kubeconfig?: string | undefined;
}

/** What prefetchTarget started; hand it to openTarget, or cancel() it when the target is not opened. */
export interface TargetPrefetch {
  readonly state: StatePrefetch | undefined;
  cancel(): void;
}

/**
 * Starts loading the local simulated cluster's modules and reading its state (ignoring failures:
 * openTarget reports them), so both happen while the program runs; a real cluster is left to
 * openTarget. The state is read without the lock: openTarget uses it only if the file is unchanged.
 */
export function prefetchTarget(options: TargetOptions, io: CliIo): TargetPrefetch | undefined {
  const started = early;
  early = undefined;
  if (options.context !== undefined || options.kubeconfig !== undefined) {
    started?.cancel();
    return undefined;
  }
  loadBeforeProgramImport(import('../lib/sim/server/server-info.ts'));
  loadBeforeProgramImport(import('../lib/cluster/local-cluster.ts'));
  const stateDir = resolveStateDir({ state: options.state, cwd: io.cwd, env: io.env ?? process.env });
  if (started?.state?.dir === stateDir) return started;
  started?.cancel();
  const state = prefetchState(stateDir);
  return { state, cancel: () => state.cancel() };
}

let early: TargetPrefetch | undefined;
const TARGET_COMMANDS = new Set(['plan', 'apply', 'destroy']);

/**
 * Starts reading the local state before commander has even loaded the commands, from a plain
 * look at `argv`; prefetchTarget adopts it when its state directory is the one the options name.
 * A wrong guess costs only the read: loadState uses a prefetch only of the file it would read.
 */
export function prefetchTargetEarly(argv: readonly string[], io: CliIo): void {
  if (!TARGET_COMMANDS.has(argv[0] ?? '') || argv.some((a) => /^--(context|kubeconfig)(=|$)/.test(a))) return;
  let state: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--state') state = argv[i + 1];
    else if (arg.startsWith('--state=')) state = arg.slice('--state='.length);
  });
  const stateDir = resolveStateDir({ state, cwd: io.cwd, env: io.env ?? process.env });
  const prefetch = prefetchState(stateDir);
  early = { state: prefetch, cancel: () => prefetch.cancel() };
}

/** Cancels an early prefetch no command took (the command failed or was another one). */
export function cancelEarlyPrefetch(): void {
  early?.cancel();
  early = undefined;
}

/** Opens the target, using what prefetchTarget read ahead when it still holds; close() it when done. */
export async function openTarget(options: TargetOptions, io: CliIo, command: string, prefetch?: TargetPrefetch): Promise<Cluster> {
  if (options.context !== undefined || options.kubeconfig !== undefined) {
    prefetch?.cancel();
    const { KubeCluster } = await import('../lib/cluster/kube-cluster.ts');
    return KubeCluster.fromKubeconfig({ context: options.context, kubeconfig: options.kubeconfig, env: io.env ?? process.env });
  }
  const env = io.env ?? process.env;
  const stateDir = resolveStateDir({ state: options.state, cwd: io.cwd, env });
  // While `shipshape sim serve` holds the state, talk to it over its API instead of the file.
  const { findRunningServer } = await import('../lib/sim/server/server-info.ts');
  const running = findRunningServer(stateDir);
  if (running) {
    prefetch?.cancel();
    const { KubeCluster } = await import('../lib/cluster/kube-cluster.ts');
    return KubeCluster.fromKubeconfig({ kubeconfig: running.kubeconfig, context: 'shipshape', env });
  }
  const { LocalCluster } = await import('../lib/cluster/local-cluster.ts');
  try {
    return await LocalCluster.open({ stateDir, command: `shipshape ${command}`, prefetch: prefetch?.state });
  } finally {
    prefetch?.cancel(); // used or not, it has nothing more to do
  }
}
