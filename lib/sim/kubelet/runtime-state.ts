// What the simulated container runtimes remember between reconciles, kept in the simulation's
// knobs so that it is saved with the cluster: per pod, each container's stage and timestamps;
// per node, the images already pulled and the pod IPs handed out from the node's pod CIDR.
// Pure data and small helpers; the state machine that moves it lives in container-state.ts.

import type { SimulationKnobs } from '../controllers/controller.ts';

/** A finished container run, as `state.terminated` / `lastState.terminated` show it. */
export interface TerminatedRun {
  exitCode: number;
  reason: string;
  /** Virtual milliseconds. */
  startedAt: number;
  finishedAt: number;
  containerId: string;
  /** When the run became ready (virtual ms), if it did: its log says so. */
  readyAt?: number | undefined;
  /** The container's restart count during this run. */
  restartCount?: number | undefined;
}

/**
 * Where a container is: not begun, pulling its image, backing off a failed pull, blocked (a
 * config error, an image it may not pull), running, waiting out a crash-loop back-off, or done.
 */
export type ContainerStage = 'pending' | 'pulling' | 'pullBackOff' | 'blocked' | 'running' | 'crashLoop' | 'exited';

/** One container of a pod, as its runtime tracks it. */
export interface ContainerRecord {
  name: string;
  stage: ContainerStage;
  /** When the stage began (virtual ms). */
  since: number;
  /** When the stage ends by itself: pull done, pull retry, restart after back-off. */
  until?: number | undefined;
  /** Waiting reason and message of a blocked container. */
  reason?: string | undefined;
  message?: string | undefined;
  /** ImagePullBackOff has been reported for the current failed pull. */
  backOffShown?: boolean | undefined;
  pullFailures: number;
  imageId?: string | undefined;
  containerId?: string | undefined;
  startedAt?: number | undefined;
  /** When the startup probe first succeeds (started=true). */
  startedProbeAt?: number | undefined;
  /** When the readiness probe first succeeds (ready=true). */
  readyAt?: number | undefined;
  /** A planned exit of the running container. */
  exitAt?: number | undefined;
  exitCode?: number | undefined;
  crash?: boolean | undefined;
  /** The planned exit is an OOM kill: by the OOM-kill fault, or by memory use above the limit. */
  oomKill?: 'fault' | 'usage' | undefined;
  /** A sidecar's start has let the next init container begin. */
  startSignalled?: boolean | undefined;
  terminated?: TerminatedRun | undefined;
  lastTerminated?: TerminatedRun | undefined;
  restartCount: number;
  /** Crash-loop back-off, as the kubelet's per-container back-off entry. */
  backoff?: { ms: number; lastUpdate: number } | undefined;
}

/** One pod as the kubelet of its node tracks it. */
export interface PodRecord {
  uid: string;
  node: string;
  /** First sync (status.startTime). */
  startTime: number;
  /** The pod sandbox exists (volumes mounted, IP assigned) since this time. */
  sandboxAt?: number | undefined;
  ip?: string | undefined;
  /** The last FailedMount / sandbox message reported, so that it is reported once. */
  blockedMessage?: string | undefined;
  init: ContainerRecord[];
  main: ContainerRecord[];
  /** When the kubelet first saw the deletion and sent SIGTERM. */
  killingAt?: number | undefined;
}

/** One node's runtime: images present, pod IPs in use. */
export interface NodeRecord {
  images: string[];
  /** Offset of the last IP handed out in the pod CIDR (allocation continues after it). */
  ipCursor: number;
  /** IP → pod key. */
  ips: Record<string, string>;
}

/** Everything the kubelets remember. */
export interface KubeletState {
  pods: Record<string, PodRecord>;
  nodes: Record<string, NodeRecord>;
}

const STATE_KEY = 'kubelet';

/** The kubelets' state inside the simulation knobs (created empty on first use). */
export function kubeletStateOf(knobs: SimulationKnobs): KubeletState {
  let state = knobs.values.get(STATE_KEY) as KubeletState | undefined;
  if (!state || typeof state !== 'object' || !state.pods || !state.nodes) {
    state = { pods: {}, nodes: {} };
    knobs.values.set(STATE_KEY, state);
  }
  return state;
}

/** The runtime record of a node (created empty on first use). */
export function nodeRecordOf(state: KubeletState, node: string): NodeRecord {
  let rec = state.nodes[node];
  if (!rec) {
    // A prototype-less map: V8 keeps it as a dictionary, so that each new IP (a key never seen
    // before) costs no new object shape. It serializes as any object does.
    rec = { images: [], ipCursor: 1, ips: Object.create(null) as Record<string, string> };
    state.nodes[node] = rec;
  }
  return rec;
}

/** A new container record that has not begun. */
export function newContainerRecord(name: string, now: number): ContainerRecord {
  return { name, stage: 'pending', since: now, pullFailures: 0, restartCount: 0 };
}

function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function numberToIp(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** A pod CIDR that IPs are handed out from: its network address and size. */
interface PodRange {
  readonly network: number;
  readonly size: number;
}

/** Parsed pod CIDRs (null: not one IPs can come from), by text: each node's is parsed once. A bounded memo. */
const podRanges = new Map<string, PodRange | null>();
const MAX_POD_RANGES = 10_000;

function parsePodRange(cidr: string): PodRange | undefined {
  let range = podRanges.get(cidr);
  if (range === undefined) {
    const [address, prefixText] = cidr.split('/');
    const base = address === undefined ? undefined : ipToNumber(address);
    const prefix = Number(prefixText);
    const size = 2 ** (32 - prefix);
    range = base === undefined || !Number.isInteger(prefix) || prefix < 8 || prefix > 30 ? null : { network: (base & ~(size - 1)) >>> 0, size };
    if (podRanges.size >= MAX_POD_RANGES) podRanges.clear();
    podRanges.set(cidr, range);
  }
  return range ?? undefined;
}

/**
 * Hands out the next free IP of `cidr` to `podKey`, continuing after the last one handed out (as
 * host-local IPAM does, so a freed IP is not reused at once). Skips the network address, the
 * gateway (.1) and the broadcast address. Returns undefined when the range is exhausted.
 */
export function allocatePodIp(node: NodeRecord, cidr: string, podKey: string): string | undefined {
  const range = parsePodRange(cidr);
  if (range === undefined) return undefined;
  const { network, size } = range;
  const first = 2;
  const last = size - 2;
  const span = last - first + 1;
  for (let i = 1; i <= span; i++) {
    const offset = first + ((((node.ipCursor - first + i) % span) + span) % span);
    const ip = numberToIp(network + offset);
    if (node.ips[ip] === undefined) {
      node.ips[ip] = podKey;
      node.ipCursor = offset;
      return ip;
    }
  }
  return undefined;
}

/** Frees a pod IP. */
export function releasePodIp(node: NodeRecord, ip: string): void {
  delete node.ips[ip];
}

/** The first and last assignable addresses of a CIDR, for sandbox error messages. */
export function describeRange(cidr: string): string {
  const [address, prefixText] = cidr.split('/');
  const base = address === undefined ? undefined : ipToNumber(address);
  const prefix = Number(prefixText);
  if (base === undefined || !Number.isInteger(prefix)) return cidr;
  const size = 2 ** (32 - prefix);
  const network = (base & ~(size - 1)) >>> 0;
  return `${numberToIp(network + 1)}-${numberToIp(network + size - 2)}`;
}
