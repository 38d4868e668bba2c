// What a controller is: a name, the kinds whose changes wake it (each mapped to reconcile keys),
// and a reconcile function that reads current state, writes changes, and returns done() or
// after(ms). It throws to ask for a retry with back-off. It never looks at the waking event.

import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';
import type { VirtualClock } from '../clock.ts';
import type { EventRecorder } from '../events.ts';
import type { SeededRandom } from '../random.ts';
import { copyPendingManagedFields } from '../store/lazy-managed-fields.ts';

/** What a reconcile asks for next. */
export interface ReconcileResult {
  /** Reconcile this key again after this many virtual milliseconds. */
  readonly requeueAfterMs?: number | undefined;
  /** Other keys of the same controller to queue now (what this reconcile learnt helps them). */
  readonly alsoQueue?: readonly string[] | undefined;
}

/** done()'s answer, shared: results are only read (ReconcileResult is readonly), so one frozen object serves every call. */
const DONE: ReconcileResult = Object.freeze({});

/** Nothing more to do until something changes. */
export function done(): ReconcileResult {
  return DONE;
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
  keysFor(obj: KubeObject): readonly string[];
  /**
   * True when `prev` (an object's previous state) maps to no key that `obj` (its new state) does
   * not, e.g. because the fields keysFor reads are the same frozen values: the manager then skips
   * keysFor(prev). It must not call keysFor. @default always false
   */
  readonly hasSameKeys?: ((obj: KubeObject, prev: KubeObject) => boolean) | undefined;
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

/**
 * A shallow copy of an object's metadata, the same keys in the same order, that hands a pending
 * managedFields getter on uncalled (a spread `{ ...metadata }` would work the list out).
 */
export function copyMetadata(metadata: KubeObject['metadata']): Record<string, unknown> {
  const from = metadata as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(from)) {
    if (key === 'managedFields' && copyPendingManagedFields(from, out)) continue;
    out[key] = from[key];
  }
  return out;
}

/** A key's parts, as splitKey() gives them. */
type KeyParts = { namespace?: string; name: string };

// Keys are made once per namespace and name, then handed out again: every store event maps its
// object to keys, and a fresh `namespace/name` string (and list) per event and watch cost much
// allocation and hashing. A key is a pure function of its namespace and name, so a handed-out key
// is never stale; the tables are emptied when they grow large (deleted objects leave entries).
const MAX_KEYS = 200_000;
let keyCount = 0;
/** `[key]` by namespace ('' when cluster-scoped), then name. */
const keyLists = new Map<string, Map<string | undefined, readonly string[]>>();
/** The parts of every key in keyLists (splitKey() of it). */
const keyParts = new Map<string, KeyParts>();

/**
 * The one-key list `[namespace/name]` (`[name]` when `namespace` is empty), frozen and the same
 * list, holding the same string, every time (keysFor results are only read).
 */
export function keyListOf(namespace: string | undefined, name: string | undefined): readonly string[] {
  const ns = namespace || '';
  let byName = keyLists.get(ns);
  let list = byName?.get(name);
  if (list !== undefined) return list;
  if (++keyCount > MAX_KEYS) {
    keyLists.clear();
    keyParts.clear();
    keyCount = 1;
    byName = undefined;
  }
  if (byName === undefined) keyLists.set(ns, (byName = new Map()));
  const key = ns ? `${ns}/${name}` : (name as string);
  list = Object.freeze([key]);
  byName.set(name, list);
  keyParts.set(key, Object.freeze(splitFresh(key)));
  return list;
}

/** The keys `namespace/name` of `names` (shared lists when there are none or one, see keyListOf()). */
export function keysIn(namespace: string, names: readonly string[]): readonly string[] {
  if (names.length === 0) return NO_KEYS;
  if (names.length === 1 && namespace) return keyListOf(namespace, names[0]);
  return names.map((name) => `${namespace}/${name}`);
}

/** The key of an object: `namespace/name`, or `name` when cluster-scoped. */
export function objectKey(obj: Pick<KubeObject, 'metadata'>): string {
  return keyListOf(obj.metadata.namespace, obj.metadata.name ?? '')[0]!;
}

function splitFresh(key: string): KeyParts {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Splits a key back into namespace and name (a frozen object; read it, do not change it). */
export function splitKey(key: string): KeyParts {
  return keyParts.get(key) ?? splitFresh(key);
}

/** The empty key list, shared (keysFor results are only read). */
export const NO_KEYS: readonly string[] = Object.freeze([]);

/** True when two states of an object have the same name and namespace (always, for one object's states). */
export function hasSameName(obj: KubeObject, prev: KubeObject): boolean {
  return obj.metadata.name === prev.metadata.name && obj.metadata.namespace === prev.metadata.namespace;
}

/** True when two states of an object carry the same namespace and labels (the same frozen value, as unchanged labels are). */
export function hasSameLabels(obj: KubeObject, prev: KubeObject): boolean {
  return obj.metadata.labels === prev.metadata.labels && obj.metadata.namespace === prev.metadata.namespace;
}

function hasSameOwners(obj: KubeObject, prev: KubeObject): boolean {
  return obj.metadata.ownerReferences === prev.metadata.ownerReferences && obj.metadata.namespace === prev.metadata.namespace;
}

/** Watch a kind, keyed by the object itself. */
export function kind(apiVersion: string, kindName: string): WatchSource {
  return { apiVersion, kind: kindName, keysFor: (obj) => keyListOf(obj.metadata.namespace, obj.metadata.name ?? ''), hasSameKeys: hasSameName };
}

/** Watch a kind, keyed by its controller owner of `ownerKind` (e.g. Pods → their ReplicaSet). */
export function ownedBy(apiVersion: string, kindName: string, ownerKind: string): WatchSource {
  return {
    apiVersion,
    kind: kindName,
    keysFor: (obj) => {
      const refs = obj.metadata.ownerReferences;
      if (!refs) return NO_KEYS;
      // An index loop: for-of over the frozen list allocates an iterator result per element here.
      for (let i = 0; i < refs.length; i++) {
        const owner = refs[i]!;
        if (owner.controller && owner.kind === ownerKind) return keyListOf(obj.metadata.namespace, owner.name);
      }
      return NO_KEYS;
    },
    hasSameKeys: hasSameOwners,
  };
}

/**
 * Watch a kind, mapping each object to keys with a function of your own; `hasSameKeys` (see
 * WatchSource) spares calling it for the previous state.
 */
export function mapped(
  apiVersion: string,
  kindName: string,
  keysFor: (obj: KubeObject) => readonly string[],
  hasSameKeys?: (obj: KubeObject, prev: KubeObject) => boolean,
): WatchSource {
  return { apiVersion, kind: kindName, keysFor, hasSameKeys };
}
