// Replicated workloads (Deployment, ReplicaSet, DaemonSet, ReplicationController): replicas,
// selector required and matching the template labels, template restartPolicy Always, and the
// rollout strategy. Unset strategy fields take the server defaults (25%/25%, 1/0 for DaemonSets).

import { checkIntOrPercent, checkNonNegative, checkNotOver100Percent, readIntOrPercent } from './common-checks.ts';
import { child, forbidden, invalid, notSupported, required, type FieldError } from './field-error.ts';
import { countKeys, getNumber, getString, hasValue, toRecord, type Json } from './fields.ts';
import { GoLiteral, toGoIntOrString, toGoLabelSelector, toGoStringMap, quoteGo } from './go-value.ts';
import { isEmptySelector, isUsableSelector, matchesSelector, validateLabelSelector } from './label-selector.ts';
import { validatePodTemplate, type PodSpecOptions } from './pod-spec.ts';

/** `spec.selector` of an apps/v1 workload: required, well-formed and not empty. */
export function validateWorkloadSelector(spec: Json, kindWord: string): FieldError[] {
  if (!hasValue(spec, 'selector')) return [required('spec.selector')];
  const errs = validateLabelSelector(spec.selector, 'spec.selector');
  if (isEmptySelector(spec.selector)) errs.push(invalid('spec.selector', toGoLabelSelector(spec.selector), `empty selector is invalid for ${kindWord}`));
  return errs;
}

/** The template must carry the labels the selector selects; an absent selector selects nothing. */
export function checkSelectorMatchesTemplate(selector: unknown, template: Json | undefined): FieldError[] {
  const labels = toRecord(template?.metadata)?.labels;
  const selectsNothing = selector === undefined || selector === null;
  if (!selectsNothing && isEmptySelector(selector)) return [];
  if (selectsNothing || !matchesSelector(selector, labels)) {
    return [invalid('spec.template.metadata.labels', toGoStringMap(labels), '`selector` does not match template `labels`')];
  }
  return [];
}

