import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/types.ts';
import { ApiServer } from './api/api-server.ts';
import { EventRecorder } from './events.ts';

type Obj = Record<string, any>;

function setup() {
  const api = new ApiServer();
  api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  const rs = api.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-5d8f7', namespace: 'default' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
  });
  const pod = api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-5d8f7-abcde', namespace: 'default' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } });
  return { api, rs, pod, events: new EventRecorder(api) };
}

function listEvents(api: ApiServer): Obj[] {
  return api.list({ apiVersion: 'v1', kind: 'Event', namespace: 'default' }).items as Obj[];
}

function summarize(events: Obj[]): string[] {
  return events.map((e) => `${e.reason} x${e.count}: ${e.message}`).sort();
}

describe('EventRecorder', () => {
  it('EventRecorder records a first event with its source, reporting controller and count 1', () => {
    const { api, rs, events } = setup();
    events.record(rs, 'Normal', 'SuccessfulCreate', 'Created pod: web-5d8f7-abcde', 'replicaset-controller');
    const [event] = listEvents(api);
    expect(event).toMatchObject({
      involvedObject: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f7', namespace: 'default', uid: rs.metadata.uid, resourceVersion: rs.metadata.resourceVersion },
      reason: 'SuccessfulCreate',
      message: 'Created pod: web-5d8f7-abcde',
      type: 'Normal',
      source: { component: 'replicaset-controller' },
      reportingComponent: 'replicaset-controller',
      reportingInstance: '',
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:00:00Z',
      count: 1,
    });
    expect(event!.metadata.name).toMatch(/^web-5d8f7\.[0-9a-f]{12}$/);
    expect(event!.metadata.managedFields.map((f: Obj) => [f.manager, f.operation])).toEqual([['replicaset-controller', 'Update']]);
  });

  it('EventRecorder shows a ReplicaSet creating 100 pods as nine events and one combined event stopped at 25 occurrences', () => {
    const { api, rs, events } = setup();
    for (let i = 0; i < 100; i++) events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: web-5d8f7-${String(i).padStart(3, '0')}`, 'replicaset-controller');
    const stored = listEvents(api);
    expect(summarize(stored)).toEqual([
      'SuccessfulCreate x16: (combined from similar events): Created pod: web-5d8f7-024',
      ...Array.from({ length: 9 }, (_, i) => `SuccessfulCreate x1: Created pod: web-5d8f7-00${i}`),
    ]);
    const combined = stored.find((e) => e.count === 16)!;
    expect(combined.metadata.name).toBe('web-5d8f7.18867251edfa0000');
    expect(combined).toMatchObject({ source: { component: 'replicaset-controller' }, reportingComponent: '', reportingInstance: '', firstTimestamp: '2026-01-01T00:00:00Z' });
  });

  it('EventRecorder counts the dropped occurrences into the patch once the spam filter lets one through again', () => {
    const { api, rs, events } = setup();
    for (let i = 0; i < 100; i++) events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: p-${i}`, 'replicaset-controller');
    api.clock.advance(300_000);
    events.record(rs, 'Normal', 'SuccessfulCreate', 'Created pod: p-100', 'replicaset-controller');
    const combined = listEvents(api).find((e) => e.message.startsWith('(combined'))!;
    expect(combined).toMatchObject({ count: 92, message: '(combined from similar events): Created pod: p-100', firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:05:00Z' });
    expect(listEvents(api)).toHaveLength(10);
  });

  it('EventRecorder patches count, lastTimestamp and message of an exact repeat, however long after', () => {
    const { api, pod, events } = setup();
    events.record(pod, 'Warning', 'BackOff', 'Back-off restarting failed container web in pod web-5d8f7-abcde_default(uid)', 'kubelet', 'node-1');
    const first = listEvents(api)[0]!;
    api.clock.advance(3_600_000);
    events.record(pod, 'Warning', 'BackOff', 'Back-off restarting failed container web in pod web-5d8f7-abcde_default(uid)', 'kubelet', 'node-1');
    const [event, ...rest] = listEvents(api);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ metadata: { name: first.metadata.name, uid: first.metadata.uid }, count: 2, firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T01:00:00Z' });
    expect(event!.metadata.managedFields.map((f: Obj) => `${f.manager} ${f.operation} ${f.time}`)).toEqual(['kubelet Update 2026-01-01T01:00:00Z']);
  });

  it('EventRecorder creates a repeat again under the same name and count when its event was deleted', () => {
    const { api, rs, events } = setup();
    events.record(rs, 'Warning', 'FailedCreate', 'Error creating: quota exceeded', 'replicaset-controller');
    const first = listEvents(api)[0]!;
    api.delete({ apiVersion: 'v1', kind: 'Event', namespace: 'default', name: first.metadata.name });
    api.clock.advance(1000);
    events.record(rs, 'Warning', 'FailedCreate', 'Error creating: quota exceeded', 'replicaset-controller');
    const [again] = listEvents(api);
    expect(again).toMatchObject({ metadata: { name: first.metadata.name }, count: 2, firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:00:01Z' });
    expect(again!.metadata.uid).not.toBe(first.metadata.uid);
  });

  it('EventRecorder keeps one correlator per source: each kubelet host has its own spam budget', () => {
    const { api, pod, events } = setup();
    for (let i = 0; i < 30; i++) events.record(pod, 'Normal', 'Pulling', `Pulling image "nginx:${i}"`, 'kubelet', 'node-1');
    for (let i = 0; i < 3; i++) events.record(pod, 'Normal', 'Pulling', `Pulling image "nginx:${i}"`, 'kubelet', 'node-2');
    const byHost = (host: string) => listEvents(api).filter((e) => e.source.host === host);
    expect(byHost('node-1').map((e) => e.count).sort((a, b) => a - b)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 16]);
    expect(byHost('node-2').map((e) => [e.count, e.reportingInstance])).toEqual([[1, 'node-2'], [1, 'node-2'], [1, 'node-2']]);
  });

  it('EventRecorder leaves the scheduler events uncorrelated: no aggregation, no spam filter, exact repeats counted', () => {
    const { api, pod, events } = setup();
    for (let i = 0; i < 30; i++) events.record(pod, 'Warning', 'FailedScheduling', `0/${i} nodes are available`, 'default-scheduler');
    events.record(pod, 'Warning', 'FailedScheduling', '0/0 nodes are available', 'default-scheduler');
    const stored = listEvents(api);
    expect(stored).toHaveLength(30);
    expect(stored.filter((e) => e.count === 2).map((e) => e.message)).toEqual(['0/0 nodes are available']);
    expect(stored.find((e) => e.count === 2)!.metadata.managedFields.map((f: Obj) => `${f.manager} ${f.operation}`)).toEqual(['default-scheduler Update']);
  });

  it('EventRecorder drops an event the server rejects, as in a terminating namespace', () => {
    const { api, pod, events } = setup();
    const ns = api.get({ apiVersion: 'v1', kind: 'Namespace', name: 'default' });
    api.update({ ...ns, status: { phase: 'Terminating' } } as KubeObject, { subresource: 'status' });
    events.record(pod, 'Normal', 'Killing', 'Stopping container web', 'kubelet', 'node-1');
    expect(listEvents(api)).toEqual([]);
  });

  it('EventRecorder.eventsFor() lists one object\'s events oldest first', () => {
    const { api, rs, pod, events } = setup();
    events.record(rs, 'Normal', 'SuccessfulCreate', 'Created pod: web-5d8f7-abcde', 'replicaset-controller');
    api.clock.advance(2000);
    events.record(pod, 'Normal', 'Pulled', 'Container image "nginx" already present on machine', 'kubelet', 'node-1');
    events.record(pod, 'Normal', 'Created', 'Created container web', 'kubelet', 'node-1');
    expect(events.eventsFor(pod).map((e) => (e as Obj).reason)).toEqual(['Pulled', 'Created']);
    expect(events.eventsFor(rs).map((e) => (e as Obj).reason)).toEqual(['SuccessfulCreate']);
  });

  it('EventRecorder refers each event to its object as recorded: a newer resourceVersion, or a copy changed in place, shows', () => {
    const { api, pod, events } = setup();
    events.record(pod, 'Normal', 'Pulling', 'Pulling image "nginx"', 'kubelet', 'node-1');
    events.record(pod, 'Normal', 'Pulled', 'Container image "nginx" already present on machine', 'kubelet', 'node-1');
    const labelled = api.update({ ...pod, metadata: { ...pod.metadata, labels: { a: 'b' } } } as KubeObject);
    events.record(labelled, 'Normal', 'Created', 'Created container: web', 'kubelet', 'node-1');
    const copy = { ...labelled, metadata: { ...labelled.metadata } } as KubeObject;
    events.record(copy, 'Normal', 'Started', 'Started container web', 'kubelet', 'node-1');
    copy.metadata.resourceVersion = '999';
    events.record(copy, 'Normal', 'Killing', 'Stopping container web', 'kubelet', 'node-1');
    const versions = Object.fromEntries(listEvents(api).map((e) => [e.reason, e.involvedObject.resourceVersion]));
    const [first, second] = [pod.metadata.resourceVersion, labelled.metadata.resourceVersion];
    expect(versions).toEqual({ Pulling: first, Pulled: first, Created: second, Started: second, Killing: '999' });
    expect(listEvents(api).every((e) => Object.isFrozen(e.involvedObject) && Object.isFrozen(e.source))).toBe(true);
  });

  it('EventRecorder forgets the oldest scheduler series beyond 10,000: its repeat is a new event', () => {
    const { api, pod, events } = setup();
    const assigned = (i: number): string => `Successfully assigned default/web-5d8f7-abcde to node-${i}`;
    for (let i = 0; i <= 10_000; i++) events.record(pod, 'Normal', 'Scheduled', assigned(i), 'default-scheduler');
    events.record(pod, 'Normal', 'Scheduled', assigned(1), 'default-scheduler');
    events.record(pod, 'Normal', 'Scheduled', assigned(0), 'default-scheduler');
    const counts = (i: number): number[] => listEvents(api).filter((e) => e.message === assigned(i)).map((e) => e.count);
    expect([counts(0), counts(1)]).toEqual([[1, 1], [2]]);
  });
});
