import { describe, expect, test } from 'vitest';
import { Stack } from '../core/stack.ts';
import { synth } from '../core/synth.ts';
import { App } from './app.ts';
import type { AppProps } from './app-props.ts';

function build(props: Partial<AppProps>): { stack: Stack; app: App } {
  const stack = new Stack('shop', { namespace: 'shop' });
  return { stack, app: new App(stack, 'web', { image: 'nginx:1.27', ...props }) };
}

describe('App disruption budget', () => {
  test('App renders a policy/v1 PodDisruptionBudget selecting its pods', () => {
    const { stack, app } = build({ replicas: 3, disruptionBudget: { minAvailable: 2 } });
    const pdb = synth(stack).find((o) => o.kind === 'PodDisruptionBudget')!;
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.metadata.name).toBe('web');
    expect(pdb.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop-web' } },
      minAvailable: 2,
    });
    expect(app.disruptionBudget?.node.path).toBe('shop/web/DisruptionBudget');
  });

  test('App renders maxUnavailable as a percentage', () => {
    const { stack } = build({ replicas: 4, disruptionBudget: { maxUnavailable: '25%' } });
    expect(synth(stack).find((o) => o.kind === 'PodDisruptionBudget')!.spec).toMatchObject({ maxUnavailable: '25%' });
  });

  test('App refuses a budget with both fields', () => {
    expect(() => build({ replicas: 3, disruptionBudget: { minAvailable: 1, maxUnavailable: 1 } as never })).toThrow(
      `App shop/web: 'disruptionBudget' ({"minAvailable":1,"maxUnavailable":1}) must set exactly one of 'minAvailable' or 'maxUnavailable'`,
    );
  });

  test('App refuses a minAvailable that would block every eviction', () => {
    expect(() => build({ replicas: 2, disruptionBudget: { minAvailable: 2 } })).toThrow(
      "App shop/web: 'disruptionBudget.minAvailable' (2) must be less than the replica count (2), or no pod could ever be evicted",
    );
  });

  test('App compares minAvailable with the autoscaling minimum', () => {
    expect(() => build({ port: 80, autoscaling: { maxReplicas: 5 }, disruptionBudget: { minAvailable: 1 } })).toThrow(
      "App shop/web: 'disruptionBudget.minAvailable' (1) must be less than the replica count (1), or no pod could ever be evicted",
    );
  });

  test('App refuses a maxUnavailable of zero', () => {
    expect(() => build({ replicas: 2, disruptionBudget: { maxUnavailable: '0%' } })).toThrow(
      `App shop/web: 'disruptionBudget.maxUnavailable' ("0%") would block every eviction, so nodes could never be drained`,
    );
  });

  test('App refuses a malformed percentage', () => {
    expect(() => build({ replicas: 2, disruptionBudget: { maxUnavailable: 'half' } })).toThrow(
      `App shop/web: 'disruptionBudget.maxUnavailable' ("half") must be a non-negative integer or a percentage such as '25%'`,
    );
  });
});
