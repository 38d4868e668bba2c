import { describe, expect, test } from 'vitest';
import { Stack } from '../core/stack.ts';
import { synth } from '../core/synth.ts';
import { App } from './app.ts';
import type { AppProps } from './app-props.ts';

function podSpecOf(props: Partial<AppProps>): any {
  const stack = new Stack('shop');
  new App(stack, 'web', { image: 'nginx:1.27', ...props });
  return (synth(stack).find((o) => o.kind === 'Deployment')!.spec as any).template.spec;
}

describe('App pod security', () => {
  test('App defaults keep nginx and redis running: no token, RuntimeDefault seccomp, no privilege escalation, nothing more', () => {
    const spec = podSpecOf({});
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false });
  });

  test('App lays securityContext and podSecurityContext over the defaults', () => {
    const spec = podSpecOf({
      securityContext: { readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      podSecurityContext: { runAsNonRoot: true, runAsUser: 1000 },
    });
    expect(spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' }, runAsNonRoot: true, runAsUser: 1000 });
    expect(spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });

  test('App leaves allowPrivilegeEscalation out for a privileged container', () => {
    expect(podSpecOf({ securityContext: { privileged: true } }).containers[0].securityContext).toEqual({ privileged: true });
  });

  test('App refuses allowPrivilegeEscalation false on a privileged container', () => {
    expect(() => podSpecOf({ securityContext: { privileged: true, allowPrivilegeEscalation: false } })).toThrow(
      "App shop/web: 'securityContext.allowPrivilegeEscalation' (false) cannot be combined with 'securityContext.privileged' (true) or the SYS_ADMIN capability",
    );
  });

  test('App refuses a securityContext that is not an object', () => {
    expect(() => podSpecOf({ securityContext: 'restricted' as never })).toThrow(
      `App shop/web: 'securityContext' ("restricted") must be an object (a container securityContext)`,
    );
  });
});
