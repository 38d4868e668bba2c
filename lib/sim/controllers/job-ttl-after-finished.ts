// The TTL-after-finished controller: deletes a finished Job (Complete or Failed)
// `spec.ttlSecondsAfterFinished` seconds after it finished, with Foreground propagation so its
// pods go first, as kube-controller-manager's ttl-after-finished-controller does. It records no
// events and touches nothing else.

import type { KubeObject } from '../../k8s/types.ts';
import { isStatusError } from '../errors.ts';
import { after, done, kind, splitKey, type Controller, type ReconcileResult } from './controller.ts';
import { conditionsOf, trueCondition } from './job-status.ts';

type Obj = Record<string, any>;

/** The controller's name in the manager. */
export const TTL_AFTER_FINISHED_CONTROLLER = 'ttlafterfinished';

const JOB = { apiVersion: 'batch/v1', kind: 'Job' } as const;

/** When a finished Job finished (its Complete or Failed condition's transition), in ms; undefined if unfinished. */
export function jobFinishTime(job: KubeObject): number | undefined {
  const conditions = conditionsOf(job);
  const finished = trueCondition(conditions, 'Complete') ?? trueCondition(conditions, 'Failed');
  if (!finished) return undefined;
  const at = Date.parse(finished.lastTransitionTime);
  return Number.isFinite(at) ? at : undefined;
}

/** Deletes finished Jobs whose `ttlSecondsAfterFinished` has passed, and their pods. */
export const ttlAfterFinishedController: Controller = {
  name: TTL_AFTER_FINISHED_CONTROLLER,
  watches: [kind(JOB.apiVersion, JOB.kind)],
  reconcile(key, { api, clock }): ReconcileResult {
    const { namespace, name } = splitKey(key);
    const job = api.tryGet({ ...JOB, namespace, name });
    if (!job || job.metadata.deletionTimestamp) return done();
    const ttl = (job as Obj).spec?.ttlSecondsAfterFinished;
    if (ttl === undefined || ttl === null) return done();
    const finishedAt = jobFinishTime(job);
    if (finishedAt === undefined) return done();
    const expireAt = finishedAt + Number(ttl) * 1000;
    const now = clock.nowMillis();
    if (now < expireAt) return after(expireAt - now);
    try {
      api.delete({ ...JOB, namespace, name }, { propagationPolicy: 'Foreground', preconditions: { uid: job.metadata.uid, resourceVersion: job.metadata.resourceVersion } });
    } catch (err) {
      if (!isStatusError(err, 'NotFound')) throw err; // a Conflict retries against the newer object
    }
    return done();
  },
};
