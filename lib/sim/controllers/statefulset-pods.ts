// The pods and claims of a StatefulSet as the upstream controller builds them: `<set>-<ordinal>`
// pods with a stable hostname, identity labels and one PVC per volumeClaimTemplate named
// `<template>-<set>-<ordinal>`, plus the claims' ownerReferences under the retention policy.
// Pure functions over plain objects; the controller does the reads and writes.

import type { KubeObject } from '../../k8s/types.ts';

type Obj = Record<string, any>;

/** Labels the controller puts on every pod of a StatefulSet. */
export const STS_LABELS = {
  podName: 'statefulset.kubernetes.io/pod-name',
  podIndex: 'apps.kubernetes.io/pod-index',
  revision: 'controller-revision-hash',
} as const;

/** The ordinal of a pod of `setName`, or -1 when the name is not `<set>-<n>`. */
export function readOrdinal(setName: string, podName: string): number {
  if (!podName.startsWith(`${setName}-`)) return -1;
  const rest = podName.slice(setName.length + 1);
  return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : -1;
}

/** The first ordinal of a set (`spec.ordinals.start`). */
export function readStartOrdinal(set: KubeObject): number {
  const start = (set as Obj).spec?.ordinals?.start;
  return typeof start === 'number' && start > 0 ? start : 0;
}

/** The claim name of a template for an ordinal: `<template>-<set>-<ordinal>`. */
export function claimName(templateName: string, setName: string, ordinal: number): string {
  return `${templateName}-${setName}-${ordinal}`;
}

/** The `volumeClaimTemplates` of a set. */
export function readClaimTemplates(set: KubeObject): Obj[] {
  const templates = (set as Obj).spec?.volumeClaimTemplates;
  return Array.isArray(templates) ? templates.filter((t) => t?.metadata?.name) : [];
}

/** The controller ownerReference of a set's pods. */
export function ownerRefTo(owner: KubeObject, controller = true): Obj {
  const ref: Obj = { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid };
  if (controller) ref.controller = true;
  ref.blockOwnerDeletion = true;
  return ref;
}

/** A new pod of the set at `ordinal` from `template`, labelled with `revision`. */
export function buildStatefulSetPod(set: KubeObject, template: Obj, ordinal: number, revision: string): KubeObject {
  const setName = set.metadata.name ?? '';
  const name = `${setName}-${ordinal}`;
  const tmeta: Obj = template.metadata ?? {};
  const spec: Obj = structuredClone(template.spec ?? {});
  spec.hostname = name;
  const serviceName = (set as Obj).spec?.serviceName;
  if (typeof serviceName === 'string' && serviceName !== '') spec.subdomain = serviceName;
  const claimVolumes = readClaimTemplates(set).map((t) => ({
    name: t.metadata.name,
    persistentVolumeClaim: { claimName: claimName(t.metadata.name, setName, ordinal) },
  }));
  const claimNames = new Set(claimVolumes.map((v) => v.name));
  const others = (Array.isArray(spec.volumes) ? spec.volumes : []).filter((v: Obj) => !claimNames.has(v?.name));
  if (claimVolumes.length + others.length > 0) spec.volumes = [...claimVolumes, ...others];
  const metadata: Obj = {
    name,
    namespace: set.metadata.namespace,
    labels: {
      ...(tmeta.labels ?? {}),
      [STS_LABELS.podName]: name,
      [STS_LABELS.podIndex]: String(ordinal),
      [STS_LABELS.revision]: revision,
    },
    ownerReferences: [ownerRefTo(set)],
  };
  if (tmeta.annotations && Object.keys(tmeta.annotations).length > 0) metadata.annotations = { ...tmeta.annotations };
  if (Array.isArray(tmeta.finalizers) && tmeta.finalizers.length > 0) metadata.finalizers = [...tmeta.finalizers];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec } as KubeObject;
}

/** The claims a pod at `ordinal` needs, one per volumeClaimTemplate (without owner references). */
export function buildStatefulSetClaims(set: KubeObject, ordinal: number): KubeObject[] {
  const setName = set.metadata.name ?? '';
  const selectorLabels: Record<string, string> = (set as Obj).spec?.selector?.matchLabels ?? {};
  return readClaimTemplates(set).map((t) => {
    const tmeta: Obj = t.metadata ?? {};
    const metadata: Obj = {
      name: claimName(tmeta.name, setName, ordinal),
      namespace: set.metadata.namespace,
      labels: { ...(tmeta.labels ?? {}), ...selectorLabels },
    };
    if (tmeta.annotations && Object.keys(tmeta.annotations).length > 0) metadata.annotations = { ...tmeta.annotations };
    return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata, spec: structuredClone(t.spec ?? {}) } as KubeObject;
  });
}

/** `persistentVolumeClaimRetentionPolicy` with its defaults. */
export function readRetentionPolicy(set: KubeObject): { whenDeleted: string; whenScaled: string } {
  const policy: Obj = (set as Obj).spec?.persistentVolumeClaimRetentionPolicy ?? {};
  return { whenDeleted: policy.whenDeleted ?? 'Retain', whenScaled: policy.whenScaled ?? 'Retain' };
}

/**
 * The ownerReferences a claim should carry (upstream updateClaimOwnerRefForSetAndPod): the set
 * when whenDeleted is Delete, the pod instead when whenScaled is Delete and the pod is scaled down.
 */
export function claimOwnerRefs(claim: KubeObject, set: KubeObject, pod: KubeObject | undefined, scaledDown: boolean): Obj[] {
  const policy = readRetentionPolicy(set);
  const setUid = set.metadata.uid;
  const podUid = pod?.metadata.uid;
  let refs: Obj[] = (claim.metadata.ownerReferences ?? []).map((r) => ({ ...r }));
  const drop = (uid: string | undefined): void => {
    refs = refs.filter((r) => r.uid !== uid);
  };
  const add = (owner: KubeObject): void => {
    if (!refs.some((r) => r.uid === owner.metadata.uid)) refs.push(ownerRefTo(owner, false));
  };
  const wantSet = policy.whenDeleted === 'Delete' && !(scaledDown && policy.whenScaled === 'Delete');
  const wantPod = policy.whenScaled === 'Delete' && scaledDown && pod !== undefined;
  if (wantSet) add(set);
  else drop(setUid);
  if (wantPod) add(pod);
  else if (podUid) drop(podUid);
  return refs;
}

/** True when a pod is Running and its Ready condition is True. */
export function isRunningAndReady(pod: KubeObject): boolean {
  const status: Obj = (pod as Obj).status ?? {};
  return status.phase === 'Running' && (status.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True');
}

/** True when the pod has a deletionTimestamp. */
export function isTerminating(pod: KubeObject): boolean {
  return Boolean(pod.metadata.deletionTimestamp);
}

/** True when the pod finished (Failed or Succeeded): the controller replaces it. */
export function hasFinished(pod: KubeObject): boolean {
  const phase = (pod as Obj).status?.phase;
  return phase === 'Failed' || phase === 'Succeeded';
}
