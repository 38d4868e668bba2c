// Why a workload is not ready, in the user's words: the pod, its condition or container state,
// and the event behind it (`web-7d9c…: ImagePullBackOff: Back-off pulling image "ngnix:1.25"`,
// `0/3 nodes are available: 3 Insufficient memory.`). Also decides which states are hopeless
// enough to fail an apply at once instead of waiting out the timeout. PodSnapshot serves many
// diagnoses from one list per namespace.

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

/**
 * One look at the pods of some namespaces, for diagnosing many workloads at once: each
 * namespace's pods are listed once and found by label, instead of one list per workload. Only
 * for the span of one look: it does not follow later changes.
 */
export class PodSnapshot {
  private readonly cluster: Cluster;
  private readonly byNamespace = new Map<string, Promise<Map<string, KubeObject[]>>>();

  constructor(cluster: Cluster) {
    this.cluster = cluster;
  }

  /** The namespace's pods with all these labels, in list order (what a label selector lists). */
  async select(namespace: string, matchLabels: Record<string, string>): Promise<KubeObject[]> {
    let index = this.byNamespace.get(namespace);
    if (!index) {
      index = this.cluster.list({ apiVersion: 'v1', kind: 'Pod' }, { namespace }).then(indexByLabel);
      this.byNamespace.set(namespace, index);
    }
    const byLabel = await index;
    const pairs = Object.entries(matchLabels);
    let fewest: KubeObject[] = [];
    pairs.forEach(([k, v], i) => {
      const bucket = byLabel.get(`${k}=${v}`) ?? [];
      if (i === 0 || bucket.length < fewest.length) fewest = bucket;
    });
    return fewest.filter((p) => pairs.every(([k, v]) => p.metadata.labels?.[k] === v));
  }
}

/** Pods by each `key=value` label they carry (a key holds no `=`), in list order. */
function indexByLabel(pods: readonly KubeObject[]): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    for (const [k, v] of Object.entries(pod.metadata.labels ?? {})) {
      const key = `${k}=${v}`;
      const bucket = out.get(key);
      if (bucket) bucket.push(pod);
      else out.set(key, [pod]);
    }
  }
  return out;
}

/** The pods a workload runs (by its selector), newest first; from `snapshot` when given one. */
export async function podsOf(cluster: Cluster, workload: KubeObject, snapshot?: PodSnapshot): Promise<KubeObject[]> {
  const sel = (workload as Obj).spec?.selector;
  const matchLabels: Record<string, string> | undefined = sel?.matchLabels ?? (sel && !sel.matchExpressions ? sel : undefined);
  if (!matchLabels || Object.keys(matchLabels).length === 0) return [];
  const namespace = workload.metadata.namespace ?? 'default';
  let pods: KubeObject[];
  if (snapshot) {
    pods = await snapshot.select(namespace, matchLabels);
  } else {
    const labelSelector = Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
    pods = await cluster.list({ apiVersion: 'v1', kind: 'Pod' }, { namespace, labelSelector });
  }
  return [...pods].sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)));
}

/** True for the kinds whose pods diagnoseWorkload() looks at. */
export function isWorkloadKind(kind: string): boolean {
  return WORKLOAD_KINDS.has(kind);
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']);

/** The most telling problem among a workload's pods, or undefined when none shows one. */
export async function diagnoseWorkload(cluster: Cluster, workload: KubeObject, snapshot?: PodSnapshot): Promise<PodProblem | undefined> {
  if (!WORKLOAD_KINDS.has(workload.kind)) return undefined;
  const kind = workload.kind;
  let pods = await podsOf(cluster, workload, snapshot);
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
