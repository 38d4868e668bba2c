import { describe, expect, it } from 'vitest';
import { crashContainer, makePullable, makeUnpullable, oomKillContainer } from '../faults.ts';
import { faultsOf, SIM_ANNOTATIONS } from '../knobs.ts';
import { summarizePod } from '../printers/pod-printer.ts';
import { kubeletStateOf } from './runtime-state.ts';
import { createTestCluster, simplePodSpec } from './test-cluster.ts';

type Obj = Record<string, any>;

/** `<phase> <state>[(detail)] r=<restartCount>` of the first container. */
function containerSummary(pod: Obj): string {
  const s = pod.status?.containerStatuses?.[0];
  if (!s) return `${pod.status?.phase}`;
  let state: string;
  if (s.state.running) state = 'running';
  else if (s.state.terminated) state = `terminated(${s.state.terminated.reason}:${s.state.terminated.exitCode})`;
  else {
    const backOff = /^back-off (\S+)/.exec(s.state.waiting.message ?? '')?.[1];
    state = backOff && s.state.waiting.reason === 'CrashLoopBackOff' ? `CrashLoopBackOff(${backOff})` : s.state.waiting.reason;
  }
  return `${pod.status.phase} ${state} r=${s.restartCount}`;
}

describe('container states', () => {
  it('a crashing container restarts at once, then with back-off doubling from 10s', () => {
    const c = createTestCluster();
    const timeline = c.recordPod('web', containerSummary);
    c.createPod('web', simplePodSpec());
    crashContainer(c, { pod: 'web', times: 4 });
    c.advance(120);
    expect(timeline).toEqual([
      '0s Pending',
      '0s Pending ContainerCreating r=0',
      '2s Running running r=0',
      '3s Running running r=1',
      '4s Running CrashLoopBackOff(10s) r=1',
      '14s Running running r=2',
      '15s Running CrashLoopBackOff(20s) r=2',
      '35s Running running r=3',
      '36s Running CrashLoopBackOff(40s) r=3',
      '76s Running running r=4',
    ]);
    const status = c.pod('web')!.status.containerStatuses[0];
    expect(status.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error', startedAt: '2026-01-01T00:00:35Z', finishedAt: '2026-01-01T00:00:36Z' });
    expect(status.lastState.terminated.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(faultsOf(c.knobs).crashes).toEqual({});
  });

  it('a crash-looping container says why it waits and records BackOff', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec());
    crashContainer(c, { pod: 'web', times: 2 });
    c.advance(5);
    const pod = c.pod('web')!;
    expect(pod.status.containerStatuses[0].state.waiting).toEqual({
      reason: 'CrashLoopBackOff',
      message: `back-off 10s restarting failed container=web pod=web_default(${pod.metadata.uid})`,
    });
    expect(c.events('web')).toContain(`BackOff: Back-off restarting failed container web in pod web_default(${pod.metadata.uid})`);
    expect(c.events('web')).toContain('Pulled: Container image "nginx:1.27" already present on machine');
  });

  it('the crash-loop back-off stops growing at 5 minutes', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec());
    crashContainer(c, { pod: 'web', times: 9 });
    const timeline = c.recordPod('web', containerSummary);
    c.advance(1800);
    const backOffs = timeline.map((line) => /CrashLoopBackOff\((\S+)\)/.exec(line)?.[1]).filter((x) => x !== undefined);
    expect(backOffs).toEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '5m0s', '5m0s']);
  });

  it('an unpullable image shows ErrImagePull, then ImagePullBackOff, and is retried with doubling back-off', () => {
    const c = createTestCluster();
    makeUnpullable(c, 'registry.example.com/*');
    const timeline = c.recordPod('app', containerSummary);
    c.createPod('app', simplePodSpec('registry.example.com/app:2'));
    c.advance(40);
    makePullable(c);
    c.advance(60);
    expect(timeline).toEqual([
      '0s Pending',
      '0s Pending ContainerCreating r=0',
      '2s Pending ErrImagePull r=0',
      '3s Pending ImagePullBackOff r=0',
      '14s Pending ErrImagePull r=0',
      '15s Pending ImagePullBackOff r=0',
      '36s Pending ErrImagePull r=0',
      '37s Pending ImagePullBackOff r=0',
      '78s Running running r=0',
    ]);
    expect(c.events('app').slice(0, 5)).toEqual([
      'Pulling: Pulling image "registry.example.com/app:2"',
      'Failed: Failed to pull image "registry.example.com/app:2": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/app:2": failed to resolve reference "registry.example.com/app:2": registry.example.com/app:2: not found',
      'Failed: Error: ErrImagePull',
      'BackOff: Back-off pulling image "registry.example.com/app:2"',
      'Failed: Error: ImagePullBackOff',
    ]);
    const pulling = c.api.list({ apiVersion: 'v1', kind: 'Event', namespace: 'default' }).items.find((e) => (e as Obj).reason === 'Pulling') as Obj;
    expect(pulling.count).toBe(4);
  });

  it('ErrImagePull carries the pull error as the waiting message', () => {
    const c = createTestCluster();
    makeUnpullable(c, 'ghost:*');
    c.createPod('app', simplePodSpec('ghost:1'));
    c.advance(2);
    expect(c.pod('app')!.status.containerStatuses[0].state.waiting).toEqual({
      reason: 'ErrImagePull',
      message:
        'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/ghost:1": failed to resolve reference "docker.io/library/ghost:1": docker.io/library/ghost:1: not found',
    });
    c.advance(1);
    expect(c.pod('app')!.status.containerStatuses[0].state.waiting).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "ghost:1"' });
  });

  it('a pod whose container runs to completion succeeds under restartPolicy Never', () => {
    const c = createTestCluster();
    const timeline = c.recordPod('job', containerSummary);
    c.createPod('job', { ...simplePodSpec('busybox:1.36'), restartPolicy: 'Never' }, { annotations: { [SIM_ANNOTATIONS.runSeconds]: '5' } });
    c.advance(30);
    expect(timeline).toEqual(['0s Pending', '0s Pending ContainerCreating r=0', '2s Running running r=0', '7s Succeeded terminated(Completed:0) r=0']);
    const status = c.pod('job')!.status;
    expect(status.containerStatuses[0]).toMatchObject({ ready: false, started: false });
    expect(status.podIP).toBe('10.244.0.2');
    expect(kubeletStateOf(c.knobs).nodes['node-1']!.ips).toEqual({});
    expect(status.conditions.filter((x: Obj) => x.type !== 'PodScheduled').map((x: Obj) => `${x.type}=${x.status}${x.reason ? ` ${x.reason}` : ''}`)).toEqual([
      'PodReadyToStartContainers=False',
      'Initialized=True',
      'Ready=False PodCompleted',
      'ContainersReady=False PodCompleted',
    ]);
    expect(c.manager.settle()).toMatchObject({ settled: true });
  });

  it('a pod whose container exits non-zero fails under Never and restarts under OnFailure', () => {
    const c = createTestCluster();
    const annotations = { [SIM_ANNOTATIONS.runSeconds]: '5', [SIM_ANNOTATIONS.exitCode]: '3' };
    c.createPod('never', { ...simplePodSpec('busybox:1.36'), restartPolicy: 'Never' }, { annotations });
    c.createPod('on-failure', { ...simplePodSpec('busybox:1.36'), restartPolicy: 'OnFailure' }, { annotations });
    c.advance(20);
    expect(containerSummary(c.pod('never')!)).toBe('Failed terminated(Error:3) r=0');
    expect(containerSummary(c.pod('on-failure')!)).toBe('Running CrashLoopBackOff(10s) r=1');
  });

  it('a pod whose init container fails under restartPolicy Never fails without starting its containers', () => {
    const c = createTestCluster();
    c.createPod('web', { initContainers: [{ name: 'check', image: 'busybox:1.36' }], containers: [{ name: 'web', image: 'nginx:1.27' }], restartPolicy: 'Never' });
    crashContainer(c, { pod: 'web', container: 'check' });
    c.advance(20);
    const status = c.pod('web')!.status;
    expect(status.phase).toBe('Failed');
    expect(status.initContainerStatuses[0].state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(status.containerStatuses[0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
  });

  it('an image with pull policy Never that is not on the node is never pulled', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec('local/app:dev', { imagePullPolicy: 'Never' }));
    c.advance(10);
    expect(c.pod('web')!.status.containerStatuses[0].state.waiting).toEqual({
      reason: 'ErrImageNeverPull',
      message: 'Container image "local/app:dev" is not present with pull policy of Never',
    });
  });
});

