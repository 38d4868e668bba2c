// The pods/binding subresource: assigns a pending pod to a node in one write, as the API
// server's binding storage does (spec.nodeName and PodScheduled=True together; no managedFields
// entry, like a real binding). Refuses pods already bound or being deleted.

import type { KubeObject } from '../../k8s/types.ts';
import { setCondition, type Condition } from '../conditions.ts';
import { conflict, notFound } from '../errors.ts';
import { carryDefaultedPodSpec } from './defaults.ts';
import type { ApiServer } from './api-server.ts';

type Obj = Record<string, any>;

/** Names the pod to bind. */
export interface PodKey {
  readonly namespace: string;
  readonly name: string;
}

/**
 * Binds a pod to a node (POST pods/{name}/binding).
 * @throws StatusError 404 when the pod does not exist, 409 when it is already assigned or being deleted.
 */
export function bindPod(api: ApiServer, key: PodKey, nodeName: string, options: { dryRun?: boolean } = {}): KubeObject {
  const ref = { apiVersion: 'v1', kind: 'Pod', namespace: key.namespace, name: key.name };
  const pod = api.store.tryGet(ref);
  if (!pod) throw notFound('pods', '', key.name);
  const spec = (pod as Obj).spec ?? {};
  if (spec.nodeName) throw conflict('pods', '', key.name, `pod ${key.name} is already assigned to node "${spec.nodeName}"`);
  if (pod.metadata.deletionTimestamp) throw conflict('pods', '', key.name, `pod ${key.name} is being deleted, cannot be assigned to a host`);
  const status = (pod as Obj).status ?? {};
  const scheduled: Condition = { type: 'PodScheduled', status: 'True', lastProbeTime: null };
  const next = {
    ...pod,
    spec: { ...spec, nodeName },
    status: { ...status, conditions: setCondition(status.conditions, scheduled, api.clock.nowIso()) },
  } as KubeObject;
  if (options.dryRun) return next;
  // `next` is this call's own object over stored (deep-frozen) parts: the store freezes it in
  // place instead of copying the whole spec again.
  const stored = api.store.update(next, { expectedResourceVersion: pod.metadata.resourceVersion, adopt: true });
  carryDefaultedPodSpec(spec, (stored as Obj).spec);
  return stored;
}
