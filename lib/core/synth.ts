// synth(): turns a Stack's construct tree into validated manifests in a deterministic order.
// Same program, same bytes. Every problem in the whole stack is reported in one ValidationError.
// It reads nothing from a cluster; planning against a target is lib/plan's job.

import { IssueCollector } from '../k8s/errors.ts';
import { tryFindKind } from '../k8s/kinds.ts';
import { describeObject, keyOf, refOf } from '../k8s/refs.ts';
import type { KubeObject, Manifest } from '../k8s/types.ts';
import { canonicalManifestsToYaml, canonicalize } from '../k8s/yaml.ts';
import type { Construct } from './construct.ts';
import { Resource } from './resource.ts';
import { Stack } from './stack.ts';
import { validateManifest } from './validate.ts';

/** Labels every object shipshape synthesizes carries. */
export const STANDARD_LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  partOf: 'app.kubernetes.io/part-of',
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
} as const;

/** One synthesized object with where it came from and what it must follow. */
export interface SynthesizedObject {
  readonly object: Manifest;
  /** The construct path of the Resource that produced it, e.g. `shop/web/Resource`. */
  readonly path: string;
  /** Keys (see `keyOf`) of the objects this one must be applied after. */
  readonly dependsOn: readonly string[];
}

/** A synthesized stack: its objects in apply order. */
export interface SynthesizedStack {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly objects: readonly SynthesizedObject[];
}

/**
 * Synthesizes a stack into manifests in apply order.
 * @throws ValidationError listing every problem in the stack.
 * @example
 * const manifests = synth(stack);
 */
export function synth(stack: Stack): Manifest[] {
  return synthesizeStack(stack).objects.map((o) => o.object);
}

/** Synthesizes a stack into one multi-document YAML string. */
export function synthYaml(stack: Stack): string {
  // synth() returns objects in canonical key order already.
  return canonicalManifestsToYaml(synth(stack));
}

/** Synthesizes a stack, keeping each object's construct path and dependencies (for plan). */
export function synthesizeStack(stack: Stack): SynthesizedStack {
  if (!Stack.isStack(stack)) throw new TypeError('synth() takes a Stack');
  const issues = new IssueCollector();
  const resources = stack.node.findAll().filter(Resource.isResource);
  const entries: Array<{ resource: Resource | undefined; object: Manifest; path: string; key: string }> = [];

  for (const resource of resources) {
    let object: KubeObject;
    try {
      object = resource.toObject();
    } catch (err) {
      issues.add(resource.node.path, '', err instanceof Error ? err.message : String(err));
      continue;
    }
    entries.push({ resource, object: decorate(object, stack), path: resource.node.path, key: keyOf(refOf(object)) });
  }
  addNamespaceObject(stack, entries);

  const seen = new Map<string, string>();
  for (const entry of entries) {
    const earlier = seen.get(entry.key);
    if (earlier !== undefined) {
      issues.add(
        describeObject(entry.object),
        '',
        `defined twice, by '${earlier}' and by '${entry.path}'; give one of them another name`,
      );
    } else {
      seen.set(entry.key, entry.path);
    }
    for (const issue of validateManifest(entry.object)) issues.issues.push(issue);
  }
  issues.throwIfAny();

  const deps = dependencyKeys(entries);
  const ordered = orderObjects(entries, deps, issues);
  issues.throwIfAny();
  return {
    name: stack.name,
    namespace: stack.namespace,
    objects: ordered.map((e) => ({ object: canonicalize(e.object), path: e.path, dependsOn: [...(deps.get(e.key) ?? [])].sort() })),
  };
}

function decorate(object: KubeObject, stack: Stack): KubeObject {
  const labels: Record<string, string> = {
    [STANDARD_LABELS.managedBy]: 'shipshape',
    [STANDARD_LABELS.partOf]: stack.name,
    ...stack.labels,
    ...(object.metadata.labels ?? {}),
  };
  const annotations = { ...stack.annotations, ...(object.metadata.annotations ?? {}) };
  object.metadata.labels = labels;
  if (Object.keys(annotations).length > 0) object.metadata.annotations = annotations;
  return object;
}

