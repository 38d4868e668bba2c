// The `serve` suite: the simulated cluster served over HTTPS (as `shipshape sim serve` does) next
// to a bare Node HTTPS server answering the same bytes (the floor), on loopback: GET/LIST
// throughput and latency with autocannon, watch fan-out, and `kubectl get pods -A` over N pods.
// Targets: single-object GET within 2× of the floor; kubectl get pods -A over 10,000 pods < 1 s,
// reported with where kubectl's time goes: its requests alone, its client-side rate limiter
// (kubectl-throttle.ts), and the same listing with --chunk-size=0.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine, formatChecks, formatNumber, formatTable, writeResults } from '../lib/report.ts';
import type { BenchOptions, Suite, TargetCheck } from '../lib/suite.ts';
import { FLOOR_POKE_PATH, FLOOR_WATCH_PATH } from './floor.ts';
import { CLIENT_BURST, CLIENT_QPS, computeThrottleFloorMs, measureThrottle } from './kubectl-throttle.ts';
import { measureRequests, measureWatchFanout, sendOnce, timeKubectl, timePagedList, type FanoutResult, type RequestResult } from './load.ts';
import { BENCH_NAMESPACE, FAN_CONFIGMAP, READY_PREFIX, requestTargets, TABLE_ACCEPT, type ChildReady } from './targets.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** The pod count the kubectl target is stated at. */
export const TARGET_PODS = 10_000;
/** The slowest `kubectl get pods -A` allowed at TARGET_PODS, in ms. */
export const KUBECTL_TARGET_MS = 1_000;
/** How much slower than the floor a single-object GET may be. */
export const GET_TARGET_RATIO = 2;

interface Plan {
  readonly pods: number;
  /** How long each single-object GET measurement runs. */
  readonly seconds: number;
  /** How many list requests each list measurement sends (a 10,000-pod list takes a while). */
  readonly listRequests: number;
  readonly watchers: number;
  readonly writes: number;
  readonly kubectlRepeats: number;
}

function choosePlan(options: BenchOptions): Plan {
  const base: Plan = options.quick ? { pods: 2_000, seconds: 3, listRequests: 10, watchers: 100, writes: 200, kubectlRepeats: 3 } : { pods: TARGET_PODS, seconds: 8, listRequests: 20, watchers: 100, writes: 1_000, kubectlRepeats: 5 };
  return { ...base, pods: options.sizes?.[0] ?? base.pods, kubectlRepeats: options.repeats ?? base.kubectlRepeats };
}

/** Starts the server child and resolves with its ready line and a stop function. */
async function startChild(pods: number, dir: string): Promise<{ ready: ChildReady; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/serve/server-child.ts', String(pods), dir], { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const ready = await new Promise<ChildReady>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.startsWith(READY_PREFIX));
      if (line) resolve(JSON.parse(line.slice(READY_PREFIX.length)) as ChildReady);
    });
    void exited.then(() => reject(new Error(`serve bench child exited before it was ready:\n${out}`)));
  });
  return { ready, stop: async () => { child.stdin!.end(); await exited; } };
}

interface Row {
  readonly measurement: string;
  readonly server: 'shipshape' | 'floor';
  readonly result: RequestResult;
}

function formatRows(rows: readonly Row[], bytes: Record<string, number>): string[][] {
  return rows.map((r) => {
    const floor = rows.find((f) => f.measurement === r.measurement && f.server === 'floor');
    const ratio = floor && r.server === 'shipshape' && r.result.requestsPerSecond > 0 ? `${formatNumber(floor.result.requestsPerSecond / r.result.requestsPerSecond, 2)}×` : '';
    return [r.measurement, r.server, formatNumber((bytes[r.measurement] ?? 0) / 1024, 1), formatNumber(r.result.requestsPerSecond, 1), formatNumber(r.result.p50Ms, 1), formatNumber(r.result.p99Ms, 1), formatNumber(r.result.megabytesPerSecond, 1), ratio, String(r.result.failures)];
  });
}

/** Where `kubectl get pods -A`'s time goes besides the server. */
export interface KubectlBreakdown {
  /** Pages kubectl fetched (limit=500) and their requests alone, as one client on one connection. */
  readonly pages: number;
  readonly pagedRequestsMs: number;
  /** The least time client-go's rate limiter allows for those pages, whatever the server. */
  readonly throttleFloorMs: number;
  /** The same listing with --chunk-size=0 (one request), and that request alone. */
  readonly unchunkedMs: number;
  readonly unchunkedRequestMs: number;
}

