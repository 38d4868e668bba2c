// planChanges(): desired state (a synthesized stack) against a target → a Plan. For every
// desired object it reads the live one and asks the server for a dry-run apply, so defaults and
// other managers' fields are reflected exactly (unless the object already holds exactly what it
// would apply, on a target whose applies are pure merges: see unchanged.ts); it classifies
// create / update / replace / no-op, finds the ApplySet members no longer desired (prune), and
// records live versions.

import { FIELD_MANAGER } from '../k8s/annotations.ts';
import { ShipshapeError } from '../k8s/errors.ts';
import { tryFindKind } from '../k8s/kinds.ts';
import { readinessRuleFor } from '../k8s/readiness.ts';
import { keyOf, refOf } from '../k8s/refs.ts';
import type { KubeObject } from '../k8s/types.ts';
import type { Cluster, ServedKind } from '../cluster/cluster.ts';
import { APPLYSET_PART_OF, applySetId, applySetParentRef, groupKindOf, parseGroupKind, readApplySetParent, withPartOf } from './apply-set.ts';
import { diffObjects, type FieldChange } from './diff.ts';
import { SENSITIVE, type Plan, type PlannedChange, type PlanSummary } from './plan-types.ts';
import { isUnchangedByApply } from './unchanged.ts';

/** The desired side of a plan: a synthesized stack. */
export interface DesiredStack {
  readonly name: string;
  readonly namespace?: string | undefined;
  readonly objects: ReadonlyArray<{ readonly object: KubeObject; readonly path?: string; readonly dependsOn?: readonly string[] }>;
}

/** Options of planChanges(). */
export interface PlanOptions {
  /** Plan to take fields other managers own (`--force-conflicts`). */
  readonly forceConflicts?: boolean;
  /** Plan deletes of ApplySet members no longer desired. @default true */
  readonly prune?: boolean;
}

/** A plan could not be made; the message names the object and what the server said. */
export class PlanError extends ShipshapeError {}

type Obj = Record<string, any>;

interface StatusLike {
  status?: { code?: number; reason?: string; message?: string; details?: { causes?: Array<{ field?: string; message?: string }> } };
}

function statusOf(err: unknown): StatusLike['status'] | undefined {
  const s = (err as StatusLike | undefined)?.status;
  return s && typeof s === 'object' && typeof s.code === 'number' ? s : undefined;
}

/** Secret values never appear in a plan: data and stringData values become SENSITIVE. */
function redact(change: FieldChange, sensitive: boolean): FieldChange {
  if (!sensitive || !/^(data|stringData)(\.|$)/.test(change.path)) return change;
  const mask = (v: unknown): unknown => (v === undefined ? undefined : typeof v === 'object' && v !== null ? Object.fromEntries(Object.keys(v).map((k) => [k, SENSITIVE])) : SENSITIVE);
  const out: { path: string; before?: unknown; after?: unknown } = { path: change.path };
  if (change.before !== undefined) out.before = mask(change.before);
  if (change.after !== undefined) out.after = mask(change.after);
  return out;
}

/** Objects whose `spec.replicas` an HPA in the stack owns: `Kind/namespace/name`. */
function autoscaledTargets(objects: readonly KubeObject[]): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'HorizontalPodAutoscaler') continue;
    const ref = (o as Obj).spec?.scaleTargetRef;
    if (ref?.kind && ref?.name) out.add(`${ref.kind}/${o.metadata.namespace ?? ''}/${ref.name}`);
  }
  return out;
}

function isImmutableError(status: NonNullable<StatusLike['status']>): string | undefined {
  if (status.code !== 422) return undefined;
  const causes = status.details?.causes ?? [];
  const hit = causes.find((c) => /immutable|Forbidden: updates to|may not be changed|field is immutable/.test(c.message ?? ''));
  return hit ? `${hit.field ?? ''}: ${hit.message ?? ''}`.replace(/^: /, '') : undefined;
}

