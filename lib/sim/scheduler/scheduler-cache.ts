// The scheduler's cache: NodeInfos with their bound pods, kept current from store events (never
// rebuilt from a full list per pod), plus indexes the plugins need (pods by namespace, pods with
// required anti-affinity, pods per owner per node). It says which kind of change each event was.

import type { KubeObject } from '../../k8s/types.ts';
import type { StoreEvent } from '../store.ts';
import type { ClusterChange, ClusterLookup, ClusterView, NodeSummary } from './framework.ts';
import { computeNodeSignature, NodeInfo } from './node-info.ts';
import { isPodTerminal, readPodInfo, type PodInfo } from './pod-info.ts';

const VOLUME_KINDS = new Set(['PersistentVolumeClaim', 'PersistentVolume', 'StorageClass']);

// Shared, frozen answers of applyEvent() and friends: every store event of every kind passes
// through applyEvent(), and most change nothing the scheduler holds (no array per event).
const NO_CHANGE: readonly ClusterChange[] = Object.freeze([]);
const NODE_ADD: readonly ClusterChange[] = Object.freeze(['NodeAdd']);
const NODE_UPDATE: readonly ClusterChange[] = Object.freeze(['NodeUpdate']);
const VOLUME_CHANGE: readonly ClusterChange[] = Object.freeze(['VolumeChange']);
const POD_ADD: readonly ClusterChange[] = Object.freeze(['AssignedPodAdd']);
const POD_UPDATE: readonly ClusterChange[] = Object.freeze(['AssignedPodUpdate']);
const POD_DELETE: readonly ClusterChange[] = Object.freeze(['AssignedPodDelete']);
const POD_MOVE: readonly ClusterChange[] = Object.freeze(['AssignedPodDelete', 'AssignedPodAdd']);
const ZONE = 'topology.kubernetes.io/zone';

function isBound(pod: KubeObject): boolean {
  return Boolean((pod as { spec?: { nodeName?: string } }).spec?.nodeName) && !isPodTerminal(pod);
}

function podKey(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}

function isSameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>> | undefined): boolean {
  const bb = b ?? {};
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(bb).length) return false;
  for (const k of ak) if (a[k] !== bb[k]) return false;
  return true;
}

/** Nodes and bound pods as the scheduler sees them. */
export class SchedulerCache implements ClusterView {
  readonly lookup: ClusterLookup;
  private readonly nodeInfos = new Map<string, NodeInfo>();
  private sortedNodes: NodeInfo[] | undefined;
  /** Counts over the nodes; undefined after a node's scheduling signature changed. */
  private summary: NodeSummary | undefined;
  private readonly podsByKey = new Map<string, PodInfo>();
  /**
   * The pods of podsByKey by namespace, then name: a store event's pod is found by strings the
   * store shares across versions, without building (and hashing) a `namespace/name` key.
   */
  private readonly podsByNamespace = new Map<string, Map<string, PodInfo>>();
  private readonly antiAffinityPods = new Map<string, PodInfo>();
  /** Owner uid → the NodeInfo a pod is counted on → its count (a NodeInfo lives while it has pods). */
  private readonly ownerCounts = new Map<string, Map<NodeInfo, number>>();
  /** Pods assumed on a node while their binding cycle runs (not yet bound in the store). */
  private readonly assumed = new Set<string>();
  /** resourceVersion of the last store event applied. */
  lastResourceVersion = 0;

  constructor(lookup: ClusterLookup) {
    this.lookup = lookup;
  }

  /** Every node, ordered by name. */
  get nodes(): readonly NodeInfo[] {
    if (!this.sortedNodes) {
      for (const info of this.nodeInfos.values()) info.position = -1;
      this.sortedNodes = [...this.nodeInfos.values()].filter((n) => n.node !== undefined).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      this.sortedNodes.forEach((info, i) => (info.position = i));
    }
    return this.sortedNodes;
  }

  /** Counts over `nodes`, recounted after a change of what the filters read from a node. */
  get nodeSummary(): NodeSummary {
    if (!this.summary) {
      let unschedulable = 0;
      let hardTainted = 0;
      let tainted = 0;
      let zoned = 0;
      for (const node of this.nodes) {
        if (node.unschedulable) unschedulable++;
        if (node.taints.length > 0) tainted++;
        if (node.taints.some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) hardTainted++;
        if (node.labels[ZONE] !== undefined) zoned++;
      }
      this.summary = { unschedulable, hardTainted, tainted, zoned };
    }
    return this.summary;
  }

  getNode(name: string): NodeInfo | undefined {
    const info = this.nodeInfos.get(name);
    return info?.node ? info : undefined;
  }

