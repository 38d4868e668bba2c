import { describe, expect, test } from 'vitest';
import { Stack } from '../core/stack.ts';
import { synth } from '../core/synth.ts';
import { App } from './app.ts';
import { FakeSource } from './fake-sources.ts';

function podSpecOf(stack: Stack): any {
  return (synth(stack).find((o) => o.kind === 'Deployment')!.spec as any).template.spec;
}

describe('App files', () => {
  test('App mounts ConfigMaps and Secrets read-only, one volume named after each path', () => {
    const stack = new Stack('shop');
    const config = new FakeSource(stack, 'nginx-conf');
    const tls = new FakeSource(stack, 'tls', 'Secret');
    const app = new App(stack, 'web', { image: 'nginx:1.27', files: [{ path: '/etc/nginx/conf.d', source: config, items: { 'nginx.conf': 'default.conf' } }] });
    app.mount('/etc/tls', tls, { defaultMode: 0o400 });
    const spec = podSpecOf(stack);
    expect(spec.volumes).toEqual([
      { name: 'etc-nginx-conf-d', configMap: { name: 'nginx-conf', items: [{ key: 'nginx.conf', path: 'default.conf' }] } },
      { name: 'etc-tls', secret: { secretName: 'tls', defaultMode: 0o400 } },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'etc-nginx-conf-d', mountPath: '/etc/nginx/conf.d', readOnly: true },
      { name: 'etc-tls', mountPath: '/etc/tls', readOnly: true },
    ]);
    expect(app.deployment.node.dependencies).toEqual([config, tls]);
    expect(app.node.dependencies).toEqual([]);
  });

  test('App gives distinct volume names to paths that flatten to the same name, and honours readOnly false', () => {
    const stack = new Stack('shop');
    const config = new FakeSource(stack, 'conf');
    new App(stack, 'web', { image: 'nginx:1.27', files: [{ path: '/etc/app', source: config }, { path: '/etc-app', source: config, readOnly: false }] });
    expect(podSpecOf(stack).containers[0].volumeMounts).toEqual([
      { name: 'etc-app', mountPath: '/etc/app', readOnly: true },
      { name: 'etc-app-2', mountPath: '/etc-app', readOnly: false },
    ]);
  });

  test('App.mount() refuses a relative path', () => {
    const stack = new Stack('shop');
    const app = new App(stack, 'web', { image: 'nginx:1.27' });
    expect(() => app.mount('etc/app', new FakeSource(stack, 'conf'))).toThrow(
      `App shop/web: 'mount("etc/app").path' ("etc/app") must be an absolute path starting with '/'`,
    );
  });

  test('App refuses two mounts at one path', () => {
    const stack = new Stack('shop');
    const config = new FakeSource(stack, 'conf');
    expect(() => new App(stack, 'web', { image: 'nginx:1.27', files: [{ path: '/etc/app', source: config }, { path: '/etc/app', source: config }] })).toThrow(
      `App shop/web: 'files[1].path' ("/etc/app") is already mounted; mount paths must be unique`,
    );
  });

  test('App refuses an item path that leaves the mount', () => {
    const stack = new Stack('shop');
    const config = new FakeSource(stack, 'conf');
    expect(() => new App(stack, 'web', { image: 'nginx:1.27', files: [{ path: '/etc/app', source: config, items: { a: '../a' } }] })).toThrow(
      `App shop/web: 'files[0].items.a' ("../a") must be a relative path without '..'`,
    );
  });

  test('App refuses a file source that is not a ConfigMap or Secret', () => {
    const stack = new Stack('shop');
    expect(() => new App(stack, 'web', { image: 'nginx:1.27', files: [{ path: '/etc/app', source: 'conf' as never }] })).toThrow(
      `App shop/web: 'files[0].source' ("conf") must be a ConfigMap or Secret (an IVolumeSource)`,
    );
  });
});
