// Node selector matching as core/v1 defines it: `nodeSelector` maps, NodeSelectorTerms (ORed)
// of matchExpressions and matchFields (ANDed) with In, NotIn, Exists, DoesNotExist, Gt and Lt.
// Shared by NodeAffinity, VolumeBinding (PV node affinity) and PodTopologySpread.

type Obj = Record<string, any>;

/** A node selector requirement (matchExpressions / matchFields entry). */
export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

/** One term of a NodeSelector. */
export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly NodeSelectorRequirement[];
  readonly matchFields?: readonly NodeSelectorRequirement[];
}

function matchesRequirement(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
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
      if (value === undefined || !/^-?\d+$/.test(value) || values.length !== 1 || !/^-?\d+$/.test(values[0]!)) return false;
      return req.operator === 'Gt' ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]);
    }
    default:
      return false;
  }
}

/** True when a term selects the node. A term with no requirements selects nothing. */
export function matchesNodeSelectorTerm(term: NodeSelectorTerm, labels: Readonly<Record<string, string>>, nodeName: string): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const req of exprs) if (!matchesRequirement(req, labels[req.key])) return false;
  for (const req of fields) {
    if (req.key !== 'metadata.name' || !matchesRequirement(req, nodeName)) return false;
  }
  return true;
}

/** True when any term selects the node (a NodeSelector's terms are ORed). */
export function matchesNodeSelectorTerms(terms: readonly NodeSelectorTerm[], labels: Readonly<Record<string, string>>, nodeName: string): boolean {
  for (const term of terms) if (matchesNodeSelectorTerm(term, labels, nodeName)) return true;
  return false;
}

/** True when the node has every label of a pod's `nodeSelector`. */
export function matchesNodeSelectorMap(selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

/** True when a node meets a pod's `nodeSelector` and required node affinity. */
export function matchesPodNodeRequirements(spec: Obj, labels: Readonly<Record<string, string>>, nodeName: string): boolean {
  if (!matchesNodeSelectorMap(spec.nodeSelector, labels)) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return !Array.isArray(terms) || matchesNodeSelectorTerms(terms, labels, nodeName);
}
