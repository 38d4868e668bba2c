// The controller manager: feeds store events to each controller's work queue (mapped to keys by
// its watches), runs reconciles, and settles the cluster: process every queue, then jump the
// virtual clock to the next timer, until nothing is pending or the timeout passes.

import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';
import { EventRecorder } from '../events.ts';
import type { StoreEvent, WatchHandle } from '../store.ts';
import type { Controller, ControllerContext, SimulationKnobs, WatchSource } from './controller.ts';
import { WorkQueue } from './work-queue.ts';

/** What settle() found. */
export interface SettleResult {
  /** True when nothing was left to do (no queued keys, no pending timers). */
  readonly settled: boolean;
  /** Virtual milliseconds that passed. */
  readonly elapsedMs: number;
  /** Reconciles run. */
  readonly reconciles: number;
  /**
   * Controller keys still waiting on a timer or back-off when settle stopped (`controller: key`).
   * Listed when first read (LocalCluster settles after every write and rarely asks): read it
   * before the cluster runs again.
   */
  readonly pending: readonly string[];
}

/** Options of settle(). */
export interface SettleOptions {
  /** Virtual time after which settle gives up. @default 30 minutes */
  readonly timeoutMs?: number;
  /** Guard against a reconcile loop that never lets time pass. @default 1,000,000 */
  readonly maxReconciles?: number;
}

interface Registered {
  readonly controller: Controller;
  readonly queue: WorkQueue;
}

/** One watch of one controller, as store events of its kind reach it. */
interface WatchTarget {
  readonly queue: WorkQueue;
  readonly source: WatchSource;
}

/** A failed reconcile that was retried too often, kept for reports. */
export interface ReconcileFailure {
  readonly controller: string;
  readonly key: string;
  readonly error: string;
}

/** Runs controllers against an API server. */
export class ControllerManager {
  readonly api: ApiServer;
  readonly context: ControllerContext;
  private readonly registered: Registered[] = [];
  /** Watch targets by API group, then kind. */
  private readonly byKind = new Map<string, Map<string, WatchTarget[]>>();
  private subscription: WatchHandle | undefined;
  readonly failures: ReconcileFailure[] = [];

  constructor(api: ApiServer, controllers: readonly Controller[], knobs?: SimulationKnobs) {
    this.api = api;
    this.context = { api, clock: api.clock, random: api.random, events: new EventRecorder(api), sim: knobs ?? { values: new Map() } };
    for (const controller of controllers) this.add(controller);
  }

  /** Registers a controller (before or after start). */
  add(controller: Controller): void {
    const reg: Registered = { controller, queue: new WorkQueue(this.api.clock) };
    this.registered.push(reg);
    for (const w of controller.watches) {
      const group = w.apiVersion.includes('/') ? w.apiVersion.split('/')[0]! : '';
      let kinds = this.byKind.get(group);
      if (!kinds) this.byKind.set(group, (kinds = new Map()));
      let list = kinds.get(w.kind);
      if (!list) kinds.set(w.kind, (list = []));
      list.push({ queue: reg.queue, source: w });
      if (this.subscription) this.enqueueExisting(reg, w.apiVersion, w.kind, w.keysFor);
    }
  }

  /** Starts watching the store, queueing every existing object once (like an informer's list). */
  start(): this {
    if (this.subscription) return this;
    this.subscription = this.api.store.subscribe((event) => this.onEvent(event));
    for (const reg of this.registered) {
      for (const w of reg.controller.watches) this.enqueueExisting(reg, w.apiVersion, w.kind, w.keysFor);
    }
    return this;
  }

  /** Stops watching. */
  stop(): void {
    this.subscription?.stop();
    this.subscription = undefined;
  }

  private enqueueExisting(reg: Registered, apiVersion: string, kindName: string, keysFor: (o: KubeObject) => readonly string[]): void {
    let items: KubeObject[];
    try {
      items = this.api.list({ apiVersion, kind: kindName }).items;
    } catch {
      return; // a custom kind whose CRD does not exist yet
    }
    for (const obj of items) for (const key of keysFor(obj)) reg.queue.add(key);
  }

