// PersistentVolume ↔ PersistentVolumeClaim binding as the persistentvolume-controller does it:
// finding the smallest matching volume for a claim (pre-bound volumes first; class, volume mode,
// access modes, selector, size and node affinity must fit) and the four writes of a binding
// (PV claimRef, PV phase, PVC volumeName and annotations, PVC phase/capacity/accessModes).

import { tryParseQuantity } from '../../k8s/quantity.ts';
import type { KubeObject } from '../../k8s/types.ts';
import { compileLabelSelector } from '../selectors.ts';
import type { ControllerContext } from './controller.ts';
import { matchesNodeSelectorTerms } from './daemonset-node-match.ts';

type Obj = Record<string, any>;

/** The manager name the controller writes with. */
export const PV_COMPONENT = 'persistentvolume-controller';

/** Annotations of binding and provisioning. */
export const PV_ANNOTATIONS = {
  bindCompleted: 'pv.kubernetes.io/bind-completed',
  boundByController: 'pv.kubernetes.io/bound-by-controller',
  provisionedBy: 'pv.kubernetes.io/provisioned-by',
  storageProvisioner: 'volume.kubernetes.io/storage-provisioner',
  betaStorageProvisioner: 'volume.beta.kubernetes.io/storage-provisioner',
  selectedNode: 'volume.kubernetes.io/selected-node',
} as const;

/** The deprecated class annotation, which still takes precedence over `spec.storageClassName`. */
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** The class a claim asks for ('' for none); the beta annotation wins over the spec (upstream GetPersistentVolumeClaimClass). */
export function claimClassOf(claim: KubeObject): string {
  return claim.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? (claim as Obj).spec?.storageClassName ?? '';
}

/** The class of a volume ('' for none); the beta annotation wins over the spec (upstream GetPersistentVolumeClass). */
export function volumeClassOf(volume: KubeObject): string {
  return volume.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? (volume as Obj).spec?.storageClassName ?? '';
}

/** The size a claim requests, in bytes. */
export function requestedBytes(claim: KubeObject): number {
  return tryParseQuantity((claim as Obj).spec?.resources?.requests?.storage) ?? 0;
}

function capacityBytes(volume: KubeObject): number {
  return tryParseQuantity((volume as Obj).spec?.capacity?.storage) ?? 0;
}

/** True when the volume's claimRef names this claim (by namespace and name, and uid when set). */
export function isVolumeBoundToClaim(volume: KubeObject, claim: KubeObject): boolean {
  const ref: Obj | undefined = (volume as Obj).spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata.name || (ref.namespace ?? 'default') !== claim.metadata.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

/** Why a volume cannot serve a claim (upstream checkVolumeSatisfyClaim), or undefined when it can. */
export function checkVolumeSatisfiesClaim(volume: KubeObject, claim: KubeObject): string | undefined {
  const vspec: Obj = (volume as Obj).spec ?? {};
  const cspec: Obj = (claim as Obj).spec ?? {};
  if (volume.metadata.deletionTimestamp) return `the volume is marked for deletion "${volume.metadata.name}"`;
  if (capacityBytes(volume) < requestedBytes(claim)) return 'requested PV is too small';
  if (volumeClassOf(volume) !== claimClassOf(claim)) return 'storageClassName does not match';
  if ((vspec.volumeMode ?? 'Filesystem') !== (cspec.volumeMode ?? 'Filesystem')) return 'incompatible volumeMode';
  const modes: string[] = vspec.accessModes ?? [];
  if (!(cspec.accessModes ?? []).every((m: string) => modes.includes(m))) return 'incompatible accessMode';
  return undefined;
}

/** True when a volume's node affinity admits the node (a volume without node affinity admits all). */
export function volumeFitsNode(volume: KubeObject, node: KubeObject | undefined): boolean {
  const terms = (volume as Obj).spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return true;
  return node !== undefined && matchesNodeSelectorTerms(node, terms);
}

/**
 * The best volume for an unbound claim (upstream findBestMatchForClaim): a volume pre-bound to it,
 * else the smallest available one that fits. With delayed binding, unclaimed volumes are only
 * considered once a node is selected, and must admit that node.
 */
export function findBestMatch(volumes: readonly KubeObject[], claim: KubeObject, options: { delayBinding: boolean; node: KubeObject | undefined }): KubeObject | undefined {
  const selector = (claim as Obj).spec?.selector;
  const matchesSelector = selector ? compileLabelSelector(selector) : undefined;
  let best: KubeObject | undefined;
  for (const volume of volumes) {
    if (checkVolumeSatisfiesClaim(volume, claim) !== undefined) continue;
    if (options.node && !volumeFitsNode(volume, options.node)) continue;
    const ref: Obj | undefined = (volume as Obj).spec?.claimRef;
    if (ref) {
      if (isVolumeBoundToClaim(volume, claim)) return volume;
      continue;
    }
    if (options.delayBinding && !options.node) continue;
    const phase = (volume as Obj).status?.phase;
    if (phase === 'Released' || phase === 'Failed') continue;
    if (matchesSelector && !matchesSelector(volume.metadata.labels)) continue;
    if (!best || capacityBytes(volume) < capacityBytes(best) || (capacityBytes(volume) === capacityBytes(best) && String(volume.metadata.name) < String(best.metadata.name))) {
      best = volume;
    }
  }
  return best;
}

/** Binds a volume and a claim in both directions and sets both phases to Bound. */
export function bindVolumeAndClaim(ctx: ControllerContext, volume: KubeObject, claim: KubeObject): void {
  const boundVolume = bindVolumeToClaim(ctx, volume, claim);
  const volumeWithPhase = setVolumePhase(ctx, boundVolume, 'Bound');
  const boundClaim = bindClaimToVolume(ctx, claim, volumeWithPhase);
  setClaimBound(ctx, boundClaim, volumeWithPhase);
}

function bindVolumeToClaim(ctx: ControllerContext, volume: KubeObject, claim: KubeObject): KubeObject {
  const ref: Obj | undefined = (volume as Obj).spec?.claimRef;
  if (ref && ref.uid === claim.metadata.uid && ref.name === claim.metadata.name) return volume;
  const next = structuredClone(volume) as Obj;
  next.spec.claimRef = {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata.namespace,
    name: claim.metadata.name,
    uid: claim.metadata.uid,
    apiVersion: 'v1',
    resourceVersion: claim.metadata.resourceVersion,
  };
  if (!ref) next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [PV_ANNOTATIONS.boundByController]: 'yes' };
  return ctx.api.update(next as KubeObject, { fieldManager: PV_COMPONENT });
}

