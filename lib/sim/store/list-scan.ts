// Reading one kind for lists and initial watch events: selectors compiled into one object
// matcher (selector errors become 400s), and an ordered scan by namespace then name that can
// start after a key and stop after a page. It never writes.

import type { KubeObject } from '../../k8s/types.ts';
import { badRequest } from '../errors.ts';
import { SelectorError, compileFieldSelector, compileLabelSelector, type LabelSelector } from '../selectors.ts';
import { findIndexAfter, type KindIndex } from './kind-index.ts';

/** Compiles label and field selectors for one kind into one matcher; selector errors are 400 BadRequest. */
export function compileObjectMatcher(
  target: { group: string; kind: string },
  labelSelector: string | LabelSelector | undefined,
  fieldSelector: string | undefined,
): ((obj: KubeObject) => boolean) | undefined {
  try {
    const labels = labelSelector === undefined || labelSelector === '' ? undefined : compileLabelSelector(labelSelector);
    const fields = fieldSelector === undefined || fieldSelector === '' ? undefined : compileFieldSelector(fieldSelector, target);
    if (labels && fields) return (obj) => labels(obj.metadata.labels) && fields(obj);
    if (labels) return (obj) => labels(obj.metadata.labels);
    return fields;
  } catch (error) {
    if (error instanceof SelectorError) throw badRequest(error.message);
    throw error;
  }
}

/** What to scan. */
export interface ScanOptions {
  readonly namespace?: string | undefined;
  /** Start after this key. */
  readonly after?: { readonly namespace: string; readonly name: string } | undefined;
  /** Stop after this many matches; 0 for no limit. */
  readonly limit: number;
  readonly matches?: ((obj: KubeObject) => boolean) | undefined;
}

/** A page of a scan. */
export interface ScanResult {
  readonly items: KubeObject[];
  /** True when more matching objects follow the last item. */
  readonly hasMore: boolean;
  /** Objects (matching or not) after the last item; counted only without a matcher. */
  readonly remaining?: number;
}

/** Scans a kind in (namespace, name) order. */
export function scanKind(index: KindIndex | undefined, options: ScanOptions): ScanResult {
  const items: KubeObject[] = [];
  if (!index) return { items, hasMore: false };
  const { after, limit, matches } = options;
  const namespaces = options.namespace !== undefined ? [options.namespace] : index.sortedNamespaces();
  let nsIndex = 0;
  if (after) {
    nsIndex = findIndexAfter(namespaces, after.namespace);
    if (nsIndex > 0 && namespaces[nsIndex - 1] === after.namespace) nsIndex--;
  }
  for (; nsIndex < namespaces.length; nsIndex++) {
    const namespace = namespaces[nsIndex]!;
    const bucket = index.namespaces.get(namespace);
    if (!bucket || (after && namespace < after.namespace)) continue;
    const names = bucket.sortedNames();
    let i = after && namespace === after.namespace ? findIndexAfter(names, after.name) : 0;
    for (; i < names.length; i++) {
      const obj = bucket.objects.get(names[i]!)!;
      if (matches && !matches(obj)) continue;
      if (limit > 0 && items.length === limit) {
        if (matches) return { items, hasMore: true };
        return { items, hasMore: true, remaining: countFrom(index, namespaces, nsIndex, names.length - i) };
      }
      items.push(obj);
    }
  }
  return { items, hasMore: false };
}

function countFrom(index: KindIndex, namespaces: readonly string[], nsIndex: number, leftInCurrent: number): number {
  let total = leftInCurrent;
  for (let n = nsIndex + 1; n < namespaces.length; n++) total += index.namespaces.get(namespaces[n]!)?.objects.size ?? 0;
  return total;
}
