// Why a workload is not ready, in the user's words: the pod, its condition or container state,
// and the event behind it (`web-7d9c…: ImagePullBackOff: Back-off pulling image "ngnix:1.25"`,
// `0/3 nodes are available: 3 Insufficient memory.`). Also decides which states are hopeless
// enough to fail an apply at once instead of waiting out the timeout.

import type { Cluster } from '../cluster/cluster.ts';
import type { KubeObject } from '../k8s/types.ts';

type Obj = Record<string, any>;

/** A problem found on a pod. */
export interface PodProblem {
  readonly pod: string;
  /** `ImagePullBackOff`, `CrashLoopBackOff`, `CreateContainerConfigError`, `Unschedulable`, … */
  readonly reason: string;
  readonly message: string;
  /** True when waiting longer will not help by itself. */
  readonly fatal: boolean;
}

const FATAL_WAITING = new Set(['ImagePullBackOff', 'ErrImagePull', 'CrashLoopBackOff', 'CreateContainerConfigError', 'InvalidImageName', 'CreateContainerError', 'RunContainerError']);

/** The problems of one pod, most important first. */
export function podProblems(pod: KubeObject): PodProblem[] {
  const o = pod as Obj;
  const name = pod.metadata.name ?? '';
  const out: PodProblem[] = [];
  const scheduled = (o.status?.conditions ?? []).find((c: Obj) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    out.push({ pod: name, reason: 'Unschedulable', message: scheduled.message ?? 'no node can run the pod', fatal: true });
  }
  const statuses: Obj[] = [...(o.status?.initContainerStatuses ?? []), ...(o.status?.containerStatuses ?? [])];
  for (const cs of statuses) {
    const waiting = cs.state?.waiting;
    if (waiting?.reason && waiting.reason !== 'ContainerCreating' && waiting.reason !== 'PodInitializing') {
      out.push({ pod: name, reason: waiting.reason, message: waiting.message ?? waiting.reason, fatal: FATAL_WAITING.has(waiting.reason) });
    }
    const terminated = cs.state?.terminated;
    if (terminated && terminated.exitCode !== 0 && o.spec?.restartPolicy === 'Never') {
      out.push({ pod: name, reason: terminated.reason ?? 'Error', message: `container ${cs.name} exited with code ${terminated.exitCode}`, fatal: true });
    }
  }
  return out;
}

/** The pods a workload runs (by its selector), newest first. */
export async function podsOf(cluster: Cluster, workload: KubeObject): Promise<KubeObject[]> {
  const sel = (workload as Obj).spec?.selector;
  const matchLabels: Record<string, string> | undefined = sel?.matchLabels ?? (sel && !sel.matchExpressions ? sel : undefined);
  if (!matchLabels || Object.keys(matchLabels).length === 0) return [];
  const labelSelector = Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = await cluster.list({ apiVersion: 'v1', kind: 'Pod' }, { namespace: workload.metadata.namespace ?? 'default', labelSelector });
  return [...pods].sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)));
}

/** The most telling problem among a workload's pods, or undefined when none shows one. */
export async function diagnoseWorkload(cluster: Cluster, workload: KubeObject): Promise<PodProblem | undefined> {
  const kind = workload.kind;
  if (!['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController'].includes(kind)) return undefined;
  let pods = await podsOf(cluster, workload);
  if (kind === 'Deployment') {
    // Only the pods of the newest template matter: the old ones are being replaced.
    const hashes = pods.map((p) => p.metadata.labels?.['pod-template-hash']).filter(Boolean);
    const newest = hashes[0];
    if (newest) pods = pods.filter((p) => p.metadata.labels?.['pod-template-hash'] === newest);
  }
  const problems = pods.flatMap(podProblems);
  return problems.find((p) => p.fatal) ?? problems[0];
}

/** `pod: reason: message`, as apply prints it. */
export function formatProblem(problem: PodProblem): string {
  return problem.reason === 'Unschedulable' ? `${problem.pod}: ${problem.message}` : `${problem.pod}: ${problem.reason}: ${problem.message}`;
}
