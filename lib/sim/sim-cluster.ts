// A whole simulated cluster: the API server over its store, the virtual clock and seeded
// randomness, bootstrapped with nodes and system namespaces, and kept on disk under a state
// directory (locked while open). Controllers attach to it; the CLI and LocalCluster open it.

import type { KubeObject } from '../k8s/types.ts';
import { ApiServer } from './api/api-server.ts';
import { bootstrapCluster, type ClusterShape } from './bootstrap.ts';
import { VirtualClock } from './clock.ts';
import type { SimulationKnobs } from './controllers/controller.ts';
import { ControllerManager, type SettleOptions, type SettleResult } from './controllers/manager.ts';
import { defaultControllers } from './controllers/registry.ts';
import { knobsFromJson, knobsToJson } from './knobs.ts';
import { acquireLock, loadState, saveState, type SimState, type StateLock } from './persist.ts';
import type { StatePrefetch } from './persist/state-prefetch.ts';
import { SeededRandom } from './random.ts';
import { Store } from './store.ts';
import { adoptParsedObject } from './store/freeze.ts';

/** Options of a new in-memory cluster. */
export interface SimClusterOptions {
  /** Nodes and their size. @default 3 nodes, 4 CPU / 16Gi each */
  readonly shape?: ClusterShape;
  /** Seed of the cluster's randomness (uids, name suffixes). @default 1 */
  readonly seed?: number;
  /** Virtual start time. @default 2026-01-01T00:00:00Z */
  readonly start?: string;
}

/** Options of opening a cluster kept on disk. */
export interface OpenSimClusterOptions extends SimClusterOptions {
  /** The state directory (see resolveStateDir). */
  readonly stateDir: string;
  /** Named in the lock so that another process's error says who holds it, e.g. `shipshape apply`. */
  readonly command?: string;
  /** The state read ahead (see prefetchState), used when the file did not change since. @default none */
  readonly prefetch?: StatePrefetch | undefined;
}

const EXTRA_KEY = 'sim';

interface SimExtra {
  seed: number;
  knobs?: Record<string, unknown>;
}

/** A simulated cluster: API server, clock, randomness, and (when opened from disk) its state dir. */
export class SimCluster {
  readonly api: ApiServer;
  readonly clock: VirtualClock;
  readonly random: SeededRandom;
  readonly stateDir: string | undefined;
  /** Faults and load knobs in force (saved with the state). */
  readonly knobs: SimulationKnobs;
  /** The controllers, scheduler and kubelets. */
  readonly manager: ControllerManager;
  private lock: StateLock | undefined;

  private constructor(api: ApiServer, stateDir: string | undefined, lock: StateLock | undefined, knobs?: SimulationKnobs) {
    this.api = api;
    this.clock = api.clock;
    this.random = api.random;
    this.stateDir = stateDir;
    this.lock = lock;
    this.knobs = knobs ?? { values: new Map() };
    this.manager = new ControllerManager(api, defaultControllers(), this.knobs);
  }

  /**
   * Runs the cluster until it is quiescent (or `timeoutMs` of virtual time passed): controllers,
   * scheduler and kubelets act, and the virtual clock jumps from timer to timer.
   */
  settle(options: SettleOptions = {}): SettleResult {
    return this.manager.settle(options);
  }

  /** A fresh, bootstrapped cluster in memory. */
  static create(options: SimClusterOptions = {}): SimCluster {
    const api = new ApiServer({ clock: new VirtualClock(options.start), random: new SeededRandom(options.seed ?? 1) });
    bootstrapCluster(api, options.shape);
    return new SimCluster(api, undefined, undefined);
  }

  /**
   * Opens the cluster kept in `stateDir`, creating and bootstrapping it on first use. Holds the
   * directory's lock until close().
   * @throws StateError when the state is locked by another process, corrupt or from a newer version.
   */
  static async open(options: OpenSimClusterOptions): Promise<SimCluster> {
    const lock = await acquireLock(options.stateDir, options.command ? { command: options.command } : {});
    try {
      // Kinds stay text until first used: a command that reads Deployments never parses Events.
      const state = await loadState(options.stateDir, { prefetch: options.prefetch, keepText: true });
      if (!state) {
        const fresh = SimCluster.create(options);
        const cluster = new SimCluster(fresh.api, options.stateDir, lock);
        await cluster.save();
        return cluster;
      }
      // loadState's objects are fresh JSON.parse output nobody else holds: the store adopts them.
      for (const object of state.objects) adoptParsedObject(object as Record<string, unknown>);
      const extra = (state.extra?.[EXTRA_KEY] ?? {}) as Partial<SimExtra>;
      return new SimCluster(SimCluster.restoreApi(state), options.stateDir, lock, knobsFromJson(extra.knobs));
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /** Rebuilds the API server from a saved state. */
  static restoreApi(state: SimState): ApiServer {
    const store = Store.restore({ resourceVersion: state.resourceVersion, objects: state.objects as KubeObject[], texts: state.texts });
    const extra = (state.extra?.[EXTRA_KEY] ?? {}) as Partial<SimExtra>;
    return new ApiServer({ store, clock: new VirtualClock(state.clock.now), random: new SeededRandom(extra.seed ?? 1) });
  }

  /** The cluster as a state to save (kinds unchanged since it was opened stay the text they were read as). */
  toState(): SimState {
    const snapshot = this.api.store.snapshotForSave();
    const extra: SimExtra = { seed: this.random.seed, knobs: knobsToJson(this.knobs) };
    const state: SimState = { version: 1, resourceVersion: snapshot.resourceVersion, clock: { now: this.clock.now().toISOString() }, objects: snapshot.objects, extra: { [EXTRA_KEY]: extra } };
    if (snapshot.texts.length > 0) state.texts = snapshot.texts;
    return state;
  }

  /** Saves the state atomically. @throws TypeError for an in-memory cluster. */
  async save(): Promise<void> {
    if (!this.stateDir) throw new TypeError('SimCluster.save(): this cluster was created in memory; open one with SimCluster.open({ stateDir })');
    await saveState(this.stateDir, this.toState());
  }

  /** Saves (when opened from disk) and releases the lock. Safe to call twice. */
  async close(options: { save?: boolean } = {}): Promise<void> {
    if (!this.lock) return;
    try {
      if (options.save !== false) await this.save();
    } finally {
      this.lock.release();
      this.lock = undefined;
    }
  }
}
