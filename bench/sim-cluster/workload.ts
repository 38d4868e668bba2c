// The sim-cluster workload: a whole simulated cluster (every controller, the scheduler and the
// kubelets) with N nodes runs D Deployments × R replicas from creation to all Ready, then a
// rolling update of all of them, then F failed nodes. Wall time per phase; no child processes.

import type { KubeObject } from '../../lib/k8s/types.ts';
import { isPodReady } from '../../lib/sim/conditions.ts';
import { failNode } from '../../lib/sim/faults.ts';
import { SimCluster } from '../../lib/sim/sim-cluster.ts';

/** The size of one run. */
export interface ClusterPlan {
  readonly nodes: number;
  readonly deployments: number;
  readonly replicas: number;
  readonly failedNodes: number;
  /** Stop after the create phase (for profiles). @default false */
  readonly createOnly?: boolean;
}

/** One measured phase. */
export interface PhaseResult {
  readonly phase: 'create' | 'rolling-update' | 'fail-nodes';
  /** Pods this phase had to schedule and start. */
  readonly pods: number;
  readonly seconds: number;
  /** CPU seconds (user + system) of the process during the phase: steadier than wall time on a busy machine. */
  readonly cpuSeconds: number;
  readonly virtualSeconds: number;
  readonly reconciles: number;
  /** Ready pods at the end of the phase. */
  readonly ready: number;
  readonly settled: boolean;
  /** process.resourceUsage().maxRSS at the end of the phase, in MiB. */
  readonly peakRssMiB: number;
}

const NAMESPACE = 'bench';

function deploymentOf(index: number, replicas: number, image: string): KubeObject {
  const name = `app-${String(index).padStart(4, '0')}`;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NAMESPACE, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
      },
    },
  } as unknown as KubeObject;
}

function countReady(sim: SimCluster): number {
  let ready = 0;
  for (const pod of sim.api.list({ apiVersion: 'v1', kind: 'Pod', namespace: NAMESPACE }).items) {
    if (!pod.metadata.deletionTimestamp && isPodReady(pod)) ready++;
  }
  return ready;
}

function measure(sim: SimCluster, phase: PhaseResult['phase'], pods: number, act: () => void): PhaseResult {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const virtualStart = sim.clock.nowMillis();
  act();
  const result = sim.settle({ timeoutMs: 60 * 60_000 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stderr.write(`sim-cluster: ${phase} of ${pods} pods took ${seconds.toFixed(2)} s, ${cpuSeconds.toFixed(2)} CPU s (${result.reconciles} reconciles)\n`);
  return {
    phase, pods, seconds, cpuSeconds,
    virtualSeconds: (sim.clock.nowMillis() - virtualStart) / 1000,
    reconciles: result.reconciles,
    ready: countReady(sim),
    settled: result.settled,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

/** Runs the three phases against a fresh cluster and returns their measurements. */
export function runClusterWorkload(plan: ClusterPlan): PhaseResult[] {
  const sim = SimCluster.create({ shape: { nodes: plan.nodes } });
  sim.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  sim.settle();
  const total = plan.deployments * plan.replicas;
  const phases: PhaseResult[] = [];
  phases.push(measure(sim, 'create', total, () => {
    for (let i = 0; i < plan.deployments; i++) sim.api.create(deploymentOf(i, plan.replicas, 'nginx:1.27'));
  }));
  if (plan.createOnly) return phases;
  phases.push(measure(sim, 'rolling-update', total, () => {
    for (let i = 0; i < plan.deployments; i++) {
      const name = `app-${String(i).padStart(4, '0')}`;
      sim.api.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: NAMESPACE, name }, 'strategic', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } });
    }
  }));
  const onFailed = new Set<string>();
  for (let i = 1; i <= plan.failedNodes; i++) onFailed.add(`node-${i}`);
  let displaced = 0;
  for (const pod of sim.api.list({ apiVersion: 'v1', kind: 'Pod', namespace: NAMESPACE }).items) {
    if (onFailed.has(String((pod as Record<string, any>).spec?.nodeName))) displaced++;
  }
  phases.push(measure(sim, 'fail-nodes', displaced, () => {
    for (const node of onFailed) failNode(sim, node);
  }));
  return phases;
}
