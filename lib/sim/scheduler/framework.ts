// The scheduler framework's shapes, after kube-scheduler's: a plugin may pre-filter a pod once,
// filter each node (ok, or a short countable reason), and score feasible nodes from 0 to 100.
// Plugins read the cluster through ClusterView; they never write. The cycle runner is elsewhere.

import type { KubeObject } from '../../k8s/types.ts';
import type { NodeInfo } from './node-info.ts';
import type { PodInfo } from './pod-info.ts';

/** A node passed a filter. */
export interface FilterOk {
  readonly ok: true;
}

/** A node (or, from preFilter, every node) failed a filter. */
export interface FilterFailure {
  /** Short and countable, as in `0/3 nodes are available: 2 Insufficient cpu`. */
  readonly reason: string;
  /** Further reasons from the same plugin (NodeResourcesFit reports each short resource). */
  readonly extraReasons?: readonly string[];
  /** kube-scheduler's UnschedulableAndUnresolvable: evicting pods would not help. */
  readonly unresolvable?: boolean;
}

/** What filter and preFilter return. */
export type FilterResult = FilterOk | FilterFailure;

/** The node passes. */
export const OK: FilterOk = Object.freeze({ ok: true });

/** preFilter's answer when the plugin has nothing to check for this pod (its filter is skipped). */
export const SKIP: FilterOk = Object.freeze({ ok: true });

/** A failure that preemption could fix (kube-scheduler's Unschedulable). */
export function fail(reason: string, extraReasons?: readonly string[]): FilterFailure {
  return extraReasons && extraReasons.length > 0 ? { reason, extraReasons } : { reason };
}

/** A failure no eviction can fix (UnschedulableAndUnresolvable). */
export function failUnresolvable(reason: string): FilterFailure {
  return { reason, unresolvable: true };
}

/** True for OK and SKIP. */
export function isOk(result: FilterResult): result is FilterOk {
  return (result as FilterOk).ok === true;
}

/** The reasons of a failure, in order. */
export function listReasons(failure: FilterFailure): string[] {
  return [failure.reason, ...(failure.extraReasons ?? [])];
}

/** Objects plugins may look up besides nodes and pods (claims, volumes, classes, namespaces). */
export interface ClusterLookup {
  getPersistentVolumeClaim(namespace: string, name: string): KubeObject | undefined;
  getPersistentVolume(name: string): KubeObject | undefined;
  getStorageClass(name: string): KubeObject | undefined;
  getNamespaceLabels(name: string): Readonly<Record<string, string>> | undefined;
}

/** How many of the cluster's nodes have traits some filters check, so a check no node can fail is skipped. */
export interface NodeSummary {
  /** Cordoned nodes (spec.unschedulable). */
  readonly unschedulable: number;
  /** Nodes with a NoSchedule or NoExecute taint. */
  readonly hardTainted: number;
  /** Nodes with any taint. */
  readonly tainted: number;
  /** Nodes labelled `topology.kubernetes.io/zone`. */
  readonly zoned: number;
}

/** The scheduler's read-only view of the cluster during a cycle. */
export interface ClusterView {
  /** Every node, ordered by name. */
  readonly nodes: readonly NodeInfo[];
  /** Counts over `nodes`. */
  readonly nodeSummary: NodeSummary;
  getNode(name: string): NodeInfo | undefined;
  /** Pods bound to nodes (not finished), in one namespace. */
  podsInNamespace(namespace: string): Iterable<PodInfo>;
  /** Every pod bound to a node (not finished). */
  allPods(): Iterable<PodInfo>;
  /** Bound pods that have required pod anti-affinity terms. */
  podsWithRequiredAntiAffinity(): Iterable<PodInfo>;
  /** Node → number of bound pods controlled by `ownerUid` (a node that is gone has `node` unset). */
  podsOfOwnerByNode(ownerUid: string): ReadonlyMap<NodeInfo, number> | undefined;
  readonly lookup: ClusterLookup;
}

/** Per-pod scratch space shared by a plugin's preFilter, filter, preScore and score. */
export class CycleState {
  readonly cluster: ClusterView;
  /** Made on the first write: most pods' plugins store nothing. */
  private data: Map<string, unknown> | undefined = undefined;

  constructor(cluster: ClusterView) {
    this.cluster = cluster;
  }

  /** Reads what a plugin stored under `key`. */
  read<T>(key: string): T | undefined {
    return this.data?.get(key) as T | undefined;
  }

  /** Stores a plugin's per-pod data. */
  write(key: string, value: unknown): void {
    (this.data ??= new Map()).set(key, value);
  }
}

/** Kinds of cluster change after which a pod a plugin rejected is worth another try. */
export type ClusterChange = 'NodeAdd' | 'NodeUpdate' | 'AssignedPodAdd' | 'AssignedPodUpdate' | 'AssignedPodDelete' | 'VolumeChange';

/** A scheduler plugin. Every hook is optional. */
export interface SchedulerPlugin {
  /** kube-scheduler's plugin name (`NodeResourcesFit`). */
  readonly name: string;
  /** Weight of the score in the sum. @default 1 */
  readonly weight?: number;
  /** Changes that can undo this plugin's rejection of a pod. */
  readonly requeueOn: readonly ClusterChange[];
  /** Once per pod: SKIP (no filter needed), OK, or a failure that applies to every node. */
  preFilter?(pod: PodInfo, state: CycleState): FilterResult;
  filter?(pod: PodInfo, node: NodeInfo, state: CycleState): FilterResult;
  /**
   * Once per pod over the feasible nodes; false skips this plugin's score. What it works out for
   * all nodes at once goes into the CycleState, by `node.position`, for score to look up.
   * `nodes` is the cycle's own buffer: read it during the call, never keep it.
   */
  preScore?(pod: PodInfo, nodes: readonly NodeInfo[], state: CycleState): boolean;
  /** 0 (worst) to 100 (best), for one of the feasible nodes preScore saw. */
  score?(pod: PodInfo, node: NodeInfo, state: CycleState): number;
  /**
   * score() of every node at once: adds `weight × score(pod, nodes[i], state)` to `totals[i]`.
   * Optional; the cycle calls score() per node without it. A plugin that scores every pod has its
   * own loop here so that the engine can inline its one score function (the cycle's shared loop
   * calls many). It must give exactly what score() gives. `nodes` and `totals` are the cycle's
   * own buffers: never kept.
   */
  scoreInto?(pod: PodInfo, nodes: readonly NodeInfo[], state: CycleState, weight: number, totals: Float64Array): void;
}

/** Highest node score a plugin gives. */
export const MAX_NODE_SCORE = 100;
