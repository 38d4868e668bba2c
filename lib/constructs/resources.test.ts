import { describe, expect, test } from 'vitest';
import { Stack } from '../core/stack.ts';
import { synth } from '../core/synth.ts';
import { App } from './app.ts';
import type { AppProps } from './app-props.ts';
import { resolveResources } from './resources.ts';

function resourcesOf(props: Partial<AppProps>): any {
  const stack = new Stack('shop');
  new App(stack, 'web', { image: 'nginx:1.27', ...props });
  return (synth(stack).find((o) => o.kind === 'Deployment')!.spec as any).template.spec.containers[0].resources;
}

describe('App resources', () => {
  test('App requests 100m cpu and 128Mi memory and limits memory to 256Mi by default, with no cpu limit', () => {
    expect(resourcesOf({})).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } });
  });

  test('App lays explicit values over the defaults, field by field', () => {
    expect(resourcesOf({ resources: { requests: { cpu: 0.25 }, limits: { cpu: '1' } } })).toEqual({
      requests: { cpu: '0.25', memory: '128Mi' },
      limits: { cpu: '1', memory: '256Mi' },
    });
  });

  test('resolveResources() moves a default to meet an explicit value instead of contradicting it', () => {
    expect(resolveResources({ requests: { memory: '1Gi' } })).toEqual({ requests: { cpu: '100m', memory: '1Gi' }, limits: { memory: '1Gi' } });
    expect(resolveResources({ limits: { cpu: '50m', memory: '64Mi' } })).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '50m', memory: '64Mi' },
    });
  });

  test('App refuses a request above its limit', () => {
    expect(() => resourcesOf({ resources: { requests: { memory: '512Mi' }, limits: { memory: '256Mi' } } })).toThrow(
      `App shop/web: 'resources.requests.memory' ("512Mi") must be less than or equal to 'resources.limits.memory' ("256Mi")`,
    );
  });

  test('App refuses a malformed quantity', () => {
    expect(() => resourcesOf({ resources: { limits: { memory: '256MB' } } })).toThrow(
      `App shop/web: 'resources.limits.memory' ("256MB") must be a non-negative quantity such as '250m', '0.5', '128Mi' or '1Gi'`,
    );
  });

  test('App refuses a negative quantity', () => {
    expect(() => resourcesOf({ resources: { requests: { cpu: '-1' } } })).toThrow(
      `App shop/web: 'resources.requests.cpu' ("-1") must be a non-negative quantity such as '250m', '0.5', '128Mi' or '1Gi'`,
    );
  });

  test('App refuses an unknown resource name', () => {
    expect(() => resourcesOf({ resources: { requests: { gpu: '1' } as never } })).toThrow(
      `App shop/web: 'resources.requests' ({"gpu":"1"}) has unknown key 'gpu'`,
    );
  });
});
