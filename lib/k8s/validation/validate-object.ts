// Create-time validation of one object: metadata for every built-in kind, then the kind's own
// spec rules. Pure: no store, no cluster state. Kinds the registry does not know (custom
// resources) get no checks here; their schemas come from CRDs elsewhere.

import { ALSO_SERVED, BUILTIN_KINDS, splitApiVersion, tryFindKind, type KindInfo } from '../kinds.ts';
import type { KubeObject } from '../types.ts';
import { validateHpaSpec } from './autoscaling.ts';
import { validateCronJob, validateJobSpec } from './batch.ts';
import { validateConfigMapData, validateSecretData } from './config-data.ts';
import { child, index, invalid, type FieldError } from './field-error.ts';
import { getList, getString, toRecord, type Json } from './fields.ts';
import { validateObjectMeta } from './metadata.ts';
import { validateIngressClassSpec, validateIngressSpec } from './networking.ts';
import { validatePodSpec } from './pod-spec.ts';
import { validatePdbSpec } from './policy.ts';
import { validateServiceSpec } from './service.ts';
import { validateStatefulSetSpec } from './statefulset.ts';
import { validatePvSpec, validatePvcSpec } from './storage.ts';
import {
  validateDaemonSetSpec,
  validateDeploymentSpec,
  validateReplicaSetSpec,
  validateReplicationControllerSpec,
} from './workloads.ts';

/** The registry entry for an object's apiVersion/kind, including older versions still served. */
export function tryFindServedKind(apiVersion: string, kind: string): KindInfo | undefined {
  const direct = tryFindKind(apiVersion, kind);
  if (direct) return direct;
  if (!ALSO_SERVED.some((s) => s.apiVersion === apiVersion && s.kind === kind)) return undefined;
  const { group } = splitApiVersion(apiVersion);
  return BUILTIN_KINDS.find((k) => k.kind === kind && k.group === group);
}

const IMAGE_LISTS = ['containers', 'initContainers'] as const;

/** Pod-only rule (not for templates): images may not have surrounding whitespace. Appends to `errs`. */
function pushImageWhitespaceErrors(errs: FieldError[], spec: Json): void {
  for (const list of IMAGE_LISTS) {
    const containers = getList(spec, list);
    for (let i = 0; i < containers.length; i++) {
      if (!(i in containers)) continue; // as forEach(), which skips holes
      const image = getString(toRecord(containers[i]), 'image') ?? '';
      if (image !== image.trim()) errs.push(invalid(child(index(`spec.${list}`, i), 'image'), image, 'must not have leading or trailing whitespace'));
    }
  }
}

/** What validateKindSpec reads for an object without a spec, and returns for a kind without spec rules (only read). */
const NO_SPEC: Json = Object.freeze({});
const NO_ERRORS: readonly FieldError[] = Object.freeze([]);

function validateKindSpec(obj: KubeObject, info: KindInfo): readonly FieldError[] {
  const spec = toRecord(obj.spec) ?? NO_SPEC;
  switch (info.kind) {
    case 'Pod': {
      const errs = validatePodSpec(spec, 'spec');
      pushImageWhitespaceErrors(errs, spec);
      return errs;
    }
    case 'Deployment':
      return validateDeploymentSpec(spec);
    case 'ReplicaSet':
      return validateReplicaSetSpec(spec);
    case 'DaemonSet':
      return validateDaemonSetSpec(spec);
    case 'StatefulSet':
      return validateStatefulSetSpec(spec);
    case 'ReplicationController':
      return validateReplicationControllerSpec(spec);
    case 'Job':
      return validateJobSpec(spec);
    case 'CronJob':
      return validateCronJob(obj.metadata?.name ?? '', spec);
    case 'Service':
      return validateServiceSpec(spec);
    case 'ConfigMap':
      return validateConfigMapData(obj);
    case 'Secret':
      return validateSecretData(obj);
    case 'PersistentVolumeClaim':
      return validatePvcSpec(spec, 'spec');
    case 'PersistentVolume':
      return validatePvSpec(spec);
    case 'Ingress':
      return validateIngressSpec(spec);
    case 'IngressClass':
      return validateIngressClassSpec(spec);
    case 'HorizontalPodAutoscaler':
      return validateHpaSpec(spec, obj.apiVersion === 'autoscaling/v1');
    case 'PodDisruptionBudget':
      return validatePdbSpec(spec);
    default:
      return NO_ERRORS;
  }
}

/**
 * Validates an object as the API server does on create, returning every field error (empty when
 * valid). Objects of unknown kinds return no errors.
 * @example validateObject(deployment) // [{ type: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' }]
 */
export function validateObject(obj: KubeObject): FieldError[] {
  const info = tryFindServedKind(obj.apiVersion, obj.kind);
  if (!info) return [];
  const errs = validateObjectMeta(obj.metadata, info);
  const specErrs = validateKindSpec(obj, info);
  if (specErrs.length > 0) errs.push(...specErrs);
  return errs;
}
