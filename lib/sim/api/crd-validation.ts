// Defaulting and validation of apiextensions.k8s.io/v1 CustomResourceDefinitions as the API
// server does them on create, with its wording. Generic metadata checks (name format, labels,
// annotations) are not repeated here: run validateObjectMeta from lib/k8s/validation first.
// Update-only rules (immutable group/plural, storedVersions) are not covered.

import { checkDns1035Label, checkDns1123Subdomain } from '../../k8s/names.ts';
import { forbidden, invalid, notSupported, required, type FieldError } from '../../k8s/validation/field-error.ts';
import { getList, getRecord, getString, isRecord, toRecord, type Json } from '../../k8s/validation/fields.ts';
import { GoLiteral, quoteGo } from '../../k8s/validation/go-value.ts';
import { checkCrdSchema } from './crd-schema-check.ts';
import { toSchema } from './crd-schema.ts';

/** The annotation that approves an API in a protected `*.k8s.io` / `*.kubernetes.io` group. */
export const API_APPROVED_ANNOTATION = 'api-approved.kubernetes.io';
const APPROVAL_PR = 'https://github.com/kubernetes/enhancements/pull/1111';

/** How a CRD stands with the Kubernetes API review policy (condition KubernetesAPIApprovalPolicyConformant). */
export interface ApiApproval {
  readonly state: 'NotProtected' | 'Approved' | 'Bypassed' | 'Missing' | 'Invalid';
  /** The condition reason the API server sets: ApprovedAnnotation, UnapprovedAnnotation, MissingAnnotation, InvalidAnnotation. */
  readonly reason: string;
  readonly message: string;
}

/** True for the community groups that need API approval (`k8s.io`, `kubernetes.io` and their subdomains). */
export function isProtectedGroup(group: string): boolean {
  return ['k8s.io', 'kubernetes.io'].some((g) => group === g || group.endsWith(`.${g}`));
}

function isUrlWithHost(value: string): boolean {
  try {
    const url = new URL(value);
    return url.host !== '' && url.protocol !== '';
  } catch {
    return false;
  }
}

/** The API-approval state of a CRD, from its group and `api-approved.kubernetes.io` annotation. */
export function apiApprovalOf(crd: unknown): ApiApproval {
  const obj = toRecord(crd);
  const group = getString(getRecord(obj, 'spec'), 'group') ?? '';
  if (!isProtectedGroup(group)) return { state: 'NotProtected', reason: '', message: '' };
  const value = getString(getRecord(getRecord(obj, 'metadata'), 'annotations'), API_APPROVED_ANNOTATION) ?? '';
  if (value === '') {
    return { state: 'Missing', reason: 'MissingAnnotation', message: `protected groups must have approval annotation "${API_APPROVED_ANNOTATION}", see ${APPROVAL_PR}` };
  }
  if (value.startsWith('unapproved')) return { state: 'Bypassed', reason: 'UnapprovedAnnotation', message: `not approved: ${quoteGo(value)}` };
  if (isUrlWithHost(value)) return { state: 'Approved', reason: 'ApprovedAnnotation', message: `approved in ${value}` };
  return {
    state: 'Invalid',
    reason: 'InvalidAnnotation',
    message: `protected groups must have approval annotation "${API_APPROVED_ANNOTATION}" with either a URL or a reason starting with "unapproved", see ${APPROVAL_PR}`,
  };
}

/**
 * Fills in what the API server defaults on a v1 CRD, in place: `names.singular` (lower-case
 * kind), `names.listKind` (`<Kind>List`) and `conversion.strategy: None`. Returns the object.
 */
export function defaultCrd<T>(crd: T): T {
  const spec = getRecord(toRecord(crd), 'spec');
  if (spec === undefined) return crd;
  const names = getRecord(spec, 'names');
  const kind = getString(names, 'kind') ?? '';
  if (names !== undefined && kind !== '') {
    if ((getString(names, 'singular') ?? '') === '') names.singular = kind.toLowerCase();
    if ((getString(names, 'listKind') ?? '') === '') names.listKind = `${kind}List`;
  }
  if (spec.conversion === undefined) spec.conversion = { strategy: 'None' };
  return crd;
}

