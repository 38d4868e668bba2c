// The pods/eviction subresource as the API server runs it: a pod is deleted only if the
// PodDisruptionBudget selecting it allows a disruption (which the eviction then takes, recording
// the pod in status.disruptedPods); otherwise 429 with the DisruptionBudget cause. Terminal,
// pending and terminating pods skip the check. The HTTP route is the server layer's job.

import type { KubeObject } from '../../k8s/types.ts';
import { isPodReady, setCondition, type Condition } from '../conditions.ts';
import { forbidden, StatusError, type Status } from '../errors.ts';
import { compileLabelSelector, type LabelSelector } from '../selectors.ts';
import type { ApiServer } from './api-server.ts';
import type { DeleteOptions } from './request-types.ts';

type Obj = Record<string, any>;

/** Options of an eviction: the Eviction body's deleteOptions, and dry-run. */
export interface EvictionOptions {
  readonly dryRun?: boolean | undefined;
  readonly deleteOptions?: DeleteOptions | undefined;
}

/** The message of every refused eviction. */
export const EVICTION_REFUSED_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
/** Most evictions a PDB may have pending before more are refused (MaxDisruptedPodSize). */
const MAX_DISRUPTED_PODS = 2000;

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const PDB = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' } as const;

/** `Status: Success`, what a granted eviction answers. */
export interface EvictionSuccess {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Success';
  readonly code: 201;
}

function success(): EvictionSuccess {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}

function tooManyRequests(retryAfterSeconds: number, cause: string): StatusError {
  const details: Status['details'] = { causes: [{ reason: 'DisruptionBudget', message: cause }] };
  if (retryAfterSeconds > 0) details.retryAfterSeconds = retryAfterSeconds;
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: EVICTION_REFUSED_MESSAGE, reason: 'TooManyRequests', details, code: 429 });
}

/** True when no budget needs asking: the pod finished, never started, or is already going (canIgnorePDB). */
function canIgnorePdb(pod: KubeObject): boolean {
  const phase = (pod as Obj).status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || Boolean(pod.metadata.deletionTimestamp);
}

/** The PDBs whose selector matches the pod; an empty or nil selector matches nothing here. */
function pdbsFor(api: ApiServer, pod: KubeObject): KubeObject[] {
  const out: KubeObject[] = [];
  for (const pdb of api.list({ ...PDB, namespace: pod.metadata.namespace }).items) {
    const selector = (pdb as Obj).spec?.selector as LabelSelector | undefined;
    if (!selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)) continue;
    try {
      if (compileLabelSelector(selector)(pod.metadata.labels ?? {})) out.push(pdb);
    } catch {
      // An invalid selector matches no pod.
    }
  }
  return out;
}