/** Checks the targets (kubectl only at TARGET_PODS or more). */
export function checkTargets(rows: readonly Row[], kubectlMs: number | undefined, pods: number, breakdown?: KubectlBreakdown): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const get = (server: Row['server']): Row | undefined => rows.find((r) => r.measurement.startsWith('GET one pod') && r.server === server);
  const sim = get('shipshape');
  const floor = get('floor');
  const getName = `single-object GET within ${GET_TARGET_RATIO}× of the floor`;
  if (!sim || !floor) checks.push({ name: getName, status: 'skip', detail: 'not measured' });
  else {
    const ratio = floor.result.requestsPerSecond / sim.result.requestsPerSecond;
    checks.push({ name: getName, status: ratio <= GET_TARGET_RATIO && sim.result.failures === 0 ? 'pass' : 'fail', detail: `${formatNumber(ratio, 2)}× (${formatNumber(sim.result.requestsPerSecond)} vs ${formatNumber(floor.result.requestsPerSecond)} req/s)` });
  }
  const kubectlName = `kubectl get pods -A over ${formatNumber(TARGET_PODS)} pods < ${formatNumber(KUBECTL_TARGET_MS)} ms`;
  if (kubectlMs === undefined || pods < TARGET_PODS) checks.push({ name: kubectlName, status: 'skip', detail: `run with ${formatNumber(pods)} pods` });
  else {
    const cause = breakdown
      ? `; kubectl's client-side rate limiter (client-go QPS ${CLIENT_QPS}, burst ${CLIENT_BURST}) holds its ${breakdown.pages} limit=500 pages to ≥ ${formatNumber(breakdown.throttleFloorMs)} ms on any server that pages; the server answers them in ${formatNumber(breakdown.pagedRequestsMs)} ms; --chunk-size=0: ${formatNumber(breakdown.unchunkedMs)} ms, of which the server ${formatNumber(breakdown.unchunkedRequestMs)} ms`
      : '';
    checks.push({ name: kubectlName, status: kubectlMs < KUBECTL_TARGET_MS ? 'pass' : 'fail', detail: `${formatNumber(kubectlMs)} ms (median)${cause}` });
  }
  return checks;
}

async function runFanout(ready: ChildReady, server: 'shipshape' | 'floor', plan: Plan): Promise<FanoutResult> {
  const headers = { Authorization: `Bearer ${ready.token}`, Accept: 'application/json' };
  const agent = new Agent({ ca: ready.ca, keepAlive: true, maxSockets: 1 });
  try {
    if (server === 'floor') {
      return await measureWatchFanout({ url: ready.floorUrl, ca: ready.ca, headers, watchPath: FLOOR_WATCH_PATH, watchers: plan.watchers, writes: plan.writes, write: async () => void (await sendOnce(ready.floorUrl, agent, 'POST', FLOOR_POKE_PATH, headers, '{}')) });
    }
    const cmPath = `/api/v1/namespaces/${BENCH_NAMESPACE}/configmaps/${FAN_CONFIGMAP}`;
    const watchPath = `/api/v1/namespaces/${BENCH_NAMESPACE}/configmaps?watch=true&resourceVersion=__RV__&fieldSelector=metadata.name%3D${FAN_CONFIGMAP}`;
    const rv = await currentResourceVersion(ready, agent, `/api/v1/namespaces/${BENCH_NAMESPACE}/configmaps`);
    const patchHeaders = { ...headers, 'Content-Type': 'application/merge-patch+json' };
    return await measureWatchFanout({
      url: ready.simUrl, ca: ready.ca, headers, watchPath: watchPath.replace('__RV__', rv), watchers: plan.watchers, writes: plan.writes,
      write: async (i) => {
        const status = await sendOnce(ready.simUrl, agent, 'PATCH', cmPath, patchHeaders, JSON.stringify({ data: { n: String(i + 1) } }));
        if (status !== 200) throw new Error(`PATCH answered ${status}`);
      },
    });
  } finally {
    agent.destroy();
  }
}

/** The collection's resourceVersion (a single object's may be older than the watch history). */
async function currentResourceVersion(ready: ChildReady, agent: Agent, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const u = new URL(path, ready.simUrl);
    request({ host: u.hostname, port: u.port, path: u.pathname, agent, headers: { Authorization: `Bearer ${ready.token}` } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(String(JSON.parse(text).metadata.resourceVersion)));
    }).on('error', reject).end();
  });
}