function checkGroup(group: string): FieldError[] {
  if (group === '') return [required('spec.group')];
  const msgs = checkDns1123Subdomain(group);
  if (msgs.length > 0) return [invalid('spec.group', group, msgs.join(','))];
  if (!group.includes('.')) return [invalid('spec.group', group, 'should be a domain with at least one dot')];
  return [];
}

function checkScaleSubresource(scale: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const paths: Array<[string, string | undefined, string, string]> = [
    ['specReplicasPath', getString(scale, 'specReplicasPath'), '.spec.', 'should be a json path under .spec'],
    ['statusReplicasPath', getString(scale, 'statusReplicasPath'), '.status.', 'should be a json path under .status'],
  ];
  for (const [name, value, prefix, detail] of paths) {
    const field = `${path}.scale.${name}`;
    if (value === undefined || value === '') errs.push(required(field));
    else if (!value.startsWith('.')) errs.push(invalid(field, value, 'must be a simple json path starting with .'));
    else if (!value.startsWith(prefix)) errs.push(invalid(field, value, detail));
  }
  const selector = getString(scale, 'labelSelectorPath') ?? '';
  const field = `${path}.scale.labelSelectorPath`;
  if (selector !== '' && !selector.startsWith('.')) errs.push(invalid(field, selector, 'must be a simple json path starting with .'));
  else if (selector !== '' && !selector.startsWith('.spec.') && !selector.startsWith('.status.')) {
    errs.push(invalid(field, selector, 'should be a json path under either .spec or .status'));
  }
  return errs;
}

function checkVersion(version: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = getString(version, 'name') ?? '';
  for (const msg of checkDns1035Label(name)) errs.push(invalid(`${path}.name`, name, msg));
  const warning = getString(version, 'deprecationWarning');
  if (warning !== undefined && version.deprecated !== true) errs.push(invalid(`${path}.deprecationWarning`, warning, 'can only be set for deprecated versions'));
  else if (warning !== undefined && warning.length > 256) errs.push(invalid(`${path}.deprecationWarning`, warning, 'must be <= 256 characters long'));
  const subresources = getRecord(version, 'subresources');
  const schema = toSchema(getRecord(version, 'schema')?.openAPIV3Schema);
  const schemaPath = `${path}.schema.openAPIV3Schema`;
  if (schema !== undefined) errs.push(...checkCrdSchema(schema, schemaPath, isRecord(subresources?.status)));
  const scale = getRecord(subresources, 'scale');
  if (scale !== undefined) errs.push(...checkScaleSubresource(scale, `${path}.subresources`));
  return errs;
}

