// The server side of the serve suite, in a process of its own so the load generator does not
// share its CPU: `node --import tsx bench/serve/server-child.ts PODS DIR` builds a cluster with PODS
// running pods, serves it over HTTPS with a token (as `sim serve` does) and a floor server beside
// it with the same bytes, prints one ready line, and runs until stdin closes.

import { mkdirSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { KubeObject } from '../../lib/k8s/types.ts';
import { writeKubeconfig } from '../../lib/sim/server/kubeconfig.ts';
import { serveCluster } from '../../lib/sim/server/serve.ts';
import { generateToken } from '../../lib/sim/server/serve-state.ts';
import { ensureServerTls } from '../../lib/sim/server/tls.ts';
import { SimCluster } from '../../lib/sim/sim-cluster.ts';
import { cannedKey, serveFloor, type CannedResponse } from './floor.ts';
import { BENCH_NAMESPACE, FAN_CONFIGMAP, podName, READY_PREFIX, requestTargets, type ChildReady } from './targets.ts';

function buildCluster(pods: number): SimCluster {
  const sim = SimCluster.create({ shape: { nodes: Math.max(3, Math.ceil(pods / 100)) } });
  sim.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: BENCH_NAMESPACE } } as KubeObject, {});
  for (let i = 0; i < pods; i++) {
    sim.api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: podName(i), namespace: BENCH_NAMESPACE, labels: { app: `app-${i % 100}` } },
      spec: { containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
    } as KubeObject, {});
  }
  sim.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: FAN_CONFIGMAP, namespace: BENCH_NAMESPACE }, data: { n: '0' } } as KubeObject, {});
  sim.settle({ timeoutMs: 10 * 60_000 });
  return sim;
}

function fetchBytes(url: string, ca: string, token: string, path: string, accept: string): Promise<CannedResponse> {
  return new Promise((resolve, reject) => {
    const u = new URL(path, url);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, ca, headers: { Authorization: `Bearer ${token}`, Accept: accept } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve({ contentType: String(res.headers['content-type']), body: Buffer.concat(chunks) }) : reject(new Error(`${path}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const [podsArg, dir] = process.argv.slice(2);
  const pods = Number(podsArg);
  if (!Number.isInteger(pods) || pods < 1 || !dir) {
    process.stderr.write('usage: node --import tsx bench/serve/server-child.ts PODS DIR\n');
    process.exit(2);
  }
  mkdirSync(dir, { recursive: true });
  const start = performance.now();
  const sim = buildCluster(pods);
  const setupSeconds = (performance.now() - start) / 1000;
  const tls = ensureServerTls(join(dir, 'tls'));
  const token = generateToken();
  const served = await serveCluster(sim, { tls: { key: tls.server.key, cert: tls.server.cert }, token });
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, { server: served.url, caCert: tls.ca.cert, token });

  const answers = new Map<string, CannedResponse>();
  const bytes: Record<string, number> = {};
  for (const t of requestTargets(pods)) {
    const answer = await fetchBytes(served.url, tls.ca.cert, token, t.path, t.accept);
    answers.set(cannedKey(t.path, t.accept), answer);
    bytes[t.name] = answer.body.length;
  }
  const cm = sim.api.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: BENCH_NAMESPACE, name: FAN_CONFIGMAP });
  const eventLine = Buffer.from(`${JSON.stringify({ type: 'MODIFIED', object: cm })}\n`);
  const floor = await serveFloor(tls.server, answers, eventLine);

  const ready: ChildReady = { simUrl: served.url, floorUrl: floor.url, token, ca: tls.ca.cert, kubeconfig, setupSeconds, bytes };
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(ready)}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void served.close().then(() => process.exit(0));
    floor.server.closeAllConnections();
    floor.server.close();
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) await main();
