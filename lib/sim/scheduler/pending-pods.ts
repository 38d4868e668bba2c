// The scheduler's unschedulable pods: which plugins rejected each, how often it was tried (for
// kube-scheduler's 1s..10s back-off), and whether a cluster change since then may help it (a
// change a rejecting plugin cares about, after kube-scheduler's queueing hints). Pods whose cycle
// failed with an error are retried after their back-off alone.

import type { ClusterChange, SchedulerPlugin } from './framework.ts';

const INITIAL_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 10_000;
const RECENT_WAKES = 64;
/** The shared answer when no pod is woken (callers only read it). */
const NONE: readonly string[] = Object.freeze([]);

/** One pod that fit no node on its last attempt. */
export interface PendingEntry {
  /** The pod's resourceVersion after the scheduler recorded the failure. */
  resourceVersion: string;
  attempts: number;
  lastAttemptAt: number;
  rejectedBy: ReadonlySet<string>;
  /** A change since the last attempt may make the pod fit. */
  woken: boolean;
}

/** Unschedulable pods by `namespace/name`. */
export class PendingPods {
  private readonly entries = new Map<string, PendingEntry>();
  private readonly interest = new Map<ClusterChange, Set<string>>();
  /** Keys woken by the store event of each recent resourceVersion. */
  private readonly recentWakes = new Map<number, readonly string[]>();

  constructor(plugins: readonly SchedulerPlugin[]) {
    for (const plugin of plugins) {
      for (const change of plugin.requeueOn) {
        let names = this.interest.get(change);
        if (!names) this.interest.set(change, (names = new Set()));
        names.add(plugin.name);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): PendingEntry | undefined {
    return this.entries.get(key);
  }

  /** Records a failed attempt. */
  markUnschedulable(key: string, resourceVersion: string, rejectedBy: ReadonlySet<string>, now: number): void {
    const attempts = (this.entries.get(key)?.attempts ?? 0) + 1;
    this.entries.set(key, { resourceVersion, attempts, lastAttemptAt: now, rejectedBy, woken: false });
  }

  /**
   * Records a cycle that failed with an error (kube-scheduler puts such a pod in its back-off
   * queue): it is retried once its back-off passes, whatever changes in the cluster.
   */
  markFailed(key: string, resourceVersion: string, now: number): void {
    const attempts = (this.entries.get(key)?.attempts ?? 0) + 1;
    this.entries.set(key, { resourceVersion, attempts, lastAttemptAt: now, rejectedBy: new Set(), woken: true });
  }

  /** Drops a pod that was scheduled, deleted or is no longer ours. */
  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Milliseconds the pod must still wait before its next attempt (0 when it may go now). */
  computeBackoffRemaining(key: string, now: number): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    const backoff = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** (entry.attempts - 1));
    return Math.max(0, entry.lastAttemptAt + backoff - now);
  }

  /** Marks and returns the pods a change may help: those rejected by a plugin that cares about it. */
  wake(changes: readonly ClusterChange[]): readonly string[] {
    if (changes.length === 0 || this.entries.size === 0) return NONE;
    const plugins = new Set<string>();
    for (const change of changes) for (const name of this.interest.get(change) ?? []) plugins.add(name);
    const keys: string[] = [];
    for (const [key, entry] of this.entries) {
      // A pod that saw no nodes at all waits for any node.
      const helps = entry.rejectedBy.size === 0 ? changes.includes('NodeAdd') : [...entry.rejectedBy].some((p) => plugins.has(p));
      if (!helps) continue;
      entry.woken = true;
      keys.push(key);
    }
    return keys;
  }

  /** Remembers the keys a store event woke, for watch callbacks that see the event later. */
  rememberWakes(resourceVersion: number, keys: readonly string[]): void {
    if (keys.length === 0) return;
    this.recentWakes.set(resourceVersion, keys);
    if (this.recentWakes.size > RECENT_WAKES) this.recentWakes.delete(this.recentWakes.keys().next().value!);
  }

  /** The keys the store event of `resourceVersion` woke. */
  readWakes(resourceVersion: number): readonly string[] {
    return this.recentWakes.get(resourceVersion) ?? NONE;
  }
}
