// End-to-end runs of `shipshape sim …` as processes (node bin/shipshape.js) against a state
// directory in a temporary folder (SHIPSHAPE_STATE). Each test has its own state, so they run
// concurrently; each command is a process start.

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'shipshape.js');

interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const dirs: string[] = [];
const holders: ChildProcess[] = [];

function newState(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-cli-sim-'));
  dirs.push(dir);
  return join(dir, 'state');
}

function run(state: string, args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'sim', ...args], { cwd: ROOT, env: { ...process.env, SHIPSHAPE_STATE: state, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts a process that takes the state's lock and holds it until its stdin closes. */
function holdLock(state: string): Promise<ChildProcess> {
  const code = [
    "import { acquireLockSync } from './lib/sim/persist.ts';",
    `const lock = acquireLockSync(${JSON.stringify(state)}, { command: 'shipshape apply' });`,
    "process.stdout.write('locked\\n');",
    'process.stdin.on("end", () => { lock.release(); process.exit(0); });',
    'process.stdin.resume();',
  ].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  holders.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`the lock holder exited with code ${code}`)));
  });
}

afterAll(() => {
  for (const child of holders) child.stdin?.end();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const NODES = [
  'NAME     STATUS   ROLES    AGE   VERSION',
  'node-1   Ready    <none>   0s    v1.32.0-shipshape',
  'node-2   Ready    <none>   0s    v1.32.0-shipshape',
  'node-3   Ready    <none>   0s    v1.32.0-shipshape',
  '',
].join('\n');

describe.concurrent('shipshape sim', () => {
  it('sim init creates a cluster of the asked shape and sim get nodes prints kubectl columns', async () => {
    const state = newState();
    const init = await run(state, ['init', '--nodes', '2', '--cpu', '8', '--memory', '32Gi']);
    expect(init).toEqual({ code: 0, stdout: `Created a simulated cluster in ${state}: 2 nodes (8 CPU, 32Gi memory each)\n`, stderr: '' });
    const nodes = await run(state, ['get', 'nodes']);
    expect(nodes).toEqual({ code: 0, stdout: NODES.split('\n').filter((l) => !l.startsWith('node-3')).join('\n'), stderr: '' });
  });

  it('sim init refuses to replace an existing cluster unless --force', async () => {
    const state = newState();
    expect((await run(state, ['init'])).code).toBe(0);
    const again = await run(state, ['init']);
    expect(again).toEqual({ code: 1, stdout: '', stderr: `Error: A simulated cluster already exists in ${state}\nhint: add --force to replace it with a new one (its objects are lost)\n` });
    const forced = await run(state, ['init', '--force', '--nodes', '1']);
    expect(forced.code).toBe(0);
    expect((await run(state, ['get', 'nodes', '-o', 'name'])).stdout).toBe('node/node-1\n');
  });

  it('sim get prints nodes and namespaces exactly as kubectl does, creating the cluster on first use', async () => {
    const state = newState();
    expect(await run(state, ['get', 'nodes'])).toEqual({ code: 0, stdout: NODES, stderr: '' });
    const ns = await run(state, ['get', 'ns']);
    expect(ns.stdout).toBe(['NAME              STATUS   AGE', 'default           Active   0s', 'kube-node-lease   Active   0s', 'kube-public       Active   0s', 'kube-system       Active   0s', ''].join('\n'));
  });

  it('sim get services -A shows the API server\'s Service default/kubernetes on a fresh cluster, as kubectl does', async () => {
    const state = newState();
    const services = await run(state, ['get', 'services', '-A']);
    expect(services).toEqual({
      code: 0,
      stdout: ['NAMESPACE   NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE', 'default     kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s', ''].join('\n'),
      stderr: '',
    });
    const endpoints = await run(state, ['get', 'endpoints', 'kubernetes']);
    expect(endpoints.stdout).toBe(['NAME         ENDPOINTS         AGE', 'kubernetes   172.18.0.1:6443   0s', ''].join('\n'));
  });

  it('sim get -o yaml prints a List of the objects, without managedFields', async () => {
    const state = newState();
    const list = await run(state, ['get', 'nodes', '-o', 'yaml']);
    expect(list.code).toBe(0);
    const doc = parse(list.stdout) as { apiVersion: string; kind: string; items: Array<{ kind: string; metadata: Record<string, unknown> }> };
    expect([doc.apiVersion, doc.kind]).toEqual(['v1', 'List']);
    expect(doc.items.map((n) => n.metadata.name)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(doc.items[0]!.metadata.managedFields).toBeUndefined();
    const one = parse((await run(state, ['get', 'node/node-2', '-o', 'yaml'])).stdout) as { kind: string; metadata: { name: string } };
    expect([one.kind, one.metadata.name]).toEqual(['Node', 'node-2']);
  });

  it('sim get of a missing object exits 1 and names what exists', async () => {
    const state = newState();
    expect(await run(state, ['get', 'node', 'node-9'])).toEqual({ code: 1, stdout: '', stderr: 'Error: nodes "node-9" not found; nodes: node-1, node-2, node-3\n' });
    expect(await run(state, ['get', 'deploy', 'web', '-n', 'shop'])).toEqual({ code: 1, stdout: '', stderr: 'Error: deployments.apps "web" not found in namespace "shop"; deployments there: none\n' });
    expect(await run(state, ['get', 'pods'])).toEqual({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    const unknown = await run(state, ['get', 'gizmos']);
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([1, 'Error: the server doesn\'t have a resource type "gizmos"']);
  });

  it('sim status shows what each node has allocated against what it can allocate', async () => {
    const state = newState();
    expect(await run(state, ['status'])).toEqual({
      code: 0,
      stdout: [
        `Cluster: ${state} (virtual time 2026-01-01T00:00:00Z)`,
        '',
        'NAME     STATUS   CPU REQUESTS   MEMORY REQUESTS   PODS',
        'node-1   Ready    0/4 (0%)       0/16Gi (0%)       0/110',
        'node-2   Ready    0/4 (0%)       0/16Gi (0%)       0/110',
        'node-3   Ready    0/4 (0%)       0/16Gi (0%)       0/110',
        '',
        'Pods: 0',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('sim advance moves the virtual clock, and ages follow it', async () => {
    const state = newState();
    const advance = await run(state, ['advance', '5m']);
    expect([advance.code, advance.stdout]).toEqual([0, expect.stringMatching(/^Advanced the clock by 5m to 2026-01-01T00:05:00Z \(\d+ reconciles\)\n$/)]);
    expect((await run(state, ['get', 'nodes'])).stdout).toBe(NODES.replaceAll('0s ', '5m '));
    const bad = await run(state, ['advance', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'soon' is not a duration: use e.g. 90s, 5m, 1h30m, 2500ms, or a number of seconds");
  });

  it('sim commands fail with the lock holder named while another process holds the state', async () => {
    const state = newState();
    expect((await run(state, ['init'])).code).toBe(0);
    const holder = await holdLock(state);
    const result = await run(state, ['get', 'nodes']);
    holder.stdin!.end();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^Error: The simulated cluster state in ${state.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is locked by pid ${holder.pid} \\(shipshape apply, started .+\\)\nhint: Wait for that command to finish, or stop it; if it is no longer running, delete .+lock\n$`));
  });

  it('sim cordon marks a node SchedulingDisabled and names the nodes for a wrong one', async () => {
    const state = newState();
    expect(await run(state, ['cordon', 'node-1'])).toEqual({ code: 0, stdout: 'node/node-1 cordoned\n', stderr: '' });
    expect((await run(state, ['cordon', 'node-1'])).stdout).toBe('node/node-1 already cordoned\n');
    expect((await run(state, ['get', 'nodes'])).stdout.split('\n')[1]).toBe('node-1   Ready,SchedulingDisabled   <none>   0s    v1.32.0-shipshape');
    expect(await run(state, ['uncordon', 'node-9'])).toEqual({ code: 1, stdout: '', stderr: 'Error: Node "node-9" not found; nodes: node-1, node-2, node-3\n' });
  });

  it('sim fail-node makes a node NotReady once the grace period passes', async () => {
    const state = newState();
    expect(await run(state, ['fail-node', 'node-2'])).toEqual({ code: 0, stdout: 'node/node-2 failed: its kubelet stopped posting status\n', stderr: '' });
    const nodes = (await run(state, ['get', 'nodes', '--no-headers'])).stdout.split('\n');
    expect(nodes[1]).toMatch(/^node-2 +NotReady +<none> /);
    expect((await run(state, ['status'])).stdout).toContain('Faults:\n  failed nodes: node-2\n');
  });

  it('sim oom-kill names the pods there when the pod is missing, and its help shows the memory-usage knob', async () => {
    const state = newState();
    expect(await run(state, ['oom-kill', 'web', '-n', 'shop'])).toEqual({ code: 1, stdout: '', stderr: 'Error: Pod "web" not found in namespace "shop"; pods there: none\n' });
    const help = await run(state, ['oom-kill', '--help']);
    expect(help.stdout).toContain('Usage: shipshape sim oom-kill [options] <pod>');
    expect(help.stdout).toContain('  $ shipshape sim oom-kill shop/web-7d9c5b8f4-x2k9p -c app --times 5\n  (or annotate the pod: sim.shipshape.dev/memory-usage: 250Mi, above its memory limit)\n');
  });

  it('sim get --help shows the options and examples', async () => {
    const help = await run(newState(), ['get', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('-A, --all-namespaces');
    expect(help.stdout).toContain('$ shipshape sim get pods -n shop -o wide');
  });
});
