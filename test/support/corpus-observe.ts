// Reads the end state of a simulated cluster as one line of text per object, in the words the
// corpus README uses ("3/3 ready", "ClusterIP, 2 ready endpoints :6379", "Pending: 0/3 nodes are
// available: …"), so that corpus-state.ts can hold the README's expectations as plain data.
// It only observes; applying the corpus is corpus.ts's job and comparing is the test's.

import type { KubeObject } from '../../lib/k8s/types.ts';
import type { ApiServer } from '../../lib/sim/api/api-server.ts';
import { summarizePod } from '../../lib/sim/printers/pod-printer.ts';

type Obj = Record<string, any>;

/** `<Kind> <namespace>/<name>` (or `<Kind> <name>`), and for generated pods `Pods <ns>/<Kind>/<owner>` → one line each. */
export type Observation = Record<string, string>;

const LIST: ReadonlyArray<readonly [string, string]> = [
  ['v1', 'Namespace'], ['apps/v1', 'Deployment'], ['v1', 'ReplicationController'], ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'], ['batch/v1', 'Job'], ['batch/v1', 'CronJob'], ['v1', 'Service'], ['v1', 'PersistentVolumeClaim'],
  ['v1', 'PersistentVolume'], ['storage.k8s.io/v1', 'StorageClass'], ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['policy/v1', 'PodDisruptionBudget'], ['networking.k8s.io/v1', 'Ingress'], ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
];

function keyOf(kind: string, o: KubeObject): string {
  return o.metadata.namespace ? `${kind} ${o.metadata.namespace}/${o.metadata.name}` : `${kind} ${o.metadata.name}`;
}

