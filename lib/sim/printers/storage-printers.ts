// kubectl's columns for storage kinds: PersistentVolumes, PersistentVolumeClaims and
// StorageClasses (`standard (default)`).

import type { KubeObject } from '../../k8s/types.ts';
import { formatAge } from './format.ts';
import { AGE_COLUMN, column, NAME_COLUMN, type Obj, type Printer } from './table.ts';

const age = (o: KubeObject, now: number) => formatAge(o.metadata.creationTimestamp, now);

const ACCESS_MODE_SHORT: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

/** Access modes as kubectl abbreviates them, in kubectl's fixed order: `RWO,ROX,RWX,RWOP`. */
export function formatAccessModes(modes: readonly string[] | undefined): string {
  const set = new Set(modes ?? []);
  return Object.keys(ACCESS_MODE_SHORT)
    .filter((m) => set.has(m))
    .map((m) => ACCESS_MODE_SHORT[m]!)
    .join(',');
}

function storageClassOf(o: Obj): string {
  return String(o.spec?.storageClassName ?? o.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '');
}

/** PersistentVolumes: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE; wide VOLUMEMODE. */
export const persistentVolumePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Capacity', 'capacity is the description of the persistent volume\'s resources and capacity.'),
    column('Access Modes', 'accessModes contains all ways the volume can be mounted.'),
    column('Reclaim Policy', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    column('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    column('Claim', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    column('StorageClass', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
    column('Reason', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    AGE_COLUMN,
    column('VolumeMode', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', { wide: true }),
  ],
  cells(o, { now }) {
    const pv = o as Obj;
    const claim = pv.spec?.claimRef ? `${pv.spec.claimRef.namespace ?? ''}/${pv.spec.claimRef.name ?? ''}` : '';
    const phase = o.metadata.deletionTimestamp ? 'Terminating' : String(pv.status?.phase ?? '');
    return [
      o.metadata.name ?? '',
      String(pv.spec?.capacity?.storage ?? '0'),
      formatAccessModes(pv.spec?.accessModes),
      String(pv.spec?.persistentVolumeReclaimPolicy ?? ''),
      phase,
      claim,
      storageClassOf(pv),
      pv.spec?.volumeAttributesClassName ?? '<unset>',
      String(pv.status?.reason ?? ''),
      age(o, now),
      pv.spec?.volumeMode ?? '<unset>',
    ];
  },
};

/** PersistentVolumeClaims: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE; wide VOLUMEMODE. */
export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
    column('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    column('Capacity', 'capacity represents the actual resources of the underlying volume.'),
    column('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    column('StorageClass', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
    AGE_COLUMN,
    column('VolumeMode', 'volumeMode defines what type of volume is required by the claim.', { wide: true }),
  ],
  cells(o, { now }) {
    const pvc = o as Obj;
    const bound = Boolean(pvc.spec?.volumeName);
    const phase = o.metadata.deletionTimestamp ? 'Terminating' : String(pvc.status?.phase ?? '');
    return [
      o.metadata.name ?? '',
      phase,
      String(pvc.spec?.volumeName ?? ''),
      bound ? String(pvc.status?.capacity?.storage ?? '0') : '',
      bound ? formatAccessModes(pvc.status?.accessModes) : '',
      storageClassOf(pvc),
      pvc.spec?.volumeAttributesClassName ?? '<unset>',
      age(o, now),
      pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
};

/** StorageClasses: NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE. */
export const storageClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Provisioner', 'provisioner indicates the type of the provisioner.'),
    column('ReclaimPolicy', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.'),
    column('VolumeBindingMode', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'),
    column('AllowVolumeExpansion', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    AGE_COLUMN,
  ],
  cells(o, { now }) {
    const sc = o as Obj;
    const annotations = o.metadata.annotations ?? {};
    const isDefault = annotations['storageclass.kubernetes.io/is-default-class'] === 'true' || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    return [
      `${o.metadata.name ?? ''}${isDefault ? ' (default)' : ''}`,
      String(sc.provisioner ?? ''),
      String(sc.reclaimPolicy ?? 'Delete'),
      String(sc.volumeBindingMode ?? 'Immediate'),
      sc.allowVolumeExpansion === true,
      age(o, now),
    ];
  },
};
