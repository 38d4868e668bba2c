import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ControllerManager } from '../controllers/manager.ts';
import { crashContainer } from '../faults.ts';
import { knobsFromJson, knobsToJson, SIM_ANNOTATIONS } from '../knobs.ts';
import { kubeletController } from './kubelet.ts';
import { createTestCluster, simplePodSpec } from './test-cluster.ts';

type Obj = Record<string, any>;

/** `phase ready=<Ready> <container states>` */
function summary(pod: Obj): string {
  const states = ((pod.status?.containerStatuses ?? []) as Obj[]).map((c) =>
    c.state.running ? 'running' : c.state.waiting ? c.state.waiting.reason : `terminated(${c.state.terminated.reason}:${c.state.terminated.exitCode})`,
  );
  const ready = ((pod.status?.conditions ?? []) as Obj[]).find((c) => c.type === 'Ready')?.status ?? '-';
  return `${pod.status?.phase} ready=${ready} ${states.join(',')}`.trim();
}

describe('kubelet', () => {
  it('kubelet takes a bound pod from Pending through the image pull to Running and Ready', () => {
    const c = createTestCluster();
    const timeline = c.recordPod('web', summary);
    c.createPod('web', simplePodSpec());
    c.advance(10);
    expect(timeline).toEqual(['0s Pending ready=-', '0s Pending ready=False ContainerCreating', '2s Running ready=True running']);
    const status = c.pod('web')!.status;
    expect(status).toMatchObject({
      phase: 'Running',
      hostIP: '172.18.0.2',
      hostIPs: [{ ip: '172.18.0.2' }],
      podIP: '10.244.0.2',
      podIPs: [{ ip: '10.244.0.2' }],
      startTime: '2026-01-01T00:00:00Z',
    });
    expect(status.conditions.map((x: Obj) => `${x.type}=${x.status}@${x.lastTransitionTime}`)).toEqual([
      'PodReadyToStartContainers=True@2026-01-01T00:00:00Z',
      'Initialized=True@2026-01-01T00:00:00Z',
      'Ready=True@2026-01-01T00:00:02Z',
      'ContainersReady=True@2026-01-01T00:00:02Z',
      'PodScheduled=True@2026-01-01T00:00:00Z',
    ]);
    const container = status.containerStatuses[0];
    expect(container).toMatchObject({
      name: 'web',
      image: 'docker.io/library/nginx:1.27',
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: '2026-01-01T00:00:02Z' } },
      lastState: {},
    });
    expect(container.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(container.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(c.manager.settle()).toMatchObject({ settled: true });
  });

  it('kubelet records the pull, create and start events with the kubelet messages', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec(), { annotations: { [SIM_ANNOTATIONS.pullSeconds]: '5' } });
    c.advance(10);
    const events = c.events('web');
    expect(events).toHaveLength(4);
    expect(events[0]).toBe('Pulling: Pulling image "nginx:1.27"');
    expect(events[1]).toMatch(/^Pulled: Successfully pulled image "nginx:1\.27" in 5s \(5s including waiting\)\. Image size: \d+ bytes\.$/);
    expect(events.slice(2)).toEqual(['Created: Created container: web', 'Started: Started container web']);
    const event = c.api.list({ apiVersion: 'v1', kind: 'Event', namespace: 'default' }).items[0] as Obj;
    expect(event.source).toEqual({ component: 'kubelet', host: 'node-1' });
  });

  it('kubelet does not pull an IfNotPresent image already on the node', () => {
    const c = createTestCluster();
    c.createPod('first', simplePodSpec());
    c.advance(5);
    const timeline = c.recordPod('second', summary);
    c.createPod('second', simplePodSpec());
    c.advance(5);
    expect(c.events('second')).toEqual([
      'Pulled: Container image "nginx:1.27" already present on machine',
      'Created: Created container: web',
      'Started: Started container web',
    ]);
    expect(timeline).toEqual(['5s Pending ready=-', '5s Running ready=True running']);
    expect(c.pod('second')!.status.podIP).toBe('10.244.0.3');
  });

  it('kubelet makes a container with a readiness probe ready at the first successful probe', () => {
    const c = createTestCluster();
    const timeline = c.recordPod('web', summary);
    c.createPod('web', simplePodSpec('nginx:1.27', { readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 5, periodSeconds: 10 } }));
    c.advance(30);
    expect(timeline).toEqual(['0s Pending ready=-', '0s Pending ready=False ContainerCreating', '2s Running ready=False running', '12s Running ready=True running']);
    expect(c.pod('web')!.status.containerStatuses[0]).toMatchObject({ started: true, ready: true });
  });

  it('kubelet hands out pod IPs per node from its pod CIDR', () => {
    const c = createTestCluster();
    c.createPod('a', simplePodSpec());
    c.createPod('b', simplePodSpec());
    c.createPod('c', simplePodSpec(), { node: 'node-2' });
    c.advance(5);
    expect(['a', 'b', 'c'].map((n) => c.pod(n)!.status.podIP)).toEqual(['10.244.0.2', '10.244.0.3', '10.244.1.2']);
    expect(c.pod('c')!.status.hostIP).toBe('172.18.0.3');
    c.api.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'a' }, { gracePeriodSeconds: 0 });
    c.createPod('d', simplePodSpec());
    c.advance(5);
    expect(c.pod('d')!.status.podIP).toBe('10.244.0.4');
  });

  it('kubelet leaves pods without a node alone', () => {
    const c = createTestCluster();
    c.createPod('unbound', simplePodSpec(), { node: null });
    c.advance(10);
    expect(c.pod('unbound')!.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('kubelet posts Ready and no-pressure conditions for healthy nodes', () => {
    const c = createTestCluster();
    const node = c.api.get({ apiVersion: 'v1', kind: 'Node', name: 'node-2' }) as Obj;
    expect(node.status.conditions.map((x: Obj) => `${x.type}=${x.status} ${x.reason}: ${x.message}`)).toEqual([
      'MemoryPressure=False KubeletHasSufficientMemory: kubelet has sufficient memory available',
      'DiskPressure=False KubeletHasNoDiskPressure: kubelet has no disk pressure',
      'PIDPressure=False KubeletHasSufficientPID: kubelet has sufficient PID available',
      'Ready=True KubeletReady: kubelet is posting ready status',
    ]);
    expect(node.status.conditions[3].lastHeartbeatTime).toBe('2026-01-01T00:00:00Z');
    expect(c.manager.settle()).toMatchObject({ settled: true, elapsedMs: 0 });
  });

  it('kubelet runs init containers in order before the main container', () => {
    const c = createTestCluster();
    const timeline = c.recordPod('web', (pod) => {
      const init = ((pod.status?.initContainerStatuses ?? []) as Obj[]).map((s) => (s.state.running ? 'running' : (s.state.waiting?.reason ?? s.state.terminated?.reason)));
      return `${summary(pod)} init=${init.join(',')}`;
    });
    c.createPod('web', {
      initContainers: [
        { name: 'migrate', image: 'busybox:1.36' },
        { name: 'warm', image: 'busybox:1.36' },
      ],
      containers: [{ name: 'web', image: 'nginx:1.27' }],
    });
    c.advance(20);
    expect(timeline).toEqual([
      '0s Pending ready=- init=',
      '0s Pending ready=False PodInitializing init=PodInitializing,PodInitializing',
      '2s Pending ready=False PodInitializing init=running,PodInitializing',
      '3s Pending ready=False PodInitializing init=Completed,running',
      '4s Pending ready=False PodInitializing init=Completed,Completed',
      '6s Running ready=True running init=Completed,Completed',
    ]);
    const initialized = (c.pod('web')!.status.conditions as Obj[]).find((x) => x.type === 'Initialized');
    expect(initialized).toMatchObject({ status: 'True', lastTransitionTime: '2026-01-01T00:00:04Z' });
  });

  it('kubelet woken again at the same moment with nothing changed writes nothing and keeps its next step', () => {
    const c = createTestCluster();
    const timeline = c.recordPod('web', summary);
    c.createPod('web', simplePodSpec(), { annotations: { [SIM_ANNOTATIONS.pullSeconds]: '5' } });
    c.manager.runPending();
    const synced = c.pod('web')!;
    expect(c.manager.enqueue('kubelet', 'default/web')).toBe(true);
    expect(c.manager.runPending()).toBe(1);
    expect(c.pod('web')).toBe(synced);
    expect(c.api.clock.nextTimerAt()).toBe(c.api.clock.nowMillis() + 5_000);
    c.advance(10);
    expect(timeline).toEqual(['0s Pending ready=-', '0s Pending ready=False ContainerCreating', '5s Running ready=True running']);
  });

  it('kubelet woken at the same moment by a crash fault plans the crash of its running container', () => {
    const c = createTestCluster();
    const timeline = c.recordPod('web', summary);
    c.createPod('web', simplePodSpec());
    c.advance(2);
    expect(summary(c.pod('web')!)).toBe('Running ready=True running');
    crashContainer(c, { pod: 'web', times: 1 });
    c.advance(10);
    expect(timeline.slice(2)).toEqual(['2s Running ready=True running']);
    expect(c.pod('web')!.status.containerStatuses[0]).toMatchObject({
      restartCount: 1,
      state: { running: { startedAt: '2026-01-01T00:00:03Z' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-01-01T00:00:03Z' } },
    });
  });

  it('kubelet picks up where it left off when its state is saved and restored', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec());
    crashContainer(c, { pod: 'web', times: 2 });
    c.advance(5);
    const before = c.pod('web')!;
    expect(before.status.containerStatuses[0].state.waiting.reason).toBe('CrashLoopBackOff');
    c.manager.stop();
    const knobs = knobsFromJson(JSON.parse(JSON.stringify(knobsToJson(c.knobs))));
    const manager = new ControllerManager(c.api, [kubeletController()], knobs);
    expect(manager.settle()).toMatchObject({ settled: true, elapsedMs: 9_000 });
    const after = c.pod('web')!;
    expect(after.status.containerStatuses[0]).toMatchObject({ restartCount: 2, state: { running: { startedAt: '2026-01-01T00:00:14Z' } } });
    expect(after.status.podIP).toBe(before.status.podIP);
  });
});

describe('kubelet with config references', () => {
  const envFromSecret = (optional?: boolean) => ({
    containers: [{ name: 'app', image: 'app:1', env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password', ...(optional === undefined ? {} : { optional }) } } }] }],
  });

  it('kubelet reports CreateContainerConfigError for a missing Secret key and starts the container once the key is added', () => {
    const c = createTestCluster();
    c.api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, data: { user: 'YWRtaW4=' } });
    const timeline = c.recordPod('app', summary);
    c.createPod('app', envFromSecret());
    c.advance(30);
    expect(c.pod('app')!.status.containerStatuses[0].state).toEqual({
      waiting: { reason: 'CreateContainerConfigError', message: "couldn't find key password in Secret default/db" },
    });
    expect(c.events('app')).toContain("Failed: Error: couldn't find key password in Secret default/db");
    const secret = c.api.get({ apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: 'db' }) as Obj;
    c.api.update({ ...secret, data: { ...secret.data, password: 'czNjcjN0' } } as unknown as KubeObject);
    c.advance(1);
    expect(timeline).toEqual([
      '0s Pending ready=-',
      '0s Pending ready=False ContainerCreating',
      '2s Pending ready=False CreateContainerConfigError',
      '30s Running ready=True running',
    ]);
  });

  it('kubelet names a missing Secret or ConfigMap the way the kubelet does', () => {
    const c = createTestCluster();
    c.createPod('no-secret', envFromSecret());
    c.createPod('no-cm', { containers: [{ name: 'app', image: 'app:1', envFrom: [{ configMapRef: { name: 'settings' } }] }] });
    c.createPod('optional', envFromSecret(true));
    c.advance(10);
    expect(c.pod('no-secret')!.status.containerStatuses[0].state.waiting.message).toBe('secret "db" not found');
    expect(c.pod('no-cm')!.status.containerStatuses[0].state.waiting.message).toBe('configmap "settings" not found');
    expect(c.pod('optional')!.status.phase).toBe('Running');
    c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { a: '1' } });
    c.advance(1);
    expect(c.pod('no-cm')!.status.phase).toBe('Running');
  });

  it('kubelet keeps a pod ContainerCreating while its claim is unbound and starts it once bound', () => {
    const c = createTestCluster();
    c.api.create({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    c.createPod('db', { containers: [{ name: 'db', image: 'postgres:16' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] });
    c.advance(30);
    const pod = c.pod('db')!;
    expect(summary(pod)).toBe('Pending ready=False ContainerCreating');
    expect(pod.status.podIP).toBeUndefined();
    expect(c.events('db')).toEqual([
      'FailedMount: Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[], failed to process volumes=[data]: error processing PVC default/data: PVC is not bound',
    ]);
    const pvc = c.api.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' }) as Obj;
    c.api.update({ ...pvc, status: { phase: 'Bound' } } as unknown as KubeObject, { subresource: 'status' });
    c.advance(5);
    expect(summary(c.pod('db')!)).toBe('Running ready=True running');
  });

  it('kubelet reports a missing ConfigMap volume as FailedMount', () => {
    const c = createTestCluster();
    c.createPod('web', { containers: [{ name: 'web', image: 'nginx:1.27' }], volumes: [{ name: 'conf', configMap: { name: 'nginx-conf' } }] });
    c.advance(5);
    expect(c.events('web')).toEqual(['FailedMount: MountVolume.SetUp failed for volume "conf" : configmap "nginx-conf" not found']);
  });
});

describe('kubelet with deleted pods', () => {
  const deletePod = (c: ReturnType<typeof createTestCluster>, name: string, gracePeriodSeconds?: number) =>
    c.api.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name }, gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds });

  it('kubelet stops the containers of a deleted pod, then deletes it with no grace period left', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec(), { annotations: { [SIM_ANNOTATIONS.stopSeconds]: '3' } });
    c.advance(10);
    const timeline = c.recordPod('web', (pod) => `${summary(pod)}${pod.metadata.deletionTimestamp ? ` terminating(${pod.metadata.deletionGracePeriodSeconds}s)` : ''}`);
    deletePod(c, 'web');
    c.advance(10);
    expect(timeline).toEqual([
      '10s Running ready=True running terminating(30s)',
      '13s Succeeded ready=False terminated(Completed:0) terminating(30s)',
      '13s deleted',
    ]);
    expect(c.events('web')).toContain('Killing: Stopping container web');
    expect(c.manager.settle()).toMatchObject({ settled: true });
  });

  it('kubelet kills containers that outlive the grace period with exit code 137', () => {
    const c = createTestCluster();
    c.createPod('slow', simplePodSpec(), { annotations: { [SIM_ANNOTATIONS.stopSeconds]: '60' } });
    c.advance(10);
    const timeline = c.recordPod('slow', summary);
    deletePod(c, 'slow', 5);
    c.advance(30);
    expect(timeline).toEqual(['10s Running ready=True running', '15s Failed ready=False terminated(Error:137)', '15s deleted']);
  });

  it('kubelet deletes a pod whose containers never started without waiting', () => {
    const c = createTestCluster();
    c.createPod('stuck', simplePodSpec('app:1', { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'missing', key: 'x' } } }] }));
    c.advance(10);
    deletePod(c, 'stuck');
    c.manager.runPending();
    expect(c.pod('stuck')).toBeUndefined();
    expect(c.events('stuck')).not.toContain('Killing: Stopping container web');
  });
});