  /**
   * Queues the keys of an event's new state, then those of its previous state, for every watch
   * of its kind. Skipping the previous state when its watch says it has the same keys changes
   * nothing: adding a queued key again is a no-op.
   */
  private onEvent(event: StoreEvent): void {
    const obj = event.object;
    const targets = this.byKind.get(event.group)?.get(obj.kind);
    if (!targets) return;
    const prev = event.prevObject;
    for (let t = 0; t < targets.length; t++) {
      const { queue, source } = targets[t]!;
      const keys = source.keysFor(obj);
      for (let i = 0; i < keys.length; i++) queue.add(keys[i]!);
      if (!prev || source.hasSameKeys?.(obj, prev)) continue;
      const prevKeys = source.keysFor(prev);
      for (let i = 0; i < prevKeys.length; i++) queue.add(prevKeys[i]!);
    }
  }

  /**
   * Queues a key for a controller by name (used by faults and tests). A manager without that
   * controller has nobody to tell: returns false.
   */
  enqueue(controllerName: string, key: string): boolean {
    const reg = this.registered.find((r) => r.controller.name === controllerName);
    if (!reg) return false;
    reg.queue.add(key);
    return true;
  }

  /**
   * Runs every ready key of every controller until all queues are empty; returns reconciles run.
   * Controllers take turns; in its turn a controller works off the keys queued when the turn
   * began (keys its own writes queue wait for its next turn), as a real controller's workers
   * drain the backlog its informers delivered while the other controllers ran.
   */
  runPending(maxReconciles = 1_000_000): number {
    let runs = 0;
    for (;;) {
      let progressed = false;
      for (const reg of this.registered) {
        for (let n = reg.queue.length; n > 0; n--) {
          const key = reg.queue.next();
          if (key === undefined) break;
          progressed = true;
          runs++;
          this.reconcileOne(reg, key);
          if (runs >= maxReconciles) return runs;
        }
      }
      if (!progressed) return runs;
    }
  }

  private reconcileOne(reg: Registered, key: string): void {
    try {
      const result = reg.controller.reconcile(key, this.context);
      reg.queue.forget(key);
      // The reconcile states every timer it still needs: an older pending one is stale.
      reg.queue.cancelDelayed(key);
      if (result.requeueAfterMs !== undefined) reg.queue.addAfter(key, result.requeueAfterMs);
      if (result.alsoQueue) for (const other of result.alsoQueue) reg.queue.add(other);
    } catch (err) {
      if (!reg.queue.addRateLimited(key)) {
        this.failures.push({ controller: reg.controller.name, key, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  /**
   * Runs the cluster until it is quiescent: process every queue, then move the virtual clock to
   * the next timer, repeatedly, until nothing is pending or `timeoutMs` of virtual time passed.
   */
  settle(options: SettleOptions = {}): SettleResult {
    if (!this.subscription) this.start();
    const clock = this.api.clock;
    const start = clock.nowMillis();
    const deadline = start + (options.timeoutMs ?? 30 * 60 * 1000);
    const maxReconciles = options.maxReconciles ?? 1_000_000;
    let reconciles = 0;
    for (;;) {
      reconciles += this.runPending(maxReconciles - reconciles);
      if (reconciles >= maxReconciles) break;
      const next = clock.nextTimerAt();
      if (next === undefined) return { settled: true, elapsedMs: clock.nowMillis() - start, reconciles, pending: [] };
      if (next > deadline) {
        clock.advanceTo(deadline);
        break;
      }
      clock.advanceTo(next);
    }
    return this.unsettledResult(clock.nowMillis() - start, reconciles);
  }

  /** An unsettled result whose `pending` keys are listed when first read, then kept. */
  private unsettledResult(elapsedMs: number, reconciles: number): SettleResult {
    let pending: readonly string[] | undefined;
    const listPending = (): readonly string[] => (pending ??= this.pendingKeys());
    return {
      settled: false,
      elapsedMs,
      reconciles,
      get pending(): readonly string[] {
        return listPending();
      },
    };
  }

  /** `controller: key` for every key waiting on a timer or queued. */
  pendingKeys(): string[] {
    const out: string[] = [];
    for (const reg of this.registered) for (const key of reg.queue.waiting) out.push(`${reg.controller.name}: ${key}`);
    return out;
  }
}
