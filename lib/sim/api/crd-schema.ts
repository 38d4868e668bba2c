// The shapes of an apiextensions.k8s.io/v1 CustomResourceDefinition and of its
// `openAPIV3Schema` (JSONSchemaProps with the Kubernetes `x-kubernetes-*` extensions), plus
// defensive readers for them. No validation or pruning logic lives here.

import type { JsonValue, KubeObject } from '../../k8s/types.ts';
import { isRecord } from '../../k8s/validation/fields.ts';

/** One node of a CRD's `openAPIV3Schema` (Kubernetes JSONSchemaProps). */
export interface CrdSchema {
  readonly type?: string;
  readonly format?: string;
  readonly description?: string;
  readonly title?: string;
  readonly nullable?: boolean;
  readonly default?: JsonValue;
  readonly enum?: readonly JsonValue[];
  readonly properties?: Readonly<Record<string, CrdSchema>>;
  readonly additionalProperties?: boolean | CrdSchema;
  readonly items?: CrdSchema;
  readonly required?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  /** OpenAPI v3.0 style: a flag that makes `minimum` exclusive. */
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly allOf?: readonly CrdSchema[];
  readonly anyOf?: readonly CrdSchema[];
  readonly oneOf?: readonly CrdSchema[];
  readonly not?: CrdSchema;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: string;
  /** CEL rules. Not evaluated by the simulation (see crd-validator.ts). */
  readonly 'x-kubernetes-validations'?: readonly unknown[];
}

/** `spec.versions[].subresources.scale` of a CRD. */
export interface CrdScaleSubresource {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  readonly labelSelectorPath?: string;
}

/** One entry of `spec.versions` of a CRD. */
export interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly deprecated?: boolean;
  readonly deprecationWarning?: string;
  readonly schema?: { readonly openAPIV3Schema?: CrdSchema };
  readonly subresources?: { readonly status?: object; readonly scale?: CrdScaleSubresource };
  readonly additionalPrinterColumns?: readonly unknown[];
}

/** `spec.names` of a CRD. */
export interface CrdNames {
  readonly plural: string;
  readonly singular?: string;
  readonly kind: string;
  readonly listKind?: string;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
}

/** The `spec` of an apiextensions.k8s.io/v1 CustomResourceDefinition. */
export interface CrdSpec {
  readonly group: string;
  readonly names: CrdNames;
  readonly scope: 'Namespaced' | 'Cluster' | string;
  readonly versions: readonly CrdVersion[];
  readonly conversion?: { readonly strategy?: string };
  readonly preserveUnknownFields?: boolean;
}

/** An apiextensions.k8s.io/v1 CustomResourceDefinition. */
export interface CustomResourceDefinition extends KubeObject {
  spec: CrdSpec;
}

/** The schema node as a CrdSchema, or undefined when it is not an object. */
export function toSchema(value: unknown): CrdSchema | undefined {
  return isRecord(value) ? (value as CrdSchema) : undefined;
}

/** True when the node keeps fields its schema does not name. */
export function isPreservingUnknownFields(schema: CrdSchema | undefined): boolean {
  return schema?.['x-kubernetes-preserve-unknown-fields'] === true;
}

/** The `openAPIV3Schema` of the named version, if the CRD has one. */
export function schemaOfVersion(crd: CustomResourceDefinition, version: string): CrdSchema | undefined {
  const entry = crd.spec.versions.find((v) => v.name === version);
  return toSchema(entry?.schema?.openAPIV3Schema);
}

/** The JSON type name of a value as the Go validator reports it (`integer` for whole numbers). */
export function jsonTypeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'object') return 'object';
  return typeof value;
}
