// Pod (anti-)affinity terms compiled for matching: which namespaces they cover (namespaces,
// namespaceSelector, or the owning pod's namespace), the label selector with matchLabelKeys and
// mismatchLabelKeys merged in, and the topology key. Used by InterPodAffinity.

import { compileLabelSelector, type LabelMatcher } from '../../selectors.ts';
import type { ClusterLookup } from '../framework.ts';
import type { PodInfo } from '../pod-info.ts';

type Obj = Record<string, any>;

/** A compiled pod affinity term. */
export interface AffinityTerm {
  readonly topologyKey: string;
  readonly weight: number;
  /** True when `pod` is one of the pods the term selects. */
  matches(pod: PodInfo): boolean;
}

function compileNamespaces(term: Obj, owner: PodInfo, lookup: ClusterLookup): (namespace: string) => boolean {
  const names: string[] = Array.isArray(term.namespaces) ? term.namespaces : [];
  const nsSelector = term.namespaceSelector;
  if (names.length === 0 && (nsSelector === undefined || nsSelector === null)) return (ns) => ns === owner.namespace;
  const listed = new Set(names);
  if (nsSelector === undefined || nsSelector === null) return (ns) => listed.has(ns);
  const matcher = compileLabelSelector(nsSelector);
  const memo = new Map<string, boolean>();
  return (ns) => {
    if (listed.has(ns)) return true;
    let hit = memo.get(ns);
    if (hit === undefined) {
      hit = matcher(lookup.getNamespaceLabels(ns) ?? {});
      memo.set(ns, hit);
    }
    return hit;
  };
}

function compileSelector(term: Obj, owner: PodInfo): LabelMatcher {
  const selector: Obj = term.labelSelector ? { ...term.labelSelector } : undefined;
  if (!selector) return () => false;
  const extra: Obj[] = [];
  for (const key of term.matchLabelKeys ?? []) {
    const v = owner.labels[key];
    if (v !== undefined) extra.push({ key, operator: 'In', values: [v] });
  }
  for (const key of term.mismatchLabelKeys ?? []) {
    const v = owner.labels[key];
    if (v !== undefined) extra.push({ key, operator: 'NotIn', values: [v] });
  }
  if (extra.length > 0) selector.matchExpressions = [...(selector.matchExpressions ?? []), ...extra];
  return compileLabelSelector(selector);
}

/** Compiles one term of `owner`'s spec. */
export function compileAffinityTerm(term: Obj, owner: PodInfo, lookup: ClusterLookup, weight = 1): AffinityTerm {
  const inNamespace = compileNamespaces(term, owner, lookup);
  const selects = compileSelector(term, owner);
  return {
    topologyKey: String(term.topologyKey ?? ''),
    weight,
    matches: (pod) => inNamespace(pod.namespace) && selects(pod.labels),
  };
}

/** The terms of one kind of a pod's affinity (`podAffinity` or `podAntiAffinity`). */
export function compileRequiredTerms(owner: PodInfo, kind: 'podAffinity' | 'podAntiAffinity', lookup: ClusterLookup): AffinityTerm[] {
  const terms = owner.spec.affinity?.[kind]?.requiredDuringSchedulingIgnoredDuringExecution;
  return Array.isArray(terms) ? terms.map((t: Obj) => compileAffinityTerm(t, owner, lookup)) : [];
}

/** The preferred terms of one kind, weighted (anti-affinity weights negated). */
export function compilePreferredTerms(owner: PodInfo, kind: 'podAffinity' | 'podAntiAffinity', lookup: ClusterLookup): AffinityTerm[] {
  const terms = owner.spec.affinity?.[kind]?.preferredDuringSchedulingIgnoredDuringExecution;
  if (!Array.isArray(terms)) return [];
  const sign = kind === 'podAntiAffinity' ? -1 : 1;
  return terms
    .filter((t: Obj) => t?.podAffinityTerm && typeof t.weight === 'number')
    .map((t: Obj) => compileAffinityTerm(t.podAffinityTerm, owner, lookup, sign * t.weight));
}

// Existing pods' required anti-affinity terms, compiled once per pod object.
const compiledAnti = new WeakMap<PodInfo, AffinityTerm[]>();

/** An existing pod's required anti-affinity terms, compiled once. */
export function readRequiredAntiAffinity(pod: PodInfo, lookup: ClusterLookup): AffinityTerm[] {
  let terms = compiledAnti.get(pod);
  if (!terms) {
    terms = compileRequiredTerms(pod, 'podAntiAffinity', lookup);
    compiledAnti.set(pod, terms);
  }
  return terms;
}
