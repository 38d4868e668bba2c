// What a controller is: a name, the kinds whose changes wake it (each mapped to reconcile keys),
// and a reconcile function that reads current state, writes changes, and returns done() or
// after(ms). It throws to ask for a retry with back-off. It never looks at the waking event.

import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';
import type { VirtualClock } from '../clock.ts';
import type { EventRecorder } from '../events.ts';
import type { SeededRandom } from '../random.ts';

/** What a reconcile asks for next. */
export interface ReconcileResult {
  /** Reconcile this key again after this many virtual milliseconds. */
  readonly requeueAfterMs?: number | undefined;
  /** Other keys of the same controller to queue now (what this reconcile learnt helps them). */
  readonly alsoQueue?: readonly string[] | undefined;
}

/** Nothing more to do until something changes. */
export function done(): ReconcileResult {
  return {};
}

/** Look again after `ms` of virtual time (a timer, a deadline, a probe period). */
export function after(ms: number): ReconcileResult {
  return { requeueAfterMs: ms };
}

/** The earliest of several requeue requests (for controllers that reconcile several things). */
export function soonest(...results: ReconcileResult[]): ReconcileResult {
  let min: number | undefined;
  for (const r of results) if (r.requeueAfterMs !== undefined && (min === undefined || r.requeueAfterMs < min)) min = r.requeueAfterMs;
  return min === undefined ? done() : after(min);
}

/** Everything a reconcile may use. */
export interface ControllerContext {
  readonly api: ApiServer;
  readonly clock: VirtualClock;
  readonly random: SeededRandom;
  readonly events: EventRecorder;
  /** Shared, controller-owned simulation settings (faults, load knobs), by name. */
  readonly sim: SimulationKnobs;
}

/** A watched kind and how its objects map to reconcile keys. */
export interface WatchSource {
  readonly apiVersion: string;
  readonly kind: string;
  /** Reconcile keys for a changed object (its new state, and its previous one when it changed). */
  keysFor(obj: KubeObject): string[];
}

/** A controller. */
export interface Controller {
  readonly name: string;
  readonly watches: readonly WatchSource[];
  reconcile(key: string, ctx: ControllerContext): ReconcileResult;
}

/** Knobs the simulation exposes to tests and the CLI (faults, load); persisted with the cluster. */
export interface SimulationKnobs {
  /** Free-form per-feature settings, e.g. `unpullableImages`, `cpuLoad`. */
  readonly values: Map<string, unknown>;
}

/** The key of an object: `namespace/name`, or `name` when cluster-scoped. */
export function objectKey(obj: Pick<KubeObject, 'metadata'>): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : (obj.metadata.name ?? '');
}

/** Splits a key back into namespace and name. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Watch a kind, keyed by the object itself. */
export function kind(apiVersion: string, kindName: string): WatchSource {
  return { apiVersion, kind: kindName, keysFor: (obj) => [objectKey(obj)] };
}

/** Watch a kind, keyed by its controller owner of `ownerKind` (e.g. Pods → their ReplicaSet). */
export function ownedBy(apiVersion: string, kindName: string, ownerKind: string): WatchSource {
  return {
    apiVersion,
    kind: kindName,
    keysFor: (obj) => {
      const owner = obj.metadata.ownerReferences?.find((r) => r.controller && r.kind === ownerKind);
      if (!owner) return [];
      return [obj.metadata.namespace ? `${obj.metadata.namespace}/${owner.name}` : owner.name];
    },
  };
}

/** Watch a kind, mapping each object to keys with a function of your own. */
export function mapped(apiVersion: string, kindName: string, keysFor: (obj: KubeObject) => string[]): WatchSource {
  return { apiVersion, kind: kindName, keysFor };
}
