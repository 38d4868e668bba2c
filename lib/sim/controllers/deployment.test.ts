import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { isPodReady } from '../conditions.ts';
import { deploymentController } from './deployment.ts';
import { ControllerManager } from './manager.ts';
import { replicaSetController } from './replicaset.ts';
import { createFakeKubelet, isRolloutComplete, type FakeKubeletOptions } from './testing.ts';

type Obj = Record<string, any>;
const DEPLOY = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default' } as const;
const RS = { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'default' } as const;
const POD = { apiVersion: 'v1', kind: 'Pod', namespace: 'default' } as const;

function setup(kubelet: FakeKubeletOptions = {}): { api: ApiServer; manager: ControllerManager } {
  const api = new ApiServer();
  bootstrapCluster(api);
  const manager = new ControllerManager(api, [deploymentController, replicaSetController, createFakeKubelet(kubelet)]).start();
  return { api, manager };
}

function deployment(replicas: number, spec: Obj = {}, image = 'nginx:1.27'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
      ...spec,
    },
  };
}

function getDeployment(api: ApiServer): Obj {
  return api.get({ ...DEPLOY, name: 'web' }) as Obj;
}

function setImage(api: ApiServer, image: string, extra: (d: Obj) => void = () => {}): void {
  const d = structuredClone(getDeployment(api));
  d.spec.template.spec.containers[0].image = image;
  extra(d);
  api.update(d as KubeObject);
}

function replicaSets(api: ApiServer): Obj[] {
  return api.list({ ...RS }).items as Obj[];
}

function messagesOf(api: ApiServer, reason: string): string[] {
  return (api.list({ apiVersion: 'v1', kind: 'Event', namespace: 'default' }).items as Obj[])
    .filter((e) => e.reason === reason)
    .sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp) || Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => e.message);
}

/** After every store event: pods not terminating, and those of them that are ready. */
function recordPodCounts(api: ApiServer): Array<{ live: number; ready: number; total: number }> {
  const samples: Array<{ live: number; ready: number; total: number }> = [];
  api.store.subscribe((event) => {
    if (event.object.kind !== 'Pod') return;
    const pods = api.list({ ...POD }).items;
    const live = pods.filter((p) => !p.metadata.deletionTimestamp);
    samples.push({ live: live.length, ready: live.filter(isPodReady).length, total: pods.length });
  });
  return samples;
}

