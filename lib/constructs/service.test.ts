import { describe, expect, test } from 'vitest';
import { Stack } from '../core/stack.ts';
import { synth, synthYaml } from '../core/synth.ts';
import { validateManifest } from '../core/validate.ts';
import type { Manifest } from '../k8s/types.ts';
import { App } from './app.ts';
import { Service, type ServiceProps } from './service.ts';

function build(props: ServiceProps): { stack: Stack; service: Service } {
  const stack = new Stack('shop', { namespace: 'shop' });
  return { stack, service: new Service(stack, 'cache', props) };
}

function serviceOf(stack: Stack): Manifest {
  return synth(stack).find((o) => o.kind === 'Service')!;
}

function errorOf(props: ServiceProps): string {
  try {
    serviceOf(build(props).stack);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

describe('Service', () => {
  test('Service defaults to ClusterIP with the standard labels and the port as target port', () => {
    const { stack, service } = build({ selector: { app: 'redis' }, ports: [{ port: 6379 }] });
    const object = serviceOf(stack);
    expect(object.apiVersion).toBe('v1');
    expect(object.metadata).toMatchObject({
      name: 'cache',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'cache', 'app.kubernetes.io/instance': 'shop-cache' },
    });
    expect(object.spec).toEqual({ type: 'ClusterIP', selector: { app: 'redis' }, ports: [{ port: 6379, targetPort: 6379, protocol: 'TCP' }] });
    expect(service.node.findChild('Resource')).toBe(service.resource);
    expect(validateManifest(object)).toEqual([]);
    expect(synthYaml(stack)).toBe(synthYaml(stack));
  });

  test('Service selects the pods of an App', () => {
    const stack = new Stack('shop');
    const redis = new App(stack, 'redis', { image: 'redis:7' });
    new Service(stack, 'cache', { selector: redis, ports: [{ port: 6379, targetPort: 'redis', name: 'redis' }] });
    expect(serviceOf(stack).spec).toMatchObject({
      selector: { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'shop-redis' },
      ports: [{ name: 'redis', port: 6379, targetPort: 'redis', protocol: 'TCP' }],
    });
  });

  test('Service renders a headless Service, with or without ports', () => {
    expect(serviceOf(build({ headless: true, selector: { app: 'db' } }).stack).spec).toEqual({ type: 'ClusterIP', clusterIP: 'None', selector: { app: 'db' } });
  });

  test('Service renders NodePort with a fixed and an allocated node port', () => {
    const { stack } = build({ type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080 }, { name: 'admin', port: 81 }] });
    expect(serviceOf(stack).spec).toMatchObject({
      type: 'NodePort',
      ports: [
        { name: 'http', port: 80, targetPort: 80, protocol: 'TCP', nodePort: 30080 },
        { name: 'admin', port: 81, targetPort: 81, protocol: 'TCP' },
      ],
    });
  });

  test('Service renders LoadBalancer with annotations', () => {
    const { stack } = build({ type: 'LoadBalancer', ports: [{ port: 443 }], annotations: { 'lb.example.com/internal': 'true' } });
    const object = serviceOf(stack);
    expect(object.spec).toMatchObject({ type: 'LoadBalancer' });
    expect(object.metadata.annotations).toEqual({ 'lb.example.com/internal': 'true' });
  });

  test('Service renders ExternalName with no selector and no ports', () => {
    expect(serviceOf(build({ type: 'ExternalName', externalName: 'db.example.com' }).stack).spec).toEqual({
      type: 'ExternalName',
      externalName: 'db.example.com',
    });
  });

  test('Service.addPort() after construction shows up at synth', () => {
    const { stack, service } = build({ selector: { app: 'web' } });
    service.addPort({ name: 'http', port: 80, targetPort: 8080 }).addPort({ name: 'dns', port: 53, protocol: 'UDP' });
    expect(serviceOf(stack).spec).toMatchObject({
      ports: [
        { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
        { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
      ],
    });
  });

  test('Service is a backend naming itself and its first port', () => {
    const { service } = build({ name: 'redis', ports: [{ port: 6379 }] });
    expect([service.serviceName, service.servicePort]).toEqual(['redis', 6379]);
    expect(service.dependencies).toEqual([service]);
  });

  test('Service without ports throws when used as a backend', () => {
    const { service } = build({ type: 'ExternalName', externalName: 'db.example.com' });
    expect(() => service.servicePort).toThrow('Service shop/cache: has no ports, so it cannot be a backend; add one with addPort()');
  });
});

describe('Service validation', () => {
  const cases: Array<[string, ServiceProps, string]> = [
    ['a node port below the range', { type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] }, "Service shop/cache: 'ports[0].nodePort' (8080) must be between 30000 and 32767, inclusive"],
    ['a node port on ClusterIP', { ports: [{ port: 80, nodePort: 30080 }] }, "Service shop/cache: 'ports[0].nodePort' (30080) needs type 'NodePort' or 'LoadBalancer' (type is 'ClusterIP')"],
    ['ExternalName without externalName', { type: 'ExternalName' }, "Service shop/cache: 'externalName' is required when 'type' is 'ExternalName'"],
    [
      'ExternalName with a selector',
      { type: 'ExternalName', externalName: 'db.example.com', selector: { app: 'db' } },
      "Service shop/cache: 'selector' cannot be set when 'type' is 'ExternalName': such a Service selects no pods",
    ],
    ['externalName on ClusterIP', { externalName: 'db.example.com', ports: [{ port: 5432 }] }, `Service shop/cache: 'externalName' ("db.example.com") can only be set when 'type' is 'ExternalName' (type is 'ClusterIP')`],
    [
      'headless LoadBalancer',
      { type: 'LoadBalancer', headless: true, ports: [{ port: 80 }] },
      "Service shop/cache: 'headless' (true) cannot be combined with 'type' 'LoadBalancer'; a headless Service must be of type 'ClusterIP'",
    ],
    ['a port out of range', { ports: [{ port: 70000 }] }, "Service shop/cache: 'ports[0].port' (70000) must be between 1 and 65535, inclusive"],
    ['an unknown type', { type: 'Internal' as never }, `Service shop/cache: 'type' ("Internal") must be one of 'ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'`],
    [
      'a duplicate port',
      { ports: [{ port: 80, name: 'a' }, { port: 80, name: 'b' }] },
      "Service shop/cache: 'ports[1].port' (80) is also used by ports[0] with protocol TCP",
    ],
    [
      'a duplicate port name',
      { ports: [{ port: 80, name: 'web' }, { port: 81, name: 'web' }] },
      `Service shop/cache: 'ports[1].name' ("web") is also the name of ports[0]; port names must be unique`,
    ],
    [
      'a name that is not a DNS-1035 label',
      { name: '9cache', ports: [{ port: 80 }] },
      `Service shop/cache: 'name' ("9cache") a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ],
    ['a ClusterIP Service without ports (at synth)', { selector: { app: 'web' } }, "shop/cache/Resource: a ClusterIP Service needs at least one port; add one with 'ports' or addPort()"],
    [
      'an unnamed port among several (at synth)',
      { ports: [{ port: 80, name: 'http' }, { port: 81 }] },
      'shop/cache/Resource: ports[1] needs a name: every port must be named when a Service has more than one',
    ],
  ];
  test.each(cases)('Service refuses %s', (_name, props, message) => {
    expect(errorOf(props)).toBe(message);
  });

  test('Service.addPort() refuses a port that clashes with an earlier one', () => {
    const { service } = build({ ports: [{ port: 80, name: 'http' }] });
    expect(() => service.addPort({ port: 80, name: 'other' })).toThrow("Service shop/cache: 'ports[1].port' (80) is also used by ports[0] with protocol TCP");
    expect(() => service.addPort({ port: 0 })).toThrow("Service shop/cache: 'ports[1].port' (0) must be between 1 and 65535, inclusive");
  });
});
