// Scenario tests of the whole simulated cluster (every controller, the scheduler and the
// kubelets): faults and rollouts, asserting what is observed over time (after every store event,
// or at each step of the virtual clock), not only the end state. Realistic objects throughout.

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../lib/k8s/types.ts';
import { findCondition, isPodReady } from '../lib/sim/conditions.ts';
import { addNode, cordon, drain, failNode, killPod, setCpuLoad, uncordon } from '../lib/sim/faults.ts';
import { resolve } from '../lib/sim/network/resolve.ts';
import { SimCluster } from '../lib/sim/sim-cluster.ts';

type Obj = Record<string, any>;

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;

function deployment(name: string, replicas: number, extra: { strategy?: Obj; image?: string; container?: Obj } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      ...(extra.strategy ? { strategy: extra.strategy } : {}),
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{
            name, image: extra.image ?? 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }],
            resources: { requests: { cpu: '100m', memory: '64Mi' } }, ...extra.container,
          }],
        },
      },
    },
  } as unknown as KubeObject;
}

function service(name: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  } as unknown as KubeObject;
}

/** A cluster with a Deployment and its Service, settled. */
function clusterWithApp(name: string, replicas: number, extra: Parameters<typeof deployment>[2] = {}): SimCluster {
  const sim = SimCluster.create();
  sim.api.create(deployment(name, replicas, extra));
  sim.api.create(service(name));
  expect(sim.settle().settled).toBe(true);
  return sim;
}

function podsOf(sim: SimCluster, app: string): Obj[] {
  return sim.api.list({ ...POD, namespace: 'default', labelSelector: `app=${app}` }).items as Obj[];
}

function readyPods(sim: SimCluster, app: string): Obj[] {
  return podsOf(sim, app).filter((p) => !p.metadata.deletionTimestamp && isPodReady(p as KubeObject));
}

/** Pod names the Service's Endpoints list as ready. */
function readyEndpoints(sim: SimCluster, name: string): string[] {
  const ep = sim.api.tryGet({ apiVersion: 'v1', kind: 'Endpoints', namespace: 'default', name }) as Obj | undefined;
  return ((ep?.subsets ?? []) as Obj[]).flatMap((s) => ((s.addresses ?? []) as Obj[]).map((a) => String(a.targetRef?.name))).sort();
}

/** Calls `observe` after every store event while `act` and the settle run. */
function watchWhile(sim: SimCluster, observe: () => void, act: () => void): void {
  const handle = sim.api.store.subscribe(() => observe());
  try {
    act();
    sim.settle();
  } finally {
    handle.stop();
  }
}

/** Settles in steps of `stepMs` virtual time until `totalMs` passed, calling `observe` after each. */
function stepClock(sim: SimCluster, stepMs: number, totalMs: number, observe: (elapsedMs: number) => void): void {
  for (let elapsed = 0; elapsed < totalMs;) {
    const { elapsedMs } = sim.settle({ timeoutMs: stepMs });
    if (elapsedMs < stepMs) sim.clock.advance(stepMs - elapsedMs);
    elapsed += stepMs;
    observe(elapsed);
  }
}

/** The object's events, oldest first (the list itself is in name order, and names are random). */
function eventsOf(sim: SimCluster, name: string): string[] {
  return (sim.api.list({ apiVersion: 'v1', kind: 'Event', namespace: 'default' }).items as Obj[])
    .filter((e) => e.involvedObject?.name === name)
    .sort((a, b) => String(a.firstTimestamp).localeCompare(String(b.firstTimestamp)))
    .map((e) => `${e.reason}: ${e.message}`);
}

