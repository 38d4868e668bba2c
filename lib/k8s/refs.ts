// Object identity: keys for maps, references for messages. One object has one identity:
// group, kind, namespace (empty when cluster-scoped) and name. The version is not part of it.

import { splitApiVersion } from './kinds.ts';
import type { KubeObject } from './types.ts';

/** Identifies one object: the fields that make it unique in a cluster. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly name: string;
}

/** The reference of an object. */
export function refOf(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): ObjectRef {
  return { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata?.namespace, name: obj.metadata?.name ?? '' };
}

/** A stable map key: `group/Kind/namespace/name` (the version does not change identity). */
export function keyOf(ref: ObjectRef): string {
  const { group } = splitApiVersion(ref.apiVersion);
  return `${group}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** How users read an object in messages: `Deployment shop/web`, `Namespace shop`. */
export function formatRef(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

/** `formatRef` of an object. */
export function describeObject(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  return formatRef(refOf(obj));
}
