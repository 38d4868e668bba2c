import { describe, expect, test } from 'vitest';
import { Construct } from '../core/construct.ts';
import { Stack } from '../core/stack.ts';
import { synth, synthesizeStack, synthYaml } from '../core/synth.ts';
import { validateManifest } from '../core/validate.ts';
import type { Manifest } from '../k8s/types.ts';
import { App } from './app.ts';
import { FakeSource } from './fake-sources.ts';
import { Ingress, type IngressProps } from './ingress.ts';
import { Service } from './service.ts';

function setup(): { stack: Stack; web: App; api: Service } {
  const stack = new Stack('shop', { namespace: 'shop' });
  const web = new App(stack, 'web', { image: 'nginx:1.27', ports: [{ containerPort: 8080, servicePort: 80 }] });
  const api = new Service(stack, 'api', { selector: { app: 'api' }, ports: [{ name: 'grpc', port: 9000 }] });
  return { stack, web, api };
}

function ingressOf(stack: Stack, name = 'edge'): Manifest {
  return synth(stack).find((o) => o.kind === 'Ingress' && o.metadata.name === name)!;
}

describe('Ingress', () => {
  test('Ingress groups rules by host and defaults to path / with pathType Prefix', () => {
    const { stack, web, api } = setup();
    new Ingress(stack, 'edge', {
      className: 'nginx',
      rules: [
        { host: 'shop.example.com', backend: web },
        { host: 'api.example.com', path: '/v1', pathType: 'Exact', backend: api },
        { host: 'shop.example.com', path: '/static', pathType: 'ImplementationSpecific', backend: web },
      ],
    });
    const object = ingressOf(stack);
    expect(object.apiVersion).toBe('networking.k8s.io/v1');
    expect(object.metadata).toMatchObject({ name: 'edge', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'edge', 'app.kubernetes.io/instance': 'shop-edge' } });
    const webBackend = { service: { name: 'web', port: { number: 80 } } };
    expect(object.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: webBackend },
              { path: '/static', pathType: 'ImplementationSpecific', backend: webBackend },
            ],
          },
        },
        { host: 'api.example.com', http: { paths: [{ path: '/v1', pathType: 'Exact', backend: { service: { name: 'api', port: { number: 9000 } } } }] } },
      ],
    });
    expect(validateManifest(object)).toEqual([]);
    expect(synthYaml(stack)).toBe(synthYaml(stack));
  });

  test('Ingress routes to a Service port by name and renders a rule without a host', () => {
    const { stack } = setup();
    new Ingress(stack, 'edge', { rules: [{ backend: { serviceName: 'legacy', servicePort: 'http', dependencies: [] } }] });
    expect(ingressOf(stack).spec).toEqual({ rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'legacy', port: { name: 'http' } } } }] } }] });
  });

  test('Ingress TLS covers every rule host by default, or the hosts given', () => {
    const { stack, web } = setup();
    const ingress = new Ingress(stack, 'edge', {
      rules: [
        { host: 'shop.example.com', backend: web },
        { host: '*.shop.example.com', backend: web },
      ],
      tls: [{ secret: 'shop-tls' }],
    });
    ingress.addTls({ secret: { name: 'wild-tls' }, hosts: ['*.shop.example.com'] });
    expect((ingressOf(stack).spec as { tls: unknown }).tls).toEqual([
      { hosts: ['shop.example.com', '*.shop.example.com'], secretName: 'shop-tls' },
      { hosts: ['*.shop.example.com'], secretName: 'wild-tls' },
    ]);
  });

  test('Ingress depends on its backends and on a TLS Secret construct', () => {
    const { stack, web, api } = setup();
    const tls = new FakeSource(stack, 'shop-tls', 'Secret');
    const ingress = new Ingress(stack, 'edge', { rules: [{ host: 'shop.example.com', backend: web }], tls: [{ secret: tls }] });
    ingress.addRule({ host: 'shop.example.com', path: '/api', backend: api });
    expect(ingress.node.dependencies).toEqual([web, tls, api]);
    const entry = synthesizeStack(stack).objects.find((o) => o.object.kind === 'Ingress')!;
    expect(entry.dependsOn).toEqual(['/Namespace//shop', '/Secret/shop/shop-tls', '/Service/shop/api', '/Service/shop/web', 'apps/Deployment/shop/web']);
  });

  test('Ingress renders a default backend', () => {
    const { stack, web } = setup();
    new Ingress(stack, 'edge', { defaultBackend: web });
    expect(ingressOf(stack).spec).toEqual({ defaultBackend: { service: { name: 'web', port: { number: 80 } } } });
  });

  test('App with ingress renders an Ingress to its Service with TLS for its host', () => {
    const stack = new Stack('shop', { namespace: 'shop' });
    const app = new App(stack, 'web', {
      image: 'nginx:1.27',
      port: 8080,
      ingress: { host: 'shop.example.com', paths: ['/', '/api'], tlsSecret: 'shop-tls', className: 'nginx', annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' } },
    });
    const object = ingressOf(stack, 'web');
    const backend = { service: { name: 'web', port: { number: 8080 } } };
    expect(object.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }, { path: '/api', pathType: 'Prefix', backend }] } }],
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
    });
    expect(object.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' });
    expect(app.ingress?.node.path).toBe('shop/web/Ingress');
    expect(app.ingress?.node.dependencies).toEqual([]);
  });
});

