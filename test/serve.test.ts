// `shipshape sim serve` end to end on 127.0.0.1: the real kubectl and client-node with the
// written kubeconfig, raw HTTPS requests for the error answers, and the CLI as a child process
// that saves its state on SIGTERM.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../cli/main.ts';
import { LOCK_FILE } from '../lib/sim/persist.ts';
import { serveState, type StateServer } from '../lib/sim/server/serve-state.ts';
import { SERVER_INFO_FILE } from '../lib/sim/server/server-info.ts';
import { sendRequest, type HttpsTarget } from './support/https-client.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kubectl asynchronously (the server answers from this very process). */
function kubectl(kubeconfig: string, cacheDir: string, args: readonly string[], input?: string): Promise<Run> {
  const env = { ...process.env, KUBECONFIG: kubeconfig };
  return new Promise((resolve) => {
    const child = execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { env, timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(input ?? ''); // kubectl prompts for a password on an open stdin
  });
}

const CONFIGMAP_YAML = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: survivor\n  namespace: default\ndata:\n  answer: "42"\n';

describe('shipshape sim serve, in process', () => {
  let dir: string;
  let server: StateServer;
  let target: HttpsTarget;
  let cacheDir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shipshape-serve-'));
    cacheDir = join(dir, 'kube-cache');
    server = await serveState({ stateDir: dir });
    target = { url: server.url, ca: server.caCert, token: server.token };
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('kubectl version reports server 1.32', async () => {
    const run = await kubectl(server.kubeconfigPath, cacheDir, ['version']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Server Version: v1.32.0-shipshape');
  });

  it('kubectl get nodes and get ns list the bootstrapped cluster', async () => {
    const nodes = await kubectl(server.kubeconfigPath, cacheDir, ['get', 'nodes', '-o', 'name']);
    expect(nodes.stdout).toBe('node/node-1\nnode/node-2\nnode/node-3\n');
    const table = await kubectl(server.kubeconfigPath, cacheDir, ['get', 'nodes']);
    expect(table.stdout).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\nnode-1\s+Ready\s/);
    const ns = await kubectl(server.kubeconfigPath, cacheDir, ['get', 'ns', '-o', 'name']);
    expect(ns.stdout).toBe('namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n');
  });

  it('kubectl get pods -A shows a created pod, bound to a node by the scheduler', async () => {
    const empty = await kubectl(server.kubeconfigPath, cacheDir, ['get', 'pods', '-A']);
    expect(empty.stderr).toBe('No resources found\n');
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', namespace: 'default' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
    const created = await kubectl(server.kubeconfigPath, cacheDir, ['create', '--validate=false', '-f', '-'], JSON.stringify(pod));
    expect(created.stdout).toBe('pod/solo created\n');
    const pods = await kubectl(server.kubeconfigPath, cacheDir, ['get', 'pods', '-A', '-o', 'wide', '--no-headers']);
    expect(pods.stdout).toMatch(/^default\s+solo\s+.*\snode-[123]\s[^\n]*\n$/);
  });

  it('kubectl without a token, or with a wrong one, gets 401 Unauthorized', async () => {
    // A user with neither token nor password makes kubectl prompt; basic auth sends no token.
    const anonymous = join(dir, 'anonymous.kubeconfig');
    const ca = Buffer.from(server.caCert).toString('base64');
    writeFileSync(
      anonymous,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: s\n  cluster:\n    server: ${server.url}\n    certificate-authority-data: ${ca}\nusers:\n- name: s\n  user: {username: admin, password: secret}\ncontexts:\n- name: s\n  context: {cluster: s, user: s}\ncurrent-context: s\n`,
    );
    const run = await kubectl(anonymous, cacheDir, ['get', 'ns']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: You must be logged in to the server (Unauthorized)\n');
    const wrong = await kubectl(server.kubeconfigPath, cacheDir, ['--token', 'not-the-token', 'get', 'ns']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('error: You must be logged in to the server (Unauthorized)\n');
  });

  it('a raw request without a token gets a 401 Status', async () => {
    const res = await sendRequest({ url: server.url, ca: server.caCert }, { path: '/api/v1/nodes' });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
  });

  it('an unknown path gets a 404 Status', async () => {
    const res = await sendRequest(target, { path: '/no/such/thing' });
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
  });

  it('a malformed JSON body gets a 400 Status', async () => {
    const res = await sendRequest(target, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: '{"kind": "ConfigMap", ' });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    expect(res.json().message).toMatch(/^the body of the request could not be decoded: /);
  });

  it('an oversized body gets a 413 Status', async () => {
    const res = await sendRequest(target, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: Buffer.alloc(3 * 1024 * 1024 + 1, 'x') });
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge', code: 413, message: 'Request entity too large: limit is 3145728' });
  });

  it('a body of an unknown content type gets a 415 Status', async () => {
    const res = await sendRequest(target, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', headers: { 'Content-Type': 'text/csv' }, body: 'a,b' });
    expect(res.status).toBe(415);
    expect(res.json()).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType', code: 415 });
  });

  it('client-node lists nodes with the kubeconfig', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(server.kubeconfigPath);
    expect(kc.getCurrentContext()).toBe('shipshape');
    const nodes = await kc.makeApiClient(CoreV1Api).listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(['node-1', 'node-2', 'node-3']);
  });
});

/** How to start the CLI: bin/shipshape.js once `sim serve` is registered there, else a launcher. */
function cliCommand(): string[] {
  const io = { cwd: REPO, stdout: () => {}, stderr: () => {} };
  const sim = createProgram(io).commands.find((c) => c.name() === 'sim');
  if (sim?.commands.some((c) => c.name() === 'serve')) return [join(REPO, 'bin/shipshape.js')];
  const launcher = [
    `const { createProgram } = await import(${JSON.stringify(join(REPO, 'cli/main.ts'))});`,
    `const { registerServeCommandStandalone } = await import(${JSON.stringify(join(REPO, 'cli/serve/command.ts'))});`,
    'const io = { cwd: process.cwd(), env: process.env, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };',
    'const program = createProgram(io); registerServeCommandStandalone(program, io);',
    "await program.parseAsync(process.argv.slice(1), { from: 'user' });",
  ].join('\n');
  return ['--import', 'tsx', '--input-type=module', '-e', launcher];
}

interface ServeChild {
  readonly child: ChildProcess;
  readonly kubeconfig: string;
  output(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

function startServeChild(stateDir: string): Promise<ServeChild> {
  const child = spawn(process.execPath, [...cliCommand(), 'sim', 'serve', '--port', '0', '--state', stateDir], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /^kubeconfig: (\S+) \(context shipshape\)$/m.exec(out);
      if (m) resolve({ child, kubeconfig: m[1]!, output: () => out + err, exited });
    });
    void exited.then((code) => reject(new Error(`sim serve exited with ${code} before serving:\n${out}${err}`)));
  });
}

describe('shipshape sim serve, as a process', () => {
  it('the CLI prints the kubeconfig path, and on SIGTERM saves the state and releases the lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-serve-cli-'));
    const cacheDir = join(dir, 'kube-cache');
    try {
      const first = await startServeChild(dir);
      expect(first.kubeconfig).toBe(join(dir, 'kubeconfig'));
      expect(existsSync(join(dir, SERVER_INFO_FILE))).toBe(true);
      const created = await kubectl(first.kubeconfig, cacheDir, ['create', '--validate=false', '-f', '-'], CONFIGMAP_YAML);
      expect(created.stdout).toBe('configmap/survivor created\n');
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(first.output()).toContain('SIGTERM: stopping, saving the state …\n');
      expect(first.output()).toContain(`Stopped; the state is saved in ${join(dir, 'cluster.json')}\n`);
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
      expect(existsSync(join(dir, SERVER_INFO_FILE))).toBe(false);

      const second = await startServeChild(dir);
      try {
        const got = await kubectl(second.kubeconfig, cacheDir, ['get', 'configmap', 'survivor', '-o', 'jsonpath={.data.answer}']);
        expect(got.stdout).toBe('42');
      } finally {
        second.child.kill('SIGTERM');
        expect(await second.exited).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
