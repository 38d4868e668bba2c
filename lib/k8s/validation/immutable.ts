// Update-time validation: the new object must be valid, and fields Kubernetes freezes after
// creation must not change. The old object usually comes from the store with server defaults and
// generated labels filled in, so a field the new object omits counts as unchanged where noted.

import { splitApiVersion } from '../kinds.ts';
import { tryParseQuantity } from '../quantity.ts';
import type { KubeObject } from '../types.ts';
import { forbidden, index, invalid, type FieldError } from './field-error.ts';
import { getList, getString, isDeepEqual, isRecord, toRecord, type Json } from './fields.ts';
import { toGoLabelSelector, toGoStringSlice } from './go-value.ts';
import { readClusterIps } from './service.ts';
import { PV_SOURCES } from './storage.ts';
import { validateObjectMeta } from './metadata.ts';
import { tryFindServedKind, validateObject } from './validate-object.ts';

const IMMUTABLE = 'field is immutable';
const IMMUTABLE_WHEN_SET = 'field is immutable when `immutable` is set';

/** Drops empty strings, arrays and maps, as Kubernetes' semantic equality treats them as unset. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(normalize);
  if (isRecord(value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalize(v);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === null || value === '' ? undefined : value;
}

function isSemanticEqual(a: unknown, b: unknown): boolean {
  return isDeepEqual(normalize(a), normalize(b));
}

/** True when every field set in `next` has the same value in `prev` (omitted fields are unchanged). */
function isContainedIn(next: unknown, prev: unknown): boolean {
  const n = normalize(next);
  const p = normalize(prev);
  if (n === undefined) return true;
  if (isRecord(n)) return isRecord(p) && Object.entries(n).every(([k, v]) => isContainedIn(v, p[k]));
  if (Array.isArray(n)) return Array.isArray(p) && n.length === p.length && n.every((v, i) => isContainedIn(v, p[i]));
  return isDeepEqual(n, p);
}

function omitKeys(spec: Json, keys: readonly string[]): Json {
  return Object.fromEntries(Object.entries(spec).filter(([k]) => !keys.includes(k)));
}

function checkSelector(oldSpec: Json, newSpec: Json): FieldError[] {
  if (newSpec.selector === undefined || isSemanticEqual(oldSpec.selector, newSpec.selector)) return [];
  return [invalid('spec.selector', toGoLabelSelector(newSpec.selector), IMMUTABLE)];
}

/** StatefulSet fields other than the updatable ones, with server defaults filled in. */
function pickFrozenStatefulSetSpec(spec: Json): Json {
  const frozen = omitKeys(spec, ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);
  frozen.podManagementPolicy ??= 'OrderedReady';
  frozen.revisionHistoryLimit ??= 10;
  frozen.volumeClaimTemplates = getList(spec, 'volumeClaimTemplates').map((raw) => {
    const vct = toRecord(raw) ?? {};
    const vctSpec = { volumeMode: 'Filesystem', ...(toRecord(vct.spec) ?? {}) };
    return { metadata: vct.metadata, spec: vctSpec };
  });
  return frozen;
}

function checkServiceUpdate(oldSpec: Json, newSpec: Json): FieldError[] {
  if (getString(oldSpec, 'type') === 'ExternalName' || getString(newSpec, 'type') === 'ExternalName') return [];
  const before = readClusterIps(oldSpec);
  const after = readClusterIps(newSpec);
  const errs: FieldError[] = [];
  after.forEach((ip, i) => {
    const was = before[i];
    if (was !== undefined && was !== ip) errs.push(invalid(index('spec.clusterIPs', i), toGoStringSlice(after), 'may not change once set'));
  });
  return errs;
}

function checkFrozenData(oldObj: KubeObject, newObj: KubeObject, fields: readonly string[]): FieldError[] {
  if (oldObj.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (newObj.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE_WHEN_SET));
  for (const f of fields) if (!isSemanticEqual(oldObj[f], newObj[f])) errs.push(forbidden(f, IMMUTABLE_WHEN_SET));
  return errs;
}

/** Secret data as stored: stringData folded into data, base64-encoded. */
function readSecretData(obj: KubeObject): Json {
  const data: Json = { ...(toRecord(obj.data) ?? {}) };
  for (const [k, v] of Object.entries(toRecord(obj.stringData) ?? {})) data[k] = Buffer.from(String(v)).toString('base64');
  return data;
}

function checkPvcUpdate(oldSpec: Json, newSpec: Json): FieldError[] {
  const strip = (s: Json, old: Json): Json => {
    const out = omitKeys(s, ['resources', 'volumeAttributesClassName']);
    if ((getString(old, 'volumeName') ?? '') === '') delete out.volumeName;
    return out;
  };
  const errs: FieldError[] = [];
  if (!isContainedIn(strip(newSpec, oldSpec), strip(oldSpec, oldSpec))) {
    errs.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  }
  const size = (s: Json): unknown => toRecord(toRecord(s.resources)?.requests)?.storage;
  const before = size(oldSpec);
  const after = size(newSpec);
  if (before !== undefined && after !== undefined && compareStorage(after, before) < 0) {
    errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
  }
  return errs;
}

function compareStorage(a: unknown, b: unknown): number {
  const x = tryParseQuantity(a);
  const y = tryParseQuantity(b);
  return x === undefined || y === undefined ? 0 : x - y;
}

