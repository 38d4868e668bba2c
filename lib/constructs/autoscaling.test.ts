import { describe, expect, test } from 'vitest';
import { Stack } from '../core/stack.ts';
import { synth } from '../core/synth.ts';
import { App } from './app.ts';
import type { AppProps } from './app-props.ts';

function build(props: Partial<AppProps>): { stack: Stack; app: App } {
  const stack = new Stack('shop', { namespace: 'shop' });
  return { stack, app: new App(stack, 'web', { image: 'nginx:1.27', port: 80, ...props }) };
}

describe('App autoscaling', () => {
  test('App with autoscaling renders an autoscaling/v2 HPA at 80% CPU and leaves replicas out of the Deployment', () => {
    const { stack, app } = build({ autoscaling: { maxReplicas: 10 } });
    const objects = synth(stack);
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    expect(deployment.spec).not.toHaveProperty('replicas');
    const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler')!;
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.metadata).toMatchObject({ name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'web' } });
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
    expect(app.autoscaler?.node.path).toBe('shop/web/Autoscaler');
  });

  test('App autoscaling takes a minimum, a CPU target and a memory target', () => {
    const { stack } = build({ autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilization: 60, memoryUtilization: 75 } });
    const hpa = synth(stack).find((o) => o.kind === 'HorizontalPodAutoscaler')!;
    expect(hpa.spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 75 } } },
      ],
    });
  });

  test('App refuses a minimum above the maximum', () => {
    expect(() => build({ autoscaling: { minReplicas: 5, maxReplicas: 3 } })).toThrow(
      "App shop/web: 'autoscaling.minReplicas' (5) must be less than or equal to 'autoscaling.maxReplicas' (3)",
    );
  });

  test('App refuses autoscaling without a maximum', () => {
    expect(() => build({ autoscaling: {} as never })).toThrow("App shop/web: 'autoscaling.maxReplicas' is required");
  });

  test('App refuses a zero CPU target', () => {
    expect(() => build({ autoscaling: { maxReplicas: 3, cpuUtilization: 0 } })).toThrow(
      "App shop/web: 'autoscaling.cpuUtilization' (0) must be between 1 and 1000, inclusive",
    );
  });
});
