import { describe, expect, test } from 'vitest';
import { Stack } from '../core/stack.ts';
import { synth, synthesizeStack } from '../core/synth.ts';
import { App } from './app.ts';
import { PodField } from './contracts.ts';
import { FakeDatabase, FakeSource } from './fake-sources.ts';

function setup(): { stack: Stack; config: FakeSource; secret: FakeSource; db: FakeDatabase } {
  const stack = new Stack('shop', { namespace: 'shop' });
  return { stack, config: new FakeSource(stack, 'settings'), secret: new FakeSource(stack, 'creds', 'Secret'), db: new FakeDatabase(stack, 'orders') };
}

function containerOf(stack: Stack): any {
  return (synth(stack).find((o) => o.kind === 'Deployment')!.spec as any).template.spec.containers[0];
}

describe('App env', () => {
  test('App renders literal env and typed ConfigMap, Secret and pod field references', () => {
    const { stack, config, secret } = setup();
    new App(stack, 'web', {
      image: 'shop/web:1',
      env: { MODE: 'production', LOG_LEVEL: config.key('log-level'), API_KEY: secret.key('api-key'), POD_NAME: PodField.name },
    });
    expect(containerOf(stack).env).toEqual([
      { name: 'MODE', value: 'production' },
      { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'log-level' } } },
      { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'creds', key: 'api-key' } } },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ]);
  });

  test('App Deployment depends on the constructs its env references, so they are applied first; the Service does not wait', () => {
    const { stack, config, secret, db } = setup();
    const app = new App(stack, 'web', { image: 'shop/web:1', port: 80, env: { LOG_LEVEL: config.key('log-level') }, envGroups: { DB_: db.connection } });
    app.addEnv('API_KEY', secret.key('api-key'));
    expect(app.deployment.node.dependencies).toEqual([config, db, secret]);
    expect(app.node.dependencies).toEqual([]);
    const objects = synthesizeStack(stack).objects;
    const deployment = objects.find((o) => o.object.kind === 'Deployment')!;
    expect(deployment.dependsOn).toEqual(['/ConfigMap/shop/settings', '/Namespace//shop', '/Secret/shop/creds', 'apps/StatefulSet/shop/orders']);
    expect(objects.find((o) => o.object.kind === 'Service')!.dependsOn).toEqual(['/Namespace//shop']);
    const order = synth(stack).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(order.indexOf('Deployment/web')).toBeGreaterThan(order.indexOf('StatefulSet/orders'));
  });

  test('App expands env groups under their prefix, from props and from addEnvGroup()', () => {
    const { stack, db } = setup();
    const other = new FakeDatabase(stack, 'cache');
    new App(stack, 'web', { image: 'shop/web:1', envGroups: { DB_: db.connection } }).addEnvGroup('CACHE_', other.connection);
    expect(containerOf(stack).env.map((e: { name: string }) => e.name)).toEqual([
      'DB_HOST',
      'DB_PORT',
      'DB_PASSWORD',
      'CACHE_HOST',
      'CACHE_PORT',
      'CACHE_PASSWORD',
    ]);
    expect(containerOf(stack).env[2]).toEqual({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-auth', key: 'password' } } });
  });

  test('App renders envFrom with and without a prefix', () => {
    const { stack, config, secret } = setup();
    const app = new App(stack, 'web', { image: 'shop/web:1', envFrom: [config] });
    app.addEnvFrom(secret, 'SECRET_');
    expect(containerOf(stack).envFrom).toEqual([{ configMapRef: { name: 'settings' } }, { prefix: 'SECRET_', secretRef: { name: 'creds' } }]);
    expect(app.deployment.node.dependencies).toEqual([config, secret]);
    expect(app.node.dependencies).toEqual([]);
  });

  test('App.addEnv() after construction shows up at synth, in the order added', () => {
    const { stack } = setup();
    const app = new App(stack, 'web', { image: 'shop/web:1', env: { B: '2' } });
    app.addEnv('A', '1');
    expect(containerOf(stack).env).toEqual([
      { name: 'B', value: '2' },
      { name: 'A', value: '1' },
    ]);
  });

  test('App.addEnv() refuses a variable that is already set', () => {
    const { stack } = setup();
    const app = new App(stack, 'web', { image: 'shop/web:1', env: { MODE: 'a' } });
    expect(() => app.addEnv('MODE', 'b')).toThrow("App shop/web: env 'MODE' is already set; each variable can be set once");
  });

  test('App refuses an invalid variable name', () => {
    const { stack } = setup();
    expect(() => new App(stack, 'web', { image: 'shop/web:1', env: { '1MODE': 'a' } })).toThrow(
      `App shop/web: env "1MODE": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
    );
  });

  test('App refuses an env value that is neither a string nor a reference', () => {
    const { stack } = setup();
    expect(() => new App(stack, 'web', { image: 'shop/web:1', env: { PORT: 8080 as unknown as string } })).toThrow(
      "App shop/web: 'env.PORT' (8080) must be a string or a typed reference (a ConfigMap key, a Secret key, a PodField)",
    );
  });

  test('App refuses the same env group prefix twice', () => {
    const { stack, db } = setup();
    const app = new App(stack, 'web', { image: 'shop/web:1', envGroups: { DB_: db.connection } });
    expect(() => app.addEnvGroup('DB_', db.connection)).toThrow("App shop/web: env group prefix 'DB_' is already used");
  });

  test('synth reports a variable set both literally and by an env group', () => {
    const { stack, db } = setup();
    new App(stack, 'web', { image: 'shop/web:1', env: { DB_HOST: 'elsewhere' }, envGroups: { DB_: db.connection } });
    expect(() => synth(stack)).toThrow(
      "shop/web/Resource: env 'DB_HOST' is set twice, by env 'DB_HOST' and by the env group with prefix 'DB_'; each variable can be set once",
    );
  });
});
