// Fixtures of the scheduler's tests: node and pod builders, a cluster view built from them, and
// runners that put one plugin through preFilter+filter or preScore+score the way a cycle does.
// Test support only; nothing outside *.test.ts files imports it.

import type { KubeObject } from '../../k8s/types.ts';
import { nodeObject } from '../bootstrap.ts';
import { CycleState, isOk, listReasons, SKIP, type ClusterLookup, type SchedulerPlugin } from './framework.ts';
import { readPodInfo } from './pod-info.ts';
import { SchedulerCache } from './scheduler-cache.ts';

type Obj = Record<string, any>;

/** Options of makeNode(). */
export interface NodeOptions {
  readonly labels?: Record<string, string>;
  readonly taints?: Obj[];
  readonly unschedulable?: boolean;
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: number;
}

/** A node like bootstrap's (4 CPU, 16Gi, 110 pods) with extra labels, taints or cordon. */
export function makeNode(name: string, options: NodeOptions = {}): KubeObject {
  const node = structuredClone(nodeObject(name, 0, { cpu: options.cpu, memory: options.memory, maxPods: options.pods })) as Obj;
  node.metadata.labels = { ...node.metadata.labels, ...(options.labels ?? {}) };
  if (options.taints) node.spec.taints = options.taints;
  if (options.unschedulable) node.spec.unschedulable = true;
  node.metadata.resourceVersion = '1';
  return node as KubeObject;
}

/** A pod in `default` with one container `app` and the given spec fields. */
export function makePod(name: string, spec: Obj = {}, metadata: Obj = {}): KubeObject {
  const { containerResources, ports, ...rest } = spec;
  const container: Obj = { name: 'app', image: 'nginx:1.27' };
  if (containerResources) container.resources = { requests: containerResources };
  if (ports) container.ports = ports;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1', ...metadata },
    spec: { containers: [container], schedulerName: 'default-scheduler', ...rest },
  } as KubeObject;
}

/** `pod` bound to `nodeName`. */
export function onNode(pod: KubeObject, nodeName: string): KubeObject {
  return { ...pod, spec: { ...(pod as Obj).spec, nodeName } } as KubeObject;
}

/** A lookup over fixed objects. */
export function makeLookup(objects: readonly KubeObject[] = []): ClusterLookup {
  const find = (kind: string, name: string, namespace?: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || (o.metadata.namespace ?? 'default') === namespace));
  return {
    getPersistentVolumeClaim: (namespace, name) => find('PersistentVolumeClaim', name, namespace),
    getPersistentVolume: (name) => find('PersistentVolume', name),
    getStorageClass: (name) => find('StorageClass', name),
    getNamespaceLabels: (name) => find('Namespace', name)?.metadata.labels ?? {},
  };
}

/** A cache holding `nodes` and the bound `pods`. */
export function makeCluster(nodes: readonly KubeObject[], pods: readonly KubeObject[] = [], lookup = makeLookup()): SchedulerCache {
  const cache = new SchedulerCache(lookup);
  cache.seed(nodes, pods);
  return cache;
}

/** Runs a plugin's preFilter and filter for one node: 'ok' or the failure's reasons joined by ', '. */
export function runFilter(plugin: SchedulerPlugin, pod: KubeObject, node: KubeObject, cluster = makeCluster([node])): string {
  const info = readPodInfo(pod);
  const state = new CycleState(cluster);
  if (plugin.preFilter) {
    const pre = plugin.preFilter(info, state);
    if (pre === SKIP) return 'ok';
    if (!isOk(pre)) return listReasons(pre).join(', ');
  }
  const nodeInfo = cluster.getNode(node.metadata.name ?? '')!;
  const result = plugin.filter!(info, nodeInfo, state);
  return isOk(result) ? 'ok' : listReasons(result).join(', ');
}

/** Runs a plugin's preScore over every node of the cluster, then scores one node (undefined when skipped). */
export function runScoreOn(plugin: SchedulerPlugin, pod: KubeObject, nodeName: string, cluster: SchedulerCache): number | undefined {
  const info = readPodInfo(pod);
  const state = new CycleState(cluster);
  plugin.preFilter?.(info, state);
  if (plugin.preScore && !plugin.preScore(info, cluster.nodes, state)) return undefined;
  const node = cluster.getNode(nodeName);
  if (!node) throw new RangeError(`Node ${nodeName}: not in the test cluster`);
  return plugin.score!(info, node, state);
}
