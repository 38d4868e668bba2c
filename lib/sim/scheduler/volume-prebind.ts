// The VolumeBinding plugin's PreBind, as kube-scheduler runs it in the binding cycle: after the
// selected node is stamped on a pod's WaitForFirstConsumer claims, poll once a second until every
// claim is fully bound (on a volume whose node affinity fits the node), for at most
// bindTimeoutSeconds; an error or the timeout fails the cycle. No API writes here.

import type { KubeObject } from '../../k8s/types.ts';
import type { ClusterLookup } from './framework.ts';
import { matchesNodeSelectorTerms } from './node-selector.ts';
import { SELECTED_NODE_ANNOTATION } from './plugins/volume-binding.ts';

type Obj = Record<string, any>;

/** VolumeBindingArgs.bindTimeoutSeconds default: how long PreBind waits for the claims. */
export const BIND_TIMEOUT_MS = 600_000;
/** How often BindPodVolumes checks the claims (wait.PollUntilContextTimeout's interval). */
export const BIND_POLL_MS = 1000;

const BIND_COMPLETED_ANNOTATION = 'pv.kubernetes.io/bind-completed';

/** A pod assumed on a node while its claims are being provisioned and bound. */
export interface VolumeBindingWait {
  readonly uid: string;
  readonly nodeName: string;
  /** `namespace/name` of each claim the pod waits for. */
  readonly claims: readonly string[];
  /** When the wait gives up (assumed at + bindTimeoutSeconds). */
  readonly deadline: number;
  /** The next poll. */
  nextPollAt: number;
}

/** Where a wait stands: every claim bound, still waiting, or failed with PreBind's message. */
export type VolumeBindingCheck = { readonly state: 'bound' } | { readonly state: 'waiting' } | { readonly state: 'failed'; readonly message: string };

/** Starts waiting for `claims` of a pod assumed on `nodeName` at `now`. */
export function startVolumeBindingWait(pod: KubeObject, nodeName: string, claims: readonly KubeObject[], now: number): VolumeBindingWait {
  return {
    uid: pod.metadata.uid ?? '',
    nodeName,
    claims: claims.map((c) => `${c.metadata.namespace ?? 'default'}/${c.metadata.name ?? ''}`),
    deadline: now + BIND_TIMEOUT_MS,
    nextPollAt: now + BIND_POLL_MS,
  };
}

/** The message kube-scheduler records when PreBind of VolumeBinding fails with `cause`. */
export function formatPreBindFailure(cause: string): string {
  return `running PreBind plugin "VolumeBinding": binding volumes: ${cause}`;
}

/** One poll of the claims (upstream checkBindings for claims to provision): an error, done, or not yet. */
function checkClaims(wait: VolumeBindingWait, node: KubeObject | undefined, lookup: ClusterLookup): VolumeBindingCheck {
  if (!node) return { state: 'failed', message: formatPreBindFailure(`failed to get node "${wait.nodeName}": node "${wait.nodeName}" not found`) };
  for (const key of wait.claims) {
    const slash = key.indexOf('/');
    const claim = lookup.getPersistentVolumeClaim(key.slice(0, slash), key.slice(slash + 1));
    if (!claim) return { state: 'failed', message: formatPreBindFailure(`failed to check provisioning pvc: could not find v1.PersistentVolumeClaim "${key}"`) };
    const annotations = claim.metadata.annotations;
    if (!annotations) return { state: 'failed', message: formatPreBindFailure(`selectedNode annotation reset for PVC "${claim.metadata.name}"`) };
    const selected = annotations[SELECTED_NODE_ANNOTATION] ?? '';
    if (selected !== wait.nodeName) {
      return { state: 'failed', message: formatPreBindFailure(`selectedNode annotation value "${selected}" not set to scheduled node "${wait.nodeName}"`) };
    }
    const volumeName: string | undefined = (claim as Obj).spec?.volumeName;
    if (volumeName) {
      const volume = lookup.getPersistentVolume(volumeName);
      if (!volume) return { state: 'waiting' };
      const terms = (volume as Obj).spec?.nodeAffinity?.required?.nodeSelectorTerms;
      if (Array.isArray(terms) && !matchesNodeSelectorTerms(terms, node.metadata.labels ?? {}, wait.nodeName)) {
        return { state: 'failed', message: formatPreBindFailure(`pv "${volumeName}" node affinity doesn't match node "${wait.nodeName}": no matching NodeSelectorTerms`) };
      }
    }
    if (!volumeName || annotations[BIND_COMPLETED_ANNOTATION] === undefined) return { state: 'waiting' };
  }
  return { state: 'bound' };
}

/**
 * Polls a wait at `now` when a poll is due: `bound` binds the pod, `failed` un-assumes it with
 * the message; past the deadline without the claims bound it fails with `context deadline exceeded`.
 */
export function pollVolumeBindingWait(wait: VolumeBindingWait, node: KubeObject | undefined, lookup: ClusterLookup, now: number): VolumeBindingCheck {
  if (now < wait.nextPollAt) return { state: 'waiting' };
  const check = checkClaims(wait, node, lookup);
  if (check.state !== 'waiting') return check;
  if (now >= wait.deadline) return { state: 'failed', message: formatPreBindFailure('context deadline exceeded') };
  wait.nextPollAt = Math.min(now + BIND_POLL_MS, wait.deadline);
  return check;
}