/** Takes one allowed disruption from the PDB, or throws the refusal (checkAndDecrement). */
function checkAndDecrement(api: ApiServer, pdb: KubeObject, podName: string, dryRun: boolean): void {
  const status = structuredClone(((pdb as Obj).status ?? {}) as Obj);
  const name = pdb.metadata.name ?? '';
  if (Number(status.observedGeneration ?? 0) < Number(pdb.metadata.generation ?? 0)) {
    throw tooManyRequests(10, `The disruption budget ${name} is still being processed by the server.`);
  }
  const allowed = Number(status.disruptionsAllowed ?? 0);
  if (allowed < 0) throw forbidden('poddisruptionbudget', 'policy', name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
    throw forbidden('poddisruptionbudget', 'policy', name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (allowed === 0) {
    throw tooManyRequests(0, `The disruption budget ${name} needs ${Number(status.desiredHealthy ?? 0)} healthy pods and has ${Number(status.currentHealthy ?? 0)} currently`);
  }
  status.disruptionsAllowed = allowed - 1;
  if (status.disruptionsAllowed === 0) {
    status.conditions = setCondition(status.conditions as Condition[] | undefined, {
      type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: Number(status.observedGeneration ?? 0),
    }, api.clock.nowIso());
  }
  if (dryRun) return;
  status.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: api.clock.nowIso() };
  api.update({ ...structuredClone(pdb), status } as KubeObject, { subresource: 'status', fieldManager: 'kube-apiserver' });
}

/** Marks the pod DisruptionTarget=True (EvictionByEvictionAPI), then deletes it (addConditionAndDeletePod). */
function addConditionAndDelete(api: ApiServer, pod: KubeObject, options: DeleteOptions): void {
  let deleteOptions = options;
  if (!options.dryRun) {
    const pre = options.preconditions;
    const ref = { ...POD, namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' };
    const latest = api.get(ref);
    if (!pre?.uid || pre.uid === latest.metadata.uid) {
      if (!pre?.resourceVersion || pre.resourceVersion === latest.metadata.resourceVersion) {
        const status = structuredClone(((latest as Obj).status ?? {}) as Obj);
        status.conditions = setCondition(status.conditions as Condition[] | undefined, {
          type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastProbeTime: null,
        }, api.clock.nowIso());
        const updated = api.update({ ...structuredClone(latest), status } as KubeObject, { subresource: 'status', fieldManager: 'kube-apiserver' });
        if (pre?.resourceVersion) deleteOptions = { ...options, preconditions: { ...pre, resourceVersion: updated.metadata.resourceVersion } };
      }
    }
  }
  api.delete({ ...POD, namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' }, deleteOptions);
}

/**
 * Evicts a pod (POST pods/<name>/eviction). Returns `Status: Success` when the pod was deleted.
 * @throws StatusError 429 TooManyRequests when the pod's budget allows no disruption; 500 when
 *   more than one budget selects the pod; 404 when the pod does not exist.
 */
export function evictPod(api: ApiServer, target: { namespace?: string | undefined; name: string }, options: EvictionOptions = {}): EvictionSuccess {
  const dryRun = options.dryRun === true || options.deleteOptions?.dryRun === true;
  const deleteOptions: DeleteOptions = { ...(options.deleteOptions ?? {}), dryRun: dryRun || undefined };
  const pod = api.get({ ...POD, namespace: target.namespace ?? 'default', name: target.name });
  if (canIgnorePdb(pod)) {
    const terminal = ['Succeeded', 'Failed'].includes((pod as Obj).status?.phase) || Boolean(pod.metadata.deletionTimestamp);
    const enforce = !terminal && !deleteOptions.preconditions?.resourceVersion;
    addConditionAndDelete(api, pod, enforce ? { ...deleteOptions, preconditions: { ...deleteOptions.preconditions, resourceVersion: pod.metadata.resourceVersion } } : deleteOptions);
    return success();
  }
  const pdbs = pdbsFor(api, pod);
  if (pdbs.length > 1) {
    // Upstream answers with this Status as its result (no reason), served as HTTP 500.
    const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', code: 500 };
    throw new StatusError(status as unknown as Status);
  }
  let withPrecondition = false;
  const pdb = pdbs[0];
  if (pdb) {
    const status = ((pdb as Obj).status ?? {}) as Obj;
    const policy = (pdb as Obj).spec?.unhealthyPodEvictionPolicy;
    const unhealthyGoesFree = !isPodReady(pod) && (policy === 'AlwaysAllow' || (Number(status.currentHealthy ?? 0) >= Number(status.desiredHealthy ?? 0) && Number(status.desiredHealthy ?? 0) > 0));
    if (unhealthyGoesFree) withPrecondition = true;
    else checkAndDecrement(api, pdb, pod.metadata.name ?? '', dryRun);
  }
  const finalOptions = withPrecondition ? { ...deleteOptions, preconditions: { ...deleteOptions.preconditions, resourceVersion: pod.metadata.resourceVersion } } : deleteOptions;
  try {
    addConditionAndDelete(api, pod, finalOptions);
  } catch (err) {
    if (withPrecondition && !deleteOptions.preconditions?.resourceVersion && err instanceof StatusError && err.reason === 'Conflict') {
      throw tooManyRequests(10, `The disruption budget ${pdb?.metadata.name ?? ''} is still being processed by the server.`);
    }
    throw err;
  }
  return success();
}
