// HorizontalPodAutoscaler (autoscaling/v2, and v1's few fields): scaleTargetRef, replica
// bounds, and each metric's source and target. Whether the target exists or metrics are
// served is the HPA controller's business, not validation's.

import { checkPathSegmentName } from '../names.ts';
import { isQuantity, parseQuantity } from '../quantity.ts';
import { child, forbidden, index, invalid, notSupported, required, type FieldError } from './field-error.ts';
import { getList, getNumber, getString, hasValue, toRecord, type Json } from './fields.ts';

const SOURCE_TYPES: Record<string, string> = {
  ContainerResource: 'containerResource',
  External: 'external',
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
};
const TARGET_TYPES = ['Utilization', 'Value', 'AverageValue'];

/** ValidateCrossVersionObjectReference: kind and name required and path-segment safe. */
function validateObjectReference(ref: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const name of ['kind', 'name']) {
    const value = getString(ref, name) ?? '';
    if (value === '') errs.push(required(child(path, name)));
    else for (const msg of checkPathSegmentName(value)) errs.push(invalid(child(path, name), value, msg));
  }
  return errs;
}

function validateTarget(target: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = getString(target, 'type') ?? '';
  if (type === '') errs.push(required(child(path, 'type'), 'must specify a metric target type'));
  else if (!TARGET_TYPES.includes(type)) errs.push(invalid(child(path, 'type'), type, 'must be either Utilization, Value, or AverageValue'));
  const utilization = getNumber(target, 'averageUtilization');
  if (utilization !== undefined && utilization <= 0) errs.push(invalid(child(path, 'averageUtilization'), utilization, 'must be greater than 0'));
  for (const name of ['value', 'averageValue']) {
    const q = target[name];
    if (q !== undefined && isQuantity(q) && parseQuantity(q as string | number) <= 0) {
      errs.push(invalid(child(path, name), String(q), 'must be positive'));
    }
  }
  return errs;
}

function validateSource(kind: string, src: Json, path: string): FieldError[] {
  const target = toRecord(src.target) ?? {};
  const targetPath = child(path, 'target');
  const errs: FieldError[] = [];
  if (kind === 'resource' || kind === 'containerResource') {
    if ((getString(src, 'name') ?? '') === '') errs.push(required(child(path, 'name')));
    if (kind === 'containerResource' && (getString(src, 'container') ?? '') === '') errs.push(required(child(path, 'container')));
    errs.push(...validateTarget(target, targetPath));
    if (!hasValue(target, 'averageUtilization') && !hasValue(target, 'averageValue')) {
      errs.push(required(child(targetPath, 'averageUtilization'), 'must set either a target raw value or a target utilization'));
    } else if (hasValue(target, 'averageUtilization') && hasValue(target, 'averageValue')) {
      errs.push(forbidden(child(targetPath, 'averageValue'), 'may not set both a target raw value and a target utilization'));
    }
    return errs;
  }
  if (kind === 'object') errs.push(...validateObjectReference(toRecord(src.describedObject) ?? {}, child(path, 'describedObject')));
  if ((getString(toRecord(src.metric), 'name') ?? '') === '') errs.push(required(child(path, 'metric', 'name')));
  errs.push(...validateTarget(target, targetPath));
  const hasValueTarget = hasValue(target, 'value');
  const hasAverage = hasValue(target, 'averageValue');
  if (kind === 'pods' && !hasAverage) errs.push(required(child(targetPath, 'averageValue'), 'must specify a positive target averageValue'));
  if (kind === 'object' && !hasValueTarget && !hasAverage) errs.push(required(child(targetPath, 'averageValue'), 'must set either a target value or averageValue'));
  if (kind === 'external' && !hasValueTarget && !hasAverage) errs.push(required(child(targetPath, 'averageValue'), 'must set either a target value for metric or a per-pod target'));
  return errs;
}

function validateMetric(metric: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const present = Object.values(SOURCE_TYPES).filter((f) => hasValue(metric, f));
  const type = getString(metric, 'type') ?? '';
  if (type === '') {
    errs.push(required(child(path, 'type'), 'must specify a metric source type'));
    return errs;
  }
  const expected = SOURCE_TYPES[type];
  if (expected === undefined) {
    errs.push(notSupported(child(path, 'type'), type, Object.keys(SOURCE_TYPES)));
  } else if (!hasValue(metric, expected)) {
    errs.push(required(child(path, expected), 'must populate information for the given metric source'));
  } else {
    errs.push(...validateSource(expected, toRecord(metric[expected]) ?? {}, child(path, expected)));
  }
  for (const f of present) if (f !== expected) errs.push(forbidden(child(path, f), 'must populate the given metric source only'));
  return errs;
}

/** Validates an HPA spec; `isV1` enables autoscaling/v1's targetCPUUtilizationPercentage check. */
export function validateHpaSpec(spec: Json, isV1: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const min = getNumber(spec, 'minReplicas') ?? 1;
  const max = getNumber(spec, 'maxReplicas') ?? 0;
  if (hasValue(spec, 'minReplicas') && min < 1) errs.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (min > max) errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  errs.push(...validateObjectReference(toRecord(spec.scaleTargetRef) ?? {}, 'spec.scaleTargetRef'));
  if (isV1) {
    const cpu = getNumber(spec, 'targetCPUUtilizationPercentage');
    if (cpu !== undefined && cpu < 1) errs.push(invalid('spec.targetCPUUtilizationPercentage', cpu, 'must be greater than or equal to 1'));
    return errs;
  }
  getList(spec, 'metrics').forEach((m, i) => errs.push(...validateMetric(toRecord(m) ?? {}, index('spec.metrics', i))));
  return errs;
}
