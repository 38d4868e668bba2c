// What a DaemonSet's pods look like and where they belong: the pod built for a node (pinned by
// node affinity `matchFields metadata.name`, with the daemon tolerations added), whether a node
// should run one (nodeName, nodeSelector, node affinity, NoSchedule/NoExecute taints), and the
// "updated" test on revision hash or template generation. Pure functions over plain objects.

import type { KubeObject } from '../../k8s/types.ts';
import { findUntoleratedTaint, fitsNodeAffinity, readTaints, type Toleration } from './daemonset-node-match.ts';

type Obj = Record<string, any>;

/** Labels the controller puts on daemon pods. */
export const DS_LABELS = { revision: 'controller-revision-hash', templateGeneration: 'pod-template-generation' } as const;

/** The annotation the API server keeps the template generation in. */
const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

/** Tolerations every daemon pod gets (upstream AddOrUpdateDaemonPodTolerations). */
export function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const list: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork) list.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return list;
}

/** A pod spec's tolerations with the daemon tolerations added where missing. */
function withDaemonTolerations(spec: Obj): Toleration[] {
  const tolerations: Toleration[] = Array.isArray(spec.tolerations) ? spec.tolerations.map((t: Obj) => ({ ...t })) : [];
  for (const t of daemonTolerations(spec.hostNetwork === true)) {
    if (!tolerations.some((x) => x.key === t.key && x.effect === t.effect && (x.operator ?? 'Equal') === t.operator)) tolerations.push(t);
  }
  return tolerations;
}

/** The template generation of a DaemonSet (its annotation, else metadata.generation). */
export function readTemplateGeneration(ds: KubeObject): string {
  return ds.metadata.annotations?.[TEMPLATE_GENERATION] ?? String(ds.metadata.generation ?? 1);
}

/** True when the pod was made from the DaemonSet's current template (upstream IsPodUpdated). */
export function isPodUpdated(pod: KubeObject, hash: string, generation: string): boolean {
  const labels = pod.metadata.labels ?? {};
  return labels[DS_LABELS.revision] === hash || labels[DS_LABELS.templateGeneration] === generation;
}

/** The node affinity of a daemon pod: the template's, with required terms replaced by the node pin. */
function pinToNode(affinity: Obj | undefined, nodeName: string): Obj {
  const pin = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] };
  const out: Obj = structuredClone(affinity ?? {});
  out.nodeAffinity = { ...(out.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: pin };
  return out;
}

/** The pod the DaemonSet creates for a node. */
export function buildDaemonPod(ds: KubeObject, nodeName: string, hash: string): KubeObject {
  const template: Obj = (ds as Obj).spec?.template ?? {};
  const tmeta: Obj = template.metadata ?? {};
  const spec: Obj = structuredClone(template.spec ?? {});
  spec.tolerations = withDaemonTolerations(spec);
  spec.affinity = pinToNode(spec.affinity, nodeName);
  const metadata: Obj = {
    generateName: `${ds.metadata.name}-`,
    namespace: ds.metadata.namespace,
    labels: { ...(tmeta.labels ?? {}), [DS_LABELS.revision]: hash, [DS_LABELS.templateGeneration]: readTemplateGeneration(ds) },
    ownerReferences: [{ apiVersion: ds.apiVersion, kind: ds.kind, name: ds.metadata.name, uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true }],
  };
  if (tmeta.annotations && Object.keys(tmeta.annotations).length > 0) metadata.annotations = { ...tmeta.annotations };
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec } as KubeObject;
}

/** Whether a node should run a daemon pod, and whether one already there may keep running. */
export interface NodePlacement {
  readonly shouldRun: boolean;
  readonly shouldContinueRunning: boolean;
}

/** Upstream NodeShouldRunDaemonPod, over the template with the daemon tolerations, as a function of the node. */
export function createPlacer(ds: KubeObject): (node: KubeObject) => NodePlacement {
  const spec: Obj = (ds as Obj).spec?.template?.spec ?? {};
  const tolerations = withDaemonTolerations(spec);
  return (node) => {
    if (spec.nodeName && spec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
    if (!fitsNodeAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
    const taints = readTaints(node);
    if (taints.length === 0 || !findUntoleratedTaint(taints, tolerations, ['NoSchedule', 'NoExecute'])) return { shouldRun: true, shouldContinueRunning: true };
    return { shouldRun: false, shouldContinueRunning: !findUntoleratedTaint(taints, tolerations, ['NoExecute']) };
  };
}

/** Oldest first (creationTimestamp, then name). */
export function sortOldestFirst(pods: KubeObject[]): KubeObject[] {
  return [...pods].sort(
    (a, b) =>
      String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) ||
      String(a.metadata.name).localeCompare(String(b.metadata.name)),
  );
}