function addNamespaceObject(stack: Stack, entries: Array<{ resource: Resource | undefined; object: Manifest; path: string; key: string }>): void {
  if (!stack.createNamespace || stack.namespace === undefined) return;
  const exists = entries.some((e) => e.object.kind === 'Namespace' && e.object.apiVersion === 'v1' && e.object.metadata.name === stack.namespace);
  if (exists) return;
  const object = decorate({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: stack.namespace } }, stack);
  entries.unshift({ resource: undefined, object, path: stack.node.path, key: keyOf(refOf(object)) });
}

/** Object-level dependencies: declared construct dependencies, plus namespace and CRD ordering. */
function dependencyKeys(entries: ReadonlyArray<{ resource: Resource | undefined; object: Manifest; key: string }>): Map<string, Set<string>> {
  const byConstruct = new Map<Construct, string[]>();
  const scopesOf = new Map<Resource, Construct[]>(); // node.scopes builds a new array each time
  for (const e of entries) {
    if (!e.resource) continue;
    const scopes = e.resource.node.scopes;
    scopesOf.set(e.resource, scopes);
    for (const scope of scopes) {
      const list = byConstruct.get(scope) ?? [];
      list.push(e.key);
      byConstruct.set(scope, list);
    }
  }
  const namespaces = new Map<string, string>();
  const crds = new Map<string, string>();
  for (const e of entries) {
    if (e.object.kind === 'Namespace') namespaces.set(e.object.metadata.name ?? '', e.key);
    if (e.object.kind === 'CustomResourceDefinition') {
      const spec = e.object.spec as { group?: string; names?: { kind?: string } } | undefined;
      if (spec?.group && spec.names?.kind) crds.set(`${spec.group}/${spec.names.kind}`, e.key);
    }
  }
  const deps = new Map<string, Set<string>>();
  const add = (from: string, to: string | undefined): void => {
    if (to === undefined || to === from) return;
    const set = deps.get(from) ?? new Set<string>();
    set.add(to);
    deps.set(from, set);
  };
  for (const e of entries) {
    add(e.key, namespaces.get(e.object.metadata.namespace ?? ''));
    const group = e.object.apiVersion.includes('/') ? e.object.apiVersion.split('/')[0] : '';
    add(e.key, crds.get(`${group}/${e.object.kind}`));
    if (!e.resource) continue;
    for (const scope of scopesOf.get(e.resource)!) {
      for (const target of scope.node.dependencies) {
        for (const to of byConstruct.get(target) ?? []) add(e.key, to);
      }
    }
  }
  return deps;
}

function sortKey(object: Manifest): string {
  const info = tryFindKind(object.apiVersion, object.kind);
  const wave = info?.wave ?? 5;
  const order = String(info?.installOrder ?? 99).padStart(3, '0');
  return `${wave}|${order}|${object.kind}|${object.metadata.namespace ?? ''}|${object.metadata.name ?? ''}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders by wave and Helm install order, then moves objects after everything they depend on. */
function orderObjects<T extends { object: Manifest; key: string; path: string }>(
  entries: readonly T[],
  deps: Map<string, Set<string>>,
  issues: IssueCollector,
): T[] {
  // Sort keys are computed once per object, not in every comparison.
  const keys = new Map<T, string>();
  for (const e of entries) keys.set(e, sortKey(e.object));
  const keyOfEntry = (e: T): string => keys.get(e)!;
  const sorted = [...entries].sort((a, b) => compareStrings(keyOfEntry(a), keyOfEntry(b)));
  const byKey = new Map(sorted.map((e) => [e.key, e]));
  const out: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (e: T, chain: T[]): void => {
    const s = state.get(e.key);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...chain.slice(chain.indexOf(e)), e].map((c) => c.path);
      issues.add(describeObject(e.object), '', `dependency cycle: ${cycle.join(' → ')}`);
      return;
    }
    state.set(e.key, 'visiting');
    const targets = [...(deps.get(e.key) ?? [])].map((k) => byKey.get(k)).filter((t): t is T => t !== undefined);
    targets.sort((a, b) => (keyOfEntry(a) < keyOfEntry(b) ? -1 : 1));
    for (const t of targets) visit(t, [...chain, e]);
    state.set(e.key, 'done');
    out.push(e);
  };
  for (const e of sorted) visit(e, []);
  return out;
}
