// Node-side predicates the DaemonSet and PersistentVolume controllers share: node selector terms
// (matchExpressions and matchFields), a pod's nodeSelector and required node affinity, and
// taints against tolerations. Not the scheduler: no scoring, no resources, no reasons.

import type { KubeObject } from '../../k8s/types.ts';

type Obj = Record<string, any>;

/** A node taint. */
export interface Taint {
  readonly key: string;
  readonly value?: string | undefined;
  readonly effect: string;
}

/** A pod toleration. */
export interface Toleration {
  readonly key?: string | undefined;
  readonly operator?: string | undefined;
  readonly value?: string | undefined;
  readonly effect?: string | undefined;
  readonly tolerationSeconds?: number | undefined;
}

function matchesRequirement(value: string | undefined, req: Obj): boolean {
  const values: string[] = Array.isArray(req.values) ? req.values.map(String) : [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const n = Number(value);
      const bound = Number(values[0]);
      if (value === undefined || !Number.isInteger(n) || !Number.isInteger(bound)) return false;
      return req.operator === 'Gt' ? n > bound : n < bound;
    }
    default:
      return false;
  }
}

/** True when the node matches one term (all its expressions and fields; an empty term matches nothing). */
export function matchesNodeSelectorTerm(node: KubeObject, term: Obj): boolean {
  const expressions: Obj[] = Array.isArray(term?.matchExpressions) ? term.matchExpressions : [];
  const fields: Obj[] = Array.isArray(term?.matchFields) ? term.matchFields : [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  if (!expressions.every((req) => matchesRequirement(labels[req.key], req))) return false;
  return fields.every((req) => matchesRequirement(req.key === 'metadata.name' ? node.metadata.name : undefined, req));
}

/** True when the node matches any of the terms (ORed, as nodeSelectorTerms are). */
export function matchesNodeSelectorTerms(node: KubeObject, terms: readonly Obj[] | undefined): boolean {
  return (terms ?? []).some((term) => matchesNodeSelectorTerm(node, term));
}

/** True when the node satisfies a pod spec's nodeSelector and required node affinity. */
export function fitsNodeAffinity(podSpec: Obj, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries((podSpec.nodeSelector ?? {}) as Record<string, string>)) if (labels[k] !== v) return false;
  const required = podSpec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return matchesNodeSelectorTerms(node, required.nodeSelectorTerms);
}

/** True when a toleration tolerates a taint (upstream Toleration.ToleratesTaint). */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  if (toleration.operator && toleration.operator !== 'Equal') return false;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/** The first taint with an effect accepted by `effects` that no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], effects: readonly string[]): Taint | undefined {
  return taints.find((t) => effects.includes(t.effect) && !tolerations.some((tol) => toleratesTaint(tol, t)));
}

/** The taints of a node. */
export function readTaints(node: KubeObject): Taint[] {
  const taints = (node as Obj).spec?.taints;
  return Array.isArray(taints) ? taints : [];
}

/** The node a pod is pinned to by `matchFields metadata.name In [node]` (DaemonSet pods), if any. */
export function readTargetNodeName(pod: KubeObject): string | undefined {
  const spec: Obj = (pod as Obj).spec ?? {};
  if (spec.nodeName) return spec.nodeName;
  const terms: Obj[] = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const field of term?.matchFields ?? []) {
      if (field?.key === 'metadata.name' && field.operator === 'In' && Array.isArray(field.values) && field.values.length === 1) return field.values[0];
    }
  }
  return undefined;
}