describe('Ingress validation', () => {
  const backend = { serviceName: 'web', servicePort: 80, dependencies: [] as Construct[] };
  const cases: Array<[string, IngressProps, string]> = [
    ['a host with a port', { rules: [{ host: 'shop.example.com:443', backend }] }, `Ingress shop/edge: 'rules[0].host' ("shop.example.com:443") must be a DNS name without a port (no ':')`],
    ['an IPv6 host', { rules: [{ host: 'fe80::1', backend }] }, `Ingress shop/edge: 'rules[0].host' ("fe80::1") must be a DNS name, not an IP address`],
    ['an IP host', { rules: [{ host: '10.0.0.1', backend }] }, `Ingress shop/edge: 'rules[0].host' ("10.0.0.1") must be a DNS name, not an IP address`],
    [
      'a bad wildcard host',
      { rules: [{ host: '*.Shop.com', backend }] },
      `Ingress shop/edge: 'rules[0].host' ("*.Shop.com") after '*.': a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
    ['a relative path', { rules: [{ path: 'api', backend }] }, `Ingress shop/edge: 'rules[0].path' ("api") must be an absolute path starting with '/'`],
    ['a Prefix path with //', { rules: [{ path: '/a//b', backend }] }, `Ingress shop/edge: 'rules[0].path' ("/a//b") must not contain '//'`],
    [
      'a duplicate route',
      { rules: [{ host: 'a.example.com', backend }, { host: 'a.example.com', path: '/', backend }] },
      `Ingress shop/edge: 'rules[1].path' ("/") is already routed by rules[0] for the same host and pathType`,
    ],
    ['a pathType typo', { rules: [{ pathType: 'prefix' as never, backend }] }, `Ingress shop/edge: 'rules[0].pathType' ("prefix") must be one of 'Prefix', 'Exact', 'ImplementationSpecific'`],
    ['a rule without a backend', { rules: [{ host: 'a.example.com' } as never] }, "Ingress shop/edge: 'rules[0].backend' is required"],
    [
      'a TLS secret name that is not a DNS subdomain',
      { rules: [{ backend }], tls: [{ secret: 'Shop_TLS' }] },
      `Ingress shop/edge: 'tls[0].secret' ("Shop_TLS") a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
    ['no rules and no default backend (at synth)', {}, "shop/edge/Resource: an Ingress needs at least one rule or a 'defaultBackend'; add one with 'rules' or addRule()"],
  ];
  test.each(cases)('Ingress refuses %s', (_name, props, message) => {
    const stack = new Stack('shop');
    let error = 'no error';
    try {
      new Ingress(stack, 'edge', props);
      synth(stack);
    } catch (err) {
      error = (err as Error).message;
    }
    expect(error).toBe(message);
  });

  test('Ingress reports an App without a Service as a backend at synth', () => {
    const stack = new Stack('shop');
    const worker = new App(stack, 'worker', { image: 'shop/worker:1' });
    new Ingress(stack, 'edge', { rules: [{ backend: worker }] });
    expect(() => synth(stack)).toThrow(
      "shop/edge/Resource: App shop/worker: has no Service (no ports, or 'service' is false), so it cannot be a backend",
    );
  });

  test('Ingress.addRule() refuses a route that is already there', () => {
    const stack = new Stack('shop');
    const ingress = new Ingress(stack, 'edge', { rules: [{ host: 'a.example.com', backend }] });
    expect(() => ingress.addRule({ host: 'a.example.com', backend })).toThrow(
      `Ingress shop/edge: 'rules[1].path' ("/") is already routed by rules[0] for the same host and pathType`,
    );
  });
});
