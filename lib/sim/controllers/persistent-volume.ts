// The PersistentVolume controller (`persistentvolume-controller`): binds claims to matching or
// pre-bound volumes, provisions volumes (Immediate at once, WaitForFirstConsumer once the
// scheduler set the claim's selected node), keeps PV phases Available/Bound/Released and runs
// reclaim policies (Delete removes the PV, Retain keeps it). Keys: `claim:ns/name`, `volume:name`, `class:name`.

import type { KubeObject } from '../../k8s/types.ts';
import { isStatusError } from '../errors.ts';
import { done, mapped, type Controller, type ControllerContext, type ReconcileResult } from './controller.ts';
import {
  PV_ANNOTATIONS,
  PV_COMPONENT,
  bindVolumeAndClaim,
  checkVolumeSatisfiesClaim,
  claimClassOf,
  findBestMatch,
  isVolumeBoundToClaim,
  setClaimPhase,
  setVolumePhase,
  volumeClassOf,
} from './persistent-volume-binding.ts';
import { provisionVolume } from './persistent-volume-provisioner.ts';

type Obj = Record<string, any>;

const PVC = { apiVersion: 'v1', kind: 'PersistentVolumeClaim' } as const;
const PV = { apiVersion: 'v1', kind: 'PersistentVolume' } as const;
const SC = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' } as const;

function claimKeys(claim: KubeObject): string[] {
  const keys = [`claim:${claim.metadata.namespace}/${claim.metadata.name}`];
  const volumeName = (claim as Obj).spec?.volumeName;
  if (volumeName) keys.push(`volume:${volumeName}`);
  return keys;
}

function volumeKeys(volume: KubeObject): string[] {
  const keys = [`volume:${volume.metadata.name}`];
  const ref: Obj | undefined = (volume as Obj).spec?.claimRef;
  if (ref?.name) keys.push(`claim:${ref.namespace ?? 'default'}/${ref.name}`);
  return keys;
}

/** The PersistentVolume controller. */
export const persistentVolumeController: Controller = {
  name: PV_COMPONENT,
  watches: [
    mapped('v1', 'PersistentVolumeClaim', claimKeys),
    mapped('v1', 'PersistentVolume', volumeKeys),
    mapped('storage.k8s.io/v1', 'StorageClass', (sc) => [`class:${sc.metadata.name}`]),
  ],
  reconcile(key, ctx) {
    const colon = key.indexOf(':');
    const type = key.slice(0, colon);
    const rest = key.slice(colon + 1);
    if (type === 'claim') {
      const slash = rest.indexOf('/');
      const claim = ctx.api.tryGet({ ...PVC, namespace: rest.slice(0, slash), name: rest.slice(slash + 1) });
      return claim ? syncClaim(ctx, claim) : done();
    }
    if (type === 'volume') {
      const volume = ctx.api.tryGet({ ...PV, name: rest });
      if (volume) syncVolume(ctx, volume);
      return done();
    }
    if (type === 'class') syncPendingClaims(ctx, (claim) => claimClassOf(claim) === rest);
    return done();
  },
};

/** Syncs one claim (upstream syncClaim: unbound or bound). */
function syncClaim(ctx: ControllerContext, claim: KubeObject): ReconcileResult {
  if (claim.metadata.deletionTimestamp) return done();
  if (claim.metadata.annotations?.[PV_ANNOTATIONS.bindCompleted]) syncBoundClaim(ctx, claim);
  else if ((claim as Obj).spec?.volumeName) syncPreBoundClaim(ctx, claim);
  else syncUnboundClaim(ctx, claim);
  return done();
}

