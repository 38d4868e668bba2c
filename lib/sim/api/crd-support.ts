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
      conditions.push(condition('KubernetesAPIApprovalPolicyConformant', approval.state === 'Approved', approval.reason, approval.message));
    }
    return {
      conditions,
      acceptedNames: conflict ? { plural: '', kind: '' } : spec.names,
      storedVersions: storage ? [storage] : [],
    };
  }

  admit(obj: KubeObject): { object: KubeObject; errors: FieldError[]; pruned: string[] } {
    const object = structuredClone(obj);
    const info = this.registry.tryFind(obj.apiVersion, obj.kind);
    const meta = info ? validateObjectMeta(object.metadata, info) : [];
    const { errors, unknownFields } = this.registry.admit(object as unknown as Record<string, unknown>);
    return { object, errors: [...meta, ...errors], pruned: unknownFields };
  }
}