function checkVersions(versions: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let unique = true;
  let storage = 0;
  versions.forEach((entry, i) => {
    if (toSchema(getRecord(toRecord(entry), 'schema')?.openAPIV3Schema) === undefined) {
      errs.push(required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
    }
  });
  versions.forEach((entry, i) => {
    const version = toRecord(entry) ?? {};
    const name = getString(version, 'name') ?? '';
    if (seen.has(name)) unique = false;
    seen.add(name);
    if (version.storage === true) storage++;
    errs.push(...checkVersion(version, `spec.versions[${i}]`));
  });
  const bad = versions.length === 0 ? new GoLiteral('[]apiextensions.CustomResourceDefinitionVersion(nil)') : versions;
  if (!unique) errs.push(invalid('spec.versions', bad, 'must contain unique version names'));
  if (storage !== 1) errs.push(invalid('spec.versions', bad, 'must have exactly one version marked as storage version'));
  return errs;
}

function checkNames(names: Json | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const get = (key: string): string => getString(names, key) ?? '';
  for (const key of ['plural', 'singular', 'kind', 'listKind']) if (get(key) === '') errs.push(required(`spec.names.${key}`));
  for (const key of ['plural', 'singular']) {
    const value = get(key);
    const msgs = value === '' ? [] : checkDns1035Label(value);
    if (msgs.length > 0) errs.push(invalid(`spec.names.${key}`, value, msgs.join(',')));
  }
  for (const key of ['kind', 'listKind']) {
    const value = get(key);
    const msgs = value === '' ? [] : checkDns1035Label(value.toLowerCase());
    if (msgs.length > 0) errs.push(invalid(`spec.names.${key}`, value, `may have mixed case, but should otherwise match: ${msgs.join(',')}`));
  }
  for (const key of ['shortNames', 'categories']) {
    getList(names, key).forEach((value, i) => {
      const msgs = checkDns1035Label(String(value));
      if (msgs.length > 0) errs.push(invalid(`spec.names.${key}[${i}]`, String(value), msgs.join(',')));
    });
  }
  if (get('kind') !== '' && get('kind') === get('listKind')) errs.push(invalid('spec.names.listKind', get('listKind'), 'kind and listKind may not be the same'));
  return errs;
}

function checkConversion(conversion: Json | undefined): FieldError[] {
  if (conversion === undefined) return [];
  const strategy = getString(conversion, 'strategy') ?? '';
  if (strategy === '') return [required('spec.conversion.strategy')];
  if (strategy !== 'None' && strategy !== 'Webhook') return [notSupported('spec.conversion.strategy', strategy, ['None', 'Webhook'])];
  const webhook = getRecord(conversion, 'webhook');
  if (strategy === 'Webhook' && getRecord(webhook, 'clientConfig') === undefined) {
    return [required('spec.conversion.webhookClientConfig', 'required when strategy is set to Webhook')];
  }
  if (strategy === 'None' && webhook !== undefined) return [forbidden('spec.conversion.webhookClientConfig', 'should not be set when strategy is not set to Webhook')];
  return [];
}

function checkApproval(crd: unknown): FieldError[] {
  const approval = apiApprovalOf(crd);
  const field = `metadata.annotations[${API_APPROVED_ANNOTATION}]`;
  if (approval.state === 'Missing') return [required(field, approval.message)];
  if (approval.state === 'Invalid') {
    const value = getString(getRecord(getRecord(toRecord(crd), 'metadata'), 'annotations'), API_APPROVED_ANNOTATION) ?? '';
    return [invalid(field, value, approval.message)];
  }
  return [];
}

/**
 * Validates a v1 CRD as the API server does on create (after {@link defaultCrd}, which it
 * applies to a copy): the name must be `<plural>.<group>`, a dotted group, a known scope,
 * exactly one storage version, a structural schema for every version, valid names and
 * subresources, and API approval for protected groups.
 */
export function validateCrd(crd: unknown): FieldError[] {
  const obj = defaultCrd(structuredClone(toRecord(crd) ?? {}));
  const spec = getRecord(obj, 'spec');
  const names = getRecord(spec, 'names');
  const errs: FieldError[] = [];
  const name = getString(getRecord(obj, 'metadata'), 'name') ?? '';
  const group = getString(spec, 'group') ?? '';
  if (name !== '' && name !== `${getString(names, 'plural') ?? ''}.${group}`) {
    errs.push(invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  }
  errs.push(...checkGroup(group));
  const scope = getString(spec, 'scope') ?? '';
  if (scope === '') errs.push(required('spec.scope'));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') errs.push(notSupported('spec.scope', scope, ['Cluster', 'Namespaced']));
  errs.push(...checkVersions(getList(spec, 'versions')));
  errs.push(...checkNames(names));
  errs.push(...checkConversion(getRecord(spec, 'conversion')));
  errs.push(...checkApproval(obj));
  if (spec?.preserveUnknownFields === true) {
    errs.push(invalid('spec.preserveUnknownFields', true, 'cannot set to true, set x-preserve-unknown-fields to true in spec.versions[*].schema instead'));
  }
  return errs;
}
