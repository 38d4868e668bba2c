// Which cluster a command talks to: the local simulated cluster under the state directory
// (`--state`, SHIPSHAPE_STATE, or `.shipshape/`), or a real one with --context/--kubeconfig.

import type { Cluster } from '../lib/cluster/cluster.ts';
import { resolveStateDir } from '../lib/sim/persist.ts';
import type { CliIo } from './output.ts';

/** Target options every cluster command takes. */
export interface TargetOptions {
  readonly state?: string | undefined;
  readonly context?: string | undefined;
  readonly kubeconfig?: string | undefined;
}

/**
 * Starts loading the local simulated cluster's modules (ignoring failures: openTarget reports
 * them), so they load while the program runs; a real cluster's code is left to openTarget.
 */
export function prefetchTarget(options: TargetOptions): void {
  if (options.context !== undefined || options.kubeconfig !== undefined) return;
  void import('../lib/sim/server/server-info.ts').catch(() => undefined);
  void import('../lib/cluster/local-cluster.ts').catch(() => undefined);
}

/** Opens the target; close() it when done. */
export async function openTarget(options: TargetOptions, io: CliIo, command: string): Promise<Cluster> {
  if (options.context !== undefined || options.kubeconfig !== undefined) {
    const { KubeCluster } = await import('../lib/cluster/kube-cluster.ts');
    return KubeCluster.fromKubeconfig({ context: options.context, kubeconfig: options.kubeconfig, env: io.env ?? process.env });
  }
  const env = io.env ?? process.env;
  const stateDir = resolveStateDir({ state: options.state, cwd: io.cwd, env });
  // While `shipshape sim serve` holds the state, talk to it over its API instead of the file.
  const { findRunningServer } = await import('../lib/sim/server/server-info.ts');
  const running = findRunningServer(stateDir);
  if (running) {
    const { KubeCluster } = await import('../lib/cluster/kube-cluster.ts');
    return KubeCluster.fromKubeconfig({ kubeconfig: running.kubeconfig, context: 'shipshape', env });
  }
  const { LocalCluster } = await import('../lib/cluster/local-cluster.ts');
  return LocalCluster.open({ stateDir, command: `shipshape ${command}` });
}