/** A pod spec whose one container requests 50Mi and is limited to 100Mi of memory. */
function limitedPodSpec(extra: Obj = {}): Obj {
  return { containers: [{ name: 'app', image: 'busybox:1.36', resources: { requests: { memory: '50Mi' }, limits: { memory: '100Mi' } } }], ...extra };
}

/** kubectl's `STATUS READY` of a pod. */
function kubectlColumns(c: ReturnType<typeof createTestCluster>, name: string): string {
  const summary = summarizePod(c.pod(name)! as never, c.api.clock.nowMillis());
  return `${summary.status} ${summary.ready}`;
}

describe('memory use and OOM kills', () => {
  it('a container using more memory than its limit is OOM-killed each time it is up, then backs off', () => {
    const c = createTestCluster();
    const timeline = c.recordPod('hog', containerSummary);
    c.createPod('hog', limitedPodSpec(), { annotations: { [SIM_ANNOTATIONS.memoryUsage]: '250M' } });
    c.advance(40);
    expect(timeline).toEqual([
      '0s Pending',
      '0s Pending ContainerCreating r=0',
      '2s Running running r=0',
      '3s Running running r=1',
      '4s Running CrashLoopBackOff(10s) r=1',
      '14s Running running r=2',
      '15s Running CrashLoopBackOff(20s) r=2',
      '35s Running running r=3',
      '36s Running CrashLoopBackOff(40s) r=3',
    ]);
    const pod = c.pod('hog')!;
    expect(pod.status.containerStatuses[0]).toMatchObject({ ready: false, started: false, restartCount: 3 });
    expect(pod.status.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled', startedAt: '2026-01-01T00:00:35Z', finishedAt: '2026-01-01T00:00:36Z' });
    expect(pod.status.conditions.find((x: Obj) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
    expect(kubectlColumns(c, 'hog')).toBe('CrashLoopBackOff 0/1');
    // A container-limit OOM kill leaves no event of its own: only the usual start events and BackOff.
    expect(new Set(c.events('hog').map((e) => e.slice(0, e.indexOf(':'))))).toEqual(new Set(['Pulling', 'Pulled', 'Created', 'Started', 'BackOff']));
    // The kubelet's SystemOOM node event is for OOM kills outside any container's cgroup only.
    expect(c.api.list({ apiVersion: 'v1', kind: 'Event', namespace: 'default' }).items.map((e) => (e as Obj).reason)).not.toContain('SystemOOM');
  });

  it('memory use above the request but within the limit, or without a limit, changes nothing', () => {
    const c = createTestCluster();
    c.createPod('within', limitedPodSpec(), { annotations: { [SIM_ANNOTATIONS.memoryUsage]: '100Mi' } });
    c.createPod('unlimited', simplePodSpec('busybox:1.36'), { annotations: { [SIM_ANNOTATIONS.memoryUsage]: '64Gi' } });
    c.createPod('malformed', limitedPodSpec(), { annotations: { [SIM_ANNOTATIONS.memoryUsage]: 'lots' } });
    c.advance(60);
    for (const name of ['within', 'unlimited', 'malformed']) expect(`${name} ${containerSummary(c.pod(name)!)}`).toBe(`${name} Running running r=0`);
  });

  it('memory use by container name OOM-kills only the named containers, init containers included', () => {
    const c = createTestCluster();
    const limits = { resources: { limits: { memory: '100Mi' } } };
    const spec = { containers: [{ name: 'app', image: 'busybox:1.36', ...limits }, { name: 'cache', image: 'redis:7', ...limits }] };
    c.createPod('two', spec, { annotations: { [SIM_ANNOTATIONS.memoryUsage]: 'cache=1Gi, app=10Mi' } });
    c.createPod('init', { ...spec, initContainers: [{ name: 'load', image: 'busybox:1.36', ...limits }] }, { annotations: { [SIM_ANNOTATIONS.memoryUsage]: 'load=200Mi' } });
    c.advance(30);
    const two = c.pod('two')!.status.containerStatuses;
    expect(two.map((s: Obj) => `${s.name} r=${s.restartCount} ${s.lastState.terminated?.reason ?? '-'}`)).toEqual(['app r=0 -', 'cache r=2 OOMKilled']);
    expect(c.pod('init')!.status.initContainerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(kubectlColumns(c, 'init')).toBe('Init:CrashLoopBackOff 0/2');
  });

  it('an OOM-kill fault kills a running container at once, the given number of times', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec());
    c.advance(60);
    expect(oomKillContainer(c, { pod: 'web', times: 2 })).toBe('default/web/web');
    c.manager.runPending();
    let status = c.pod('web')!.status.containerStatuses[0];
    expect(status).toMatchObject({ restartCount: 1, state: { running: { startedAt: '2026-01-01T00:01:00Z' } } });
    expect(status.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled', finishedAt: '2026-01-01T00:01:00Z' });
    c.advance(60);
    status = c.pod('web')!.status.containerStatuses[0];
    expect(status).toMatchObject({ restartCount: 2, ready: true, state: { running: { startedAt: '2026-01-01T00:01:11Z' } } });
    expect(faultsOf(c.knobs).oomKills).toEqual({});
  });

  it('an OOM-killed container of a restartPolicy Never pod fails the pod with reason OOMKilled', () => {
    const c = createTestCluster();
    c.createPod('job', limitedPodSpec({ restartPolicy: 'Never' }), { annotations: { [SIM_ANNOTATIONS.memoryUsage]: '101Mi' } });
    c.advance(30);
    expect(containerSummary(c.pod('job')!)).toBe('Failed terminated(OOMKilled:137) r=0');
    expect(kubectlColumns(c, 'job')).toBe('OOMKilled 0/1');
    expect(c.manager.settle()).toMatchObject({ settled: true });
  });
});

describe('init container run times', () => {
  const twoInits = { initContainers: [{ name: 'wait-db', image: 'busybox:1.36' }, { name: 'migrate', image: 'busybox:1.36' }], containers: [{ name: 'web', image: 'nginx:1.27' }] };

  it('an init container that runs forever keeps the pod Pending at Init:0/1 with its containers waiting', () => {
    const c = createTestCluster();
    const spec = { initContainers: [{ name: 'wait', image: 'busybox:1.36' }], containers: [{ name: 'web', image: 'nginx:1.27' }] };
    c.createPod('web', spec, { annotations: { [SIM_ANNOTATIONS.initRunSeconds]: 'forever' } });
    c.advance(3600);
    const status = c.pod('web')!.status;
    expect(status.phase).toBe('Pending');
    expect(status.initContainerStatuses[0]).toMatchObject({ ready: false, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:02Z' } } });
    expect(status.containerStatuses[0]).toMatchObject({ ready: false, started: false, state: { waiting: { reason: 'PodInitializing' } } });
    expect(status.conditions.filter((x: Obj) => x.type !== 'PodScheduled').map((x: Obj) => `${x.type}=${x.status}${x.reason ? ` ${x.reason}` : ''}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=False ContainersNotInitialized',
      'Ready=False ContainersNotReady',
      'ContainersReady=False ContainersNotReady',
    ]);
    expect(status.conditions.find((x: Obj) => x.type === 'Initialized').message).toBe('containers with incomplete status: [wait]');
    expect(kubectlColumns(c, 'web')).toBe('Init:0/1 0/1');
    expect(c.manager.settle()).toMatchObject({ settled: true });
    // What it waited for arrives: a new run time ends the running init container.
    const pod = c.pod('web')!;
    c.api.update({ ...pod, metadata: { ...pod.metadata, annotations: { [SIM_ANNOTATIONS.initRunSeconds]: '10' } } } as never);
    c.advance(5);
    expect(kubectlColumns(c, 'web')).toBe('Running 1/1');
    expect(c.pod('web')!.status.initContainerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed', finishedAt: '2026-01-01T01:00:00Z' });
  });

  it('init run times can name init containers, and a number is seconds', () => {
    const c = createTestCluster();
    c.createPod('hang', twoInits, { annotations: { [SIM_ANNOTATIONS.initRunSeconds]: 'migrate=forever' } });
    c.createPod('slow', twoInits, { annotations: { [SIM_ANNOTATIONS.initRunSeconds]: '30' } });
    c.advance(20);
    expect(kubectlColumns(c, 'hang')).toBe('Init:1/2 0/1');
    expect(kubectlColumns(c, 'slow')).toBe('Init:0/2 0/1');
    c.advance(60);
    expect(kubectlColumns(c, 'hang')).toBe('Init:1/2 0/1');
    expect(kubectlColumns(c, 'slow')).toBe('Running 1/1');
    const slow = c.pod('slow')!.status.initContainerStatuses as Obj[];
    expect(slow.map((s) => `${s.state.terminated.startedAt}-${s.state.terminated.finishedAt}`)).toEqual(['2026-01-01T00:00:02Z-2026-01-01T00:00:32Z', '2026-01-01T00:00:32Z-2026-01-01T00:01:02Z']);
  });

  it('a malformed init run time falls back to one second, and run-seconds forever keeps a Never pod running', () => {
    const c = createTestCluster();
    c.createPod('web', twoInits, { annotations: { [SIM_ANNOTATIONS.initRunSeconds]: 'soon' } });
    c.createPod('task', { ...simplePodSpec('busybox:1.36'), restartPolicy: 'Never' }, { annotations: { [SIM_ANNOTATIONS.runSeconds]: 'forever' } });
    c.advance(600);
    expect(kubectlColumns(c, 'web')).toBe('Running 1/1');
    expect((c.pod('web')!.status.initContainerStatuses as Obj[]).map((s) => s.state.terminated.finishedAt)).toEqual(['2026-01-01T00:00:03Z', '2026-01-01T00:00:04Z']);
    expect(containerSummary(c.pod('task')!)).toBe('Running running r=0');
  });
});