function checkPvUpdate(oldSpec: Json, newSpec: Json): FieldError[] {
  const errs: FieldError[] = [];
  const sources = (s: Json): Json => Object.fromEntries(PV_SOURCES.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
  if (!isContainedIn(sources(newSpec), sources(oldSpec)) || Object.keys(sources(newSpec)).some((k) => oldSpec[k] === undefined)) {
    errs.push(forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
  }
  if (newSpec.volumeMode !== undefined && !isSemanticEqual(newSpec.volumeMode, oldSpec.volumeMode ?? 'Filesystem')) {
    errs.push(invalid('volumeMode', newSpec.volumeMode as string, IMMUTABLE));
  }
  if (oldSpec.nodeAffinity !== undefined && newSpec.nodeAffinity !== undefined && !isSemanticEqual(oldSpec.nodeAffinity, newSpec.nodeAffinity)) {
    errs.push(invalid('nodeAffinity', newSpec.nodeAffinity as Json, IMMUTABLE));
  }
  return errs;
}

function checkKindUpdate(oldObj: KubeObject, newObj: KubeObject): FieldError[] {
  const oldSpec = toRecord(oldObj.spec) ?? {};
  const newSpec = toRecord(newObj.spec) ?? {};
  switch (newObj.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      return checkSelector(oldSpec, newSpec);
    case 'StatefulSet':
      return isSemanticEqual(pickFrozenStatefulSetSpec(oldSpec), pickFrozenStatefulSetSpec(newSpec))
        ? []
        : [
            forbidden(
              'spec',
              "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
            ),
          ];
    case 'Job': {
      const errs: FieldError[] = [];
      if (newSpec.completions !== undefined && !isSemanticEqual(oldSpec.completions, newSpec.completions)) {
        errs.push(invalid('spec.completions', newSpec.completions as number, IMMUTABLE));
      }
      errs.push(...checkSelector(oldSpec, newSpec));
      if (!isContainedIn(newSpec.template, oldSpec.template)) errs.push(invalid('spec.template', newSpec.template as Json, IMMUTABLE));
      return errs;
    }
    case 'Service':
      return checkServiceUpdate(oldSpec, newSpec);
    case 'ConfigMap':
      return checkFrozenData(oldObj, newObj, ['data', 'binaryData']);
    case 'Secret': {
      const errs: FieldError[] = [];
      const oldType = getString(oldObj, 'type') || 'Opaque';
      const newType = getString(newObj, 'type') || 'Opaque';
      if (oldType !== newType) errs.push(invalid('type', newType, IMMUTABLE));
      const frozen = checkFrozenData({ ...oldObj, data: readSecretData(oldObj) }, { ...newObj, data: readSecretData(newObj) }, ['data']);
      return [...errs, ...frozen];
    }
    case 'PersistentVolumeClaim':
      return checkPvcUpdate(oldSpec, newSpec);
    case 'PersistentVolume':
      return checkPvUpdate(oldSpec, newSpec);
    case 'IngressClass':
      return newSpec.controller !== undefined && newSpec.controller !== oldSpec.controller
        ? [invalid('spec.controller', String(newSpec.controller), IMMUTABLE)]
        : [];
    default:
      return [];
  }
}

function checkMetaUpdate(oldObj: KubeObject, newObj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const name of ['name', 'namespace'] as const) {
    const before = oldObj.metadata?.[name] ?? '';
    const after = newObj.metadata?.[name] ?? '';
    if (before !== '' && after !== '' && before !== after) errs.push(invalid(`metadata.${name}`, after, IMMUTABLE));
  }
  if (oldObj.metadata?.deletionTimestamp) {
    // An object on its way out may lose finalizers but gain none.
    const before = new Set(oldObj.metadata.finalizers ?? []);
    const added = (newObj.metadata?.finalizers ?? []).filter((f) => !before.has(f));
    if (added.length > 0) {
      errs.push(forbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`));
    }
  }
  return errs;
}

/**
 * Validates an update as the API server does: metadata identity, the new object's own validity,
 * then the kind's immutable fields.
 * @example validateUpdate(oldDeploy, newDeploy) // [{ field: 'spec.selector', message: 'Invalid value: v1.LabelSelector{...}: field is immutable', ... }]
 */
export function validateUpdate(oldObj: KubeObject, newObj: KubeObject): FieldError[] {
  const errs = [...checkMetaUpdate(oldObj, newObj), ...validateObject(newObj)];
  const sameKind = oldObj.kind === newObj.kind && splitApiVersion(oldObj.apiVersion).group === splitApiVersion(newObj.apiVersion).group;
  if (sameKind) errs.push(...checkKindUpdate(oldObj, newObj));
  return errs;
}

/**
 * Validates a write of the status subresource as the API server's status strategies do: the
 * metadata update only (the spec is the stored one, and this module has no status rules).
 */
export function validateStatusUpdate(oldObj: KubeObject, newObj: KubeObject): FieldError[] {
  const info = tryFindServedKind(newObj.apiVersion, newObj.kind);
  const errs = checkMetaUpdate(oldObj, newObj);
  if (info) errs.push(...validateObjectMeta(newObj.metadata, info));
  return errs;
}