function syncUnboundClaim(ctx: ControllerContext, claim: KubeObject): void {
  const className = claimClassOf(claim);
  const storageClass = className ? ctx.api.tryGet({ ...SC, name: className }) : undefined;
  const delayBinding = (storageClass as Obj | undefined)?.volumeBindingMode === 'WaitForFirstConsumer';
  const selectedNodeName = claim.metadata.annotations?.[PV_ANNOTATIONS.selectedNode];
  const node = selectedNodeName ? ctx.api.tryGet({ apiVersion: 'v1', kind: 'Node', name: selectedNodeName }) : undefined;
  const volumes = ctx.api.list(PV).items;
  const volume = findBestMatch(volumes, claim, { delayBinding, node });
  if (volume) {
    bindVolumeAndClaim(ctx, volume, claim);
    return;
  }
  if (delayBinding && !selectedNodeName) {
    recordWaitForConsumer(ctx, claim);
  } else if (className !== '') {
    if (!storageClass) {
      ctx.events.record(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`, PV_COMPONENT);
    } else if (selectedNodeName && !node) {
      ctx.events.record(claim, 'Warning', 'ProvisioningFailed', `Failed to get target node: node "${selectedNodeName}" not found`, PV_COMPONENT);
    } else {
      const provisioned = provisionVolume(ctx, claim, storageClass);
      const current = ctx.api.tryGet({ ...PVC, namespace: claim.metadata.namespace, name: claim.metadata.name ?? '' });
      if (provisioned && current && current.metadata.uid === claim.metadata.uid) {
        bindVolumeAndClaim(ctx, provisioned, current);
        return;
      }
    }
  } else {
    ctx.events.record(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', PV_COMPONENT);
  }
  const latest = ctx.api.tryGet({ ...PVC, namespace: claim.metadata.namespace, name: claim.metadata.name ?? '' });
  if (latest) setClaimPhase(ctx, latest, 'Pending');
}

/** WaitForFirstConsumer, or WaitForPodScheduled when pods using the claim are waiting for a node. */
function recordWaitForConsumer(ctx: ControllerContext, claim: KubeObject): void {
  const pods = ctx.api
    .list({ apiVersion: 'v1', kind: 'Pod', namespace: claim.metadata.namespace })
    .items.filter((pod) => !(pod as Obj).spec?.nodeName && ((pod as Obj).spec?.volumes ?? []).some((v: Obj) => v?.persistentVolumeClaim?.claimName === claim.metadata.name))
    .map((pod) => pod.metadata.name ?? '')
    .sort();
  if (pods.length === 0) {
    ctx.events.record(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', PV_COMPONENT);
  } else {
    const message = pods.length === 1 ? `waiting for pod ${pods[0]} to be scheduled` : `waiting for pods ${pods.join(',')} to be scheduled`;
    ctx.events.record(claim, 'Normal', 'WaitForPodScheduled', message, PV_COMPONENT);
  }
}

/** A claim whose spec names a volume (set by the user) that is not bound yet. */
function syncPreBoundClaim(ctx: ControllerContext, claim: KubeObject): void {
  const volumeName: string = (claim as Obj).spec.volumeName;
  const volume = ctx.api.tryGet({ ...PV, name: volumeName });
  if (!volume) {
    setClaimPhase(ctx, claim, 'Pending');
    return;
  }
  const ref: Obj | undefined = (volume as Obj).spec?.claimRef;
  if (!ref) {
    const mismatch = checkVolumeSatisfiesClaim(volume, claim);
    if (mismatch) {
      ctx.events.record(claim, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${volumeName}": ${mismatch}`, PV_COMPONENT);
      setClaimPhase(ctx, claim, 'Pending');
      return;
    }
    bindVolumeAndClaim(ctx, volume, claim);
  } else if (isVolumeBoundToClaim(volume, claim)) {
    bindVolumeAndClaim(ctx, volume, claim);
  } else {
    ctx.events.record(claim, 'Warning', 'FailedBinding', `volume "${volumeName}" already bound to a different claim.`, PV_COMPONENT);
    setClaimPhase(ctx, claim, 'Pending');
  }
}

