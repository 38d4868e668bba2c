// One node as the scheduler sees it: allocatable resources, labels, taints, cordon state, and
// the pods bound to it with their summed requests and host ports, kept up to date pod by pod.
// It never reads the API server; the scheduler cache feeds it.

import type { KubeObject } from '../../k8s/types.ts';
import { parseMillis, tryParseQuantity } from '../../k8s/quantity.ts';
import { addInto, createResources, type PodInfo, type Resources } from './pod-info.ts';

type Obj = Record<string, any>;

/** A node taint. */
export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

/** What the filters read from a node object, as a string to compare versions cheaply. */
export function computeNodeSignature(node: KubeObject): string {
  const n = node as Obj;
  return JSON.stringify([node.metadata.labels ?? {}, n.spec?.taints ?? [], n.spec?.unschedulable === true, n.status?.allocatable ?? n.status?.capacity ?? {}]);
}

/** A node with its pods and what they hold. */
export class NodeInfo {
  /** The node object; undefined while only pods naming this node are known. */
  node: KubeObject | undefined;
  readonly name: string;
  labels: Readonly<Record<string, string>> = {};
  taints: readonly Taint[] = [];
  unschedulable = false;
  allocatable: Resources = createResources();
  allowedPodNumber = 0;
  /** Sum of the requests of the pods on the node. */
  readonly requested: Resources = createResources();
  /** cpu/memory requests with non-zero defaults, for scoring. */
  nonZeroMilliCpu = 0;
  nonZeroMemory = 0;
  /** Pods on the node by `namespace/name`. */
  readonly pods = new Map<string, PodInfo>();
  /** `protocol/port` → host IPs bound (with multiplicity). */
  readonly usedPorts = new Map<string, string[]>();
  /** Pods here with inter-pod (anti-)affinity terms. */
  podsWithAffinity = 0;

  /** The node's index in the cache's name-ordered node list (ClusterView.nodes); -1 while not in it. */
  position = -1;

  /** `scheduling signature` of the node object: what filters read from it. */
  signature = '';

  constructor(name: string, node?: KubeObject) {
    this.name = name;
    if (node) this.setNode(node);
  }

  /** Takes a new version of the node object. */
  setNode(node: KubeObject): void {
    this.node = node;
    this.signature = computeNodeSignature(node);
    const spec: Obj = (node as Obj).spec ?? {};
    const status: Obj = (node as Obj).status ?? {};
    this.labels = node.metadata.labels ?? {};
    this.taints = Array.isArray(spec.taints) ? spec.taints : [];
    this.unschedulable = spec.unschedulable === true;
    const alloc: Obj = status.allocatable ?? status.capacity ?? {};
    const res = createResources();
    for (const [name, value] of Object.entries(alloc)) {
      if (name === 'cpu') res.milliCpu = parseMillis(value as string);
      else if (name === 'memory') res.memory = tryParseQuantity(value) ?? 0;
      else if (name === 'ephemeral-storage') res.ephemeralStorage = tryParseQuantity(value) ?? 0;
      else if (name === 'pods') this.allowedPodNumber = tryParseQuantity(value) ?? 0;
      else {
        res.scalar ??= new Map();
        res.scalar.set(name, tryParseQuantity(value) ?? 0);
      }
    }
    this.allocatable = res;
  }

  /** Counts a pod on this node. */
  addPod(pod: PodInfo): void {
    this.pods.set(pod.key, pod);
    addInto(this.requested, pod.requests);
    this.nonZeroMilliCpu += pod.nonZeroMilliCpu;
    this.nonZeroMemory += pod.nonZeroMemory;
    if (pod.hasPodAffinity) this.podsWithAffinity++;
    for (const p of pod.hostPorts) {
      const key = `${p.protocol}/${p.port}`;
      const ips = this.usedPorts.get(key);
      if (ips) ips.push(p.hostIP);
      else this.usedPorts.set(key, [p.hostIP]);
    }
  }

  /** Stops counting a pod; returns false when it was not here. */
  removePod(key: string): boolean {
    const pod = this.pods.get(key);
    if (!pod) return false;
    this.pods.delete(key);
    addInto(this.requested, pod.requests, -1);
    this.nonZeroMilliCpu -= pod.nonZeroMilliCpu;
    this.nonZeroMemory -= pod.nonZeroMemory;
    if (pod.hasPodAffinity) this.podsWithAffinity--;
    for (const p of pod.hostPorts) {
      const portKey = `${p.protocol}/${p.port}`;
      const ips = this.usedPorts.get(portKey);
      if (!ips) continue;
      const i = ips.indexOf(p.hostIP);
      if (i >= 0) ips.splice(i, 1);
      if (ips.length === 0) this.usedPorts.delete(portKey);
    }
    return true;
  }

  /** True when a host port is taken here (0.0.0.0 conflicts with every address). */
  isPortUsed(port: { hostIP: string; protocol: string; port: number }): boolean {
    const ips = this.usedPorts.get(`${port.protocol}/${port.port}`);
    if (!ips) return false;
    if (port.hostIP === '0.0.0.0') return true;
    return ips.some((ip) => ip === '0.0.0.0' || ip === port.hostIP);
  }
}