/** Template checks of every replicated workload: pod template, restartPolicy Always, no deadline. */
export function validateReplicatedTemplate(spec: Json, kind: string, options: PodSpecOptions = {}): FieldError[] {
  const template = toRecord(spec.template);
  const errs = validatePodTemplate(template, 'spec.template', options);
  const podSpec = toRecord(template?.spec);
  const restart = getString(podSpec, 'restartPolicy') ?? 'Always';
  if (restart !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', restart, ['Always']));
  if (hasValue(podSpec, 'activeDeadlineSeconds')) {
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errs;
}

function selectorAndTemplate(spec: Json, kind: string, kindWord: string): FieldError[] {
  const errs = validateWorkloadSelector(spec, kindWord);
  if (hasValue(spec, 'selector') && !isUsableSelector(spec.selector)) {
    errs.push(invalid('spec.selector', toGoLabelSelector(spec.selector), 'invalid label selector'));
    return errs;
  }
  errs.push(...checkSelectorMatchesTemplate(spec.selector, toRecord(spec.template)));
  errs.push(...validateReplicatedTemplate(spec, kind));
  return errs;
}

function validateDeploymentStrategy(spec: Json): FieldError[] {
  const strategy = toRecord(spec.strategy) ?? {};
  const type = getString(strategy, 'type') ?? 'RollingUpdate';
  const path = 'spec.strategy';
  if (type === 'Recreate') {
    return hasValue(strategy, 'rollingUpdate') ? [forbidden(child(path, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")] : [];
  }
  if (type !== 'RollingUpdate') {
    const ru = hasValue(strategy, 'rollingUpdate') ? '(0xc000000000)' : '(nil)';
    const value = new GoLiteral(`apps.DeploymentStrategy{Type:${quoteGo(type)}, RollingUpdate:(*apps.RollingUpdateDeployment)${ru}}`);
    return [notSupported(path, value, ['Recreate', 'RollingUpdate'])];
  }
  const ru = toRecord(strategy.rollingUpdate) ?? {};
  const maxUnavailable = ru.maxUnavailable ?? '25%';
  const maxSurge = ru.maxSurge ?? '25%';
  const at = child(path, 'rollingUpdate');
  const errs = [...checkIntOrPercent(maxUnavailable, child(at, 'maxUnavailable')), ...checkIntOrPercent(maxSurge, child(at, 'maxSurge'))];
  if (readIntOrPercent(maxUnavailable) === 0 && readIntOrPercent(maxSurge) === 0) {
    errs.push(invalid(child(at, 'maxUnavailable'), toGoIntOrString(maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...checkNotOver100Percent(maxUnavailable, child(at, 'maxUnavailable')));
  return errs;
}

/** Validates a Deployment's spec (ValidateDeploymentSpec). */
export function validateDeploymentSpec(spec: Json): FieldError[] {
  const errs = checkNonNegative(spec, 'replicas', 'spec');
  errs.push(...selectorAndTemplate(spec, 'ReplicaSet', 'deployment'));
  errs.push(...validateDeploymentStrategy(spec));
  errs.push(...checkNonNegative(spec, 'minReadySeconds', 'spec'), ...checkNonNegative(spec, 'revisionHistoryLimit', 'spec'));
  const deadline = getNumber(spec, 'progressDeadlineSeconds');
  errs.push(...checkNonNegative(spec, 'progressDeadlineSeconds', 'spec'));
  if (deadline !== undefined && deadline <= (getNumber(spec, 'minReadySeconds') ?? 0)) {
    errs.push(invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
  }
  return errs;
}

/** Validates a ReplicaSet's spec (ValidateReplicaSetSpec; its empty-selector text says "deployment"). */
export function validateReplicaSetSpec(spec: Json): FieldError[] {
  const errs = [...checkNonNegative(spec, 'replicas', 'spec'), ...checkNonNegative(spec, 'minReadySeconds', 'spec')];
  errs.push(...selectorAndTemplate(spec, 'ReplicaSet', 'deployment'));
  return errs;
}

function validateDaemonSetStrategy(spec: Json): FieldError[] {
  const strategy = toRecord(spec.updateStrategy) ?? {};
  const type = getString(strategy, 'type') ?? 'RollingUpdate';
  const path = 'spec.updateStrategy';
  if (type === 'OnDelete') return [];
  if (type !== 'RollingUpdate') {
    const ru = hasValue(strategy, 'rollingUpdate') ? '(0xc000000000)' : '(nil)';
    const value = new GoLiteral(`apps.DaemonSetUpdateStrategy{Type:${quoteGo(type)}, RollingUpdate:(*apps.RollingUpdateDaemonSet)${ru}}`);
    return [notSupported(path, value, ['RollingUpdate', 'OnDelete'])];
  }
  const ru = toRecord(strategy.rollingUpdate) ?? {};
  const maxUnavailable = ru.maxUnavailable ?? 1;
  const maxSurge = ru.maxSurge ?? 0;
  const at = child(path, 'rollingUpdate');
  const errs = [...checkIntOrPercent(maxUnavailable, child(at, 'maxUnavailable')), ...checkIntOrPercent(maxSurge, child(at, 'maxSurge'))];
  errs.push(...checkNotOver100Percent(maxUnavailable, child(at, 'maxUnavailable')), ...checkNotOver100Percent(maxSurge, child(at, 'maxSurge')));
  const hasUnavailable = readIntOrPercent(maxUnavailable) !== 0;
  const hasSurge = readIntOrPercent(maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errs.push(invalid(child(at, 'maxSurge'), toGoIntOrString(maxSurge), 'may not be set when maxUnavailable is non-zero'));
  if (!hasUnavailable && !hasSurge) errs.push(required(child(at, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return errs;
}

/** Validates a DaemonSet's spec (ValidateDaemonSetSpec). */
export function validateDaemonSetSpec(spec: Json): FieldError[] {
  const errs = selectorAndTemplate(spec, 'DaemonSet', 'daemonset');
  errs.push(...checkNonNegative(spec, 'minReadySeconds', 'spec'));
  errs.push(...validateDaemonSetStrategy(spec));
  errs.push(...checkNonNegative(spec, 'revisionHistoryLimit', 'spec'));
  return errs;
}

/** Validates a ReplicationController's spec; an empty selector defaults to the template labels. */
export function validateReplicationControllerSpec(spec: Json): FieldError[] {
  const errs = checkNonNegative(spec, 'minReadySeconds', 'spec');
  const template = toRecord(spec.template);
  const selector = countKeys(spec.selector) > 0 ? spec.selector : toRecord(template?.metadata)?.labels;
  if (countKeys(selector) === 0) errs.push(required('spec.selector'));
  errs.push(...checkNonNegative(spec, 'replicas', 'spec'));
  if (!template) return [...errs, required('spec.template')];
  if (countKeys(selector) > 0 && !matchesSelector({ matchLabels: selector }, toRecord(template.metadata)?.labels)) {
    errs.push(invalid('spec.template.metadata.labels', toGoStringMap(toRecord(template.metadata)?.labels), '`selector` does not match template `labels`'));
  }
  errs.push(...validateReplicatedTemplate(spec, 'ReplicationController'));
  return errs;
}
