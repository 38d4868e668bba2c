// The arithmetic of the deployment controller (deploymentutil): maxSurge / maxUnavailable from
// ints or percentages, replica sums over ReplicaSets, revisions, the replicas annotations, and
// proportional scaling. Pure functions over objects; nothing here reads or writes the API.

import type { KubeObject } from '../../k8s/types.ts';

type Obj = Record<string, any>;

/** Annotations the deployment controller keeps on Deployments and their ReplicaSets. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';

/** Deployment annotations not copied to its ReplicaSets. */
export const ANNOTATIONS_NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

/** `spec.replicas` of a Deployment or ReplicaSet (1 when unset, as the API defaults it). */
export function specReplicasOf(obj: KubeObject | undefined): number {
  if (!obj) return 0;
  const n = (obj as Obj).spec?.replicas;
  return typeof n === 'number' ? n : 1;
}

/** A number from the object's status, 0 when absent. */
export function statusCountOf(obj: KubeObject | undefined, field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number {
  return Number((obj as Obj | undefined)?.status?.[field] ?? 0);
}

/** Sum of spec.replicas (GetReplicaCountForReplicaSets). */
export function sumSpecReplicas(sets: readonly (KubeObject | undefined)[]): number {
  return sets.reduce((n, rs) => n + (rs ? specReplicasOf(rs) : 0), 0);
}

/** Sum of a status count over ReplicaSets. */
export function sumStatus(sets: readonly (KubeObject | undefined)[], field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number {
  return sets.reduce((n, rs) => n + statusCountOf(rs, field), 0);
}

/** An int-or-percent scaled against `total` (GetScaledValueFromIntOrPercent). */
export function scaleIntOrPercent(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !value.endsWith('%')) return 0;
  const percent = Number.parseInt(value.slice(0, -1), 10);
  if (!Number.isFinite(percent)) return 0;
  const scaled = (percent * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

function isRollingUpdate(d: KubeObject): boolean {
  return ((d as Obj).spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** maxSurge and maxUnavailable for `desired` replicas: surge rounds up, unavailable down, never both 0. */
export function resolveFenceposts(d: KubeObject, desired: number): { surge: number; unavailable: number } {
  const ru = ((d as Obj).spec?.strategy?.rollingUpdate ?? {}) as Obj;
  const surge = scaleIntOrPercent(ru.maxSurge ?? '25%', desired, true);
  let unavailable = scaleIntOrPercent(ru.maxUnavailable ?? '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** The surge of a RollingUpdate Deployment (0 for Recreate). */
export function maxSurgeOf(d: KubeObject): number {
  if (!isRollingUpdate(d)) return 0;
  return resolveFenceposts(d, specReplicasOf(d)).surge;
}

/** The pods a RollingUpdate Deployment may have unavailable (0 for Recreate), at most spec.replicas. */
export function maxUnavailableOf(d: KubeObject): number {
  const replicas = specReplicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(resolveFenceposts(d, replicas).unavailable, replicas);
}

/** The replicas a new ReplicaSet should have now (NewRSNewReplicas). */
export function computeNewReplicaSetReplicas(d: KubeObject, allSets: readonly (KubeObject | undefined)[], newSet: KubeObject): number {
  const replicas = specReplicasOf(d);
  if (!isRollingUpdate(d)) return replicas;
  const maxTotal = replicas + maxSurgeOf(d);
  const current = sumSpecReplicas(allSets);
  if (current >= maxTotal) return specReplicasOf(newSet);
  const scaleUp = Math.min(maxTotal - current, replicas - specReplicasOf(newSet));
  return specReplicasOf(newSet) + scaleUp;
}

/** The revision number of a ReplicaSet or Deployment (0 when absent or unreadable). */
export function revisionOf(obj: KubeObject | undefined): number {
  const raw = obj?.metadata.annotations?.[REVISION_ANNOTATION];
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isInteger(n) ? n : 0;
}

/** The highest revision among ReplicaSets. */
export function maxRevisionOf(sets: readonly KubeObject[]): number {
  return sets.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
}

function readIntAnnotation(obj: KubeObject, name: string): number | undefined {
  const raw = obj.metadata.annotations?.[name];
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isInteger(n) ? n : undefined;
}

/** The desired-replicas annotation of a ReplicaSet, if readable. */
export function desiredReplicasAnnotationOf(rs: KubeObject): number | undefined {
  return readIntAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
}

/** Sets desired-replicas and max-replicas on a mutable ReplicaSet; true when something changed. */
export function setReplicasAnnotations(rs: Obj, desired: number, max: number): boolean {
  const annotations = (rs.metadata.annotations ??= {}) as Record<string, string>;
  let changed = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

/** True when a ReplicaSet's desired/max annotations differ from these values. */
export function needsReplicasAnnotations(rs: KubeObject, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/** ReplicaSets with spec.replicas > 0. */
export function filterActiveSets(sets: readonly (KubeObject | undefined)[]): KubeObject[] {
  return sets.filter((rs): rs is KubeObject => rs !== undefined && specReplicasOf(rs) > 0);
}

/** Oldest first by creationTimestamp, then name (ReplicaSetsByCreationTimestamp). */
export function compareByCreation(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** True when the new ReplicaSet runs every replica and all are available (IsSaturated). */
export function isSaturated(d: KubeObject, rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  const replicas = specReplicasOf(d);
  return specReplicasOf(rs) === replicas && desiredReplicasAnnotationOf(rs) === replicas && statusCountOf(rs, 'availableReplicas') === replicas;
}

/** The only active ReplicaSet, or the newest when none is active; undefined when several are active. */
export function findActiveOrLatest(newSet: KubeObject | undefined, oldSets: readonly KubeObject[]): KubeObject | undefined {
  if (!newSet && oldSets.length === 0) return undefined;
  const newestFirst = [...oldSets].sort((a, b) => compareByCreation(b, a));
  const active = filterActiveSets([...newestFirst, newSet]);
  if (active.length === 0) return newSet ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** The share of `toAdd` replicas a ReplicaSet gets when a Deployment is scaled mid-rollout (GetProportion). */
export function computeProportion(rs: KubeObject, { deployment: d, toAdd, added }: { deployment: KubeObject; toAdd: number; added: number }): number {
  if (specReplicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = computeFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function computeFraction(rs: KubeObject, d: KubeObject): number {
  if (specReplicasOf(d) === 0) return -specReplicasOf(rs);
  const maxReplicas = specReplicasOf(d) + maxSurgeOf(d);
  let before = readIntAnnotation(rs, MAX_REPLICAS_ANNOTATION);
  if (!before) {
    before = statusCountOf(d, 'replicas');
    if (before === 0) return 0;
  }
  const size = (specReplicasOf(rs) * maxReplicas) / before;
  return roundHalfAwayFromZero(size) - specReplicasOf(rs);
}

function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
