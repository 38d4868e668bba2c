import { describe, expect, test } from 'vitest';
import { Stack } from '../core/stack.ts';
import { synth } from '../core/synth.ts';
import { App } from './app.ts';
import type { AppProps } from './app-props.ts';

function containerOf(props: Partial<AppProps>): any {
  const stack = new Stack('shop');
  new App(stack, 'web', { image: 'nginx:1.27', ...props });
  return (synth(stack).find((o) => o.kind === 'Deployment')!.spec as any).template.spec.containers[0];
}

function errorOf(props: Partial<AppProps>): string {
  try {
    containerOf(props);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

describe('App probes', () => {
  test('App probes readiness with GET / on the first port and has no liveness or startup probe by default', () => {
    const c = containerOf({ ports: [{ containerPort: 8080 }, { containerPort: 9090 }] });
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/', port: 8080 } });
    expect(c.livenessProbe).toBeUndefined();
    expect(c.startupProbe).toBeUndefined();
  });

  test('App has no readiness probe when it has no ports', () => {
    expect(containerOf({}).readinessProbe).toBeUndefined();
  });

  test('App readiness false turns the default probe off', () => {
    expect(containerOf({ port: 80, readiness: false }).readinessProbe).toBeUndefined();
  });

  test('App takes a path shorthand, HTTP options, TCP and exec probes with timing', () => {
    const c = containerOf({
      ports: [{ containerPort: 8080 }, { containerPort: 9090, name: 'admin' }],
      readiness: '/ready',
      liveness: { http: { path: '/live', port: 'admin', scheme: 'HTTPS' }, periodSeconds: 20, failureThreshold: 5 },
      startup: { tcp: {}, initialDelaySeconds: 2 },
    });
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8080 } });
    expect(c.livenessProbe).toEqual({ httpGet: { path: '/live', port: 'admin', scheme: 'HTTPS' }, periodSeconds: 20, failureThreshold: 5 });
    expect(c.startupProbe).toEqual({ tcpSocket: { port: 8080 }, initialDelaySeconds: 2 });
  });

  test('App renders an exec probe without ports', () => {
    expect(containerOf({ liveness: { exec: ['redis-cli', 'ping'], timeoutSeconds: 2 } }).livenessProbe).toEqual({
      exec: { command: ['redis-cli', 'ping'] },
      timeoutSeconds: 2,
    });
  });

  test('App refuses a probe with two checks', () => {
    expect(errorOf({ port: 80, readiness: { http: '/', tcp: {} } })).toBe(
      `App shop/web: 'readiness' ({"http":"/","tcp":{}}) must set exactly one of 'http', 'tcp' or 'exec' (found http, tcp)`,
    );
  });

  test('App refuses a probe with no check', () => {
    expect(errorOf({ port: 80, liveness: { periodSeconds: 5 } })).toBe(
      `App shop/web: 'liveness' ({"periodSeconds":5}) must set exactly one of 'http', 'tcp' or 'exec' (found none)`,
    );
  });

  test('App refuses an HTTP probe without a port when it has no ports', () => {
    expect(errorOf({ liveness: { http: '/healthz' } })).toBe("App shop/web: 'liveness.http.port' is required: the App has no ports to default to");
  });

  test('App refuses a path shorthand when it has no ports', () => {
    expect(errorOf({ readiness: '/ready' })).toBe(
      `App shop/web: 'readiness' ("/ready") needs a port to probe: the App has no ports; use { http: { path, port } }`,
    );
  });

  test('App refuses a relative probe path', () => {
    expect(errorOf({ port: 80, readiness: { http: { path: 'ready' } } })).toBe(`App shop/web: 'readiness.http.path' ("ready") must start with '/'`);
  });

  test('App refuses a probe port name that names no port', () => {
    expect(errorOf({ port: 80, liveness: { tcp: { port: 'admin' } } })).toBe(
      `App shop/web: 'liveness.tcp.port' ("admin") names no port of the App; the App's ports are 'http'`,
    );
  });

  test('App refuses a liveness successThreshold other than 1', () => {
    expect(errorOf({ port: 80, liveness: { tcp: {}, successThreshold: 2 } })).toBe(
      "App shop/web: 'liveness.successThreshold' (2) must be 1 for liveness probes",
    );
  });

  test('App refuses a zero period', () => {
    expect(errorOf({ port: 80, readiness: { http: '/', periodSeconds: 0 } })).toBe("App shop/web: 'readiness.periodSeconds' (0) must be at least 1");
  });

  test('App refuses a probe of the wrong type', () => {
    expect(errorOf({ port: 80, readiness: true as never })).toBe(
      "App shop/web: 'readiness' (true) must be false, an HTTP path such as '/healthz', or an object with one of http, tcp or exec",
    );
  });
});
