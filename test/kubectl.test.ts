// End-to-end: the real kubectl (1.32, from PATH) against a served simulated cluster whose
// controllers run in real time (virtual clock at 20×): apply, get, describe, rollouts, scale,
// diff, delete, the generators, wait, watch, events, discovery, explain, drain and logs (-f too). Skipped
// when kubectl is not installed. One server and one kubectl cache directory per file.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../lib/k8s/types.ts';
import { crashContainer } from '../lib/sim/faults.ts';
import { podLogs } from '../lib/sim/kubelet/logs.ts';
import { serveCluster, type ServedCluster } from '../lib/sim/server/serve.ts';
import { SimCluster } from '../lib/sim/sim-cluster.ts';
import { createKubectlRunner, hasKubectl, rows, type KubectlRunner } from './support/kubectl-runner.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const GUESTBOOK = join(REPO, '../shared/corpus/kubernetes-examples/web/guestbook');

describe.skipIf(!hasKubectl())('kubectl end to end against the served simulation', () => {
  let sim: SimCluster;
  let served: ServedCluster;
  let runner: KubectlRunner;
  const kubectl = (...args: string[]) => runner.run(...args);
  const kubectlStream = (ms: number, ...args: string[]) => runner.stream(ms, ...args);
  const writeManifest = (name: string, text: string) => runner.writeFile(name, text);

  beforeAll(async () => {
    sim = SimCluster.create();
    served = await serveCluster(sim, { speed: 20, logs: (pod: KubeObject, container, options) => podLogs(sim, pod, container, options) });
    runner = createKubectlRunner(served.url);
  });

  afterAll(async () => {
    await served?.close();
    runner?.dispose();
  });

  it('kubectl apply -f creates the guestbook from the corpus and rollout status waits for it', async () => {
    const files = ['redis-master-deployment', 'redis-master-service', 'redis-replica-deployment', 'redis-replica-service', 'frontend-deployment', 'frontend-service'];
    const applied = await kubectl('apply', ...files.flatMap((f) => ['-f', join(GUESTBOOK, `${f}.yaml`)]));
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    expect(applied.stdout.trimEnd().split('\n')).toEqual([
      'deployment.apps/redis-master created',
      'service/redis-master created',
      'deployment.apps/redis-replica created',
      'service/redis-replica created',
      'deployment.apps/frontend created',
      'service/frontend created',
    ]);
    const status = await kubectl('rollout', 'status', 'deployment/frontend', '--timeout=60s');
    expect(status.code).toBe(0);
    expect(status.stdout.trimEnd().split('\n').at(-1)).toBe('deployment "frontend" successfully rolled out');
    expect(await kubectl('rollout', 'status', 'deployment/redis-replica', '--timeout=60s')).toMatchObject({ code: 0 });
  });

  it('kubectl apply -f again reports every object unchanged', async () => {
    const again = await kubectl('apply', '-f', join(GUESTBOOK, 'frontend-deployment.yaml'), '-f', join(GUESTBOOK, 'frontend-service.yaml'));
    expect(again).toMatchObject({ code: 0, stdout: 'deployment.apps/frontend unchanged\nservice/frontend unchanged\n' });
  });

  it('kubectl get deployments prints the upstream columns with every replica ready', async () => {
    const got = await kubectl('get', 'deployments');
    expect(got.code).toBe(0);
    const table = rows(got.stdout);
    expect(table[0]).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(table.slice(1).map((r) => r.slice(0, 4))).toEqual([
      ['frontend', '3/3', '3', '3'],
      ['redis-master', '1/1', '1', '1'],
      ['redis-replica', '2/2', '2', '2'],
    ]);
  });

  it('kubectl get pods prints one Running row per guestbook pod', async () => {
    const got = await kubectl('get', 'pods', '-l', 'app in (guestbook,redis)');
    expect(got.code).toBe(0);
    const table = rows(got.stdout);
    expect(table[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(table.length - 1).toBe(6);
    for (const row of table.slice(1)) expect(row.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
  });

  it('kubectl get pods -o wide adds the IP, node, nominated node and readiness gates columns', async () => {
    const got = await kubectl('get', 'pods', '-o', 'wide', '-l', 'tier=frontend');
    expect(got.code).toBe(0);
    const table = rows(got.stdout);
    expect(table[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(table.length - 1).toBe(3);
    for (const row of table.slice(1)) {
      expect(row[5]).toMatch(/^10\.244\.\d+\.\d+$/);
      expect(row[6]).toMatch(/^node-\d$/);
      expect(row.slice(7)).toEqual(['<none>', '<none>']);
    }
  });

  it('kubectl get deployment -o yaml prints the stored object with its status', async () => {
    const got = await kubectl('get', 'deployment', 'frontend', '-o', 'yaml');
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\n/);
    expect(got.stdout).toContain('\n  name: frontend\n');
    expect(got.stdout).toContain('\n  replicas: 3\n');
    expect(got.stdout).toContain('\n  availableReplicas: 3\n');
  });

  it('kubectl describe deployment prints the replicas, strategy and new ReplicaSet', async () => {
    const got = await kubectl('describe', 'deployment', 'frontend');
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(/^Name:\s+frontend\n/);
    expect(got.stdout).toMatch(/\nReplicas:\s+3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable\n/);
    expect(got.stdout).toMatch(/\nStrategyType:\s+RollingUpdate\n/);
    expect(got.stdout).toMatch(/\nNewReplicaSet:\s+frontend-[a-z0-9]+ \(3\/3 replicas created\)\n/);
  });

  it('kubectl describe pod prints its node, status and events', async () => {
    const pods = await kubectl('get', 'pods', '-l', 'app=redis,role=master', '-o', 'name');
    const name = pods.stdout.trim();
    expect(name).toMatch(/^pod\/redis-master-/);
    const got = await kubectl('describe', name);
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(/\nStatus:\s+Running\n/);
    expect(got.stdout).toMatch(/\nNode:\s+node-\d\/172\.18\.0\.\d+\n/);
    expect(got.stdout).toMatch(/\nEvents:\n/);
    expect(got.stdout).toMatch(/Normal\s+Scheduled\s+/);
  });

  it('kubectl diff exits 0 for a manifest that matches and 1 with the change for one that does not', async () => {
    const same = await kubectl('diff', '-f', join(GUESTBOOK, 'frontend-deployment.yaml'));
    expect(same).toMatchObject({ code: 0, stdout: '' });
    const changed = writeManifest('frontend.yaml', readFileSync(join(GUESTBOOK, 'frontend-deployment.yaml'), 'utf8').replace('replicas: 3', 'replicas: 4'));
    const diff = await kubectl('diff', '-f', changed);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/\n-  replicas: 3\n\+  replicas: 4\n/);
  });

  it('kubectl scale changes the replicas and the rollout reaches them', async () => {
    expect(await kubectl('scale', 'deployment/frontend', '--replicas=5')).toMatchObject({ code: 0, stdout: 'deployment.apps/frontend scaled\n' });
    expect(await kubectl('rollout', 'status', 'deployment/frontend', '--timeout=60s')).toMatchObject({ code: 0 });
    const got = await kubectl('get', 'deployment', 'frontend');
    expect(rows(got.stdout)[1]!.slice(0, 4)).toEqual(['frontend', '5/5', '5', '5']);
  });

  it('kubectl rollout undo rolls a changed image back to the previous revision', async () => {
    expect(await kubectl('set', 'image', 'deployment/frontend', 'php-redis=gcr.io/google-samples/gb-frontend:v6')).toMatchObject({ code: 0, stdout: 'deployment.apps/frontend image updated\n' });
    expect(await kubectl('rollout', 'status', 'deployment/frontend', '--timeout=60s')).toMatchObject({ code: 0 });
    expect(await kubectl('rollout', 'undo', 'deployment/frontend')).toMatchObject({ code: 0, stdout: 'deployment.apps/frontend rolled back\n' });
    expect(await kubectl('rollout', 'status', 'deployment/frontend', '--timeout=60s')).toMatchObject({ code: 0 });
    const image = await kubectl('get', 'deployment', 'frontend', '-o', 'jsonpath={.spec.template.spec.containers[0].image}');
    expect(image).toMatchObject({ code: 0, stdout: 'gcr.io/google-samples/gb-frontend:v5' });
    const history = await kubectl('rollout', 'history', 'deployment/frontend');
    expect(rows(history.stdout).slice(1)).toEqual([['REVISION', 'CHANGE-CAUSE'], ['2', '<none>'], ['3', '<none>']]);
  });

  it('kubectl rollout restart, label, annotate and patch (merge and JSON) change the deployment', async () => {
    expect(await kubectl('rollout', 'restart', 'deployment/frontend')).toMatchObject({ code: 0, stdout: 'deployment.apps/frontend restarted\n' });
    expect(await kubectl('rollout', 'status', 'deployment/frontend', '--timeout=60s')).toMatchObject({ code: 0 });
    expect(await kubectl('label', 'deployment', 'frontend', 'team=web')).toMatchObject({ code: 0, stdout: 'deployment.apps/frontend labeled\n' });
    expect(await kubectl('annotate', 'deployment', 'frontend', 'note=x')).toMatchObject({ code: 0, stdout: 'deployment.apps/frontend annotated\n' });
    expect(await kubectl('patch', 'deployment', 'frontend', '-p', '{"spec":{"replicas":2}}')).toMatchObject({ code: 0, stdout: 'deployment.apps/frontend patched\n' });
    const json = await kubectl('patch', 'deployment', 'frontend', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":3}]');
    expect(json).toMatchObject({ code: 0, stdout: 'deployment.apps/frontend patched\n' });
    expect(await kubectl('rollout', 'status', 'deployment/frontend', '--timeout=60s')).toMatchObject({ code: 0 });
    const got = rows((await kubectl('get', 'deployment', 'frontend', '-L', 'team', '--show-labels')).stdout);
    expect(got[0]).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'TEAM', 'LABELS']);
    expect([...got[1]!.slice(0, 4), ...got[1]!.slice(5)]).toEqual(['frontend', '3/3', '3', '3', 'web', 'team=web']);
  });

  it('kubectl apply --server-side takes over client-side-applied objects and diff --server-side shows a change', async () => {
    const applied = await kubectl('apply', '--server-side', '-f', join(GUESTBOOK, 'redis-master-deployment.yaml'));
    expect(applied).toMatchObject({ code: 0, stdout: 'deployment.apps/redis-master serverside-applied\n' });
    expect(await kubectl('diff', '--server-side', '-f', join(GUESTBOOK, 'redis-master-deployment.yaml'))).toMatchObject({ code: 0, stdout: '' });
    const changed = writeManifest('redis-master.yaml', readFileSync(join(GUESTBOOK, 'redis-master-deployment.yaml'), 'utf8').replace('replicas: 1', 'replicas: 2'));
    const diff = await kubectl('diff', '--server-side', '--force-conflicts', '-f', changed);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/\n-  replicas: 1\n\+  replicas: 2\n/);
  });

  // kubectl's client-side-apply upgrade sends a JSON patch replacing metadata.managedFields.
  it('kubectl apply --server-side moves field ownership from kubectl-client-side-apply to kubectl', async () => {
    const managers = await kubectl('get', 'deployment', 'redis-master', '-o', 'jsonpath={.metadata.managedFields[*].manager}');
    expect(managers.stdout.split(' ')).not.toContain('kubectl-client-side-apply');
  });

  it('kubectl get all lists the pods, services, deployments and replica sets', async () => {
    const got = await kubectl('get', 'all');
    expect(got.code).toBe(0);
    const names = got.stdout.split('\n').map((l) => l.split(/\s+/)[0]!).filter((n) => n.includes('/'));
    expect(names.filter((n) => n.startsWith('pod/redis-'))).toHaveLength(3);
    expect(names.filter((n) => n.startsWith('replicaset.apps/redis-'))).toHaveLength(2);
    expect(names).toEqual(expect.arrayContaining(['deployment.apps/redis-master', 'deployment.apps/redis-replica', 'service/kubernetes', 'service/redis-master', 'service/redis-replica']));
    expect(names.filter((n) => n.startsWith('service/')).sort()).toEqual(['service/frontend', 'service/kubernetes', 'service/redis-master', 'service/redis-replica']);
    expect(got.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/m);
  });

  it('kubectl get nodes, cordon and uncordon show the node scheduling state', async () => {
    const nodes = rows((await kubectl('get', 'nodes')).stdout);
    expect(nodes[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(nodes.slice(1).map((r) => r.slice(0, 3))).toEqual([['node-1', 'Ready', '<none>'], ['node-2', 'Ready', '<none>'], ['node-3', 'Ready', '<none>']]);
    expect(await kubectl('cordon', 'node-3')).toMatchObject({ code: 0, stdout: 'node/node-3 cordoned\n' });
    expect(rows((await kubectl('get', 'node', 'node-3')).stdout)[1]![1]).toBe('Ready,SchedulingDisabled');
    expect(await kubectl('uncordon', 'node-3')).toMatchObject({ code: 0, stdout: 'node/node-3 uncordoned\n' });
  });

  it('kubectl describe service and get endpoints show the ready pod addresses', async () => {
    const described = await kubectl('describe', 'service', 'redis-replica');
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/\nSelector:\s+app=redis,role=replica,tier=backend\n/);
    expect(described.stdout).toMatch(/\nEndpoints:\s+10\.244\.\d+\.\d+:6379,10\.244\.\d+\.\d+:6379\n/);
    const endpoints = rows((await kubectl('get', 'endpoints', 'redis-replica')).stdout);
    expect(endpoints[0]).toEqual(['NAME', 'ENDPOINTS', 'AGE']);
    expect(endpoints[1]![1]).toMatch(/^10\.244\.\d+\.\d+:6379,10\.244\.\d+\.\d+:6379$/);
  });

  it('kubectl drain evicts the pods of a node and their deployments bring them back elsewhere', async () => {
    const drained = await kubectl('drain', 'node-2', '--ignore-daemonsets', '--timeout=60s');
    expect(drained.code).toBe(0);
    expect(drained.stdout.split('\n')[0]).toBe('node/node-2 cordoned');
    expect(drained.stdout.trimEnd().split('\n').at(-1)).toBe('node/node-2 drained');
    for (const deploy of ['frontend', 'redis-master', 'redis-replica']) {
      expect(await kubectl('rollout', 'status', `deployment/${deploy}`, '--timeout=60s')).toMatchObject({ code: 0 });
    }
    const pods = rows((await kubectl('get', 'pods', '-o', 'wide')).stdout).slice(1);
    expect(pods.filter((r) => r[6] === 'node-2')).toEqual([]);
    expect(await kubectl('uncordon', 'node-2')).toMatchObject({ code: 0, stdout: 'node/node-2 uncordoned\n' });
  });

  it('kubectl apply --server-side creates the all-in-one guestbook in another namespace', async () => {
    expect(await kubectl('create', 'namespace', 'ssa')).toMatchObject({ code: 0, stdout: 'namespace/ssa created\n' });
    const applied = await kubectl('apply', '--server-side', '-n', 'ssa', '-f', join(GUESTBOOK, 'all-in-one/guestbook-all-in-one.yaml'));
    expect(applied.code).toBe(0);
    expect(applied.stdout.trimEnd().split('\n').sort()).toEqual([
      'deployment.apps/frontend serverside-applied',
      'deployment.apps/redis-master serverside-applied',
      'deployment.apps/redis-replica serverside-applied',
      'service/frontend serverside-applied',
      'service/redis-master serverside-applied',
      'service/redis-replica serverside-applied',
    ]);
    expect(await kubectl('rollout', 'status', '-n', 'ssa', 'deployment/frontend', '--timeout=60s')).toMatchObject({ code: 0 });
  });

  it('kubectl create deployment and wait --for=condition=Available return once the pod is up', async () => {
    expect(await kubectl('create', 'deployment', 'web', '--image=nginx:1.27', '--port=80')).toMatchObject({ code: 0, stdout: 'deployment.apps/web created\n' });
    expect(await kubectl('wait', '--for=condition=Available', 'deployment/web', '--timeout=60s')).toMatchObject({ code: 0, stdout: 'deployment.apps/web condition met\n' });
  });

  it('kubectl get svc kubernetes shows the API server\'s Service at 10.96.0.1 and its endpoints', async () => {
    const svc = rows((await kubectl('get', 'svc', 'kubernetes')).stdout);
    expect(svc[1]!.slice(0, 5)).toEqual(['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP']);
    const slices = rows((await kubectl('get', 'endpointslices', 'kubernetes')).stdout);
    expect(slices[1]!.slice(0, 4)).toEqual(['kubernetes', 'IPv4', '6443', '172.18.0.1']);
  });

  it('kubectl expose creates a Service that get services prints', async () => {
    expect(await kubectl('expose', 'deployment', 'web', '--port=80', '--target-port=80')).toMatchObject({ code: 0, stdout: 'service/web exposed\n' });
    const got = await kubectl('get', 'service', 'web');
    const table = rows(got.stdout);
    expect(table[0]).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(table[1]!.slice(0, 5)).toEqual(['web', 'ClusterIP', expect.stringMatching(/^10\.96\.\d+\.\d+$/), '<none>', '80/TCP']);
  });

  it('kubectl create configmap --from-literal stores the data', async () => {
    expect(await kubectl('create', 'configmap', 'settings', '--from-literal=level=debug')).toMatchObject({ code: 0, stdout: 'configmap/settings created\n' });
    expect(await kubectl('get', 'configmap', 'settings', '-o', 'jsonpath={.data.level}')).toMatchObject({ code: 0, stdout: 'debug' });
    const got = await kubectl('get', 'configmap', 'settings');
    expect(rows(got.stdout)[0]).toEqual(['NAME', 'DATA', 'AGE']);
    expect(rows(got.stdout)[1]!.slice(0, 2)).toEqual(['settings', '1']);
  });

  it('kubectl run creates a pod that wait --for=condition=Ready and logs see running', async () => {
    expect(await kubectl('run', 'tmp', '--image=busybox:1.36')).toMatchObject({ code: 0, stdout: 'pod/tmp created\n' });
    expect(await kubectl('wait', '--for=condition=Ready', 'pod/tmp', '--timeout=60s')).toMatchObject({ code: 0, stdout: 'pod/tmp condition met\n' });
    const logs = await kubectl('logs', 'tmp');
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d starting tmp \(image busybox:1\.36\)\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d tmp is ready\n$/);
  });

  it('kubectl logs honours --tail, picks a deployment pod and rejects an unknown container', async () => {
    const tail = await kubectl('logs', 'tmp', '--tail=1');
    expect(tail.stdout).toMatch(/^\S+ \S+ tmp is ready\n$/);
    const deploy = await kubectl('logs', 'deployment/web');
    expect(deploy.code).toBe(0);
    expect(deploy.stdout).toContain('starting nginx (image nginx:1.27)');
    const bad = await kubectl('logs', 'tmp', '-c', 'bogus');
    expect(bad).toMatchObject({ code: 1, stderr: 'error: container bogus is not valid for pod tmp\n' });
    // kubectl checks the name itself; the server answers the same with a 400 Status.
    const raw = await fetch(`${served.url}/api/v1/namespaces/default/pods/tmp/log?container=bogus`);
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'container bogus is not valid for pod tmp', code: 400 });
  });

  it('kubectl logs -f follows a running container, prints the lines it produces, and exits when it terminates', async () => {
    expect(await kubectl('run', 'follow', '--image=busybox:1.36')).toMatchObject({ code: 0 });
    expect(await kubectl('wait', '--for=condition=Ready', 'pod/follow', '--timeout=60s')).toMatchObject({ code: 0 });
    const child = spawn('kubectl', [`--cache-dir=${join(runner.dir, 'cache')}`, 'logs', '-f', 'follow'], { env: { ...process.env, KUBECONFIG: join(runner.dir, 'kubeconfig') } });
    const killer = setTimeout(() => child.kill(), 30_000);
    let out = '';
    let sawTwoLines!: () => void;
    const twoLines = new Promise<void>((resolve) => (sawTwoLines = resolve));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.split('\n').length > 2) sawTwoLines();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await twoLines;
    expect(child.exitCode).toBeNull();
    crashContainer(sim, { pod: 'default/follow' });
    sim.manager.runPending();
    const code = await exited;
    clearTimeout(killer);
    expect(code).toBe(0);
    expect(out).toMatch(/^\S+ \S+ starting follow \(image busybox:1\.36\)\n\S+ \S+ follow is ready\n\S+ \S+ error: follow terminated with exit code 1 \(Error\)\n$/);
    expect(await kubectl('delete', 'pod', 'follow', '--wait=false')).toMatchObject({ code: 0 });
  });

  it('kubectl get -w prints the current row, then the rows of later changes', async () => {
    const watch = kubectlStream(30_000, 'get', 'deployment', 'web', '-w');
    const first = rows(await watch.lines(2));
    expect(first[0]).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(first[1]!.slice(0, 4)).toEqual(['web', '1/1', '1', '1']);
    expect(await kubectl('scale', 'deployment/web', '--replicas=2')).toMatchObject({ code: 0 });
    await watch.lines(3);
    // Wait for the row showing both replicas available, then stop.
    for (let n = 3; n < 20 && !rows(await watch.lines(n)).some((r) => r[1] === '2/2'); n++);
    const table = rows(await watch.stop());
    expect(table.slice(2).every((r) => r[0] === 'web')).toBe(true);
    expect(table.slice(2).map((r) => r[1])).toContain('2/2');
    expect(table.at(-1)!.slice(0, 4)).toEqual(['web', '2/2', '2', '2']);
  });

  it('kubectl logs --previous prints the run that crashed and logs -l prefixes each pod', async () => {
    crashContainer(sim, { pod: 'default/tmp' });
    sim.manager.runPending();
    const restarted = kubectlStream(30_000, 'get', 'pod', 'tmp', '-w', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}{"\\n"}');
    for (let n = 1; n < 20 && !(await restarted.lines(n)).split('\n').includes('1'); n++);
    await restarted.stop();
    const previous = await kubectl('logs', 'tmp', '--previous');
    expect(previous.code).toBe(0);
    expect(previous.stdout).toMatch(/\n\S+ \S+ error: tmp terminated with exit code 1 \(Error\)\n$/);
    const current = await kubectl('logs', 'tmp', '--tail=-1');
    expect(current.stdout.split('\n')[0]).toMatch(/starting tmp \(image busybox:1\.36, restart 1\)$/);
    const labelled = await kubectl('logs', '-l', 'app=web', '--prefix', '--tail=1');
    expect(labelled.stdout.trimEnd().split('\n').map((l) => l.replace(/\] .*/, ']').replace(/web-[a-z0-9]+-[a-z0-9]+/, 'POD'))).toEqual(['[pod/POD/nginx]', '[pod/POD/nginx]']);
  });

  it('kubectl get events prints the event columns with the scheduler and kubelet events', async () => {
    const got = await kubectl('get', 'events', '--field-selector', 'involvedObject.name=tmp');
    expect(got.code).toBe(0);
    const table = rows(got.stdout);
    expect(table[0]).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(table.slice(1).map((r) => r[2])).toEqual(expect.arrayContaining(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']));
    expect(table.slice(1).every((r) => r[3] === 'pod/tmp')).toBe(true);
  });

  it('kubectl api-resources lists the served resources with short names and kinds', async () => {
    const got = await kubectl('api-resources');
    expect(got.code).toBe(0);
    const table = rows(got.stdout);
    expect(table[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    expect(table).toContainEqual(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    expect(table).toContainEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(table).toContainEqual(['nodes', 'no', 'v1', 'false', 'Node']);
  });

  it('kubectl explain prints a field of a served kind', async () => {
    const got = await kubectl('explain', 'pod.spec.containers.image');
    expect(got.code).toBe(0);
    expect(got.stdout).toContain('FIELD: image <string>');
  });

  it('kubectl create --validate=warn prints the server\'s unknown-field warning, and --validate=strict refuses the field', async () => {
    const file = writeManifest('bogus.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bogus\ndata:\n  a: b\nbogusField: 1\n');
    const warned = await kubectl('create', '-f', file, '--validate=warn');
    expect(warned).toMatchObject({ code: 0, stdout: 'configmap/bogus created\n' });
    expect(warned.stderr).toContain('Warning: unknown field "bogusField"');
    const strict = await kubectl('create', '-f', file, '--validate=strict', '--dry-run=server');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogusField"');
  });

  it('kubectl apply --server-side prints the server\'s 500 for a field a built-in kind does not have', async () => {
    const manifest = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: typo',
      'spec:',
      '  bogus: 1',
      '  selector:',
      '    matchLabels: { app: typo }',
      '  template:',
      '    metadata:',
      '      labels: { app: typo }',
      '    spec:',
      '      containers: [{ name: web, image: "nginx:1.27" }]',
      '',
    ].join('\n');
    const got = await kubectl('apply', '--server-side', '-f', writeManifest('typo.yaml', manifest));
    expect(got).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'Error from server: failed to create typed patch object (default/typo; apps/v1, Kind=Deployment): .spec.bogus: field not declared in schema\n',
    });
    expect(await kubectl('get', 'deployment', 'typo')).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): deployments.apps "typo" not found\n' });
  });

  it('kubectl delete removes a deployment and its pods, then get says NotFound', async () => {
    expect(await kubectl('delete', 'deployment', 'web', '--timeout=60s')).toMatchObject({ code: 0, stdout: 'deployment.apps "web" deleted\n' });
    expect(await kubectl('get', 'deployment', 'web')).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): deployments.apps "web" not found\n' });
    expect(await kubectl('delete', 'pod', 'tmp', '--timeout=60s')).toMatchObject({ code: 0, stdout: 'pod "tmp" deleted\n' });
    const files = ['-f', join(GUESTBOOK, 'frontend-deployment.yaml'), '-f', join(GUESTBOOK, 'frontend-service.yaml')];
    expect(await kubectl('delete', ...files, '--timeout=60s')).toMatchObject({ code: 0, stdout: 'deployment.apps "frontend" deleted\nservice "frontend" deleted\n' });
    // Deleting a Deployment does not wait for its pods: they terminate gracefully afterwards.
    let pods = await kubectl('get', 'pods', '-l', 'tier=frontend');
    for (let i = 0; i < 60 && pods.stdout !== ''; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      pods = await kubectl('get', 'pods', '-l', 'tier=frontend');
    }
    expect(pods).toMatchObject({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
  });
});
