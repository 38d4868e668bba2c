// Node-side predicates the DaemonSet and PersistentVolume controllers share: node selector terms
// (matchExpressions and matchFields), a pod's nodeSelector and required node affinity, and
// taints against tolerations. Not the scheduler: no scoring, no resources, no reasons.

import type { KubeObject } from '../../k8s/types.ts';
import { matchesNodeSelectorTerm as matchesTerm, type NodeSelectorTerm } from '../scheduler/node-selector.ts';

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

/** True when the node matches one term (all its expressions and fields; an empty term matches nothing). */
export function matchesNodeSelectorTerm(node: KubeObject, term: Obj): boolean {
  // One definition of node selector terms, the scheduler's.
  return matchesTerm((term ?? {}) as NodeSelectorTerm, node.metadata.labels ?? {}, node.metadata.name ?? '');
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
