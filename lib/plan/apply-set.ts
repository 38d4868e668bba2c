// Stacks are ApplySets (KEP-3659): every member carries `applyset.kubernetes.io/part-of: <id>`,
// and a parent Secret records the id, the tooling and which group-kinds and namespaces the set
// spans, so prune is exact and any ApplySet-aware tool can list a stack's objects.

import { createHash } from 'node:crypto';
import { splitApiVersion } from '../k8s/kinds.ts';
import type { KubeObject } from '../k8s/types.ts';

export const APPLYSET_PART_OF = 'applyset.kubernetes.io/part-of';
export const APPLYSET_ID = 'applyset.kubernetes.io/id';
export const APPLYSET_TOOLING = 'applyset.kubernetes.io/tooling';
export const APPLYSET_GROUP_KINDS = 'applyset.kubernetes.io/contains-group-kinds';
export const APPLYSET_NAMESPACES = 'applyset.kubernetes.io/additional-namespaces';

/** The tooling value shipshape writes on its ApplySet parents. */
export const APPLYSET_TOOLING_VALUE = 'shipshape/v0.1.0';

/** Where a stack's ApplySet parent lives. */
export interface ApplySetParentRef {
  readonly name: string;
  readonly namespace: string;
}

/** The parent of a stack: Secret `shipshape-<stack>` in the stack's namespace (or the default one). */
export function applySetParentRef(stackName: string, namespace: string): ApplySetParentRef {
  return { name: `shipshape-${stackName}`, namespace };
}

/**
 * The ApplySet id of a parent: `applyset-` + unpadded base64url(sha256(`<name>.<namespace>.<Kind>.<group>`)) + `-v1`,
 * exactly as kubectl computes it.
 */
export function applySetId(parent: ApplySetParentRef, kind = 'Secret', group = ''): string {
  const digest = createHash('sha256').update(`${parent.name}.${parent.namespace}.${kind}.${group}`).digest('base64url');
  return `applyset-${digest}-v1`;
}

/** `Kind.group` (or `Kind` for the core group), as the contains-group-kinds annotation lists it. */
export function groupKindOf(obj: Pick<KubeObject, 'apiVersion' | 'kind'>): string {
  const { group } = splitApiVersion(obj.apiVersion);
  return group ? `${obj.kind}.${group}` : obj.kind;
}

/** Splits a `Kind.group` back into kind and group. */
export function parseGroupKind(value: string): { kind: string; group: string } {
  const dot = value.indexOf('.');
  return dot < 0 ? { kind: value, group: '' } : { kind: value.slice(0, dot), group: value.slice(dot + 1) };
}

/** The parent Secret for a set of members. */
export function applySetParent(parent: ApplySetParentRef, members: readonly KubeObject[], stackName: string): KubeObject {
  const groupKinds = [...new Set(members.map(groupKindOf))].sort();
  const namespaces = [...new Set(members.map((m) => m.metadata.namespace).filter((ns): ns is string => !!ns && ns !== parent.namespace))].sort();
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: parent.name,
      namespace: parent.namespace,
      labels: { [APPLYSET_ID]: applySetId(parent), 'app.kubernetes.io/managed-by': 'shipshape', 'app.kubernetes.io/part-of': stackName },
      annotations: {
        [APPLYSET_TOOLING]: APPLYSET_TOOLING_VALUE,
        [APPLYSET_GROUP_KINDS]: groupKinds.join(','),
        [APPLYSET_NAMESPACES]: namespaces.join(','),
      },
    },
    type: 'Opaque',
  };
}

/** A member with the part-of label added (a copy). */
export function withPartOf(obj: KubeObject, id: string): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, labels: { ...(obj.metadata.labels ?? {}), [APPLYSET_PART_OF]: id } } };
}

/** The group-kinds and namespaces a live parent says its set spans. */
export function readApplySetParent(parent: KubeObject | undefined): { groupKinds: string[]; namespaces: string[] } {
  const ann = parent?.metadata.annotations ?? {};
  const split = (v: string | undefined): string[] => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);
  return { groupKinds: split(ann[APPLYSET_GROUP_KINDS]), namespaces: split(ann[APPLYSET_NAMESPACES]) };
}
