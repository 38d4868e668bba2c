// Dynamic provisioning for the simulation: the persistentvolume-controller's part (annotate the
// claim with its provisioner, ExternalProvisioning event) and a simulated external provisioner
// that creates `pvc-<uid>` with the claim's size and access modes, the class's reclaim policy and
// mount options, a hostPath source, and node affinity to the selected node for delayed binding.

import type { KubeObject } from '../../k8s/types.ts';
import { isStatusError } from '../errors.ts';
import type { ControllerContext } from './controller.ts';
import { PV_ANNOTATIONS, PV_COMPONENT, claimClassOf } from './persistent-volume-binding.ts';

type Obj = Record<string, any>;

/** Where simulated volumes live on a node. */
const VOLUME_ROOT = '/var/lib/shipshape/volumes';
/** The provisioner of classes for pre-created local volumes only: nothing provisions for it. */
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
/** The one provisioner that runs in the simulated cluster (the default class `standard` uses it). */
export const SIM_PROVISIONER = 'shipshape.dev/sim-provisioner';

/** The name of the volume provisioned for a claim. */
export function provisionedVolumeName(claim: KubeObject): string {
  return `pvc-${claim.metadata.uid}`;
}

/**
 * Provisions a volume for a claim of `storageClass`; returns the new (or already created) PV,
 * or undefined when nothing can provision for the class. Only SIM_PROVISIONER runs: a claim of a
 * class with another provisioner waits for that (absent) external provisioner, as on a real
 * cluster, and a claim with a selector is refused, as external provisioners do.
 */
export function provisionVolume(ctx: ControllerContext, claim: KubeObject, storageClass: KubeObject): KubeObject | undefined {
  const provisioner: string = (storageClass as Obj).provisioner ?? '';
  if (provisioner === NO_PROVISIONER || provisioner === '') {
    ctx.events.record(claim, 'Warning', 'ProvisioningFailed', 'no provisionable volume plugin matched', PV_COMPONENT);
    return undefined;
  }
  const name = provisionedVolumeName(claim);
  const existing = ctx.api.tryGet({ apiVersion: 'v1', kind: 'PersistentVolume', name });
  if (existing) return existing;
  const annotated = setClaimProvisioner(ctx, claim, provisioner);
  const claimKey = `${claim.metadata.namespace}/${claim.metadata.name}`;
  ctx.events.record(
    annotated,
    'Normal',
    'ExternalProvisioning',
    `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    PV_COMPONENT,
  );
  if (provisioner !== SIM_PROVISIONER) return undefined;
  ctx.events.record(annotated, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${claimKey}"`, provisioner);
  if ((annotated as Obj).spec?.selector) {
    const message = `failed to provision volume with StorageClass "${storageClass.metadata.name}": claim Selector is not supported`;
    ctx.events.record(annotated, 'Warning', 'ProvisioningFailed', message, provisioner);
    return undefined;
  }
  const selectedNode = annotated.metadata.annotations?.[PV_ANNOTATIONS.selectedNode];
  let created: KubeObject;
  try {
    created = ctx.api.create(buildProvisionedVolume(annotated, storageClass, selectedNode), { fieldManager: provisioner });
  } catch (err) {
    if (!isStatusError(err, 'AlreadyExists')) throw err;
    return ctx.api.get({ apiVersion: 'v1', kind: 'PersistentVolume', name });
  }
  ctx.events.record(annotated, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name} using ${provisioner}`, provisioner);
  return created;
}

/** Adds the storage-provisioner annotations a claim gets when provisioning starts. */
function setClaimProvisioner(ctx: ControllerContext, claim: KubeObject, provisioner: string): KubeObject {
  const annotations = claim.metadata.annotations ?? {};
  if (annotations[PV_ANNOTATIONS.storageProvisioner] === provisioner && annotations[PV_ANNOTATIONS.betaStorageProvisioner] === provisioner) return claim;
  const next = structuredClone(claim) as Obj;
  next.metadata.annotations = {
    ...annotations,
    [PV_ANNOTATIONS.betaStorageProvisioner]: provisioner,
    [PV_ANNOTATIONS.storageProvisioner]: provisioner,
  };
  return ctx.api.update(next as KubeObject, { fieldManager: PV_COMPONENT });
}

/** The PersistentVolume the simulated provisioner creates for a claim. */
export function buildProvisionedVolume(claim: KubeObject, storageClass: KubeObject, selectedNode: string | undefined): KubeObject {
  const cspec: Obj = (claim as Obj).spec ?? {};
  const sc = storageClass as Obj;
  const name = provisionedVolumeName(claim);
  const spec: Obj = {
    accessModes: [...(cspec.accessModes ?? [])],
    capacity: { storage: cspec.resources?.requests?.storage },
    claimRef: {
      kind: 'PersistentVolumeClaim',
      namespace: claim.metadata.namespace,
      name: claim.metadata.name,
      uid: claim.metadata.uid,
      apiVersion: 'v1',
      resourceVersion: claim.metadata.resourceVersion,
    },
    hostPath: { path: `${VOLUME_ROOT}/${name}_${claim.metadata.namespace}_${claim.metadata.name}`, type: 'DirectoryOrCreate' },
    persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
    storageClassName: claimClassOf(claim),
    volumeMode: cspec.volumeMode ?? 'Filesystem',
  };
  if (Array.isArray(sc.mountOptions) && sc.mountOptions.length > 0) spec.mountOptions = [...sc.mountOptions];
  if (selectedNode) {
    spec.nodeAffinity = {
      required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [selectedNode] }] }] },
    };
  }
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { [PV_ANNOTATIONS.provisionedBy]: sc.provisioner } },
    spec,
  } as KubeObject;
}
