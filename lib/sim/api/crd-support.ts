// Plugs the CRD registry into the API server: serves the kinds of stored CRDs, validates CRDs,
// gives them the status a real apiextensions server reports, and admits custom resources
// (prune, default, validate against the version's schema).

import type { KubeObject } from '../../k8s/types.ts';
import { validateObject, type FieldError } from '../../k8s/validation/index.ts';
import { validateObjectMeta } from '../../k8s/validation/metadata.ts';
import { CustomResourceRegistry, type CustomKindInfo } from './crd.ts';
import type { CustomResourceDefinition } from './crd-schema.ts';
import { apiApprovalOf, defaultCrd, validateCrd } from './crd-validation.ts';
import type { CustomResourceSupport } from './request-types.ts';
import type { CustomKindSource, ResourceInfo } from './resources.ts';

/** The apiapproval controller's condition, set on CRDs of the protected community groups only. */
const APPROVAL_CONDITION = 'KubernetesAPIApprovalPolicyConformant';

function toResourceInfo(k: CustomKindInfo): ResourceInfo {
  return {
    group: k.group,
    version: k.version,
    apiVersion: k.apiVersion,
    kind: k.kind,
    plural: k.plural,
    singular: k.singular,
    namespaced: k.namespaced,
    shortNames: k.shortNames,
    categories: k.categories,
    hasStatus: k.subresources.includes('status'),
    scale: k.scale,
    custom: true,
  };
}

/** Custom resource support over a CustomResourceRegistry. */
export class CrdSupport implements CustomResourceSupport, CustomKindSource {
  readonly registry = new CustomResourceRegistry();
  private cache: ResourceInfo[] | undefined;

  list(): readonly ResourceInfo[] {
    this.cache ??= this.registry.list().map(toResourceInfo);
    return this.cache;
  }

  validateCrd(crd: KubeObject): FieldError[] {
    const meta = validateObject(crd);
    return meta.length > 0 ? meta : validateCrd(crd);
  }

  syncCrd(name: string, crd: KubeObject | undefined): void {
    this.registry.unregister(name);
    if (crd) this.registry.register(crd as unknown as CustomResourceDefinition);
    this.cache = undefined;
  }

  crdStatus(crd: KubeObject, now: string): unknown {
    const spec = defaultCrd(structuredClone(crd) as unknown as CustomResourceDefinition).spec;
    const conflict = this.registry.checkNames(crd as unknown as CustomResourceDefinition);
    const storage = spec.versions.find((v) => v.storage)?.name;
    const condition = (type: string, ok: boolean, reason: string, message: string) => ({
      type,
      status: ok ? 'True' : 'False',
      lastTransitionTime: now,
      reason,
      message,
    });
    const conditions = conflict
      ? [condition('NamesAccepted', false, conflict.reason, conflict.message), condition('Established', false, 'NotAccepted', 'not all names are accepted')]
      : [
          condition('NamesAccepted', true, 'NoConflicts', 'no conflicts found'),
          condition('Established', true, 'InitialNamesAccepted', 'the initial names have been accepted'),
        ];
    // The apiapproval controller's condition, for the protected community groups only.
    const approval = apiApprovalOf(crd);
    if (approval.state !== 'NotProtected') {
      conditions.push(condition(APPROVAL_CONDITION, approval.state === 'Approved', approval.reason, approval.message));
    }
    return {
      conditions,
      acceptedNames: conflict ? { plural: '', kind: '' } : spec.names,
      storedVersions: storage ? [storage] : [],
    };
  }

  /**
   * The apiapproval controller's pass over an updated CRD: KubernetesAPIApprovalPolicyConformant
   * recomputed from the api-approved.kubernetes.io annotation, as SetCRDCondition sets it (its
   * lastTransitionTime moves only when its status does). Everything else is kept as stored.
   */
  refreshCrdStatus(crd: KubeObject, now: string): unknown {
    const status = (crd as Record<string, unknown>).status;
    const approval = apiApprovalOf(crd);
    if (approval.state === 'NotProtected' || status === null || typeof status !== 'object' || Array.isArray(status)) return status;
    const current = (status as Record<string, unknown>).conditions;
    const conditions: Array<Record<string, unknown>> = Array.isArray(current) ? current : [];
    const index = conditions.findIndex((c) => c?.type === APPROVAL_CONDITION);
    const existing = index < 0 ? undefined : conditions[index]!;
    const state = approval.state === 'Approved' ? 'True' : 'False';
    if (existing && existing.status === state && existing.reason === approval.reason && existing.message === approval.message) return status;
    const lastTransitionTime = existing && existing.status === state && existing.lastTransitionTime ? existing.lastTransitionTime : now;
    const condition = { type: APPROVAL_CONDITION, status: state, lastTransitionTime, reason: approval.reason, message: approval.message };
    const next = [...conditions];
    if (index < 0) next.push(condition);
    else next[index] = condition;
    return { ...status, conditions: next };
  }

  admit(obj: KubeObject): { object: KubeObject; errors: FieldError[]; pruned: string[] } {
    const object = structuredClone(obj);
    const info = this.registry.tryFind(obj.apiVersion, obj.kind);
    const meta = info ? validateObjectMeta(object.metadata, info) : [];
    const { errors, unknownFields } = this.registry.admit(object as unknown as Record<string, unknown>);
    return { object, errors: [...meta, ...errors], pruned: unknownFields };
  }
}
