// Pod volumes: unique DNS-label names, exactly one volume source, and the common checks of the
// sources users write by hand (secret, configMap, PVC, hostPath, emptyDir, nfs, downwardAPI).
// Returns the names of the valid volumes so container mounts can be resolved against them.

import { checkDns1123Label } from '../names.ts';
import { isQuantity, parseQuantity } from '../quantity.ts';
import { child, duplicate, forbidden, index, invalid, notSupported, required, type FieldError } from './field-error.ts';
import { getList, getString, hasValue, toRecord, type Json } from './fields.ts';
import { validatePvcSpec } from './storage.ts';

/** Volume source fields, in the order the API server checks them. */
const SOURCES = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap',
  'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO',
  'csi', 'ephemeral', 'image',
] as const;
const HOST_PATH_TYPES = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];
const FILE_MODE_MESSAGE = 'must be a number between 0 and 0777 (octal), both inclusive';

function checkMode(src: Json, name: string, path: string): FieldError[] {
  const mode = src[name];
  if (typeof mode !== 'number') return [];
  return mode < 0 || mode > 0o777 ? [invalid(child(path, name), mode, FILE_MODE_MESSAGE)] : [];
}

/** validateLocalNonReservedPath: relative, no `..` element, not starting with `..`. */
function checkLocalPath(value: string, field: string): FieldError[] {
  if (value.startsWith('/')) return [invalid(field, value, 'must be a relative path')];
  if (value.split('/').includes('..')) return [invalid(field, value, "must not contain '..'")];
  if (value.startsWith('..')) return [invalid(field, value, "must not start with '..'")];
  return [];
}

function validateItems(src: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  getList(src, 'items').forEach((raw, i) => {
    const item = toRecord(raw) ?? {};
    const at = index(child(path, 'items'), i);
    if ((getString(item, 'key') ?? '') === '') errs.push(required(child(at, 'key')));
    const p = getString(item, 'path') ?? '';
    if (p === '') errs.push(required(child(at, 'path')));
    else errs.push(...checkLocalPath(p, child(at, 'path')));
    errs.push(...checkMode(item, 'mode', at));
  });
  return errs;
}

function requireString(src: Json, name: string, path: string): FieldError[] {
  return (getString(src, name) ?? '') === '' ? [required(child(path, name))] : [];
}

function validateSource(type: string, src: Json, path: string): FieldError[] {
  switch (type) {
    case 'emptyDir': {
      const limit = src.sizeLimit;
      if (limit !== undefined && isQuantity(limit) && parseQuantity(limit as string | number) < 0) {
        return [forbidden(child(path, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity')];
      }
      return [];
    }
    case 'hostPath': {
      const p = getString(src, 'path') ?? '';
      if (p === '') return [required(child(path, 'path'))];
      const errs = p.split('/').includes('..') ? [invalid(child(path, 'path'), p, "must not contain '..'")] : [];
      const t = getString(src, 'type');
      if (t !== undefined && !HOST_PATH_TYPES.includes(t)) errs.push(notSupported(child(path, 'type'), t, HOST_PATH_TYPES));
      return errs;
    }
    case 'secret':
      return [...requireString(src, 'secretName', path), ...checkMode(src, 'defaultMode', path), ...validateItems(src, path)];
    case 'configMap':
      return [...requireString(src, 'name', path), ...checkMode(src, 'defaultMode', path), ...validateItems(src, path)];
    case 'persistentVolumeClaim':
      return requireString(src, 'claimName', path);
    case 'nfs': {
      const errs = [...requireString(src, 'server', path), ...requireString(src, 'path', path)];
      const p = getString(src, 'path') ?? '';
      if (!p.startsWith('/')) errs.push(invalid(child(path, 'path'), p, 'must be an absolute path'));
      return errs;
    }
    case 'downwardAPI':
    case 'projected':
      return checkMode(src, 'defaultMode', path);
    case 'csi':
      return requireString(src, 'driver', path);
    case 'ephemeral': {
      const template = toRecord(src.volumeClaimTemplate);
      if (!template) return [required(child(path, 'volumeClaimTemplate'))];
      return validatePvcSpec(template.spec, child(path, 'volumeClaimTemplate', 'spec'));
    }
    default:
      return [];
  }
}

/** Validates `volumes` at `path`; returns the errors and the names of the volumes that are valid. */
export function validateVolumes(list: unknown, path: string): { errors: FieldError[]; names: Set<string> } {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  if (!Array.isArray(list)) return { errors, names };
  // A loop, not forEach(): no closure per pod spec. Holes are skipped as forEach() skips them.
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) continue;
    const vol = toRecord(list[i]) ?? {};
    const at = index(path, i);
    const errs: FieldError[] = [];
    let count = 0;
    for (const type of SOURCES) {
      if (!hasValue(vol, type)) continue;
      if (count > 0) {
        errs.push(forbidden(child(at, type), 'may not specify more than 1 volume type'));
        continue;
      }
      count++;
      errs.push(...validateSource(type, toRecord(vol[type]) ?? {}, child(at, type)));
    }
    if (count === 0) errs.push(required(at, 'must specify a volume type'));
    const name = getString(vol, 'name') ?? '';
    if (name === '') errs.push(required(child(at, 'name')));
    else for (const msg of checkDns1123Label(name)) errs.push(invalid(child(at, 'name'), name, msg));
    if (names.has(name)) errs.push(duplicate(child(at, 'name'), name));
    if (errs.length === 0) names.add(name);
    errors.push(...errs);
  }
  return { errors, names };
}
