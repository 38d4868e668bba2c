// The one seam between the plan/apply engine and its targets: what the engine needs from a
// cluster, nothing more. LocalCluster implements it over the bundled simulation, KubeCluster
// over a real API server. Time is the cluster's: waiting means `advance()`, which runs the
// simulation's virtual clock or sleeps on a real one.

import type { KubeObject } from '../k8s/types.ts';

/** A kind the target serves. */
export interface ServedKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

/** Names one object on a target. */
export interface ClusterRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly name: string;
}

/** Options of a server-side apply. */
export interface ApplyOptions {
  /** @default 'shipshape' */
  readonly fieldManager?: string;
  /** Take fields other managers own. */
  readonly force?: boolean;
  /** Ask the server what would happen; persist nothing. */
  readonly dryRun?: boolean;
}

/** Options of a delete. */
export interface DeleteOptions {
  /** @default 'Background' */
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  readonly dryRun?: boolean;
}

/** A target cluster, as the plan/apply engine sees it. */
export interface Cluster {
  /** How messages name the target: `local (.shipshape)` or the kubeconfig context. */
  readonly description: string;
  /** The namespace objects without one go to. */
  readonly defaultNamespace: string;
  /**
   * True when an apply stores exactly what the merge makes of it (no mutating admission
   * webhooks): re-applying the fields and values an object already holds then changes nothing,
   * so plan need not ask for a dry-run of such objects. @default false
   */
  readonly applyIsPureMerge?: boolean;
  /** The kinds served now (CRDs included). */
  discover(): Promise<ServedKind[]>;
  /** One object, or undefined when it does not exist. */
  get(ref: ClusterRef): Promise<KubeObject | undefined>;
  /** Objects of a kind, optionally in one namespace and matching a label selector. */
  list(kind: { apiVersion: string; kind: string }, options?: { namespace?: string; labelSelector?: string }): Promise<KubeObject[]>;
  /** Server-side apply of one object; returns what the server stored (or would store). */
  apply(obj: KubeObject, options?: ApplyOptions): Promise<KubeObject>;
  /** Deletes an object; resolves to false when it did not exist. */
  delete(ref: ClusterRef, options?: DeleteOptions): Promise<boolean>;
  /** Events about one object, oldest first. */
  eventsFor(obj: KubeObject): Promise<KubeObject[]>;
  /**
   * Lets up to `ms` of cluster time pass (virtual for the simulation, real for a cluster).
   * `idle` is true when the target knows nothing more will happen by itself (a settled
   * simulation), so a waiter can stop early; a real cluster never says so.
   */
  advance(ms: number): Promise<{ idle: boolean }>;
  /** Releases the target (for the simulation: saves the state and its lock). */
  close(): Promise<void>;
}
