import { describe, expect, test } from 'vitest';
import { Stack } from '../core/stack.ts';
import { synth, synthYaml } from '../core/synth.ts';
import { validateManifest } from '../core/validate.ts';
import type { Manifest } from '../k8s/types.ts';
import { App } from './app.ts';
import type { AppProps } from './app-props.ts';

function build(props: Partial<AppProps> = {}, stackLabels: Record<string, string> = {}): { stack: Stack; app: App } {
  const stack = new Stack('shop', { namespace: 'shop', labels: stackLabels });
  const app = new App(stack, 'web', { image: 'nginx:1.27', ...props });
  return { stack, app };
}

function objectOf(stack: Stack, kind: string): Manifest {
  const found = synth(stack).find((o) => o.kind === kind);
  if (!found) throw new Error(`no ${kind}`);
  return found;
}

const specOf = (o: Manifest): any => o.spec;

describe('App defaults', () => {
  test('App renders a Deployment with one replica, the standard selector and secure pod defaults', () => {
    const { stack } = build({}, { team: 'checkout' });
    const deployment = objectOf(stack, 'Deployment');
    expect(deployment.apiVersion).toBe('apps/v1');
    expect(deployment.metadata).toMatchObject({
      name: 'web',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop-web', team: 'checkout' },
    });
    const selector = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop-web' };
    expect(specOf(deployment)).toEqual({
      replicas: 1,
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/managed-by': 'shipshape', 'app.kubernetes.io/part-of': 'shop', team: 'checkout', ...selector } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
              securityContext: { allowPrivilegeEscalation: false },
            },
          ],
        },
      },
    });
  });

  test('App without ports has no Service, Ingress, autoscaler or disruption budget', () => {
    const { stack, app } = build();
    expect(app.service).toBeUndefined();
    expect(app.ingress).toBeUndefined();
    expect(app.autoscaler).toBeUndefined();
    expect(app.disruptionBudget).toBeUndefined();
    expect(synth(stack).map((o) => o.kind)).toEqual(['Namespace', 'Deployment']);
  });

  test('App keeps its Deployment as the child with id Resource', () => {
    const { app } = build();
    expect(app.node.findChild('Resource')).toBe(app.deployment);
    expect(app.deployment.kind).toBe('Deployment');
  });

  test('App with a port gets a named container port, a ClusterIP Service and an HTTP readiness probe', () => {
    const { stack, app } = build({ port: 8080 });
    const container = specOf(objectOf(stack, 'Deployment')).template.spec.containers[0];
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/', port: 8080 } });
    expect(container.livenessProbe).toBeUndefined();
    expect(container.startupProbe).toBeUndefined();
    const service = objectOf(stack, 'Service');
    expect(service.metadata.name).toBe('web');
    expect(specOf(service)).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop-web' },
      ports: [{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }],
    });
    expect(app.service?.node.path).toBe('shop/web/Service');
  });

  test('App names ports: http for the first TCP port, protocol-number for the others', () => {
    const { app } = build({ ports: [{ containerPort: 8080, servicePort: 80 }, { containerPort: 9090 }, { containerPort: 53, protocol: 'UDP' }] });
    expect(app.ports.map((p) => [p.name, p.servicePort])).toEqual([
      ['http', 80],
      ['tcp-9090', 9090],
      ['udp-53', 53],
    ]);
  });

  test('App name prop names every object', () => {
    const { stack } = build({ name: 'storefront', port: 80 });
    expect(synth(stack).filter((o) => o.kind !== 'Namespace').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Service/storefront',
      'Deployment/storefront',
    ]);
  });

  test('App takes command, args, imagePullPolicy, serviceAccountName and podAnnotations', () => {
    const { stack } = build({
      command: ['/bin/server'],
      args: ['--verbose'],
      imagePullPolicy: 'Always',
      serviceAccountName: 'web-sa',
      automountServiceAccountToken: true,
      podAnnotations: { 'prometheus.io/scrape': 'true' },
    });
    const template = specOf(objectOf(stack, 'Deployment')).template;
    expect(template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
    expect(template.spec.serviceAccountName).toBe('web-sa');
    expect(template.spec.automountServiceAccountToken).toBe(true);
    expect(template.spec.containers[0]).toMatchObject({ command: ['/bin/server'], args: ['--verbose'], imagePullPolicy: 'Always' });
  });

  test('App output passes validateManifest and synthesizes to the same YAML twice', () => {
    const { stack } = build({
      port: 80,
      ingress: { host: 'shop.example.com', tlsSecret: 'shop-tls' },
      autoscaling: { maxReplicas: 4, minReplicas: 2 },
      disruptionBudget: { minAvailable: 1 },
      env: { MODE: 'production' },
    });
    for (const object of synth(stack)) expect(validateManifest(object)).toEqual([]);
    expect(synthYaml(stack)).toBe(synthYaml(stack));
  });

  test('App is a selectable Service backend naming its Service and first service port', () => {
    const { app } = build({ ports: [{ containerPort: 8080, servicePort: 80 }, { containerPort: 9090, name: 'metrics' }] });
    expect(app.podSelector).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop-web' });
    expect(app.serviceName).toBe('web');
    expect(app.servicePort).toBe(80);
    expect(app.dependencies).toEqual([app]);
  });

  test('App without a Service throws when used as a backend', () => {
    const { app } = build({ port: 80, service: false });
    expect(() => app.serviceName).toThrow("App shop/web: has no Service (no ports, or 'service' is false), so it cannot be a backend");
  });
});