  podsInNamespace(namespace: string): Iterable<PodInfo> {
    return this.podsByNamespace.get(namespace)?.values() ?? [];
  }

  allPods(): Iterable<PodInfo> {
    return this.podsByKey.values();
  }

  podsWithRequiredAntiAffinity(): Iterable<PodInfo> {
    return this.antiAffinityPods.values();
  }

  podsOfOwnerByNode(ownerUid: string): ReadonlyMap<NodeInfo, number> | undefined {
    return this.ownerCounts.get(ownerUid);
  }

  /** The bound pod cached under `namespace/name`. */
  getPod(key: string): PodInfo | undefined {
    return this.podsByKey.get(key);
  }

  /** Loads current nodes and pods (an informer's initial list). */
  seed(nodes: readonly KubeObject[], pods: readonly KubeObject[]): void {
    for (const node of nodes) this.upsertNode(node);
    for (const pod of pods) if (isBound(pod)) this.addPod(readPodInfo(pod));
  }

  /** Applies one store event; returns the kinds of change it was, for requeueing. */
  applyEvent(event: StoreEvent): readonly ClusterChange[] {
    this.lastResourceVersion = event.resourceVersion;
    const obj = event.object;
    if (event.group === '' && obj.kind === 'Pod') return this.applyPodEvent(event);
    if (event.group === '' && obj.kind === 'Node') {
      if (event.type === 'DELETED') {
        this.removeNode(obj.metadata.name ?? '');
        return NO_CHANGE;
      }
      return this.upsertNode(obj);
    }
    return VOLUME_KINDS.has(obj.kind) ? VOLUME_CHANGE : NO_CHANGE;
  }

  /**
   * The changes an event about `obj` will be once applied, judged from the cache's state before
   * it: for callers that see an event before the cache does. Deletions are recognised by the
   * store's DELETED object sharing spec and status with the last stored state.
   */
  predictChanges(obj: KubeObject): readonly ClusterChange[] {
    if (obj.kind === 'Node') {
      const info = this.nodeInfos.get(obj.metadata.name ?? '');
      if (!info?.node) return NODE_ADD;
      return info.signature === computeNodeSignature(obj) ? NO_CHANGE : NODE_UPDATE;
    }
    if (obj.kind === 'Pod') {
      if (!(obj as { spec?: { nodeName?: string } }).spec?.nodeName) return NO_CHANGE;
      const cached = this.podsByKey.get(podKey(obj));
      if (!cached) return isPodTerminal(obj) ? NO_CHANGE : POD_ADD;
      if (this.assumed.has(podKey(obj))) return isPodTerminal(obj) ? POD_DELETE : POD_ADD;
      if (isPodTerminal(obj) || obj.metadata.deletionTimestamp) return POD_DELETE;
      if (!isSameLabels(cached.labels, obj.metadata.labels)) return POD_UPDATE;
      const c = cached.pod as { spec?: unknown; status?: unknown };
      const o = obj as { spec?: unknown; status?: unknown };
      const restamped = c.spec === o.spec && c.status === o.status && cached.pod.metadata.resourceVersion !== obj.metadata.resourceVersion;
      return restamped ? POD_DELETE : NO_CHANGE;
    }
    return VOLUME_KINDS.has(obj.kind) ? VOLUME_CHANGE : NO_CHANGE;
  }

  /**
   * Counts a pod on the node it was assumed on before it is bound (kube-scheduler's AssumePod),
   * so that later cycles see its requests there; the bind's store event then replaces it.
   */
  assumePod(pod: PodInfo): void {
    this.removePod(pod.key);
    this.addPod(pod);
    this.assumed.add(pod.key);
  }

  /** Drops an assumed pod whose binding cycle failed (ForgetPod); a no-op once the pod is bound. */
  forgetPod(key: string): readonly ClusterChange[] {
    if (!this.assumed.delete(key)) return NO_CHANGE;
    this.removePod(key);
    return POD_DELETE;
  }

