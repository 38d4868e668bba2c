// What a pod's container state machine needs from its kubelet, for one sync of the pod: the
// pod's timings and memory use (sim annotations), the node's images, pull, crash and OOM-kill
// faults, container config checks, fresh container IDs and event recording. One instance per
// sync; it holds no state.

import { tryParseQuantity } from '../../k8s/quantity.ts';
import type { KubeObject } from '../../k8s/types.ts';
import type { ControllerContext } from '../controllers/controller.ts';
import type { EventType } from '../events.ts';
import { containerKnobOf, faultsOf, FOREVER, isImageUnpullable, SIM_ANNOTATIONS, SIM_DEFAULTS, simSeconds } from '../knobs.ts';
import { checkContainerEnv } from './config-refs.ts';
import type { RuntimeEnv } from './container-state.ts';
import { normalizeImage } from './images.ts';
import { kubeletStateOf, nodeRecordOf, type NodeRecord, type PodRecord } from './runtime-state.ts';

type Obj = Record<string, any>;

const COMPONENT = 'kubelet';

/** Scratch bytes for randomHex() (its words are written, then read out as hex, within one call). */
const HEX_SCRATCH = Buffer.alloc(64);

/**
 * `words` random 32-bit words as 8 hex digits each, most significant first: one flat string out
 * of a scratch buffer rather than many concatenations.
 */
function randomHex(ctx: ControllerContext, words: number): string {
  const bytes = words <= 16 ? HEX_SCRATCH : Buffer.alloc(words * 4);
  for (let i = 0; i < words; i++) bytes.writeUInt32BE(ctx.random.int(0x100000000), i * 4);
  return bytes.toString('hex', 0, words * 4);
}

/** Whether a record has a key (most syncs find no fault pending at all). */
function hasAnyKey(record: Record<string, number>): boolean {
  for (const _ in record) return true;
  return false;
}

/** The runtime environment of one pod on its node during one sync. */
export class PodRuntimeEnv implements RuntimeEnv {
  readonly pod: KubeObject;
  readonly pullMs: number;
  readonly upMs: number;
  readonly runMs: number | undefined;
  readonly exitCode: number;
  private readonly ctx: ControllerContext;
  private readonly rec: PodRecord;
  private readonly nodeRec: NodeRecord;
  private readonly crashes: Record<string, number>;
  private readonly oomKills: Record<string, number>;
  private readonly firstMain: string;
  /** ConfigMap/Secret references a container waits for (filled by configErrorOf). */
  private readonly blockedRefs: string[];

  constructor(ctx: ControllerContext, pod: KubeObject, rec: PodRecord, blockedRefs: string[]) {
    const p = pod as Obj;
    this.ctx = ctx;
    this.pod = pod;
    this.rec = rec;
    this.blockedRefs = blockedRefs;
    this.nodeRec = nodeRecordOf(kubeletStateOf(ctx.sim), rec.node);
    const faults = faultsOf(ctx.sim);
    this.crashes = faults.crashes;
    this.oomKills = faults.oomKills;
    this.firstMain = String(p.spec?.containers?.[0]?.name ?? '');
    this.pullMs = simSeconds(pod, SIM_ANNOTATIONS.pullSeconds, SIM_DEFAULTS.pullSeconds) * 1000;
    this.upMs = simSeconds(pod, SIM_ANNOTATIONS.startSeconds, SIM_DEFAULTS.startSeconds) * 1000;
    const runRaw = pod.metadata.annotations?.[SIM_ANNOTATIONS.runSeconds];
    this.runMs = runRaw?.trim() === FOREVER
      ? undefined
      : runRaw !== undefined
      ? simSeconds(pod, SIM_ANNOTATIONS.runSeconds, 0) * 1000
      : p.spec?.restartPolicy === 'Never' || p.spec?.restartPolicy === 'OnFailure'
        ? SIM_DEFAULTS.taskRunSeconds * 1000 // a run-to-completion pod (a Job's) finishes unless told otherwise
        : undefined;
    this.exitCode = Math.trunc(simSeconds(pod, SIM_ANNOTATIONS.exitCode, 0));
  }

  /** Worked out when a message needs it (rarely: most syncs never do). */
  get podFullName(): string {
    return `${this.pod.metadata.name ?? ''}_${this.pod.metadata.namespace ?? 'default'}(${this.pod.metadata.uid ?? ''})`;
  }

  hasImage(image: string): boolean {
    return this.nodeRec.images.includes(normalizeImage(image));
  }

  addImage(image: string): void {
    const normalized = normalizeImage(image);
    if (!this.nodeRec.images.includes(normalized)) this.nodeRec.images.push(normalized);
  }

  isUnpullable(image: string): boolean {
    return isImageUnpullable(this.ctx.sim, image);
  }

  configErrorOf(container: Obj): string | undefined {
    const check = checkContainerEnv(this.ctx.api, this.pod, container);
    if (check.error !== undefined) this.blockedRefs.push(...check.refs);
    return check.error;
  }

  /** How long an init container runs before it completes (undefined: forever). */
  initRunMs(container: string): number | undefined {
    const raw = containerKnobOf(this.pod, SIM_ANNOTATIONS.initRunSeconds, container, true);
    if (raw === FOREVER) return undefined;
    const n = raw === undefined || raw === '' ? NaN : Number(raw);
    if (Number.isFinite(n) && n >= 0) return n * 1000;
    return this.runMs ?? SIM_DEFAULTS.initRunSeconds * 1000;
  }

  /** Bytes of memory a container uses once up, or undefined when the pod does not say. */
  memoryUsageOf(container: string, isInit: boolean): number | undefined {
    return tryParseQuantity(containerKnobOf(this.pod, SIM_ANNOTATIONS.memoryUsage, container, !isInit));
  }

  /** The fault key that applies to a container: `ns/pod/container`, or `ns/pod` for the first main container. */
  private faultKeyOf(faults: Record<string, number>, container: string): string | undefined {
    if (!hasAnyKey(faults)) return undefined;
    const namespace = this.pod.metadata.namespace ?? 'default';
    const podName = this.pod.metadata.name ?? '';
    const exact = `${namespace}/${podName}/${container}`;
    if ((faults[exact] ?? 0) > 0) return exact;
    const whole = `${namespace}/${podName}`;
    return container === this.firstMain && (faults[whole] ?? 0) > 0 ? whole : undefined;
  }

  private pending(faults: Record<string, number>, container: string): number {
    const k = this.faultKeyOf(faults, container);
    return k === undefined ? 0 : (faults[k] ?? 0);
  }

  private consume(faults: Record<string, number>, container: string): void {
    const k = this.faultKeyOf(faults, container);
    if (k === undefined) return;
    const left = (faults[k] ?? 0) - 1;
    if (left > 0) faults[k] = left;
    else delete faults[k];
  }

  pendingCrashes(container: string): number {
    return this.pending(this.crashes, container);
  }

  consumeCrash(container: string): void {
    this.consume(this.crashes, container);
  }

  pendingOomKills(container: string): number {
    return this.pending(this.oomKills, container);
  }

  consumeOomKill(container: string): void {
    this.consume(this.oomKills, container);
  }

  newContainerId(): string {
    return randomHex(this.ctx, 8);
  }

  emit(type: EventType, reason: string, message: string): void {
    this.ctx.events.record(this.pod, type, reason, message, COMPONENT, this.rec.node);
  }
}
