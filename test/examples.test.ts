// The examples under examples/ against their snapshots under snapshots/ (`npx vitest run -u`
// rewrites them; read the diff before committing it), each paired with plain assertions on what
// the example is about, plus runs of the real CLI on the example files.

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { GENERATE_KEYS_ANNOTATION, Stack, SynthContext, synthesizeStack, type Manifest } from 'shipshape';
import { expectStackSnapshot, findObject, synthObjects, synthToYaml } from 'shipshape/testing';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'shipshape.js');

type Entry = Stack | ((ctx: SynthContext) => Stack | Promise<Stack>);

/** Loads an example the way the CLI does: its default export, called with `values` if it is a function. */
async function loadExample(name: string, values: Record<string, string> = {}): Promise<Stack> {
  const mod = (await import(`../examples/${name}/infra.ts`)) as { default: Entry };
  const entry = mod.default;
  return typeof entry === 'function' ? await entry(new SynthContext(values)) : entry;
}

/** A pod template's first container. */
function containerOf(object: Manifest): Record<string, any> {
  return (object.spec as any).template.spec.containers[0];
}

function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('examples/hello', () => {
  it('hello synthesizes to snapshots/hello.yaml', async () => {
    await expectStackSnapshot(await loadExample('hello'), '../snapshots/hello.yaml');
  });

  it('hello runs nginx:1.27 behind a Service on port 80', async () => {
    const objects = synthObjects(await loadExample('hello'));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/hello', 'Service/web', 'Deployment/web']);
    expect(containerOf(findObject(objects, 'Deployment', 'web')).image).toBe('nginx:1.27');
    const spec = findObject(objects, 'Service', 'web').spec as any;
    expect(spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }]);
    expect(spec.selector).toEqual((findObject(objects, 'Deployment', 'web').spec as any).selector.matchLabels);
  });
});