/** Makes the plan for one stack against a target. */
export async function planChanges(stack: DesiredStack, cluster: Cluster, options: PlanOptions = {}): Promise<Plan> {
  const served = await cluster.discover();
  const parent = applySetParentRef(stack.name, stack.namespace ?? cluster.defaultNamespace);
  const id = applySetId(parent);

  // Scope of each kind: served kinds, plus CRDs defined in this very stack.
  const scope = new Map<string, boolean>(served.map((s) => [`${s.apiVersion}/${s.kind}`, s.namespaced]));
  const plannedCrds = new Set<string>();
  for (const { object } of stack.objects) {
    if (object.kind !== 'CustomResourceDefinition') continue;
    const spec = (object as Obj).spec ?? {};
    for (const v of spec.versions ?? []) {
      scope.set(`${spec.group}/${v.name}/${spec.names?.kind}`, spec.scope !== 'Cluster');
      plannedCrds.add(`${spec.group}/${v.name}/${spec.names?.kind}`);
    }
  }
  const plannedNamespaces = new Set(stack.objects.filter((o) => o.object.kind === 'Namespace').map((o) => o.object.metadata.name));

  const prepared = stack.objects.map(({ object, path, dependsOn }) => {
    const namespaced = scope.get(`${object.apiVersion}/${object.kind}`);
    if (namespaced === undefined) {
      throw new PlanError(`${object.kind} ${object.metadata.name}: the target does not serve ${object.apiVersion} ${object.kind}`, {
        hint: 'Define its CustomResourceDefinition in the stack, or check the apiVersion',
      });
    }
    // Copies of what changes (metadata here, spec below); the rest is shared with the stack, never written.
    const metadata = { ...object.metadata };
    if (namespaced && !metadata.namespace) metadata.namespace = cluster.defaultNamespace;
    if (!namespaced) delete metadata.namespace;
    return { object: withPartOf({ ...object, metadata }, id), path, dependsOn: dependsOn ?? [] };
  });
  const autoscaled = autoscaledTargets(prepared.map((p) => p.object));
  for (const p of prepared) {
    // Fields another controller legitimately owns are not sent: spec.replicas under an HPA.
    const spec = (p.object as Obj).spec;
    if (spec && 'replicas' in spec && autoscaled.has(`${p.object.kind}/${p.object.metadata.namespace ?? ''}/${p.object.metadata.name}`)) {
      const { replicas: _replicas, ...rest } = spec;
      p.object = { ...p.object, spec: rest };
    }
  }

  const changes: PlannedChange[] = [];
  for (const { object, path, dependsOn } of prepared) {
    const ref = refOf(object);
    const sensitive = object.kind === 'Secret' && object.apiVersion === 'v1';
    const base = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      namespace: object.metadata.namespace,
      name: object.metadata.name ?? '',
      path,
      desired: object,
      sensitive,
      readiness: readinessNote(object),
      dependsOn,
    };
    const live = await cluster.get(ref);
    let dryRun: KubeObject | undefined;
    let conflicts: string[] | undefined;
    let replaceReason: string | undefined;
    const awaitingNamespace = !!object.metadata.namespace && plannedNamespaces.has(object.metadata.namespace) && !live;
    const awaitingCrd = plannedCrds.has(`${object.apiVersion}/${object.kind}`) && !live;
    // Re-applying what the object already holds changes nothing: the dry-run would return it as it is.
    // Built-in kinds only: a custom resource's schema can tighten under a stored object, and then
    // only the server's dry-run says whether the unchanged object is still accepted.
    const unchanged =
      !!live && cluster.applyIsPureMerge === true && tryFindKind(object.apiVersion, object.kind) !== undefined && isUnchangedByApply(object, live, FIELD_MANAGER);
    if (unchanged) {
      dryRun = live;
    } else if (!awaitingNamespace && !awaitingCrd) {
      try {
        dryRun = await cluster.apply(object, { fieldManager: FIELD_MANAGER, force: options.forceConflicts ?? false, dryRun: true });
      } catch (err) {
        const status = statusOf(err);
        if (!status) throw err;
        if (status.code === 409 && live) {
          conflicts = (status.details?.causes ?? []).map((c) => `${c.field ?? ''} (${c.message ?? ''})`);
          if (conflicts.length === 0) conflicts = [status.message ?? 'conflict'];
          // What taking the fields would change, so the plan shows it beside the conflict.
          dryRun = await cluster.apply(object, { fieldManager: FIELD_MANAGER, force: true, dryRun: true }).catch(() => undefined);
        } else if (live && (replaceReason = isImmutableError(status))) {
          // An immutable field changed: delete and create.
        } else if (status.code === 404 && !live && /namespaces ".*" not found/.test(status.message ?? '') && plannedNamespaces.size > 0) {
          // The namespace comes earlier in this plan.
        } else {
          throw new PlanError(`${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}: ${status.message ?? 'rejected by the server'}`, { cause: err });
        }
      }
    }
    if (!live) {
      changes.push({ ...base, action: 'create', changes: diffObjects(undefined, dryRun ?? object).map((c) => redact(c, sensitive)) });
      continue;
    }
    const liveResourceVersion = live.metadata.resourceVersion;
    if (replaceReason) {
      changes.push({ ...base, action: 'replace', liveResourceVersion, reason: replaceReason, changes: [] });
      continue;
    }
    if (conflicts) {
      const forced = dryRun ? diffObjects(live, dryRun).map((c) => redact(c, sensitive)) : [];
      changes.push({ ...base, action: 'update', liveResourceVersion, conflicts, reason: 'other field managers own fields this apply changes', changes: forced });
      continue;
    }
    const fieldChanges = unchanged ? [] : diffObjects(live, dryRun ?? object).map((c) => redact(c, sensitive));
    const adopting = live.metadata.labels?.[APPLYSET_PART_OF] !== id;
    changes.push({ ...base, action: fieldChanges.length > 0 || adopting ? 'update' : 'no-op', liveResourceVersion, changes: fieldChanges });
  }

  const deletes = options.prune === false ? [] : await planPrune(cluster, served, parent, id, new Set(prepared.map((p) => keyOf(refOf(p.object)))), prepared.map((p) => p.object));
  const ordered = [...changes.filter((c) => c.action !== 'no-op'), ...deletes, ...changes.filter((c) => c.action === 'no-op')];
  return { version: 1, stack: stack.name, target: cluster.description, applySet: { id, parent }, changes: ordered, summary: summarize(ordered) };
}