describe('deploymentController', () => {
  it('deploymentController creates a ReplicaSet per template hash and reports a complete, available rollout', () => {
    const { api, manager } = setup();
    api.create(deployment(3));
    expect(manager.settle().settled).toBe(true);
    const [rs] = replicaSets(api);
    const hash = rs!.metadata.labels['pod-template-hash'];
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs!.spec.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs!.spec.template.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    const d = getDeployment(api);
    expect(rs!.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status.unavailableReplicas).toBeUndefined();
    expect(d.status.conditions.map((c: Obj) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "web-${hash}" has successfully progressed.`],
    ]);
    expect(isRolloutComplete(d as KubeObject)).toBe(true);
    expect(messagesOf(api, 'ScalingReplicaSet')).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);
    expect(api.list({ ...POD, labelSelector: `pod-template-hash=${hash}` }).items).toHaveLength(3);
  });

  it('deploymentController moves Progressing from NewReplicaSetCreated to ReplicaSetUpdated to NewReplicaSetAvailable', () => {
    const { api, manager } = setup({ readyAfterMs: 5000 });
    const reasons: string[] = [];
    api.store.subscribe((event) => {
      const progressing = (event.object as Obj).status?.conditions?.find((c: Obj) => c.type === 'Progressing');
      if (event.object.kind === 'Deployment' && progressing && reasons.at(-1) !== progressing.reason) reasons.push(progressing.reason);
    });
    api.create(deployment(2));
    manager.runPending();
    const d = getDeployment(api);
    const rsName = replicaSets(api)[0]!.metadata.name;
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, unavailableReplicas: 2 });
    expect(d.status.conditions.map((c: Obj) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'],
      ['Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`],
    ]);
    expect(isRolloutComplete(d as KubeObject)).toBe(false);
    manager.settle();
    expect(reasons).toEqual(['NewReplicaSetCreated', 'ReplicaSetUpdated', 'NewReplicaSetAvailable']);
  });

  it('deploymentController scales through spec.replicas and the scale subresource, and replaces deleted pods', () => {
    const { api, manager } = setup();
    api.create(deployment(3));
    manager.settle();
    const rsName = replicaSets(api)[0]!.metadata.name;
    api.updateScale({ ...DEPLOY, name: 'web' }, 5);
    manager.settle();
    expect(getDeployment(api).status).toMatchObject({ replicas: 5, availableReplicas: 5 });
    const d = structuredClone(getDeployment(api));
    d.spec.replicas = 2;
    api.update(d as KubeObject);
    manager.settle();
    expect(api.list({ ...POD }).items).toHaveLength(2);
    expect(replicaSets(api)[0]!.metadata.annotations['deployment.kubernetes.io/desired-replicas']).toBe('2');
    expect(messagesOf(api, 'ScalingReplicaSet')).toEqual([
      `Scaled up replica set ${rsName} from 0 to 3`,
      `Scaled up replica set ${rsName} from 3 to 5`,
      `Scaled down replica set ${rsName} from 5 to 2`,
    ]);
    const victim = api.list({ ...POD }).items[0]!;
    api.delete({ ...POD, name: victim.metadata.name ?? '' });
    manager.settle();
    const pods = api.list({ ...POD }).items;
    expect(pods).toHaveLength(2);
    expect(pods.map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
    expect(isRolloutComplete(getDeployment(api) as KubeObject)).toBe(true);
  });

  it('deploymentController never drops below the desired ready pods with maxUnavailable 0', () => {
    const { api, manager } = setup({ readyAfterMs: 2000, stopAfterMs: 3000 });
    api.create(deployment(4, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
    manager.settle();
    const samples = recordPodCounts(api);
    setImage(api, 'nginx:1.28');
    manager.settle();
    expect(samples.length).toBeGreaterThan(10);
    expect(Math.min(...samples.map((s) => s.ready))).toBe(4);
    expect(Math.max(...samples.map((s) => s.live))).toBe(5);
    const d = getDeployment(api);
    expect(isRolloutComplete(d as KubeObject)).toBe(true);
    expect(api.list({ ...POD }).items.every((p) => (p as Obj).spec.containers[0].image === 'nginx:1.28')).toBe(true);
    const [oldSet, newSet] = replicaSets(api).sort((a, b) => Number(a.metadata.annotations['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations['deployment.kubernetes.io/revision']));
    expect([oldSet!.spec.replicas, newSet!.spec.replicas]).toEqual([0, 4]);
    expect(messagesOf(api, 'ScalingReplicaSet').slice(1, 3)).toEqual([
      `Scaled up replica set ${newSet!.metadata.name} from 0 to 1`,
      `Scaled down replica set ${oldSet!.metadata.name} from 4 to 3`,
    ]);
  });

  it('deploymentController keeps a 25% rollout within maxSurge (rounded up) and maxUnavailable (rounded down)', () => {
    const { api, manager } = setup({ readyAfterMs: 1000, stopAfterMs: 1000 });
    api.create(deployment(10));
    manager.settle();
    const samples = recordPodCounts(api);
    setImage(api, 'nginx:1.28');
    manager.settle();
    expect(Math.max(...samples.map((s) => s.live))).toBe(13);
    expect(Math.min(...samples.map((s) => s.ready))).toBe(8);
    expect(replicaSets(api).map((rs) => rs.metadata.annotations['deployment.kubernetes.io/max-replicas'])).toEqual(['13', '13']);
    expect(isRolloutComplete(getDeployment(api) as KubeObject)).toBe(true);
  });

  it('deploymentController scales a stuck rollout proportionally across the old and new ReplicaSets', () => {
    const { api, manager } = setup({ becomesReady: (pod) => (pod as Obj).spec.containers[0].image !== 'broken:1' });
    api.create(deployment(10, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }));
    manager.settle();
    const oldName = replicaSets(api)[0]!.metadata.name;
    setImage(api, 'broken:1');
    manager.settle({ timeoutMs: 30_000 });
    const sizes = (): Record<string, number> => Object.fromEntries(replicaSets(api).map((rs) => [rs.metadata.name === oldName ? 'old' : 'new', rs.spec.replicas]));
    expect(sizes()).toEqual({ old: 8, new: 5 });
    api.updateScale({ ...DEPLOY, name: 'web' }, 20);
    manager.settle({ timeoutMs: 30_000 });
    expect(sizes()).toEqual({ old: 14, new: 9 });
    const newName = replicaSets(api).find((rs) => rs.metadata.name !== oldName)!.metadata.name;
    expect(messagesOf(api, 'ScalingReplicaSet').slice(-2).sort()).toEqual([`Scaled up replica set ${newName} from 5 to 9`, `Scaled up replica set ${oldName} from 8 to 14`].sort());
    expect(replicaSets(api).map((rs) => rs.metadata.annotations['deployment.kubernetes.io/max-replicas'])).toEqual(['23', '23']);
  });

  it('deploymentController with Recreate removes every old pod before creating new ones', () => {
    const { api, manager } = setup({ readyAfterMs: 1000, stopAfterMs: 5000 });
    api.create(deployment(3, { strategy: { type: 'Recreate' } }));
    manager.settle();
    const mixed: string[] = [];
    const samples = recordPodCounts(api);
    api.store.subscribe((event) => {
      if (event.object.kind !== 'Pod') return;
      const images = new Set(api.list({ ...POD }).items.map((p) => (p as Obj).spec.containers[0].image));
      if (images.size > 1) mixed.push([...images].join(','));
    });
    setImage(api, 'nginx:1.28');
    const result = manager.settle();
    expect(result.elapsedMs).toBeGreaterThanOrEqual(6000);
    expect(mixed).toEqual([]);
    expect(samples.some((s) => s.total === 0)).toBe(true);
    expect(getDeployment(api).status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(getDeployment(api).spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('deploymentController rolls back to an old template by reusing its ReplicaSet under a new revision', () => {
    const { api, manager } = setup();
    api.create(deployment(2));
    manager.settle();
    const first = replicaSets(api)[0]!.metadata.name;
    setImage(api, 'nginx:1.28');
    manager.settle();
    expect(getDeployment(api).metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    setImage(api, 'nginx:1.27');
    manager.settle();
    const sets = replicaSets(api);
    expect(sets).toHaveLength(2);
    const reused = sets.find((rs) => rs.metadata.name === first)!;
    expect(reused.spec.replicas).toBe(2);
    expect(reused.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    expect(reused.metadata.annotations['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(getDeployment(api).metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    expect(isRolloutComplete(getDeployment(api) as KubeObject)).toBe(true);
  });

  it('deploymentController deletes scaled-down ReplicaSets beyond revisionHistoryLimit, oldest revision first', () => {
    const { api, manager } = setup();
    api.create(deployment(1, { revisionHistoryLimit: 1 }));
    manager.settle();
    for (const image of ['nginx:1.28', 'nginx:1.29', 'nginx:1.30']) {
      setImage(api, image);
      manager.settle();
    }
    const revisions = replicaSets(api).map((rs) => [rs.metadata.annotations['deployment.kubernetes.io/revision'], rs.spec.template.spec.containers[0].image]).sort();
    expect(revisions).toEqual([['3', 'nginx:1.29'], ['4', 'nginx:1.30']]);
  });

  it('deploymentController does not roll a paused Deployment until it is resumed', () => {
    const { api, manager } = setup();
    api.create(deployment(2));
    manager.settle();
    setImage(api, 'nginx:1.28', (d) => (d.spec.paused = true));
    manager.settle();
    expect(replicaSets(api)).toHaveLength(1);
    let d = getDeployment(api);
    expect(d.status.observedGeneration).toBe(2);
    expect(d.status.conditions.find((c: Obj) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    expect(isRolloutComplete(d as KubeObject)).toBe(false);
    d = structuredClone(d);
    d.spec.paused = false;
    api.update(d as KubeObject);
    manager.settle();
    expect(replicaSets(api)).toHaveLength(2);
    expect(api.list({ ...POD }).items.map((p) => (p as Obj).spec.containers[0].image)).toEqual(['nginx:1.28', 'nginx:1.28']);
    expect(isRolloutComplete(getDeployment(api) as KubeObject)).toBe(true);
  });

  it('deploymentController marks Progressing False ProgressDeadlineExceeded when pods never become ready', () => {
    const { api, manager } = setup({ becomesReady: (pod) => (pod as Obj).spec.containers[0].image !== 'broken:1' });
    api.create(deployment(2, { progressDeadlineSeconds: 60 }));
    manager.settle();
    setImage(api, 'broken:1');
    manager.runPending();
    const newSet = replicaSets(api).find((rs) => rs.spec.template.spec.containers[0].image === 'broken:1')!;
    api.clock.advance(59_000);
    manager.runPending();
    expect(getDeployment(api).status.conditions.find((c: Obj) => c.type === 'Progressing').reason).toBe('ReplicaSetUpdated');
    const result = manager.settle();
    expect(result.settled).toBe(true);
    const d = getDeployment(api);
    expect(d.status.conditions.find((c: Obj) => c.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${newSet.metadata.name}" has timed out progressing.`,
    });
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 1, availableReplicas: 2, unavailableReplicas: 1 });
    expect(isRolloutComplete(d as KubeObject)).toBe(false);
  });

  it('deploymentController counts pods available only after minReadySeconds', () => {
    const { api, manager } = setup({ readyAfterMs: 1000 });
    api.create(deployment(2, { minReadySeconds: 10 }));
    manager.runPending();
    api.clock.advance(1000);
    manager.runPending();
    let d = getDeployment(api);
    expect(d.status).toMatchObject({ readyReplicas: 2, unavailableReplicas: 2 });
    expect(d.status.conditions.find((c: Obj) => c.type === 'Available').status).toBe('False');
    expect(replicaSets(api)[0]!.spec.minReadySeconds).toBe(10);
    api.clock.advance(10_000);
    manager.runPending();
    d = getDeployment(api);
    expect(d.status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
    expect(d.status.conditions.find((c: Obj) => c.type === 'Available').status).toBe('True');
    expect(isRolloutComplete(d as KubeObject)).toBe(true);
  });

  it('deploymentController adopts orphaned ReplicaSets and releases those whose labels stop matching', () => {
    const { api, manager } = setup();
    api.create(deployment(2));
    manager.settle();
    const rsName = replicaSets(api)[0]!.metadata.name;
    api.delete({ ...DEPLOY, name: 'web' }, { propagationPolicy: 'Orphan' });
    manager.settle();
    expect(replicaSets(api)[0]!.metadata.ownerReferences).toBeUndefined();
    const again = api.create(deployment(2));
    manager.settle();
    const sets = replicaSets(api);
    expect(sets.map((rs) => rs.metadata.name)).toEqual([rsName]);
    expect(sets[0]!.metadata.ownerReferences[0]).toMatchObject({ kind: 'Deployment', uid: again.metadata.uid });
    expect(messagesOf(api, 'ScalingReplicaSet')).toHaveLength(1);
    const released = structuredClone(sets[0]!);
    released.metadata.labels.app = 'other';
    api.update(released as KubeObject);
    manager.settle();
    expect(api.get({ ...RS, name: rsName }).metadata.ownerReferences).toBeUndefined();
    expect(replicaSets(api)).toHaveLength(2);
  });

  it('deploymentController keeps replicas set through the scale subresource when an apply omits spec.replicas', () => {
    const { api, manager } = setup();
    const applied = deployment(0) as Obj;
    delete applied.spec.replicas;
    api.patch({ ...DEPLOY, name: 'web' }, 'apply', applied, { fieldManager: 'shipshape' });
    manager.settle();
    api.updateScale({ ...DEPLOY, name: 'web' }, 4, { fieldManager: 'horizontal-pod-autoscaler' });
    manager.settle();
    applied.spec.template.spec.containers[0].image = 'nginx:1.28';
    api.patch({ ...DEPLOY, name: 'web' }, 'apply', applied, { fieldManager: 'shipshape' });
    manager.settle();
    expect(getDeployment(api).spec.replicas).toBe(4);
    expect(api.list({ ...POD }).items).toHaveLength(4);
    expect(isRolloutComplete(getDeployment(api) as KubeObject)).toBe(true);
  });
  it('deploymentController refuses to "clean up" an old ReplicaSet whose status is ahead of its spec, as upstream does, instead of scaling it up', () => {
    const api = new ApiServer();
    bootstrapCluster(api);
    const manager = new ControllerManager(api, [deploymentController]).start();
    const setStatus = (name: string, n: number): void => {
      const rs = api.get({ ...RS, name }) as Obj;
      api.update({ ...rs, status: { replicas: n, readyReplicas: n, availableReplicas: n, observedGeneration: rs.metadata.generation } } as unknown as KubeObject, { subresource: 'status' });
    };
    api.create(deployment(4));
    manager.settle();
    const oldName = replicaSets(api)[0]!.metadata.name;
    setStatus(oldName, 4);
    manager.settle();
    setImage(api, 'nginx:1.28');
    manager.settle();
    const newName = replicaSets(api).find((rs) => rs.metadata.name !== oldName)!.metadata.name;
    // No ReplicaSet controller runs: the old set's status still counts 4 available pods while its spec says 3.
    setStatus(newName, 2);
    manager.settle();
    const sizes = Object.fromEntries(replicaSets(api).map((rs) => [rs.metadata.name === oldName ? 'old' : 'new', rs.spec.replicas]));
    expect(sizes).toEqual({ old: 3, new: 2 });
    expect(manager.failures.at(-1)).toEqual({
      controller: 'deployment',
      key: 'default/web',
      error: `when cleaning up unhealthy replicas, got invalid request to scale down default/${oldName} 3 -> 4`,
    });
  });
});
