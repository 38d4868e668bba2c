// What kubectl's own client-side rate limiter costs `kubectl get pods -A`: client-go's token bucket
// (QPS 5, burst 10 by default) computed for N requests, and the waits kubectl itself logs at -v=6
// ("Waited for 176.8ms due to client-side throttling, not priority and fairness"). Server-agnostic.

import { execFile } from 'node:child_process';

/** client-go's default client-side rate limit, which kubectl uses. */
export const CLIENT_QPS = 5;
export const CLIENT_BURST = 10;

/**
 * The least time, in ms, between the first and the last of `requests` requests that client-go's
 * token bucket allows (the bucket starts full): (requests − burst) / QPS, however fast the server.
 */
export function computeThrottleFloorMs(requests: number, qps = CLIENT_QPS, burst = CLIENT_BURST): number {
  return (Math.max(0, requests - burst) / qps) * 1000;
}

/** A Go duration (`176.8ms`, `1.02s`, `950µs`) in ms; NaN when it is not one. */
export function parseGoDurationMs(text: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = text.trim();
  if (rest === '') return NaN;
  while (rest !== '') {
    const m = /^(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!m) return NaN;
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** What one `-v=6` run of kubectl logged about its requests. */
export interface ThrottleLog {
  /** Requests it sent (round_trippers lines). */
  readonly requests: number;
  /** Requests the rate limiter held back, and for how long in all. */
  readonly waits: number;
  readonly waitedMs: number;
}

/** Counts the requests and the client-side throttling waits in kubectl's `-v=6` stderr. */
export function parseThrottleLog(stderr: string): ThrottleLog {
  let requests = 0;
  let waits = 0;
  let waitedMs = 0;
  for (const line of stderr.split('\n')) {
    if (/round_trippers\.go:\d+\] (GET|POST|PUT|PATCH|DELETE) /.test(line)) requests++;
    const waited = /Waited for (\S+) due to client-side throttling/.exec(line);
    if (waited) {
      waits++;
      waitedMs += parseGoDurationMs(waited[1]!) || 0;
    }
  }
  return { requests, waits, waitedMs };
}

/** Runs `kubectl args -v=6` once and reads its throttling log (stdout is discarded). */
export function measureThrottle(kubeconfig: string, cacheDir: string, args: readonly string[]): Promise<ThrottleLog & { wallMs: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args, '-v=6'], { maxBuffer: 256 * 1024 * 1024 }, (err, _stdout, stderr) => {
      if (err) return reject(new Error(`kubectl ${args.join(' ')} -v=6: ${err.message}`));
      resolve({ ...parseThrottleLog(stderr), wallMs: performance.now() - start });
    });
  });
}
