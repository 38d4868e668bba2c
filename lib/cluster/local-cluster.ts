// LocalCluster: the bundled simulated cluster as a plan/apply target, in-process. The state
// lives in a directory (default `.shipshape/`), locked while the cluster is open, saved on close
// when it changed (a plan writes nothing) and checkpointed during long runs (so a killed apply
// loses at most its last moments of writes). Writes settle the simulation, so controllers have
// acted before the engine looks.

import type { KubeObject } from '../k8s/types.ts';
import { isStatusError } from '../sim/errors.ts';
import { knobsToJson } from '../sim/knobs.ts';
import { SimCluster, type OpenSimClusterOptions } from '../sim/sim-cluster.ts';
import type { ApplyOptions, Cluster, ClusterRef, DeleteOptions, ServedKind } from './cluster.ts';
import { FIELD_MANAGER } from '../k8s/annotations.ts';

/** The simulated cluster as a target. */
export class LocalCluster implements Cluster {
  readonly sim: SimCluster;
  readonly description: string;
  readonly defaultNamespace = 'default';
  /** The simulation has no admission webhooks: an apply stores what the merge makes. */
  readonly applyIsPureMerge = true;
  private lastCheckpoint = Date.now();
  private checkpointCostMs = 0;
  /** What the state on disk holds (see stateVersion()), as of the last load or save. */
  private saved: string;

  constructor(sim: SimCluster, description = 'local simulated cluster') {
    this.sim = sim;
    this.description = description;
    this.saved = this.stateVersion();
  }

  /**
   * Changes whenever the saved state would: every write bumps the store's revision (events
   * included), time moves the clock, and faults are knobs.
   */
  private stateVersion(): string {
    return `${this.sim.api.store.resourceVersion}|${this.sim.clock.nowMillis()}|${JSON.stringify(knobsToJson(this.sim.knobs))}`;
  }

  /** Opens (creating on first use) the simulated cluster kept in a state directory. */
  static async open(options: OpenSimClusterOptions): Promise<LocalCluster> {
    const sim = await SimCluster.open(options);
    return new LocalCluster(sim, `local simulated cluster (${options.stateDir})`);
  }

  /** A fresh in-memory simulated cluster (tests, benchmarks). */
  static inMemory(options: Parameters<typeof SimCluster.create>[0] = {}): LocalCluster {
    return new LocalCluster(SimCluster.create(options), 'in-memory simulated cluster');
  }

  async discover(): Promise<ServedKind[]> {
    return this.sim.api.resources.all().map((r) => ({ apiVersion: r.apiVersion, kind: r.kind, plural: r.plural, namespaced: r.namespaced }));
  }

  async get(ref: ClusterRef): Promise<KubeObject | undefined> {
    return this.sim.api.tryGet(ref);
  }

  async list(kind: { apiVersion: string; kind: string }, options: { namespace?: string; labelSelector?: string } = {}): Promise<KubeObject[]> {
    return this.sim.api.list({ ...kind, namespace: options.namespace, labelSelector: options.labelSelector }).items;
  }

  async apply(obj: KubeObject, options: ApplyOptions = {}): Promise<KubeObject> {
    const key = { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' };
    const result = this.sim.api.patch(key, 'apply', obj, {
      fieldManager: options.fieldManager ?? FIELD_MANAGER,
      force: options.force ?? false,
      dryRun: options.dryRun ?? false,
    });
    if (!options.dryRun) {
      this.sim.settle({ timeoutMs: 0 });
      await this.checkpoint();
    }
    return result;
  }

  async delete(ref: ClusterRef, options: DeleteOptions = {}): Promise<boolean> {
    try {
      this.sim.api.delete(ref, { propagationPolicy: options.propagationPolicy ?? 'Background', dryRun: options.dryRun ?? false });
    } catch (err) {
      if (isStatusError(err, 'NotFound')) return false;
      throw err;
    }
    if (!options.dryRun) {
      this.sim.settle({ timeoutMs: 0 });
      await this.checkpoint();
    }
    return true;
  }

  async eventsFor(obj: KubeObject): Promise<KubeObject[]> {
    return this.sim.manager.context.events.eventsFor(obj);
  }

  async advance(ms: number): Promise<{ idle: boolean }> {
    const idle = this.sim.settle({ timeoutMs: ms }).settled;
    await this.checkpoint();
    return { idle };
  }

  /**
   * Saves the state of a cluster kept on disk when the last save is old enough: at least 2 s
   * of wall time, and 20× what a save costs, so checkpoints take at most ~5% of the time.
   */
  private async checkpoint(): Promise<void> {
    if (!this.sim.stateDir || Date.now() - this.lastCheckpoint < Math.max(2000, 20 * this.checkpointCostMs)) return;
    const start = Date.now();
    const version = this.stateVersion();
    await this.sim.save();
    this.saved = version;
    this.lastCheckpoint = Date.now();
    this.checkpointCostMs = this.lastCheckpoint - start;
  }

  /** Saves the state when it changed since it was loaded or last saved, and releases the lock. */
  async close(): Promise<void> {
    await this.sim.close({ save: this.stateVersion() !== this.saved });
  }
}
