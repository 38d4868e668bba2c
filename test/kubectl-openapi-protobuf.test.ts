// End-to-end: real kubectl (1.32, from PATH) against a served simulated cluster on 127.0.0.1,
// with the OpenAPI v3 and protobuf hooks plugged in: `create <generator>` and `autoscale`
// (protobuf bodies), client-side and server-side `apply` (need the OpenAPI documents) and
// `explain`. Skipped when kubectl is not installed. Each run uses a fresh cache directory.

import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../lib/k8s/types.ts';
import { openapiForApiServer } from '../lib/sim/server/openapi/documents.ts';
import { decodeProtobufObject } from '../lib/sim/server/protobuf/decode.ts';
import { serveCluster, type ServedCluster } from '../lib/sim/server/serve.ts';
import { SimCluster } from '../lib/sim/sim-cluster.ts';

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

type Obj = Record<string, any>;

describe.skipIf(!hasKubectl())('kubectl against the served simulation (OpenAPI v3, protobuf bodies)', () => {
  let sim: SimCluster;
  let served: ServedCluster;
  let dir: string;

  /** Runs kubectl; resolves with its exit code and output (never rejects). */
  function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { ...process.env, KUBECONFIG: join(dir, 'kubeconfig') };
    return new Promise((resolve) => {
      execFile('kubectl', [`--cache-dir=${join(dir, 'cache')}`, ...args], { env, timeout: 20_000 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      });
    });
  }

  function stored(apiVersion: string, kind: string, name: string, namespace: string | undefined = 'default'): Obj {
    return sim.api.get({ apiVersion, kind, name, ...(namespace ? { namespace } : {}) }) as KubeObject as Obj;
  }

  function writeManifest(name: string, text: string): string {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shipshape-kubectl-'));
    sim = SimCluster.create();
    served = await serveCluster(sim, { decodeProtobuf: decodeProtobufObject, openapi: openapiForApiServer(sim.api) });
    writeFileSync(
      join(dir, 'kubeconfig'),
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: sim, cluster: {server: "' + served.url + '", insecure-skip-tls-verify: true}}]',
        'users: [{name: dev, user: {token: any-token}}]',
        'contexts: [{name: sim, context: {cluster: sim, user: dev, namespace: default}}]',
        'current-context: sim',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await served?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('kubectl create namespace, configmap and secret send protobuf the server decodes', async () => {
    expect(await kubectl('create', 'namespace', 'x')).toMatchObject({ code: 0, stdout: 'namespace/x created\n' });
    expect(await kubectl('create', 'configmap', 'c', '--from-literal=a=b', '--from-literal=empty=')).toMatchObject({ code: 0, stdout: 'configmap/c created\n' });
    expect(await kubectl('create', 'secret', 'generic', 's', '--from-literal=p=q')).toMatchObject({ code: 0, stdout: 'secret/s created\n' });
    expect(stored('v1', 'Namespace', 'x', undefined).metadata.name).toBe('x');
    expect(stored('v1', 'ConfigMap', 'c').data).toEqual({ a: 'b', empty: '' });
    expect(stored('v1', 'Secret', 's').data).toEqual({ p: 'cQ==' });
  });

  it('kubectl create deployment, service and job send protobuf the server decodes', async () => {
    expect(await kubectl('create', 'deployment', 'web', '--image=nginx', '--port=80')).toMatchObject({ code: 0, stdout: 'deployment.apps/web created\n' });
    expect(await kubectl('create', 'service', 'clusterip', 'web', '--tcp=80:8080')).toMatchObject({ code: 0, stdout: 'service/web created\n' });
    expect(await kubectl('create', 'job', 'j', '--image=busybox')).toMatchObject({ code: 0, stdout: 'job.batch/j created\n' });
    const deploy = stored('apps/v1', 'Deployment', 'web');
    expect(deploy.spec.replicas).toBe(1);
    expect(deploy.spec.template.spec.containers[0]).toMatchObject({ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] });
    expect(stored('v1', 'Service', 'web').spec.ports[0]).toMatchObject({ name: '80-8080', port: 80, targetPort: 8080, protocol: 'TCP' });
    expect(stored('batch/v1', 'Job', 'j').spec.template.spec.containers[0].image).toBe('busybox');
  });

  it('kubectl autoscale sends an autoscaling/v1 HorizontalPodAutoscaler in protobuf', async () => {
    expect(await kubectl('autoscale', 'deployment', 'web', '--min=1', '--max=3', '--cpu-percent=50')).toMatchObject({
      code: 0,
      stdout: 'horizontalpodautoscaler.autoscaling/web autoscaled\n',
    });
    expect(stored('autoscaling/v2', 'HorizontalPodAutoscaler', 'web').spec).toMatchObject({ minReplicas: 1, maxReplicas: 3 });
  });

  it('kubectl apply creates from a file once the OpenAPI documents say fieldValidation is supported', async () => {
    const file = writeManifest(
      'app.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: app}}\n' +
        '  template:\n    metadata: {labels: {app: app}}\n    spec: {containers: [{name: c, image: nginx}]}\n',
    );
    expect(await kubectl('apply', '-f', file)).toMatchObject({ code: 0, stdout: 'deployment.apps/app created\n' });
    expect(stored('apps/v1', 'Deployment', 'app').spec.replicas).toBe(2);
  });

  it('kubectl apply updates a live object with a strategic merge patch', async () => {
    const file = writeManifest(
      'app.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: app}}\n' +
        '  template:\n    metadata: {labels: {app: app}}\n    spec: {containers: [{name: c, image: nginx}]}\n',
    );
    const result = await kubectl('apply', '-f', file);
    expect(result).toMatchObject({ code: 0, stderr: '', stdout: 'deployment.apps/app configured\n' });
    expect(stored('apps/v1', 'Deployment', 'app').spec.replicas).toBe(3);
  });

  it('kubectl apply --server-side creates and updates from a file', async () => {
    const file = writeManifest('settings.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {level: info}\n');
    expect(await kubectl('apply', '--server-side', '-f', file)).toMatchObject({ code: 0, stdout: 'configmap/settings serverside-applied\n' });
    writeManifest('settings.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {level: debug}\n');
    expect(await kubectl('apply', '--server-side', '-f', file)).toMatchObject({ code: 0, stdout: 'configmap/settings serverside-applied\n' });
    expect(stored('v1', 'ConfigMap', 'settings').data).toEqual({ level: 'debug' });
  });

  it('kubectl explain reads field documentation from the OpenAPI v3 components', async () => {
    const result = await kubectl('explain', 'deployment.spec.replicas');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('FIELD: replicas <integer>');
    expect(result.stdout).toContain('Number of desired pods.');
  });
});