/** ApplySet members on the target that the stack no longer defines, in delete order. */
export async function planPrune(
  cluster: Cluster,
  served: readonly ServedKind[],
  parent: { name: string; namespace: string },
  id: string,
  desiredKeys: Set<string>,
  desired: readonly KubeObject[],
): Promise<PlannedChange[]> {
  const liveParent = await cluster.get({ apiVersion: 'v1', kind: 'Secret', namespace: parent.namespace, name: parent.name });
  const recorded = readApplySetParent(liveParent);
  const groupKinds = new Set([...recorded.groupKinds, ...desired.map(groupKindOf)]);
  const namespaces = new Set([parent.namespace, ...recorded.namespaces, ...desired.map((d) => d.metadata.namespace).filter((n): n is string => !!n)]);
  const found: KubeObject[] = [];
  for (const gk of [...groupKinds].sort()) {
    const { kind, group } = parseGroupKind(gk);
    const servedKind = served.find((s) => s.kind === kind && (s.apiVersion.includes('/') ? s.apiVersion.split('/')[0] : '') === group);
    if (!servedKind) continue;
    const selector = `${APPLYSET_PART_OF}=${id}`;
    if (!servedKind.namespaced) {
      found.push(...(await cluster.list(servedKind, { labelSelector: selector })));
      continue;
    }
    for (const ns of [...namespaces].sort()) found.push(...(await cluster.list(servedKind, { namespace: ns, labelSelector: selector })));
  }
  // Sort keys computed once: the comparator runs n·log n times.
  const stale = found
    .map((o) => ({ o, key: keyOf(refOf(o)), wave: tryFindKind(o.apiVersion, o.kind)?.wave ?? 5 }))
    .filter(({ o, key }) => !desiredKeys.has(key) && !o.metadata.deletionTimestamp);
  stale.sort((a, b) => b.wave - a.wave || a.key.localeCompare(b.key));
  return stale.map(({ o }) => ({
    action: 'delete' as const,
    apiVersion: o.apiVersion,
    kind: o.kind,
    namespace: o.metadata.namespace,
    name: o.metadata.name ?? '',
    liveResourceVersion: o.metadata.resourceVersion,
    changes: [],
    sensitive: o.kind === 'Secret',
    dependsOn: [],
  }));
}

/** The readiness rule apply will wait on for this object, or undefined when it waits on nothing. */
function readinessNote(object: KubeObject): string | undefined {
  const rule = readinessRuleFor(object.apiVersion, object.kind);
  return rule.waits?.(object) === false ? undefined : rule.description;
}

/** Counts of a plan's changes by action. */
export function summarize(changes: readonly PlannedChange[]): PlanSummary {
  const count = (a: string): number => changes.filter((c) => c.action === a).length;
  return { create: count('create'), update: count('update'), replace: count('replace'), delete: count('delete'), unchanged: count('no-op') };
}