function formatConditions(conditions: Obj[] | undefined): string {
  return (conditions ?? []).map((c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`).join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `3/3 ready`; a StatefulSet adds its pods and the nodes they run on (`3 pods on 3 nodes`). */
function describeWorkload(api: ApiServer, kind: string, o: Obj): string {
  if (kind === 'DaemonSet') return `${o.status?.numberReady ?? 0}/${o.status?.desiredNumberScheduled ?? 0} ready`;
  const ready = `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1} ready`;
  if (kind !== 'StatefulSet') return ready;
  const pods = api.list({ apiVersion: 'v1', kind: 'Pod', namespace: o.metadata.namespace }).items
    .filter((p) => p.metadata.ownerReferences?.some((r) => r.controller && r.kind === 'StatefulSet' && r.name === o.metadata.name));
  const nodes = new Set(pods.map((p) => (p as Obj).spec?.nodeName).filter(Boolean));
  return `${ready}, ${plural(pods.length, 'pod')} on ${plural(nodes.size, 'node')}`;
}

function describeJob(o: Obj): string {
  const final = (o.status?.conditions ?? []).find((c: Obj) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  if (final) return `${final.type}${final.reason ? ` (${final.reason})` : ''}, succeeded ${o.status?.succeeded ?? 0}, failed ${o.status?.failed ?? 0}`;
  return `Running, active ${o.status?.active ?? 0}`;
}

function describeCronJob(api: ApiServer, o: Obj): string {
  const jobs = api.list({ apiVersion: 'batch/v1', kind: 'Job', namespace: o.metadata.namespace }).items
    .filter((j) => j.metadata.ownerReferences?.some((r) => r.kind === 'CronJob' && r.name === o.metadata.name));
  const complete = jobs.filter((j) => describeJob(j as Obj).startsWith('Complete')).length;
  return `${jobs.length} Jobs (${complete} Complete), ${(o.status?.active ?? []).length} active, last schedule ${o.status?.lastScheduleTime ?? 'none'}`;
}

/** `ClusterIP, 2 ready endpoints :6379` (+ nodePort, external IP); the EndpointSlices' ready endpoints and their ports. */
function describeService(api: ApiServer, o: Obj): string {
  const spec: Obj = o.spec ?? {};
  const slices = api.list({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespace: o.metadata.namespace, labelSelector: `kubernetes.io/service-name=${o.metadata.name}`,
  }).items as Obj[];
  if (spec.type === 'ExternalName') {
    const endpoints = api.tryGet({ apiVersion: 'v1', kind: 'Endpoints', namespace: o.metadata.namespace, name: o.metadata.name });
    return `ExternalName ${spec.externalName}, clusterIP ${spec.clusterIP ?? 'none'}, ${slices.length} EndpointSlices, ${endpoints ? 'an' : 'no'} Endpoints object`;
  }
  const ready = slices.flatMap((s) => (s.endpoints ?? []).filter((e: Obj) => e.conditions?.ready === true)) as Obj[];
  const ports = [...new Set(slices.filter((s) => (s.endpoints ?? []).length > 0).flatMap((s) => (s.ports ?? []).map((p: Obj) => p.port as number)))].sort((a, b) => a - b);
  const nodeIps = new Set(api.list({ apiVersion: 'v1', kind: 'Node' }).items.flatMap((n) => ((n as Obj).status?.addresses ?? []).map((a: Obj) => a.address)));
  const onNodeIps = ready.length > 0 && ready.every((e) => (e.addresses ?? []).every((a: string) => nodeIps.has(a)));
  let line = `${spec.type}${spec.clusterIP === 'None' ? ' (headless)' : ''}, ${plural(ready.length, 'ready endpoint')}${ports.length > 0 ? ` :${ports.join(',')}` : ''}${onNodeIps ? ' (node IPs)' : ''}`;
  const nodePorts = (spec.ports ?? []).map((p: Obj) => p.nodePort).filter((n: unknown) => typeof n === 'number') as number[];
  if (nodePorts.length > 0) line += `, nodePort ${nodePorts.map((n) => (n >= 30000 && n <= 32767 ? String(n) : `out-of-range ${n}`)).join(',')}`;
  if (spec.type === 'LoadBalancer') {
    const ingress = (o.status?.loadBalancer?.ingress ?? []) as Obj[];
    line += `, external IP ${ingress.length === 0 ? '<pending>' : ingress.map((i) => i.ip ?? i.hostname).join(',')}`;
  }
  return line;
}

function describeClaim(o: Obj): string {
  const bound = o.spec?.volumeName ? ` to ${String(o.spec.volumeName).startsWith('pvc-') ? 'a provisioned volume' : o.spec.volumeName}` : '';
  return `${o.status?.phase ?? 'Pending'}${o.status?.phase === 'Bound' ? bound : ''}, storageClassName ${o.spec?.storageClassName ?? 'unset'}`;
}

/** `Running`, `CrashLoopBackOff`, `Init:0/1`…; an unscheduled pod shows the scheduler's message. */
export function describePod(pod: KubeObject, now: number): string {
  const scheduled = ((pod as Obj).status?.conditions ?? []).find((c: Obj) => c.type === 'PodScheduled');
  if (!(pod as Obj).spec?.nodeName && scheduled?.status === 'False') return `Pending: ${scheduled.message}`;
  const { ready, status } = summarizePod(pod, now);
  const statuses: Obj[] = [...((pod as Obj).status?.initContainerStatuses ?? []), ...((pod as Obj).status?.containerStatuses ?? [])];
  const shown = statuses.find((c) => c.state?.waiting?.reason === status);
  if (status === 'CrashLoopBackOff' && shown) {
    // Its message names the pod uid; the last exit says why it crashes.
    const last: Obj = shown.lastState?.terminated ?? {};
    return `${status} ${ready} (last state: ${last.reason} exit ${last.exitCode})`;
  }
  return `${status} ${ready}${shown?.state.waiting.message ? ` (${shown.state.waiting.message})` : ''}`;
}

/** `3× Running 1/1 on 3 nodes`: the distinct pod states with their counts, and the nodes used. */
function describePodGroup(pods: readonly KubeObject[], now: number): string {
  const counts = new Map<string, number>();
  for (const pod of pods) counts.set(describePod(pod, now), (counts.get(describePod(pod, now)) ?? 0) + 1);
  const states = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([state, n]) => `${n}× ${state}`);
  const nodes = new Set(pods.map((p) => (p as Obj).spec?.nodeName).filter(Boolean));
  return `${states.join(' | ')} on ${plural(nodes.size, 'node')}`;
}

/** The workload a generated pod belongs to: `Deployment/web` for a ReplicaSet's pod, else its owner. */
function ownerOf(api: ApiServer, pod: KubeObject): string | undefined {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
  if (!ref || ref.kind === 'StatefulSet') return undefined;
  if (ref.kind === 'ReplicaSet') {
    const rs = api.tryGet({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: pod.metadata.namespace, name: ref.name });
    const top = rs?.metadata.ownerReferences?.find((r) => r.controller);
    if (top) return `${top.kind}/${top.name}`;
  }
  return `${ref.kind}/${ref.name}`;
}

function describeOther(kind: string, o: Obj): string {
  switch (kind) {
    case 'Namespace': return `${o.status?.phase}, kubernetes.io/metadata.name=${o.metadata.labels?.['kubernetes.io/metadata.name']}`;
    case 'PersistentVolume': return `${o.status?.phase}${o.spec?.claimRef ? ` (claim ${o.spec.claimRef.namespace}/${o.spec.claimRef.name})` : ''}`;
    case 'StorageClass': return `provisioner ${o.provisioner}, ${o.volumeBindingMode}`;
    case 'HorizontalPodAutoscaler': return `${plural(o.status?.currentReplicas ?? 0, 'replica')}; ${formatConditions(o.status?.conditions)}`;
    case 'PodDisruptionBudget': {
      const s: Obj = o.status ?? {};
      return `expectedPods ${s.expectedPods}, currentHealthy ${s.currentHealthy}, desiredHealthy ${s.desiredHealthy}, disruptionsAllowed ${s.disruptionsAllowed}; ${formatConditions(s.conditions)}`;
    }
    case 'Ingress': return (o.status?.loadBalancer?.ingress ?? []).length === 0 ? 'no address' : `address ${JSON.stringify(o.status.loadBalancer.ingress)}`;
    case 'CustomResourceDefinition': return formatConditions([...(o.status?.conditions ?? [])].sort((a: Obj, b: Obj) => (a.type < b.type ? -1 : 1)));
    default: return 'stored';
  }
}

/** One line per object of OBSERVED_KINDS; generated pods are grouped by workload, their states sorted. */
export function observeCluster(api: ApiServer): Observation {
  const out: Observation = {};
  for (const [apiVersion, kind] of LIST) {
    for (const o of api.list({ apiVersion, kind }).items) {
      const obj = o as Obj;
      if (['Deployment', 'ReplicationController', 'StatefulSet', 'DaemonSet'].includes(kind)) out[keyOf(kind, o)] = describeWorkload(api, kind, obj);
      else if (kind === 'Job') {
        // A CronJob's Jobs are summed up on the CronJob's line.
        if (!o.metadata.ownerReferences?.some((r) => r.kind === 'CronJob')) out[keyOf(kind, o)] = describeJob(obj);
      } else if (kind === 'PersistentVolume' && obj.metadata.annotations?.['pv.kubernetes.io/provisioned-by'] && obj.spec?.claimRef) {
        // Provisioned volumes have uid names: name them by their claim.
        out[`PersistentVolume provisioned for ${obj.spec.claimRef.namespace}/${obj.spec.claimRef.name}`] = describeOther(kind, obj);
      }
      else if (kind === 'CronJob') out[keyOf(kind, o)] = describeCronJob(api, obj);
      else if (kind === 'Service') out[keyOf(kind, o)] = describeService(api, obj);
      else if (kind === 'PersistentVolumeClaim') out[keyOf(kind, o)] = describeClaim(obj);
      else out[keyOf(kind, o)] = describeOther(kind, obj);
    }
  }
  const now = api.clock.nowMillis();
  const groups = new Map<string, KubeObject[]>();
  for (const pod of api.list({ apiVersion: 'v1', kind: 'Pod' }).items) {
    const owner = ownerOf(api, pod);
    if (!owner) {
      out[keyOf('Pod', pod)] = describePod(pod, now);
      continue;
    }
    const key = `Pods ${pod.metadata.namespace}/${owner}`;
    groups.set(key, [...(groups.get(key) ?? []), pod]);
  }
  for (const [key, pods] of groups) out[key] = describePodGroup(pods, now);
  return out;
}

/** The observation without the keys present in `baseline` (what the bootstrap made). */
export function subtractBaseline(observation: Observation, baseline: Observation): Observation {
  return Object.fromEntries(Object.entries(observation).filter(([key]) => !(key in baseline)));
}

/** Warning and Normal events about one object, as `Type Reason (component): message`, oldest first. */
export function listEventsOf(api: ApiServer, kind: string, namespace: string, name: string): string[] {
  return (api.list({ apiVersion: 'v1', kind: 'Event', namespace }).items as Obj[])
    .filter((e) => e.involvedObject?.kind === kind && e.involvedObject?.name === name)
    .map((e) => `${e.type} ${e.reason} (${e.source?.component ?? e.reportingComponent}): ${e.message}`);
}
