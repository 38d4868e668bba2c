import { describe, expect, it } from 'vitest';
import { crashContainer } from '../faults.ts';
import { SIM_ANNOTATIONS } from '../knobs.ts';
import { podLogs } from './logs.ts';
import { createTestCluster, simplePodSpec } from './test-cluster.ts';

function source(c: ReturnType<typeof createTestCluster>) {
  return { knobs: c.knobs, clock: c.api.clock };
}

describe('podLogs', () => {
  it('podLogs() prints the start and readiness of a running container', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec());
    c.advance(10);
    expect(podLogs(source(c), c.pod('web') as never, undefined)).toBe(
      '2026-01-01 00:00:02 starting web (image nginx:1.27)\n2026-01-01 00:00:02 web is ready\n',
    );
  });

  it('podLogs() keeps only the last tailLines lines and prefixes RFC 3339 timestamps on request', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec());
    c.advance(10);
    expect(podLogs(source(c), c.pod('web') as never, 'web', { tailLines: 1, timestamps: true })).toBe('2026-01-01T00:00:02.000Z 2026-01-01 00:00:02 web is ready\n');
    expect(podLogs(source(c), c.pod('web') as never, 'web', { tailLines: 0 })).toBe('');
  });

  it('podLogs() prints the exit code of a finished container', () => {
    const c = createTestCluster();
    c.createPod('job', { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] }, { annotations: { [SIM_ANNOTATIONS.runSeconds]: '5', [SIM_ANNOTATIONS.exitCode]: '3' } });
    c.advance(30);
    expect(podLogs(source(c), c.pod('job') as never, undefined)).toContain('error: main terminated with exit code 3 (Error)\n');
  });

  it('podLogs() shows the restart count and the previous run after a crash', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec());
    c.advance(10);
    crashContainer(c, { pod: 'default/web' });
    c.advance(60);
    const pod = c.pod('web') as never;
    expect(podLogs(source(c), pod, undefined)).toMatch(/starting web \(image nginx:1\.27, restart 1\)\n/);
    expect(podLogs(source(c), pod, undefined, { previous: true })).toMatch(/error: web terminated with exit code 1 \(Error\)\n$/);
    // The previous run's log is the log that run showed while it ran, then its end.
    expect(podLogs(source(c), pod, undefined, { previous: true }).split('\n').map((l) => l.replace(/^\S+ \S+ /, ''))).toEqual([
      'starting web (image nginx:1.27)',
      'web is ready',
      'error: web terminated with exit code 1 (Error)',
      '',
    ]);
  });

  it('podLogs() picks the default-container annotation and rejects unknown containers with the API server wording', () => {
    const c = createTestCluster();
    c.createPod('two', { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'redis' }] }, { annotations: { 'kubectl.kubernetes.io/default-container': 'b' } });
    c.advance(10);
    expect(podLogs(source(c), c.pod('two') as never, undefined)).toContain('starting b (image redis)');
    expect(() => podLogs(source(c), c.pod('two') as never, 'x')).toThrow('container x is not valid for pod two');
  });

  it('podLogs() refuses a container that has not started and a missing previous run', () => {
    const c = createTestCluster();
    c.createPod('web', simplePodSpec(), { annotations: { [SIM_ANNOTATIONS.pullSeconds]: '30' } });
    c.advance(1);
    expect(() => podLogs(source(c), c.pod('web') as never, undefined)).toThrow('container "web" in pod "web" is waiting to start: ContainerCreating');
    c.advance(60);
    expect(() => podLogs(source(c), c.pod('web') as never, undefined, { previous: true })).toThrow('previous terminated container "web" in pod "web" not found');
  });
});
