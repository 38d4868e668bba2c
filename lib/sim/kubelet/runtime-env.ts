// What a pod's container state machine needs from its kubelet, for one sync of the pod: the
// pod's timings (sim annotations), the node's images, pull and crash faults, container config
// checks, fresh container IDs and event recording. One instance per sync; it holds no state.

import type { KubeObject } from '../../k8s/types.ts';
import type { ControllerContext } from '../controllers/controller.ts';
import type { EventType } from '../events.ts';
import { faultsOf, isImageUnpullable, SIM_ANNOTATIONS, SIM_DEFAULTS, simSeconds } from '../knobs.ts';
import { checkContainerEnv } from './config-refs.ts';
import type { RuntimeEnv } from './container-state.ts';
import { normalizeImage } from './images.ts';
import { kubeletStateOf, nodeRecordOf, type NodeRecord, type PodRecord } from './runtime-state.ts';

type Obj = Record<string, any>;

const COMPONENT = 'kubelet';

function randomHex(ctx: ControllerContext, words: number): string {
  let out = '';
  for (let i = 0; i < words; i++) out += ctx.random.int(0x100000000).toString(16).padStart(8, '0');
  return out;
}

/** The runtime environment of one pod on its node during one sync. */
export class PodRuntimeEnv implements RuntimeEnv {
  readonly pod: KubeObject;
  readonly podFullName: string;
  readonly pullMs: number;
  readonly upMs: number;
  readonly runMs: number | undefined;
  readonly exitCode: number;
  private readonly ctx: ControllerContext;
  private readonly rec: PodRecord;
  private readonly nodeRec: NodeRecord;
  private readonly crashes: Record<string, number>;
  private readonly firstMain: string;
  /** ConfigMap/Secret references a container waits for (filled by configErrorOf). */
  private readonly blockedRefs: string[];

  constructor(ctx: ControllerContext, pod: KubeObject, rec: PodRecord, blockedRefs: string[]) {
    const p = pod as Obj;
    const namespace = pod.metadata.namespace ?? 'default';
    const podName = pod.metadata.name ?? '';
    this.ctx = ctx;
    this.pod = pod;
    this.rec = rec;
    this.blockedRefs = blockedRefs;
    this.nodeRec = nodeRecordOf(kubeletStateOf(ctx.sim), rec.node);
    this.crashes = faultsOf(ctx.sim).crashes;
    this.firstMain = String(p.spec?.containers?.[0]?.name ?? '');
    this.podFullName = `${podName}_${namespace}(${pod.metadata.uid ?? ''})`;
    this.pullMs = simSeconds(pod, SIM_ANNOTATIONS.pullSeconds, SIM_DEFAULTS.pullSeconds) * 1000;
    this.upMs = simSeconds(pod, SIM_ANNOTATIONS.startSeconds, SIM_DEFAULTS.startSeconds) * 1000;
    const runRaw = pod.metadata.annotations?.[SIM_ANNOTATIONS.runSeconds];
    this.runMs = runRaw !== undefined
      ? simSeconds(pod, SIM_ANNOTATIONS.runSeconds, 0) * 1000
      : p.spec?.restartPolicy === 'Never' || p.spec?.restartPolicy === 'OnFailure'
        ? SIM_DEFAULTS.taskRunSeconds * 1000 // a run-to-completion pod (a Job's) finishes unless told otherwise
        : undefined;
    this.exitCode = Math.trunc(simSeconds(pod, SIM_ANNOTATIONS.exitCode, 0));
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

  /** The crash-fault key that applies to a container: `ns/pod/container`, or `ns/pod` for the first main container. */
  private crashKeyOf(container: string): string | undefined {
    const namespace = this.pod.metadata.namespace ?? 'default';
    const podName = this.pod.metadata.name ?? '';
    const exact = `${namespace}/${podName}/${container}`;
    if ((this.crashes[exact] ?? 0) > 0) return exact;
    const whole = `${namespace}/${podName}`;
    return container === this.firstMain && (this.crashes[whole] ?? 0) > 0 ? whole : undefined;
  }

  pendingCrashes(container: string): number {
    const k = this.crashKeyOf(container);
    return k === undefined ? 0 : (this.crashes[k] ?? 0);
  }

  consumeCrash(container: string): void {
    const k = this.crashKeyOf(container);
    if (k === undefined) return;
    const left = (this.crashes[k] ?? 0) - 1;
    if (left > 0) this.crashes[k] = left;
    else delete this.crashes[k];
  }

  newContainerId(): string {
    return randomHex(this.ctx, 8);
  }

  emit(type: EventType, reason: string, message: string): void {
    this.ctx.events.record(this.pod, type, reason, message, COMPONENT, this.rec.node);
  }
}