function syncBoundClaim(ctx: ControllerContext, claim: KubeObject): void {
  const volumeName: string | undefined = (claim as Obj).spec?.volumeName;
  if (!volumeName) {
    markLost(ctx, claim, 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
    return;
  }
  const volume = ctx.api.tryGet({ ...PV, name: volumeName });
  if (!volume) {
    markLost(ctx, claim, 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
    return;
  }
  const ref: Obj | undefined = (volume as Obj).spec?.claimRef;
  if (!ref || ref.uid === claim.metadata.uid) bindVolumeAndClaim(ctx, volume, claim);
  else markLost(ctx, claim, 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
}

function markLost(ctx: ControllerContext, claim: KubeObject, reason: string, message: string): void {
  if ((claim as Obj).status?.phase === 'Lost') return;
  setClaimPhase(ctx, claim, 'Lost');
  ctx.events.record(claim, 'Warning', reason, message, PV_COMPONENT);
}

/** Syncs one volume (upstream syncVolume): phase, release and reclaim. */
function syncVolume(ctx: ControllerContext, volume: KubeObject): void {
  if (volume.metadata.deletionTimestamp) return;
  const ref: Obj | undefined = (volume as Obj).spec?.claimRef;
  if (!ref || !ref.uid) {
    if ((volume as Obj).status?.phase === 'Available') return;
    setVolumePhase(ctx, volume, 'Available');
    // A new or freed volume may be what a pending claim waits for.
    const className = volumeClassOf(volume);
    syncPendingClaims(ctx, (claim) => claimClassOf(claim) === className && (!ref || isVolumeBoundToClaim(volume, claim)));
    return;
  }
  let claim = ctx.api.tryGet({ ...PVC, namespace: ref.namespace ?? 'default', name: ref.name ?? '' });
  if (claim && claim.metadata.uid !== ref.uid) claim = undefined;
  if (!claim) {
    const phase = (volume as Obj).status?.phase;
    const released = phase === 'Released' || phase === 'Failed' ? volume : setVolumePhase(ctx, volume, 'Released');
    reclaimVolume(ctx, released);
    return;
  }
  const claimVolume = (claim as Obj).spec?.volumeName;
  if (!claimVolume) return; // the claim's sync finishes the binding
  if (claimVolume === volume.metadata.name) {
    setVolumePhase(ctx, volume, 'Bound');
    return;
  }
  // The claim is bound to another volume: release this one if the controller bound it.
  if (volume.metadata.annotations?.[PV_ANNOTATIONS.boundByController] === 'yes') {
    const next = structuredClone(volume) as Obj;
    delete next.spec.claimRef;
    delete next.metadata.annotations[PV_ANNOTATIONS.boundByController];
    setVolumePhase(ctx, ctx.api.update(next as KubeObject, { fieldManager: PV_COMPONENT }), 'Available');
  }
}

/** Runs the volume's reclaim policy once its claim is gone. */
function reclaimVolume(ctx: ControllerContext, volume: KubeObject): void {
  const policy = (volume as Obj).spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  if (policy === 'Delete') {
    try {
      ctx.api.delete({ ...PV, name: volume.metadata.name ?? '' }, { preconditions: { uid: volume.metadata.uid } });
    } catch (err) {
      if (!isStatusError(err, 'NotFound')) throw err;
    }
  } else if (policy === 'Recycle') {
    // The recycler scrubs the volume and makes it available again.
    const next = structuredClone(volume) as Obj;
    delete next.spec.claimRef;
    setVolumePhase(ctx, ctx.api.update(next as KubeObject, { fieldManager: PV_COMPONENT }), 'Available');
  }
}

/** Syncs every pending, unbound claim (all namespaces) that `accept` picks, oldest first. */
function syncPendingClaims(ctx: ControllerContext, accept: (claim: KubeObject) => boolean): void {
  const claims = ctx.api
    .list(PVC)
    .items.filter((c) => (c as Obj).status?.phase !== 'Bound' && !c.metadata.annotations?.[PV_ANNOTATIONS.bindCompleted] && accept(c))
    .sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) || String(a.metadata.name).localeCompare(String(b.metadata.name)));
  for (const stale of claims) {
    const claim = ctx.api.tryGet({ ...PVC, namespace: stale.metadata.namespace, name: stale.metadata.name ?? '' });
    if (claim && claim.metadata.resourceVersion === stale.metadata.resourceVersion) syncClaim(ctx, claim);
  }
}
