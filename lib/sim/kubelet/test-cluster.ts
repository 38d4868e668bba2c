// A small in-memory cluster for the kubelet, node lifecycle and faults tests: API server,
// bootstrapped nodes, the kubelet and node lifecycle controllers, and helpers to create pods
// bound to a node (no scheduler), read them back and list their events. Test support only.

import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster, type ClusterShape } from '../bootstrap.ts';
import type { SimulationKnobs } from '../controllers/controller.ts';
import { ControllerManager } from '../controllers/manager.ts';
import { nodeLifecycleController } from '../controllers/node-lifecycle.ts';
import { kubeletController } from './kubelet.ts';

type Obj = Record<string, any>;

/** A test cluster (it fits the faults API's FaultTarget). */
export interface TestCluster {
  readonly api: ApiServer;
  readonly knobs: SimulationKnobs;
  readonly manager: ControllerManager;
  /** Seconds since the cluster was created. */
  elapsed(): number;
  /** Creates a pod in `default`, bound to `node` (default node-1). */
  createPod(name: string, spec: Obj, options?: { node?: string | null; annotations?: Record<string, string>; namespace?: string }): KubeObject;
  pod(name: string, namespace?: string): Obj | undefined;
  /** `reason: message` of a pod's events, oldest first. */
  events(name: string, namespace?: string): string[];
  /** Runs reconciles and moves the clock `seconds` forward, step by step. */
  advance(seconds: number): void;
  /**
   * Records `<elapsed>s <summary>` each time a pod's summary changes (and `<elapsed>s deleted`),
   * as a timeline of its states.
   */
  recordPod(name: string, summarize: (pod: Obj) => string): string[];
}

/** A fresh test cluster with the kubelet and node lifecycle controllers running. */
export function createTestCluster(shape: ClusterShape = { nodes: 2 }): TestCluster {
  const api = new ApiServer();
  bootstrapCluster(api, shape);
  const knobs: SimulationKnobs = { values: new Map() };
  const manager = new ControllerManager(api, [kubeletController(), nodeLifecycleController()], knobs).start();
  const startMs = api.clock.nowMillis();
  manager.runPending();
  const elapsed = (): number => (api.clock.nowMillis() - startMs) / 1000;
  return {
    api,
    knobs,
    manager,
    elapsed,
    createPod(name, spec, options = {}) {
      const node = options.node === undefined ? 'node-1' : options.node;
      return api.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: options.namespace ?? 'default', ...(options.annotations ? { annotations: options.annotations } : {}) },
        spec: { ...(node ? { nodeName: node } : {}), ...spec },
      } as KubeObject);
    },
    pod: (name, namespace = 'default') => api.tryGet({ apiVersion: 'v1', kind: 'Pod', namespace, name }) as Obj | undefined,
    events(name, namespace = 'default') {
      const items = api.list({ apiVersion: 'v1', kind: 'Event', namespace }).items as Obj[];
      return items
        .filter((e) => e.involvedObject?.name === name && e.involvedObject?.kind === 'Pod')
        .sort((a, b) => String(a.firstTimestamp).localeCompare(String(b.firstTimestamp)) || Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
        .map((e) => `${e.reason}: ${e.message}`);
    },
    advance(seconds) {
      const target = api.clock.nowMillis() + seconds * 1000;
      for (;;) {
        manager.runPending();
        const next = api.clock.nextTimerAt();
        if (next === undefined || next > target) break;
        api.clock.advanceTo(next);
      }
      api.clock.advanceTo(target);
      manager.runPending();
    },
    recordPod(name, summarize) {
      const timeline: string[] = [];
      let last = '';
      api.store.subscribe((event) => {
        if (event.object.kind !== 'Pod' || event.object.metadata.name !== name) return;
        const summary = event.type === 'DELETED' ? 'deleted' : summarize(event.object as Obj);
        if (summary === last) return;
        last = summary;
        timeline.push(`${elapsed()}s ${summary}`);
      });
      return timeline;
    },
  };
}

/** A one-container pod spec. */
export function simplePodSpec(image = 'nginx:1.27', extra: Obj = {}): Obj {
  return { containers: [{ name: 'web', image, ...extra }] };
}