describe('App service options', () => {
  test('App with service false renders no Service', () => {
    const { stack, app } = build({ port: 80, service: false });
    expect(app.service).toBeUndefined();
    expect(synth(stack).some((o) => o.kind === 'Service')).toBe(false);
  });

  test('App renders a NodePort Service with a fixed node port', () => {
    const { stack } = build({ ports: [{ containerPort: 8080, servicePort: 80, nodePort: 30080 }], service: { type: 'NodePort' } });
    expect(specOf(objectOf(stack, 'Service'))).toMatchObject({
      type: 'NodePort',
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30080 }],
    });
  });

  test('App renders a LoadBalancer Service with annotations', () => {
    const { stack } = build({ port: 80, service: { type: 'LoadBalancer', annotations: { 'lb.example.com/internal': 'true' } } });
    const service = objectOf(stack, 'Service');
    expect(specOf(service).type).toBe('LoadBalancer');
    expect(service.metadata.annotations).toEqual({ 'lb.example.com/internal': 'true' });
  });
});

describe('App strategy', () => {
  test('App renders Recreate', () => {
    const { stack } = build({ strategy: 'Recreate' });
    expect(specOf(objectOf(stack, 'Deployment')).strategy).toEqual({ type: 'Recreate' });
  });

  test('App renders rolling update limits, keeping unset ones at 25%', () => {
    const { stack } = build({ strategy: { maxUnavailable: 0 } });
    expect(specOf(objectOf(stack, 'Deployment')).strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
  });

  test('App refuses a rolling update with no surge and no unavailability', () => {
    expect(() => build({ strategy: { maxSurge: 0, maxUnavailable: '0%' } })).toThrow(
      `App shop/web: 'strategy.maxUnavailable' ("0%") may not be 0 when 'strategy.maxSurge' is 0, or no pod could be replaced`,
    );
  });

  test('App refuses a malformed maxSurge', () => {
    expect(() => build({ strategy: { maxSurge: '150%' } })).toThrow(
      `App shop/web: 'strategy.maxSurge' ("150%") must be a non-negative integer or a percentage such as '25%'`,
    );
  });
});

describe('App validation', () => {
  const cases: Array<[string, Partial<AppProps> & Record<string, unknown>, string]> = [
    ['negative replicas', { replicas: -1 }, "App shop/web: 'replicas' (-1) must be at least 0"],
    ['fractional replicas', { replicas: 1.5 }, "App shop/web: 'replicas' (1.5) must be an integer"],
    ['an empty image', { image: '' }, `App shop/web: 'image' ("") must not be empty`],
    [
      'an image with a space',
      { image: 'nginx 1.27' },
      `App shop/web: 'image' ("nginx 1.27") must be an image reference such as 'nginx:1.27' or 'ghcr.io/org/app@sha256:<digest>': a lowercase repository path, an optional ':tag' and '@digest', no spaces`,
    ],
    ['port 0', { port: 0 }, "App shop/web: 'port' (0) must be between 1 and 65535, inclusive"],
    ['port and ports', { port: 80, ports: [{ containerPort: 81 }] }, "App shop/web: 'port' (80) and 'ports' cannot both be set; use 'ports' for several ports"],
    [
      'replicas with autoscaling',
      { replicas: 3, autoscaling: { maxReplicas: 5 } },
      "App shop/web: 'replicas' (3) cannot be set together with 'autoscaling': the autoscaler owns the replica count; use 'autoscaling.minReplicas'",
    ],
    ['a Service without ports', { service: { type: 'NodePort' } }, "App shop/web: 'service' needs at least one port; set 'port' or 'ports', or remove 'service'"],
    ['an Ingress without ports', { ingress: { host: 'a.example.com' } }, "App shop/web: 'ingress' needs the App's Service; set 'port' or 'ports'"],
    ['an Ingress with service false', { port: 80, service: false, ingress: {} }, "App shop/web: 'ingress' needs the App's Service, but 'service' is false"],
    [
      'a nodePort on a ClusterIP Service',
      { ports: [{ containerPort: 80, nodePort: 30080 }] },
      "App shop/web: 'ports[].nodePort' needs 'service.type' 'NodePort' or 'LoadBalancer' (type is 'ClusterIP')",
    ],
    ['a nodePort out of range', { ports: [{ containerPort: 80, nodePort: 80 }] }, "App shop/web: 'ports[0].nodePort' (80) must be between 30000 and 32767, inclusive"],
    ['an unknown prop', { replcas: 3 }, `App shop/web: 'props' ({"image":"nginx:1.27","replcas":3}) has unknown key 'replcas'`],
    ['a missing image', { image: undefined }, "App shop/web: 'image' is required"],
    [
      'an invalid name',
      { name: 'Web' },
      `App shop/web: 'name' ("Web") a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ],
    [
      'a Service name starting with a digit',
      { name: '1web', port: 80 },
      `App shop/web: 'name' ("1web") a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ],
    [
      'an invalid port name',
      { ports: [{ containerPort: 80, name: 'HTTP' }] },
      `App shop/web: 'ports[0].name' ("HTTP") must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
    ],
    [
      'duplicate port names',
      { ports: [{ containerPort: 80, name: 'web' }, { containerPort: 81, name: 'web' }] },
      `App shop/web: 'ports[1].name' ("web") is also the name of ports[0]; port names must be unique`,
    ],
    [
      'duplicate container ports',
      { ports: [{ containerPort: 80 }, { containerPort: 80, servicePort: 81 }] },
      "App shop/web: 'ports[1].containerPort' (80) is also used by ports[0] with protocol TCP",
    ],
    [
      'duplicate service ports',
      { ports: [{ containerPort: 80 }, { containerPort: 81, servicePort: 80 }] },
      "App shop/web: 'ports[1].servicePort' (80) is also used by ports[0] with protocol TCP",
    ],
    [
      'an invalid ingress host',
      { port: 80, ingress: { host: 'Shop.example.com' } },
      `App shop/web: 'ingress.host' ("Shop.example.com") a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
    ['a relative ingress path', { port: 80, ingress: { paths: ['api'] } }, `App shop/web: 'ingress.paths[0]' ("api") must be an absolute path starting with '/'`],
  ];
  test.each(cases)('App refuses %s', (_name, props, message) => {
    expect(() => build(props as Partial<AppProps>)).toThrow(message);
  });

  test('App reports every problem of its props at once', () => {
    const props = { image: 'nginx 1', port: 80, ports: [{ containerPort: 81 }], replicas: 2, autoscaling: { maxReplicas: 3 } };
    let message = '';
    try {
      build(props);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split('\n').map((line) => line.slice(0, 40))).toEqual([
      '3 validation errors:',
      `  - App shop/web: 'image' ("nginx 1") mu`,
      "  - App shop/web: 'port' (80) and 'ports",
      "  - App shop/web: 'replicas' (2) cannot ",
    ]);
  });

  test('App accepts image references with registries, ports, tags and digests', () => {
    const stack = new Stack('shop');
    const images = ['redis', 'library/redis:7', 'localhost:5000/team/app:v1.2.3', `ghcr.io/org/app@sha256:${'a'.repeat(64)}`, `ghcr.io/org/app:1@sha256:${'b'.repeat(64)}`];
    images.forEach((image, i) => expect(() => new App(stack, `a${i}`, { image })).not.toThrow());
  });
});
