// StatefulSet spec: pod management and update strategy enums, PVC retention policy, selector,
// template, and volumeClaimTemplates. Unlike the real server, the pod spec of the template is
// checked too (claim template names count as volumes), so mistakes surface before pods fail.

import { checkDns1123Label } from '../names.ts';
import { checkIntOrPercent, checkNonNegative, checkNotOver100Percent, readIntOrPercent } from './common-checks.ts';
import { child, index, invalid, notSupported, required, type FieldError } from './field-error.ts';
import { getList, getString, hasValue, toRecord, type Json } from './fields.ts';
import { GoLiteral, toGoIntOrString, toGoLabelSelector, quoteGo } from './go-value.ts';
import { isUsableSelector } from './label-selector.ts';
import { validatePvcSpec } from './storage.ts';
import { checkSelectorMatchesTemplate, validateReplicatedTemplate, validateWorkloadSelector } from './workloads.ts';

const RETENTION_POLICIES = ['Retain', 'Delete'];

function describeRollingUpdate(ru: Json): string {
  const partition = typeof ru.partition === 'number' ? ru.partition : 0;
  const maxUnavailable = hasValue(ru, 'maxUnavailable') ? '(0xc000000000)' : '(nil)';
  return `apps.RollingUpdateStatefulSetStrategy{Partition:${partition}, MaxUnavailable:(*intstr.IntOrString)${maxUnavailable}}`;
}

function validateUpdateStrategy(spec: Json): FieldError[] {
  const strategy = toRecord(spec.updateStrategy) ?? {};
  const type = getString(strategy, 'type') ?? 'RollingUpdate';
  const path = 'spec.updateStrategy';
  const ru = toRecord(strategy.rollingUpdate);
  if (type === 'OnDelete') {
    return ru ? [invalid(child(path, 'rollingUpdate'), new GoLiteral(describeRollingUpdate(ru)), "only allowed for updateStrategy 'RollingUpdate'")] : [];
  }
  if (type !== 'RollingUpdate') {
    const ptr = ru ? '(0xc000000000)' : '(nil)';
    const value = new GoLiteral(`apps.StatefulSetUpdateStrategy{Type:${quoteGo(type)}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)${ptr}}`);
    return [invalid(path, value, "must be 'RollingUpdate' or 'OnDelete'")];
  }
  if (!ru) return [];
  const at = child(path, 'rollingUpdate');
  const errs = checkNonNegative(ru, 'partition', at);
  if (hasValue(ru, 'maxUnavailable')) {
    const maxUnavailable = ru.maxUnavailable;
    errs.push(...checkIntOrPercent(maxUnavailable, child(at, 'maxUnavailable')));
    if (readIntOrPercent(maxUnavailable) === 0) errs.push(invalid(child(at, 'maxUnavailable'), toGoIntOrString(maxUnavailable), 'cannot be 0'));
    errs.push(...checkNotOver100Percent(maxUnavailable, child(at, 'maxUnavailable')));
  }
  return errs;
}

function validateRetentionPolicy(spec: Json): FieldError[] {
  const policy = toRecord(spec.persistentVolumeClaimRetentionPolicy);
  if (!policy) return [];
  const errs: FieldError[] = [];
  for (const name of ['whenDeleted', 'whenScaled']) {
    const value = getString(policy, name) ?? 'Retain';
    if (!RETENTION_POLICIES.includes(value)) {
      errs.push(notSupported(child('spec.persistentVolumeClaimRetentionPolicy', name), value, RETENTION_POLICIES));
    }
  }
  return errs;
}

function validateClaimTemplates(spec: Json): { errors: FieldError[]; names: string[] } {
  const errors: FieldError[] = [];
  const names: string[] = [];
  getList(spec, 'volumeClaimTemplates').forEach((raw, i) => {
    const vct = toRecord(raw) ?? {};
    const at = index('spec.volumeClaimTemplates', i);
    const name = getString(toRecord(vct.metadata), 'name') ?? '';
    if (name === '') errors.push(required(child(at, 'metadata', 'name')));
    else for (const msg of checkDns1123Label(name)) errors.push(invalid(child(at, 'metadata', 'name'), name, msg));
    names.push(name);
    errors.push(...validatePvcSpec(vct.spec, child(at, 'spec')));
  });
  return { errors, names };
}

/** Validates a StatefulSet's spec (ValidateStatefulSetSpec plus template and claim template checks). */
export function validateStatefulSetSpec(spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  const policy = getString(spec, 'podManagementPolicy');
  if (policy !== undefined && policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  errs.push(...validateUpdateStrategy(spec), ...validateRetentionPolicy(spec));
  errs.push(...checkNonNegative(spec, 'replicas', 'spec'), ...checkNonNegative(spec, 'minReadySeconds', 'spec'));
  errs.push(...checkNonNegative(toRecord(spec.ordinals), 'start', 'spec.ordinals'));
  errs.push(...validateWorkloadSelector(spec, 'statefulset'));
  if (hasValue(spec, 'selector') && !isUsableSelector(spec.selector)) {
    errs.push(invalid('spec.selector', toGoLabelSelector(spec.selector), ''));
  } else {
    errs.push(...checkSelectorMatchesTemplate(spec.selector, toRecord(spec.template)));
  }
  const claims = validateClaimTemplates(spec);
  errs.push(...validateReplicatedTemplate(spec, 'StatefulSet', { extraVolumes: claims.names }));
  errs.push(...claims.errors);
  return errs;
}
