// PersistentVolumeClaim and PersistentVolume specs: access modes, requested storage or
// capacity, class name, volume mode and (for PVs) exactly one volume source.
// The claim spec check is reused for StatefulSet volumeClaimTemplates and ephemeral volumes.

import { checkDns1123Subdomain } from '../names.ts';
import { QUANTITY_FORMAT_MESSAGE, isQuantity, parseQuantity } from '../quantity.ts';
import { child, forbidden, invalid, key, notSupported, required, type FieldError } from './field-error.ts';
import { getList, getString, hasValue, toRecord, type Json } from './fields.ts';
import { validateLabelSelector } from './label-selector.ts';
import { formatCanonicalQuantity } from './resources.ts';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
/** PersistentVolume source fields, in the order the API server checks them. */
export const PV_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cephfs', 'iscsi',
  'cinder', 'fc', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'scaleIO',
  'local', 'storageos', 'csi',
];

function validateAccessModes(spec: Json, path: string, requiredDetail: string): FieldError[] {
  const modes = getList(spec, 'accessModes');
  const errs: FieldError[] = [];
  if (modes.length === 0) errs.push(required(child(path, 'accessModes'), requiredDetail));
  let hasPodMode = false;
  let hasOther = false;
  for (const mode of modes) {
    const m = String(mode);
    if (!ACCESS_MODES.includes(m)) errs.push(notSupported(child(path, 'accessModes'), m, ACCESS_MODES));
    else if (m === 'ReadWriteOncePod') hasPodMode = true;
    else hasOther = true;
  }
  if (hasPodMode && hasOther) errs.push(forbidden(child(path, 'accessModes'), 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function checkPositiveStorage(value: unknown, field: string): FieldError[] {
  if (!isQuantity(value)) return [invalid(field, String(value), QUANTITY_FORMAT_MESSAGE)];
  const q = value as string | number;
  return parseQuantity(q) <= 0 ? [invalid(field, formatCanonicalQuantity(q), 'must be greater than zero')] : [];
}

function validateClassAndMode(spec: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const cls = getString(spec, 'storageClassName') ?? '';
  if (cls !== '') for (const msg of checkDns1123Subdomain(cls)) errs.push(invalid(child(path, 'storageClassName'), cls, msg));
  const mode = getString(spec, 'volumeMode');
  if (mode !== undefined && !VOLUME_MODES.includes(mode)) errs.push(notSupported(child(path, 'volumeMode'), mode, VOLUME_MODES));
  return errs;
}

/** Validates a PersistentVolumeClaimSpec at `path` (ValidatePersistentVolumeClaimSpec). */
export function validatePvcSpec(specValue: unknown, path: string): FieldError[] {
  const spec = toRecord(specValue) ?? {};
  const errs = validateAccessModes(spec, path, 'at least 1 access mode is required');
  if (hasValue(spec, 'selector')) errs.push(...validateLabelSelector(spec.selector, child(path, 'selector')));
  const requests = toRecord(toRecord(spec.resources)?.requests) ?? {};
  const storageField = key(child(path, 'resources'), 'storage');
  if (requests.storage === undefined) errs.push(required(storageField));
  else errs.push(...checkPositiveStorage(requests.storage, storageField));
  errs.push(...validateClassAndMode(spec, path));
  return errs;
}

/** Validates a PersistentVolume's spec (ValidatePersistentVolumeSpec, common parts). */
export function validatePvSpec(specValue: unknown): FieldError[] {
  const spec = toRecord(specValue) ?? {};
  const errs = validateAccessModes(spec, 'spec', '');
  const capacity = toRecord(spec.capacity) ?? {};
  const names = Object.keys(capacity);
  if (names.length === 0) errs.push(required('spec.capacity'));
  if (capacity.storage === undefined || names.length > 1) errs.push(notSupported('spec.capacity', capacity, ['storage']));
  if (capacity.storage !== undefined) errs.push(...checkPositiveStorage(capacity.storage, key('spec.capacity', 'storage')));
  const policy = getString(spec, 'persistentVolumeReclaimPolicy');
  if (policy !== undefined && policy !== '' && !RECLAIM_POLICIES.includes(policy)) {
    errs.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, RECLAIM_POLICIES));
  }
  let sources = 0;
  for (const source of PV_SOURCES) {
    if (!hasValue(spec, source)) continue;
    if (sources > 0) errs.push(forbidden(child('spec', source), 'may not specify more than 1 volume type'));
    sources++;
  }
  if (sources === 0) errs.push(required('spec', 'must specify a volume type'));
  if (hasValue(spec, 'hostPath') && (getString(toRecord(spec.hostPath), 'path') ?? '') === '') errs.push(required('spec.hostPath.path'));
  if (hasValue(spec, 'local') && !hasValue(spec, 'nodeAffinity')) errs.push(required('spec.nodeAffinity', 'Local volume requires node affinity'));
  errs.push(...validateClassAndMode(spec, 'spec'));
  return errs;
}