/** The serve suite. */
export const serveSuite: Suite = {
  name: 'serve',
  description: 'served cluster over HTTPS vs a bare Node HTTPS floor: GET/LIST, watch fan-out, kubectl get pods -A',
  async run(options) {
    const plan = choosePlan(options);
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-bench-serve-'));
    process.stderr.write(`serve: building a cluster with ${formatNumber(plan.pods)} running pods …\n`);
    const { ready, stop } = await startChild(plan.pods, dir);
    try {
      const rows: Row[] = [];
      for (const t of requestTargets(plan.pods)) {
        const single = t.name.startsWith('GET');
        for (const server of ['shipshape', 'floor'] as const) {
          process.stderr.write(`serve: ${t.name} on ${server} …\n`);
          const url = server === 'shipshape' ? ready.simUrl : ready.floorUrl;
          const result = await measureRequests(url, t.path, { headers: { Authorization: `Bearer ${ready.token}`, Accept: t.accept }, connections: single ? 16 : 2, length: single ? { seconds: plan.seconds } : { requests: plan.listRequests } });
          rows.push({ measurement: t.name, server, result });
        }
      }
      const fanout: Array<{ server: string; result: FanoutResult }> = [];
      for (const server of ['shipshape', 'floor'] as const) {
        process.stderr.write(`serve: watch fan-out on ${server} …\n`);
        fanout.push({ server, result: await runFanout(ready, server, plan) });
      }
      process.stderr.write('serve: kubectl get pods -A …\n');
      const cacheDir = join(dir, 'kube-cache');
      const kubectl = await timeKubectl(ready.kubeconfig, cacheDir, ['get', 'pods', '-A'], plan.kubectlRepeats);
      if (kubectl.lines !== plan.pods + 1) throw new Error(`kubectl get pods -A printed ${kubectl.lines} lines, expected ${plan.pods + 1}`);
      const throttle = await measureThrottle(ready.kubeconfig, cacheDir, ['get', 'pods', '-A']);
      process.stderr.write('serve: kubectl get pods -A --chunk-size=0 …\n');
      const unchunked = await timeKubectl(ready.kubeconfig, cacheDir, ['get', 'pods', '-A', '--chunk-size=0'], plan.kubectlRepeats);
      const tableHeaders = { Authorization: `Bearer ${ready.token}`, Accept: TABLE_ACCEPT };
      const paged = await timePagedList(ready.simUrl, ready.ca, '/api/v1/pods', tableHeaders, 500, plan.kubectlRepeats);
      const whole = await timePagedList(ready.simUrl, ready.ca, '/api/v1/pods', tableHeaders, 0, plan.kubectlRepeats);
      const breakdown: KubectlBreakdown = { pages: paged.pages, pagedRequestsMs: paged.medianMs, throttleFloorMs: computeThrottleFloorMs(paged.pages), unchunkedMs: unchunked.medianMs, unchunkedRequestMs: whole.medianMs };

      console.log(`\nserve — loopback HTTPS, server in its own process, autocannon: GET ${plan.seconds} s over 16 connections, LIST ${plan.listRequests} requests over 2 (${process.version}); cluster setup ${formatNumber(ready.setupSeconds, 1)} s\n`);
      console.log(formatTable(['request', 'server', 'KiB', 'req/s', 'p50 ms', 'p99 ms', 'MiB/s', 'floor ×', 'failures'], formatRows(rows, ready.bytes)));
      console.log('');
      console.log(formatTable(['watch fan-out', 'server', 'watchers', 'writes', 'seconds', 'events/s'], fanout.map((f) => [`${f.result.watchers} watchers × ${f.result.writes} writes`, f.server, String(f.result.watchers), String(f.result.writes), formatNumber(f.result.seconds, 2), formatNumber(f.result.eventsPerSecond)])));
      console.log(`\nkubectl get pods -A over ${formatNumber(plan.pods)} pods: median ${formatNumber(kubectl.medianMs)} ms (runs: ${kubectl.runsMs.map((m) => formatNumber(m)).join(', ')} ms)`);
      console.log(`  its requests alone (${paged.pages} Table pages of 500, one connection): median ${formatNumber(paged.medianMs)} ms`);
      console.log(`  kubectl's client-side rate limiter (client-go QPS ${CLIENT_QPS}, burst ${CLIENT_BURST}): ${paged.pages} requests take ≥ ${formatNumber(breakdown.throttleFloorMs)} ms whatever the server`);
      console.log(`  measured (-v=6, one run of ${formatNumber(throttle.wallMs)} ms): ${throttle.requests} requests, ${throttle.waits} held back by the rate limiter for ${formatNumber(throttle.waitedMs)} ms in all`);
      console.log(`kubectl get pods -A --chunk-size=0 (one request): median ${formatNumber(unchunked.medianMs)} ms (runs: ${unchunked.runsMs.map((m) => formatNumber(m)).join(', ')} ms)`);
      console.log(`  the one Table request alone: median ${formatNumber(whole.medianMs)} ms; the rest is kubectl decoding and printing`);
      const checks = checkTargets(rows, kubectl.medianMs, plan.pods, breakdown);
      console.log(`\n${formatChecks(checks)}`);
      const file = writeResults(options.outDir, 'serve', { suite: 'serve', date: new Date().toISOString(), machine: describeMachine(), plan, setupSeconds: ready.setupSeconds, bytes: ready.bytes, rows, fanout, kubectl, pagedTableListMs: paged.medianMs, kubectlThrottle: throttle, kubectlUnchunked: unchunked, wholeTableListMs: whole.medianMs, kubectlBreakdown: breakdown, checks });
      console.log(`\nresults: ${file}`);
      return checks;
    } finally {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
