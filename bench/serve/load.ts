// The client side of the serve suite: request throughput and latency with autocannon, watch
// fan-out with plain HTTPS streams that only count lines, and whole-process timings of kubectl.
// It measures whatever server it is pointed at; it knows nothing of the simulation.

import { execFile } from 'node:child_process';
import { Agent, request } from 'node:https';
import autocannon from 'autocannon';
import { computeMedian } from '../lib/measure.ts';

/** Throughput and latency of one request, repeated for a while over several connections. */
export interface RequestResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly megabytesPerSecond: number;
  readonly requests: number;
  /** Errors and non-2xx answers: any is a failed measurement. */
  readonly failures: number;
}

/** How long one measurement runs: for `seconds`, or until `requests` answers came back. */
export type LoadLength = { readonly seconds: number } | { readonly requests: number };

/** Runs autocannon against `url` + `path`; one request may take up to two minutes (large lists). */
export async function measureRequests(url: string, path: string, options: { headers: Record<string, string>; connections: number; length: LoadLength }): Promise<RequestResult> {
  const length = 'seconds' in options.length ? { duration: options.length.seconds } : { amount: options.length.requests };
  const result = await autocannon({ url: new URL(path, url).toString(), connections: options.connections, ...length, timeout: 120, headers: options.headers, pipelining: 1 });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    megabytesPerSecond: result.throughput.average / 1024 / 1024,
    requests: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

/** How long `writes` writes took to reach every one of `watchers` watch streams. */
export interface FanoutResult {
  readonly watchers: number;
  readonly writes: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

/** Opens `watchers` streams on `watchPath`, then awaits `write()` `writes` times; done when every stream has `writes` lines. */
export async function measureWatchFanout(options: { url: string; ca: string; headers: Record<string, string>; watchPath: string; watchers: number; writes: number; write: (i: number) => Promise<void> }): Promise<FanoutResult> {
  const agent = new Agent({ ca: options.ca, keepAlive: true, maxSockets: options.watchers + 1 });
  const target = options.writes;
  let finished = 0;
  let allDone!: () => void;
  let fail!: (err: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    allDone = resolve;
    fail = reject;
  });
  done.catch(() => undefined); // awaited after the writes; do not let an early failure go unhandled
  const streams = await Promise.all(
    Array.from({ length: options.watchers }, () => new Promise<() => void>((resolve, reject) => {
      const u = new URL(options.watchPath, options.url);
      const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, agent, headers: options.headers }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`watch: HTTP ${res.statusCode}`));
        let lines = 0;
        let complete = false;
        res.on('data', (chunk: Buffer) => {
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
          if (!complete && lines >= target) {
            complete = true;
            if (++finished === options.watchers) allDone();
          }
        });
        res.on('close', () => {
          if (!complete) fail(new Error(`a watch stream ended after ${lines} of ${target} events`));
        });
        resolve(() => req.destroy());
      });
      req.on('error', () => undefined);
      req.end();
    })),
  );
  const start = performance.now();
  for (let i = 0; i < options.writes; i++) await options.write(i);
  await done;
  const seconds = (performance.now() - start) / 1000;
  for (const close of streams) close();
  agent.destroy();
  return { watchers: options.watchers, writes: options.writes, seconds, eventsPerSecond: (options.watchers * options.writes) / seconds };
}

/** Sends one request over `agent` and resolves with its status once the answer is read. */
export function sendOnce(url: string, agent: Agent, method: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(path, url);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, agent, headers: { ...headers, ...(body ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Median wall time of fetching every page of `path` (`limit` per page, following `continue`; 0: one request), as kubectl does. */
export async function timePagedList(url: string, ca: string, path: string, headers: Record<string, string>, limit: number, repeats: number): Promise<{ medianMs: number; pages: number }> {
  const agent = new Agent({ ca, keepAlive: true, maxSockets: 1 });
  const fetchPage = (query: string): Promise<{ continue?: string }> =>
    new Promise((resolve, reject) => {
      const u = new URL(query ? `${path}?${query}` : path, url);
      request({ host: u.hostname, port: u.port, path: u.pathname + u.search, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(readListMetadata(chunks)) : reject(new Error(`${path}: HTTP ${res.statusCode}`))));
      }).on('error', reject).end();
    });
  const runs: number[] = [];
  let pages = 0;
  try {
    for (let r = 0; r <= repeats; r++) {
      const start = performance.now();
      pages = 0;
      let cont: string | undefined;
      do {
        const meta = await fetchPage(limit > 0 ? `limit=${limit}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}` : '');
        cont = meta.continue || undefined;
        pages++;
      } while (cont);
      if (r > 0) runs.push(performance.now() - start); // the first run warms up
    }
  } finally {
    agent.destroy();
  }
  return { medianMs: computeMedian(runs), pages };
}

/**
 * The `metadata` of a list or Table body without parsing the whole body (a client that only times
 * the server should not spend its time in JSON.parse): both open with kind, apiVersion and a flat metadata.
 */
export function readListMetadata(chunks: readonly Buffer[]): { continue?: string } {
  const head = Buffer.concat(chunks.slice(0, 4) as Buffer[]).subarray(0, 64 * 1024).toString('utf8');
  const start = head.indexOf('"metadata":{');
  const end = start === -1 ? -1 : head.indexOf('}', start);
  if (end === -1) return JSON.parse(Buffer.concat(chunks as Buffer[]).toString()).metadata ?? {};
  return JSON.parse(head.slice(start + '"metadata":'.length, end + 1));
}

/** Median wall time of `kubectl args` over `repeats` runs after one warm-up; also the last run's stdout line count. */
export async function timeKubectl(kubeconfig: string, cacheDir: string, args: readonly string[], repeats: number): Promise<{ medianMs: number; runsMs: number[]; lines: number }> {
  const run = (): Promise<{ ms: number; stdout: string }> =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`kubectl ${args.join(' ')}: ${stderr || err.message}`));
        resolve({ ms: performance.now() - start, stdout });
      });
    });
  let last = await run();
  const runsMs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    last = await run();
    runsMs.push(last.ms);
  }
  return { medianMs: computeMedian(runsMs), runsMs, lines: last.stdout.split('\n').filter((l) => l !== '').length };
}
