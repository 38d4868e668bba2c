import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { ApiServer } from '../api/api-server.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { SIM_ANNOTATIONS } from '../knobs.ts';
import { cronJobController } from './cronjob.ts';
import { jobController } from './job.ts';
import { createFakePodRunner } from './job-testing.ts';
import { ControllerManager } from './manager.ts';

type Obj = Record<string, any>;
const CJ = { apiVersion: 'batch/v1', kind: 'CronJob', namespace: 'default' } as const;
const JOB = { apiVersion: 'batch/v1', kind: 'Job', namespace: 'default' } as const;
const T0_MINUTES = Date.UTC(2026, 0, 1) / 60_000;
const MINUTE = 60_000;

function setup(): { api: ApiServer; manager: ControllerManager } {
  const api = new ApiServer();
  bootstrapCluster(api);
  return { api, manager: new ControllerManager(api, [cronJobController, jobController, createFakePodRunner()]).start() };
}

function cronJob(name: string, spec: Obj, runSeconds: number): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      ...spec,
      jobTemplate: {
        metadata: { labels: { app: name } },
        spec: {
          template: {
            metadata: { annotations: { [SIM_ANNOTATIONS.runSeconds]: String(runSeconds) } },
            spec: { restartPolicy: 'Never', containers: [{ name: 'tick', image: 'busybox:1.36' }] },
          },
        },
      },
    },
  };
}

function jobNames(api: ApiServer): string[] {
  return api.list(JOB).items.map((j) => j.metadata.name ?? '').sort();
}

function eventsOf(api: ApiServer, name: string): string[] {
  return api.list({ apiVersion: 'v1', kind: 'Event', namespace: 'default' }).items
    .filter((e) => (e as Obj).involvedObject.kind === 'CronJob' && (e as Obj).involvedObject.name === name)
    .sort((a, b) => String((a as Obj).firstTimestamp).localeCompare(String((b as Obj).firstTimestamp)))
    .map((e) => `${(e as Obj).reason}: ${(e as Obj).message}`);
}

describe('cronJobController', () => {
  it('cronJobController runs */5 four times in 20 minutes and keeps three succeeded Jobs', () => {
    const { api, manager } = setup();
    const created: string[] = [];
    api.store.subscribe((e) => {
      if (e.type === 'ADDED' && e.object.kind === 'Job') created.push(`${e.object.metadata.name}@${api.clock.nowIso()}`);
    });
    api.create(cronJob('every', { schedule: '*/5 * * * *' }, 10));
    manager.settle({ timeoutMs: 20 * MINUTE + 30_000 });
    const name = (m: number): string => `every-${T0_MINUTES + m}`;
    expect(created).toEqual([`${name(5)}@2026-01-01T00:05:00Z`, `${name(10)}@2026-01-01T00:10:00Z`, `${name(15)}@2026-01-01T00:15:00Z`, `${name(20)}@2026-01-01T00:20:00Z`]);
    expect(jobNames(api)).toEqual([name(10), name(15), name(20)]);
    const job = api.get({ ...JOB, name: name(20) });
    expect(job.metadata.annotations).toEqual({ 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-01-01T00:20:00Z' });
    expect(job.metadata.labels).toEqual({ app: 'every' });
    expect(job.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'every', controller: true });
    const status = (api.get({ ...CJ, name: 'every' }) as Obj).status;
    expect(status).toEqual({ lastScheduleTime: '2026-01-01T00:20:00Z', lastSuccessfulTime: '2026-01-01T00:20:11Z' });
    const events = eventsOf(api, 'every');
    expect(events.slice(0, 2)).toEqual([`SuccessfulCreate: Created job ${name(5)}`, `SawCompletedJob: Saw completed job: ${name(5)}, condition: Complete`]);
    expect(events).toContain(`SuccessfulDelete: Deleted job ${name(5)}`);
  });

  it('cronJobController lists the running Job in status.active', () => {
    const { api, manager } = setup();
    api.create(cronJob('busy', { schedule: '*/5 * * * *' }, 600));
    manager.settle({ timeoutMs: 6 * MINUTE });
    const job = api.get({ ...JOB, name: `busy-${T0_MINUTES + 5}` });
    expect((api.get({ ...CJ, name: 'busy' }) as Obj).status.active).toEqual([
      { kind: 'Job', namespace: 'default', name: job.metadata.name, uid: job.metadata.uid, apiVersion: 'batch/v1', resourceVersion: expect.any(String) },
    ]);
  });

  it('cronJobController skips a run under concurrencyPolicy Forbid while the previous Job runs', () => {
    const { api, manager } = setup();
    api.create(cronJob('single', { schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 60 }, 7 * 60));
    manager.settle({ timeoutMs: 16 * MINUTE });
    expect(jobNames(api)).toEqual([`single-${T0_MINUTES + 5}`, `single-${T0_MINUTES + 15}`]);
    expect(eventsOf(api, 'single')).toContain('JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid');
  });

  it('cronJobController starts a Forbid run late when there is no starting deadline', () => {
    const { api, manager } = setup();
    const created: string[] = [];
    api.store.subscribe((e) => {
      if (e.type === 'ADDED' && e.object.kind === 'Job') created.push(`${e.object.metadata.name}@${api.clock.nowIso()}`);
    });
    api.create(cronJob('late', { schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid' }, 7 * 60));
    manager.settle({ timeoutMs: 13 * MINUTE });
    expect(created).toEqual([`late-${T0_MINUTES + 5}@2026-01-01T00:05:00Z`, `late-${T0_MINUTES + 10}@2026-01-01T00:12:01Z`]);
  });

  it('cronJobController replaces the running Job under concurrencyPolicy Replace', () => {
    const { api, manager } = setup();
    api.create(cronJob('swap', { schedule: '*/5 * * * *', concurrencyPolicy: 'Replace' }, 7 * 60));
    manager.settle({ timeoutMs: 11 * MINUTE });
    expect(jobNames(api)).toEqual([`swap-${T0_MINUTES + 10}`]);
    expect(eventsOf(api, 'swap')).toContain(`SuccessfulDelete: Deleted job swap-${T0_MINUTES + 5}`);
  });

  it('cronJobController schedules in spec.timeZone and stamps the time in that zone', () => {
    const { api, manager } = setup();
    api.create(cronJob('morning', { schedule: '0 9 * * *', timeZone: 'America/New_York' }, 10));
    manager.settle({ timeoutMs: 15 * 60 * MINUTE });
    const [job] = api.list(JOB).items;
    expect(job!.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-01T09:00:00-05:00');
    expect((api.get({ ...CJ, name: 'morning' }) as Obj).status.lastScheduleTime).toBe('2026-01-01T14:00:00Z');
  });

  it('cronJobController starts nothing while suspended and keeps no timer', () => {
    const { api, manager } = setup();
    api.create(cronJob('paused', { schedule: '*/5 * * * *', suspend: true }, 10));
    const result = manager.settle({ timeoutMs: 30 * MINUTE });
    expect(result.settled).toBe(true);
    expect(jobNames(api)).toEqual([]);
  });
});
