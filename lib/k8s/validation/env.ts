// Container environment: `env` names and `valueFrom` sources, and `envFrom` references.
// Follows the API server's rules, including exactly one source per valueFrom and the
// downward-API field paths an env var may read.

import { checkDns1123Subdomain } from '../names.ts';
import { checkConfigKey, checkEnvVarName } from './common-checks.ts';
import { child, index, invalid, notSupported, required, type FieldError } from './field-error.ts';
import { getList, getString, hasValue, toRecord, type Json } from './fields.ts';

const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
const RESOURCE_FIELD_PATHS = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];
const SUBSCRIPTED = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/;

function validateKeySelector(sel: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = getString(sel, 'name') ?? '';
  for (const msg of checkDns1123Subdomain(name)) errs.push(invalid(child(path, 'name'), name, msg));
  const k = getString(sel, 'key') ?? '';
  if (k === '') errs.push(required(child(path, 'key')));
  else for (const msg of checkConfigKey(k)) errs.push(invalid(child(path, 'key'), k, msg));
  return errs;
}

function validateFieldRef(ref: Json, path: string): FieldError[] {
  const fieldPath = getString(ref, 'fieldPath') ?? '';
  if (fieldPath === '') return [required(child(path, 'fieldPath'))];
  if (SUBSCRIPTED.test(fieldPath) || ENV_FIELD_PATHS.includes(fieldPath)) return [];
  return [notSupported(child(path, 'fieldPath'), fieldPath, ENV_FIELD_PATHS)];
}

function validateResourceFieldRef(ref: Json, path: string): FieldError[] {
  const resource = getString(ref, 'resource') ?? '';
  if (resource === '') return [required(child(path, 'resource'))];
  if (RESOURCE_FIELD_PATHS.includes(resource) || /^(limits|requests)\.hugepages-/.test(resource)) return [];
  return [notSupported(child(path, 'resource'), resource, RESOURCE_FIELD_PATHS)];
}

function validateValueFrom(env: Json, path: string): FieldError[] {
  const from = toRecord(env.valueFrom);
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  const checks: Array<[string, (sel: Json, p: string) => FieldError[]]> = [
    ['fieldRef', validateFieldRef],
    ['resourceFieldRef', validateResourceFieldRef],
    ['configMapKeyRef', validateKeySelector],
    ['secretKeyRef', validateKeySelector],
  ];
  for (const [name, check] of checks) {
    if (!hasValue(from, name)) continue;
    sources++;
    errs.push(...check(toRecord(from[name]) ?? {}, child(path, name)));
  }
  const value = getString(env, 'value') ?? '';
  if (sources === 0) {
    errs.push(invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  } else if (value !== '') {
    errs.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

/** Validates a container's `env` list at `path` (`...containers[0].env`). */
export function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(env) ? env : []).forEach((raw, i) => {
    const item = toRecord(raw) ?? {};
    const at = index(path, i);
    const name = getString(item, 'name') ?? '';
    if (name === '') errs.push(required(child(at, 'name')));
    else for (const msg of checkEnvVarName(name)) errs.push(invalid(child(at, 'name'), name, msg));
    errs.push(...validateValueFrom(item, child(at, 'valueFrom')));
  });
  return errs;
}

function validateEnvFromRef(ref: Json, path: string): FieldError[] {
  const name = getString(ref, 'name') ?? '';
  if (name === '') return [required(child(path, 'name'))];
  const masked = name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
  return checkDns1123Subdomain(masked).map((m) => invalid(child(path, 'name'), name, m));
}

/** Validates a container's `envFrom` list at `path` (`...containers[0].envFrom`). */
export function validateEnvFrom(envFrom: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  getList({ envFrom }, 'envFrom').forEach((raw, i) => {
    const item = toRecord(raw) ?? {};
    const at = index(path, i);
    const prefix = getString(item, 'prefix') ?? '';
    if (prefix !== '') for (const msg of checkEnvVarName(prefix)) errs.push(invalid(child(at, 'prefix'), prefix, msg));
    let sources = 0;
    for (const name of ['configMapRef', 'secretRef']) {
      if (!hasValue(item, name)) continue;
      sources++;
      errs.push(...validateEnvFromRef(toRecord(item[name]) ?? {}, child(at, name)));
    }
    // The server reports these two on the list itself, not on the item.
    if (sources === 0) errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}