describe('scenarios', () => {
  it('a killed pod of a Deployment is replaced, and the ready count dips by one only', () => {
    const sim = clusterWithApp('web', 3);
    const victim = readyPods(sim, 'web')[0]!.metadata.name as string;
    const readyCounts: number[] = [];
    watchWhile(sim, () => readyCounts.push(readyPods(sim, 'web').length), () => killPod(sim.api, `default/${victim}`));
    expect(Math.min(...readyCounts)).toBe(2);
    expect(readyCounts.at(-1)).toBe(3);
    const names = readyPods(sim, 'web').map((p) => p.metadata.name);
    expect(names).toHaveLength(3);
    expect(names).not.toContain(victim);
    expect(readyEndpoints(sim, 'web')).toEqual([...names].sort());
  });

  it('a failed node goes NotReady after 40 s, its pods leave the endpoints at once and are rescheduled after the 300 s toleration', () => {
    const sim = clusterWithApp('web', 3);
    const failed = String(readyPods(sim, 'web')[0]!.spec.nodeName);
    const victim = String(podsOf(sim, 'web').find((p) => p.spec.nodeName === failed)!.metadata.name);
    const start = sim.clock.nowMillis();
    const seconds = (): number => Math.round((sim.clock.nowMillis() - start) / 100) / 10;
    const timeline: string[] = [];
    const note = (what: string): void => {
      if (!timeline.some((line) => line.endsWith(` ${what}`))) timeline.push(`${seconds()}s ${what}`);
    };
    let endpointsDropped = false;
    const handle = sim.api.store.subscribe((event) => {
      const obj = event.object as Obj;
      if (obj.kind === 'Node' && obj.metadata.name === failed) {
        const ready = findCondition(obj.status?.conditions, 'Ready');
        if (ready?.status !== 'True') note(`node ${ready?.status} (${ready?.reason})`);
      }
      if (obj.kind === 'Pod' && obj.metadata.name === victim) {
        if (findCondition(obj.status?.conditions, 'Ready')?.status === 'False') note('pod Ready=False');
        if (findCondition(obj.status?.conditions, 'DisruptionTarget')?.status === 'True') note(`pod evicted (${findCondition(obj.status.conditions, 'DisruptionTarget')?.reason})`);
      }
      if (obj.kind === 'Endpoints' && obj.metadata.name === 'web' && event.type !== 'DELETED') {
        const listed = ((obj.subsets ?? []) as Obj[]).some((s) => ((s.addresses ?? []) as Obj[]).some((a) => a.targetRef?.name === victim));
        // Once dropped from the ready addresses, the pod never comes back.
        expect(listed && endpointsDropped).toBe(false);
        if (!listed && !endpointsDropped) {
          endpointsDropped = true;
          note('pod out of ready endpoints');
        }
      }
      if (obj.kind === 'Pod' && event.type === 'ADDED') note(`replacement ${obj.metadata.name === victim ? '' : 'created'}`);
    });
    failNode(sim, failed);
    sim.settle({ timeoutMs: 600_000 });
    handle.stop();
    expect(timeline).toEqual([
      '40s node Unknown (NodeStatusUnknown)',
      '40s pod Ready=False',
      '40.1s pod out of ready endpoints',
      '339.9s pod evicted (DeletionByTaintManager)',
      '339.9s replacement created',
    ]);
    const ready = readyPods(sim, 'web');
    expect(ready).toHaveLength(3);
    expect(ready.every((p) => p.spec.nodeName !== failed)).toBe(true);
    expect(readyEndpoints(sim, 'web')).toEqual(ready.map((p) => p.metadata.name).sort());
  });

  it('a rolling update with maxUnavailable=0 never has fewer ready pods than desired at any step', () => {
    const sim = clusterWithApp('web', 4, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } });
    const readyCounts: number[] = [];
    const totals: number[] = [];
    watchWhile(sim, () => {
      readyCounts.push(readyPods(sim, 'web').length);
      totals.push(podsOf(sim, 'web').filter((p) => !p.metadata.deletionTimestamp).length);
    }, () => {
      sim.api.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' }, 'strategic', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } });
    });
    expect(Math.min(...readyCounts)).toBe(4);
    // maxSurge=1: never more than 5 pods that are not terminating.
    expect(Math.max(...totals)).toBe(5);
    const ready = readyPods(sim, 'web');
    expect(ready.map((p) => p.spec.containers[0].image)).toEqual(['nginx:1.28', 'nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
    const status = (sim.api.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' }) as Obj).status;
    expect(status).toMatchObject({ replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4 });
  });

  it('a Recreate rollout has a gap: no ready pod while old pods stop and new ones start, and never both images at once', () => {
    const sim = clusterWithApp('web', 3, { strategy: { type: 'Recreate' } });
    const readyCounts: number[] = [];
    let mixed = false;
    watchWhile(sim, () => {
      const pods = podsOf(sim, 'web');
      readyCounts.push(readyPods(sim, 'web').length);
      const images = new Set(pods.filter((p) => p.status?.phase === 'Running').map((p) => p.spec.containers[0].image));
      if (images.size > 1) mixed = true;
    }, () => {
      sim.api.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' }, 'strategic', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } });
    });
    expect(Math.min(...readyCounts)).toBe(0);
    expect(mixed).toBe(false);
    expect(readyPods(sim, 'web').map((p) => p.spec.containers[0].image)).toEqual(['nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
  });

  it('a StatefulSet scaled down and up again reuses the same pod names and PersistentVolumeClaims', () => {
    const sim = SimCluster.create();
    sim.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ name: 'pg', port: 5432 }] } } as unknown as KubeObject);
    sim.api.create({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' },
      spec: {
        serviceName: 'db', replicas: 3, selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'postgres', image: 'postgres:16', ports: [{ name: 'pg', containerPort: 5432 }], volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    } as unknown as KubeObject);
    sim.settle();
    const claims = (): Record<string, string> => Object.fromEntries((sim.api.list({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'default' }).items as Obj[]).map((c) => [c.metadata.name, `${c.metadata.uid} ${c.status?.phase} ${c.spec.volumeName}`]));
    const before = claims();
    expect(Object.keys(before)).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    expect(Object.values(before).every((c) => c.includes(' Bound pvc-'))).toBe(true);
    expect(readyPods(sim, 'db').map((p) => p.metadata.name)).toEqual(['db-0', 'db-1', 'db-2']);

    const scale = (replicas: number): void => {
      sim.api.patch({ apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'default', name: 'db' }, 'merge', { spec: { replicas } });
    };
    // Scaling down removes the highest ordinals first, one at a time.
    const seen: string[][] = [];
    watchWhile(sim, () => {
      const names = podsOf(sim, 'db').filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name as string);
      if (seen.at(-1)?.join() !== names.join()) seen.push(names);
    }, () => scale(1));
    expect(seen).toEqual([['db-0', 'db-1', 'db-2'], ['db-0', 'db-1'], ['db-0']]);
    expect(claims()).toEqual(before);

    scale(3);
    sim.settle();
    const pods = readyPods(sim, 'db');
    expect(pods.map((p) => p.metadata.name)).toEqual(['db-0', 'db-1', 'db-2']);
    expect(pods.map((p) => p.spec.volumes.find((v: Obj) => v.name === 'data').persistentVolumeClaim.claimName)).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    expect(claims()).toEqual(before);
  });

  it('a DaemonSet runs a pod on a node that joins the cluster once the node is Ready', () => {
    const sim = SimCluster.create();
    sim.api.create({
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'log-agent', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'log-agent' } }, template: { metadata: { labels: { app: 'log-agent' } }, spec: { containers: [{ name: 'agent', image: 'fluent/fluent-bit:3.1' }] } } },
    } as unknown as KubeObject);
    sim.settle();
    expect(readyPods(sim, 'log-agent').map((p) => p.spec.nodeName).sort()).toEqual(['node-1', 'node-2', 'node-3']);
    const counts: number[] = [];
    watchWhile(sim, () => counts.push(readyPods(sim, 'log-agent').length), () => addNode(sim.api));
    // The three existing daemon pods stay ready throughout; the fourth joins.
    expect(Math.min(...counts)).toBe(3);
    expect(readyPods(sim, 'log-agent').map((p) => p.spec.nodeName).sort()).toEqual(['node-1', 'node-2', 'node-3', 'node-4']);
    const status = (sim.api.get({ apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'default', name: 'log-agent' }) as Obj).status;
    expect(status).toMatchObject({ desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 4, numberAvailable: 4 });
  });

  it('drain() is refused by a PodDisruptionBudget with the 429 message, and with a timeout retries until replacements are ready', () => {
    const sim = SimCluster.create();
    // Both replicas land on node-1.
    cordon(sim.api, 'node-2');
    cordon(sim.api, 'node-3');
    sim.api.create(deployment('web', 2));
    sim.api.create(service('web'));
    sim.api.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } } as unknown as KubeObject);
    sim.settle();
    uncordon(sim.api, 'node-2');
    uncordon(sim.api, 'node-3');
    const pods = readyPods(sim, 'web').map((p) => `default/${p.metadata.name}`).sort();
    expect(pods).toHaveLength(2);

    const message = "Cannot evict pod as it would violate the pod's disruption budget. (The disruption budget web needs 2 healthy pods and has 2 currently)";
    expect(drain(sim, 'node-1')).toEqual({ evicted: [], refused: pods.map((pod) => ({ pod, message })), ignored: [] });
    sim.settle();
    expect(readyPods(sim, 'web').map((p) => `default/${p.metadata.name}`).sort()).toEqual(pods);

    // With one disruption allowed, kubectl drain evicts one pod, retries the other every 5 s,
    // and gets it once the replacement of the first is ready elsewhere.
    sim.api.patch({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', namespace: 'default', name: 'web' }, 'merge', { spec: { minAvailable: 1 } });
    sim.settle();
    const readyCounts: number[] = [];
    let result: ReturnType<typeof drain> | undefined;
    watchWhile(sim, () => readyCounts.push(readyPods(sim, 'web').length), () => {
      result = drain(sim, 'node-1', { timeoutMs: 60_000 });
    });
    expect(result).toEqual({ evicted: pods, refused: [], ignored: [] });
    expect(Math.min(...readyCounts)).toBe(1);
    const after = readyPods(sim, 'web');
    expect(after).toHaveLength(2);
    expect(after.every((p) => p.spec.nodeName !== 'node-1')).toBe(true);
  });

  it('an HPA scales up under load at once and down only after the 5-minute stabilization window', () => {
    const sim = clusterWithApp('web', 2);
    sim.api.create({
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 4, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
    } as unknown as KubeObject);
    sim.settle();
    const replicas = (): number => (sim.api.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' }) as Obj).spec.replicas;
    const changes: string[] = [];
    let last = replicas();
    let start = sim.clock.nowMillis();
    const observe = (): void => {
      if (replicas() !== last) {
        changes.push(`${Math.round((sim.clock.nowMillis() - start) / 1000)}s ${last}→${replicas()}`);
        last = replicas();
      }
    };
    // 100% of requests per pod against a 50% target: double, up to maxReplicas.
    setCpuLoad(sim, { workload: 'Deployment/web', percent: 100 });
    stepClock(sim, 15_000, 120_000, observe);
    expect(changes).toEqual(['15s 2→4']);
    expect(readyPods(sim, 'web')).toHaveLength(4);

    changes.length = 0;
    start = sim.clock.nowMillis();
    setCpuLoad(sim, { workload: 'Deployment/web', percent: 10 });
    stepClock(sim, 15_000, 600_000, observe);
    expect(changes).toHaveLength(1);
    const [at, step] = changes[0]!.split(' ');
    expect(step).toBe('4→2');
    expect(Number.parseInt(at!, 10)).toBeGreaterThanOrEqual(300);
    expect(Number.parseInt(at!, 10)).toBeLessThanOrEqual(315);
    expect(readyPods(sim, 'web')).toHaveLength(2);
    const reasons = eventsOf(sim, 'web').filter((e) => e.startsWith('SuccessfulRescale'));
    expect(reasons).toEqual(['SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target', 'SuccessfulRescale: New size: 2; reason: All metrics below target']);
  });

  it('a CronJob creates a Job at each schedule time, named after the minute', () => {
    const sim = SimCluster.create();
    sim.api.create({
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report', namespace: 'default' },
      spec: {
        schedule: '*/5 * * * *',
        jobTemplate: { spec: { template: { metadata: { annotations: { 'sim.shipshape.dev/run-seconds': '30' } }, spec: { restartPolicy: 'OnFailure', containers: [{ name: 'report', image: 'busybox:1.36', command: ['sh', '-c', 'echo report'] }] } } } },
      },
    } as unknown as KubeObject);
    const created: string[] = [];
    const handle = sim.api.store.subscribe((event) => {
      if (event.type === 'ADDED' && event.object.kind === 'Job') created.push(`${sim.clock.nowIso()} ${event.object.metadata.name}`);
    });
    stepClock(sim, 60_000, 16 * 60_000, () => undefined);
    handle.stop();
    const minute = (iso: string): number => Date.parse(iso) / 60_000;
    expect(created).toEqual([
      `2026-01-01T00:05:00Z report-${minute('2026-01-01T00:05:00Z')}`,
      `2026-01-01T00:10:00Z report-${minute('2026-01-01T00:10:00Z')}`,
      `2026-01-01T00:15:00Z report-${minute('2026-01-01T00:15:00Z')}`,
    ]);
    const jobs = sim.api.list({ apiVersion: 'batch/v1', kind: 'Job', namespace: 'default' }).items as Obj[];
    expect(jobs.map((j) => j.status?.succeeded ?? 0)).toEqual([1, 1, 1]);
    const cron = (sim.api.get({ apiVersion: 'batch/v1', kind: 'CronJob', namespace: 'default', name: 'report' }) as Obj).status;
    expect(cron.lastScheduleTime).toBe('2026-01-01T00:15:00Z');
  });

  it('an oversized pod stays Pending with the exact scheduler message', () => {
    const sim = clusterWithApp('big', 1, { container: { resources: { requests: { cpu: '64', memory: '64Mi' } } } });
    const pod = podsOf(sim, 'big')[0]!;
    const message = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    expect(pod.status.phase).toBe('Pending');
    expect(findCondition(pod.status.conditions, 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message });
    expect(eventsOf(sim, pod.metadata.name)).toEqual([`FailedScheduling: ${message}`]);
  });

  it('a missing Secret key gives CreateContainerConfigError, and the pod starts once the key is added', () => {
    const sim = SimCluster.create();
    sim.api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, stringData: { user: 'app' } } as unknown as KubeObject);
    sim.api.create(deployment('api', 1, { container: { env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] } }));
    sim.settle();
    const waiting = (): Obj | undefined => podsOf(sim, 'api')[0]!.status.containerStatuses?.[0]?.state?.waiting;
    expect(waiting()).toEqual({ reason: 'CreateContainerConfigError', message: "couldn't find key password in Secret default/db" });
    expect(readyPods(sim, 'api')).toHaveLength(0);
    const name = podsOf(sim, 'api')[0]!.metadata.name as string;
    expect(eventsOf(sim, name)).toContain("Failed: Error: couldn't find key password in Secret default/db");

    sim.api.patch({ apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: 'db' }, 'merge', { stringData: { password: 's3cret' } });
    sim.settle();
    expect(readyPods(sim, 'api').map((p) => p.metadata.name)).toEqual([name]);
    expect(waiting()).toBeUndefined();
  });

  it('resolve() round-robins across the ready pods and stops routing to a killed pod', () => {
    const sim = clusterWithApp('web', 3, { container: { readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 5, periodSeconds: 10 } } });
    const names = readyPods(sim, 'web').map((p) => `default/${p.metadata.name}`).sort();
    const hits = Array.from({ length: 6 }, () => resolve(sim, 'http://web.default.svc.cluster.local/').pod);
    expect([...hits.slice(0, 3)].sort()).toEqual(names);
    expect(hits.slice(3)).toEqual(hits.slice(0, 3));

    const victim = names[1]!;
    killPod(sim.api, victim);
    sim.settle({ timeoutMs: 1_000 }); // the endpoint controllers catch up; the replacement is not ready yet
    expect(readyPods(sim, 'web')).toHaveLength(2);
    const during = Array.from({ length: 4 }, () => resolve(sim, 'http://web/').pod);
    expect(during).not.toContain(victim);
    expect(new Set(during).size).toBe(2);
    sim.settle();
    const after = Array.from({ length: 6 }, () => resolve(sim, 'http://web/').pod);
    expect(after).not.toContain(victim);
    expect(new Set(after).size).toBe(3);
  });
});