describe('examples/webapp', () => {
  it('webapp synthesizes to snapshots/webapp.yaml with the default context values', async () => {
    await expectStackSnapshot(await loadExample('webapp'), '../snapshots/webapp.yaml');
  });

  it('webapp autoscales the web Deployment between 2 and 10 replicas at 70% CPU, leaving replicas to the HPA', async () => {
    const objects = synthObjects(await loadExample('webapp'));
    const hpa = findObject(objects, 'HorizontalPodAutoscaler', 'web').spec as any;
    expect(hpa.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
    expect([hpa.minReplicas, hpa.maxReplicas]).toEqual([2, 10]);
    expect(hpa.metrics[0].resource).toEqual({ name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } });
    expect(findObject(objects, 'Deployment', 'web').spec).not.toHaveProperty('replicas');
    expect((findObject(objects, 'PodDisruptionBudget', 'web').spec as any).minAvailable).toBe(1);
  });

  it('webapp serves shop.example.com over TLS from the kubernetes.io/tls Secret', async () => {
    const objects = synthObjects(await loadExample('webapp'));
    const ingress = findObject(objects, 'Ingress', 'web').spec as any;
    expect(ingress.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'web-tls' }]);
    expect(ingress.rules[0].http.paths[0].backend).toEqual({ service: { name: 'web', port: { number: 8080 } } });
    expect(findObject(objects, 'Secret', 'web-tls').type).toBe('kubernetes.io/tls');
  });

  it('webapp leaves the database password out of the YAML: apply generates it (generate-keys annotation)', async () => {
    const stack = await loadExample('webapp');
    const credentials = findObject(synthObjects(stack), 'Secret', 'db-credentials');
    expect(credentials.metadata.annotations?.[GENERATE_KEYS_ANNOTATION]).toBe('password');
    expect(credentials.stringData).toEqual({ database: 'db', username: 'app' });
    expect(credentials).not.toHaveProperty('data');
    expect(synthToYaml(stack)).not.toMatch(/^\s+password:/m);
  });

  it('webapp takes the database password, API key and config through typed references', async () => {
    const objects = synthObjects(await loadExample('webapp'));
    const env = containerOf(findObject(objects, 'Deployment', 'web')).env as Array<Record<string, any>>;
    const byName = new Map(env.map((e) => [e.name, e]));
    expect(byName.get('DB_PASSWORD')?.valueFrom).toEqual({ secretKeyRef: { name: 'db-credentials', key: 'password' } });
    expect(byName.get('PAYMENTS_API_KEY')?.valueFrom).toEqual({ secretKeyRef: { name: 'payments', key: 'api-key' } });
    expect(byName.get('DB_URL')?.value).toBe('postgres://app:$(DB_PASSWORD)@db.shop.svc:5432/db');
    const configName = objects.find((o) => o.kind === 'ConfigMap')?.metadata.name;
    expect(configName).toMatch(/^config-[a-z0-9]{10}$/);
    expect(byName.get('LOG_LEVEL')?.valueFrom).toEqual({ configMapKeyRef: { name: configName, key: 'LOG_LEVEL' } });
  });

  it('webapp waits for the database and config only with the Deployment: the Service, PDB and TLS Secret come before the StatefulSet', async () => {
    const objects = synthesizeStack(await loadExample('webapp')).objects;
    const order = objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`);
    expect(order).toEqual([
      'Namespace/shop',
      'PodDisruptionBudget/web',
      'Secret/db-credentials',
      'Secret/payments',
      'Secret/web-tls',
      'ConfigMap/config-tksqv1t1mj',
      'Service/db',
      'Service/db-headless',
      'Service/web',
      'StatefulSet/db',
      'Deployment/web',
      'HorizontalPodAutoscaler/web',
      'Ingress/web',
    ]);
    const dependsOn = (name: string): readonly string[] => objects.find((o) => `${o.object.kind}/${o.object.metadata.name}` === name)!.dependsOn;
    expect(dependsOn('Deployment/web')).toEqual(expect.arrayContaining(['apps/StatefulSet/shop/db', '/ConfigMap/shop/config-tksqv1t1mj', '/Secret/shop/payments']));
    expect(dependsOn('Service/web')).toEqual(['/Namespace//shop']);
    expect(dependsOn('PodDisruptionBudget/web')).toEqual(['/Namespace//shop']);
  });

  it('webapp reads image and host from the context', async () => {
    const objects = synthObjects(await loadExample('webapp', { image: 'ghcr.io/example/shop:2.0.0', host: 'shop.test' }));
    expect(containerOf(findObject(objects, 'Deployment', 'web')).image).toBe('ghcr.io/example/shop:2.0.0');
    expect((findObject(objects, 'Ingress', 'web').spec as any).tls[0].hosts).toEqual(['shop.test']);
  });
});

describe('examples/guestbook', () => {
  it('guestbook synthesizes to snapshots/guestbook.yaml', async () => {
    await expectStackSnapshot(await loadExample('guestbook'), '../snapshots/guestbook.yaml');
  });

  it('guestbook names its Services redis-leader, redis-follower and frontend, as the PHP app expects', async () => {
    const objects = synthObjects(await loadExample('guestbook'));
    const services = objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name);
    expect(services.sort()).toEqual(['frontend', 'redis-follower', 'redis-leader']);
    expect((findObject(objects, 'Service', 'frontend').spec as any).type).toBe('NodePort');
    expect((findObject(objects, 'Service', 'redis-leader').spec as any).ports[0].port).toBe(6379);
  });

  it('guestbook runs 1 leader, 2 followers and 3 frontends, the followers and frontends with GET_HOSTS_FROM=dns', async () => {
    const objects = synthObjects(await loadExample('guestbook'));
    const replicas = (name: string): number => (findObject(objects, 'Deployment', name).spec as any).replicas;
    expect([replicas('redis-leader'), replicas('redis-follower'), replicas('frontend')]).toEqual([1, 2, 3]);
    for (const name of ['redis-follower', 'frontend']) {
      expect(containerOf(findObject(objects, 'Deployment', name)).env).toEqual([{ name: 'GET_HOSTS_FROM', value: 'dns' }]);
    }
  });
});

describe.concurrent('examples through the CLI', () => {
  // Compared with the in-process YAML, which the snapshot tests above hold equal to the
  // snapshot files, so that `vitest -u` (which writes the files last) never sees a stale file.
  it('shipshape synth examples/hello/infra.ts -o - prints the hello snapshot', async () => {
    const { code, stdout, stderr } = await run(['synth', 'examples/hello/infra.ts', '-o', '-']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(synthToYaml(await loadExample('hello')));
  });

  it('shipshape synth examples/webapp/infra.ts -c host=shop.test changes only the host', async () => {
    const { code, stdout } = await run(['synth', 'examples/webapp/infra.ts', '-o', '-', '-c', 'host=shop.test']);
    expect(code).toBe(0);
    expect(stdout).toBe(synthToYaml(await loadExample('webapp')).replaceAll('shop.example.com', 'shop.test'));
    const kinds = parseAllDocuments(stdout).map((d) => (d.toJS() as Manifest).kind);
    expect(kinds).toHaveLength(13);
  });
});