  private applyPodEvent(event: StoreEvent): readonly ClusterChange[] {
    const obj = event.object;
    const meta = obj.metadata;
    const cached = this.podsByNamespace.get(meta.namespace ?? 'default')?.get(meta.name ?? '');
    // Only cached pods are assumed (assumePod caches them), so an uncached pod needs no key here.
    const key = cached?.key;
    // An update of a pod still waiting to be bound keeps it assumed; its deletion drops it.
    if (key !== undefined && this.assumed.has(key) && event.type !== 'DELETED' && !isBound(obj)) return NO_CHANGE;
    const wasAssumed = key !== undefined && this.assumed.delete(key);
    if (event.type === 'DELETED' || !isBound(obj)) {
      if (key === undefined) return NO_CHANGE;
      this.removePod(key);
      return POD_DELETE;
    }
    if (cached && cached.pod.metadata.resourceVersion === obj.metadata.resourceVersion) return NO_CHANGE;
    if (cached && !wasAssumed && this.isSameSchedulingView(cached, obj)) {
      // A status write: what the scheduler reads from the pod is unchanged; keep the new object.
      this.replacePodObject(cached, obj);
      return NO_CHANGE;
    }
    const next = readPodInfo(obj);
    if (key !== undefined) this.removePod(key);
    this.addPod(next);
    if (!cached) return POD_ADD;
    // The bind of an assumed pod is its first appearance as an assigned pod.
    if (wasAssumed) return cached.nodeName === next.nodeName ? POD_ADD : POD_MOVE;
    if (cached.nodeName !== next.nodeName) return POD_MOVE;
    return isSameLabels(cached.labels, next.labels) ? NO_CHANGE : POD_UPDATE;
  }

  /** True when `obj` shares everything readPodInfo() reads with the cached pod (the store shares spec and metadata maps a status write leaves alone). */
  private isSameSchedulingView(cached: PodInfo, obj: KubeObject): boolean {
    const old = cached.pod;
    return (
      (obj as { spec?: unknown }).spec === cached.spec &&
      obj.metadata.uid === old.metadata.uid &&
      obj.metadata.labels === old.metadata.labels &&
      obj.metadata.ownerReferences === old.metadata.ownerReferences
    );
  }

  /**
   * Points the cached pod at a newer object of the same pod (same scheduling view). Every index
   * holds this one PodInfo, so they all see the newer object.
   */
  private replacePodObject(cached: PodInfo, obj: KubeObject): void {
    (cached as { pod: KubeObject }).pod = obj;
  }

  private upsertNode(node: KubeObject): readonly ClusterChange[] {
    const name = node.metadata.name ?? '';
    let info = this.nodeInfos.get(name);
    if (!info) {
      info = new NodeInfo(name, node);
      this.nodeInfos.set(name, info);
      this.sortedNodes = undefined;
      this.summary = undefined;
      return NODE_ADD;
    }
    const wasPresent = info.node !== undefined;
    const before = info.signature;
    info.setNode(node);
    if (!wasPresent) {
      this.sortedNodes = undefined;
      this.summary = undefined;
      return NODE_ADD;
    }
    if (before === info.signature) return NO_CHANGE;
    this.summary = undefined;
    return NODE_UPDATE;
  }

  private removeNode(name: string): void {
    const info = this.nodeInfos.get(name);
    if (!info) return;
    // Pods still naming the node stay counted under a placeholder until they go.
    if (info.pods.size === 0) this.nodeInfos.delete(name);
    else info.node = undefined;
    this.sortedNodes = undefined;
    this.summary = undefined;
  }

  private addPod(pod: PodInfo): void {
    const nodeName = pod.nodeName ?? '';
    let info = this.nodeInfos.get(nodeName);
    if (!info) {
      info = new NodeInfo(nodeName);
      this.nodeInfos.set(nodeName, info);
    }
    info.addPod(pod);
    this.podsByKey.set(pod.key, pod);
    let ns = this.podsByNamespace.get(pod.namespace);
    if (!ns) this.podsByNamespace.set(pod.namespace, (ns = new Map()));
    ns.set(pod.name, pod);
    if (pod.requiredAntiAffinity.length > 0) this.antiAffinityPods.set(pod.key, pod);
    if (pod.ownerUid) {
      let counts = this.ownerCounts.get(pod.ownerUid);
      if (!counts) this.ownerCounts.set(pod.ownerUid, (counts = new Map()));
      counts.set(info, (counts.get(info) ?? 0) + 1);
    }
  }

  private removePod(key: string): void {
    const pod = this.podsByKey.get(key);
    if (!pod) return;
    const nodeName = pod.nodeName ?? '';
    const info = this.nodeInfos.get(nodeName);
    info?.removePod(key);
    if (info && !info.node && info.pods.size === 0) this.nodeInfos.delete(nodeName);
    this.podsByKey.delete(key);
    this.podsByNamespace.get(pod.namespace)?.delete(pod.name);
    this.antiAffinityPods.delete(key);
    if (pod.ownerUid && info) {
      const counts = this.ownerCounts.get(pod.ownerUid);
      const n = (counts?.get(info) ?? 0) - 1;
      if (counts && n > 0) counts.set(info, n);
      else {
        counts?.delete(info);
        if (counts?.size === 0) this.ownerCounts.delete(pod.ownerUid);
      }
    }
  }
}