/** Sets a volume's status phase (and drops a stale message) when it differs. */
export function setVolumePhase(ctx: ControllerContext, volume: KubeObject, phase: string): KubeObject {
  const status: Obj = (volume as Obj).status ?? {};
  if (status.phase === phase) return volume;
  const next = structuredClone(volume) as Obj;
  next.status = { phase, lastPhaseTransitionTime: ctx.clock.nowIso() };
  return ctx.api.update(next as KubeObject, { subresource: 'status', fieldManager: PV_COMPONENT });
}

function bindClaimToVolume(ctx: ControllerContext, claim: KubeObject, volume: KubeObject): KubeObject {
  const annotations = claim.metadata.annotations ?? {};
  const spec: Obj = (claim as Obj).spec ?? {};
  const setByController = spec.volumeName !== volume.metadata.name;
  if (!setByController && annotations[PV_ANNOTATIONS.bindCompleted] === 'yes') return claim;
  const next = structuredClone(claim) as Obj;
  next.spec.volumeName = volume.metadata.name;
  next.metadata.annotations = { ...annotations, [PV_ANNOTATIONS.bindCompleted]: 'yes' };
  if (setByController) next.metadata.annotations[PV_ANNOTATIONS.boundByController] = 'yes';
  return ctx.api.update(next as KubeObject, { fieldManager: PV_COMPONENT });
}

function setClaimBound(ctx: ControllerContext, claim: KubeObject, volume: KubeObject): void {
  const vspec: Obj = (volume as Obj).spec ?? {};
  const status: Obj = { ...((claim as Obj).status ?? {}), phase: 'Bound', accessModes: vspec.accessModes ?? [], capacity: { ...(vspec.capacity ?? {}) } };
  if (JSON.stringify(status) === JSON.stringify((claim as Obj).status ?? {})) return;
  const next = structuredClone(claim) as Obj;
  next.status = status;
  ctx.api.update(next as KubeObject, { subresource: 'status', fieldManager: PV_COMPONENT });
}

/** Sets a claim's phase (Pending, Lost) when it differs. */
export function setClaimPhase(ctx: ControllerContext, claim: KubeObject, phase: string): void {
  const status: Obj = (claim as Obj).status ?? {};
  if (status.phase === phase) return;
  const next = structuredClone(claim) as Obj;
  next.status = phase === 'Pending' ? { phase } : { ...status, phase };
  ctx.api.update(next as KubeObject, { subresource: 'status', fieldManager: PV_COMPONENT });
}
