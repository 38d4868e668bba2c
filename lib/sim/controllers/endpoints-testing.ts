// Test support for the networking controllers and resolve(): creates pods that are already bound,
// Running and Ready with an IP (setting status directly, as a kubelet would), flips readiness,
// and builds Services. Tests only; the real kubelet simulation lives in ../kubelet.

import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';

type Obj = Record<string, any>;

/** What a test pod looks like. */
export interface TestPodOptions {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  /** @default '10.244.0.<n>' from a counter */
  readonly ip?: string;
  /** @default 'node-1' */
  readonly node?: string;
  /** @default true */
  readonly ready?: boolean;
  /** Container ports of the single container. */
  readonly ports?: ReadonlyArray<{ name?: string; containerPort: number; protocol?: string }>;
  readonly hostname?: string;
  readonly subdomain?: string;
}

let nextIp = 10;

function podStatus(ip: string, ready: boolean, now: string): Obj {
  const status = ready ? 'True' : 'False';
  return {
    phase: 'Running',
    podIP: ip,
    podIPs: [{ ip }],
    hostIP: '172.18.0.2',
    conditions: [
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      { type: 'ContainersReady', status, lastProbeTime: null, lastTransitionTime: now },
      { type: 'Ready', status, lastProbeTime: null, lastTransitionTime: now },
    ],
  };
}

/** Creates a pod bound to a node, then gives it a Running status with an IP (Ready unless told). */
export function createTestPod(api: ApiServer, options: TestPodOptions): KubeObject {
  const namespace = options.namespace ?? 'default';
  const spec: Obj = {
    nodeName: options.node ?? 'node-1',
    containers: [{ name: 'app', image: 'nginx:1.27', ...(options.ports ? { ports: options.ports.map((p) => ({ ...p })) } : {}) }],
  };
  if (options.hostname) spec.hostname = options.hostname;
  if (options.subdomain) spec.subdomain = options.subdomain;
  const created = api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: options.name, namespace, labels: { ...(options.labels ?? {}) } }, spec } as KubeObject);
  const ip = options.ip ?? `10.244.0.${nextIp++}`;
  const next = { ...structuredClone(created), status: podStatus(ip, options.ready ?? true, api.clock.nowIso()) } as KubeObject;
  return api.update(next, { subresource: 'status', fieldManager: 'kubelet' });
}

/** Sets a pod's Ready and ContainersReady conditions. */
export function setTestPodReady(api: ApiServer, namespace: string, name: string, ready: boolean): KubeObject {
  const pod = structuredClone(api.get({ apiVersion: 'v1', kind: 'Pod', namespace, name })) as Obj;
  for (const c of pod.status.conditions as Obj[]) if (c.type === 'Ready' || c.type === 'ContainersReady') c.status = ready ? 'True' : 'False';
  return api.update(pod as KubeObject, { subresource: 'status', fieldManager: 'kubelet' });
}

/** A Service manifest. */
export function testService(name: string, spec: Obj, namespace = 'default', metadata: Obj = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, ...metadata }, spec } as KubeObject;
}

/** Events about `obj` as `Type Reason (component): message`, oldest first. */
export function eventLines(api: ApiServer, obj: KubeObject): string[] {
  return api
    .list({ apiVersion: 'v1', kind: 'Event', namespace: obj.metadata.namespace || 'default', fieldSelector: `involvedObject.uid=${obj.metadata.uid ?? ''}` })
    .items.map((e) => e as Obj)
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => `${e.type} ${e.reason} (${e.source.component}): ${e.message}`);
}
