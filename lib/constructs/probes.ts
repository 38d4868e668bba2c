// Readiness, liveness and startup probes of an App: the props shape (a path shorthand, an HTTP
// GET, a TCP connect or a command), their validation and their rendering as a V1Probe.
// Which probe is on by default is decided by the App (see AppProps.readiness).

import { z } from 'zod';
import type { V1Probe } from '../k8s/types.ts';
import { strictObject, zInteger, zOneOf, zString, zStrings, type PropProblems } from './schema-rules.ts';

/** How often and how patiently a probe runs; unset fields take the Kubernetes defaults. */
export interface ProbeTiming {
  /** @default 0 */
  readonly initialDelaySeconds?: number;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 1 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
  /** Must be 1 for liveness and startup probes. @default 1 */
  readonly successThreshold?: number;
}

/** An HTTP GET check. */
export interface HttpCheck {
  /** @default '/' */
  readonly path?: string;
  /** A port number or a port name. @default the App's first port */
  readonly port?: number | string;
  /** @default 'HTTP' */
  readonly scheme?: 'HTTP' | 'HTTPS';
}

/** A TCP connect check. */
export interface TcpCheck {
  /** A port number or a port name. @default the App's first port */
  readonly port?: number | string;
}

/** A probe: exactly one of `http`, `tcp` or `exec`, plus timing. */
export interface ProbeOptions extends ProbeTiming {
  /** An HTTP GET, or just its path. @default undefined */
  readonly http?: string | HttpCheck;
  /** A TCP connect. @default undefined */
  readonly tcp?: TcpCheck;
  /** A command run in the container; exit code 0 means healthy. @default undefined */
  readonly exec?: readonly string[];
}

/** A probe prop: a path (an HTTP GET on the first port), full options, or `false` for none. */
export type ProbeSpec = string | ProbeOptions | false;

const portRef = z.union([zInteger({ min: 1, max: 65535 }), zString()], { error: 'must be a port number or a port name' });

/** The zod schema of a ProbeSpec. */
export const probeSchema = z.union(
  [
    z.literal(false),
    zString(),
    strictObject({
      http: z
        .union([zString(), strictObject({ path: zString().optional(), port: portRef.optional(), scheme: zOneOf(['HTTP', 'HTTPS']).optional() })], {
          error: 'must be a path or an object with path, port and scheme',
        })
        .optional(),
      tcp: strictObject({ port: portRef.optional() }).optional(),
      exec: zStrings().min(1, { error: 'must not be empty' }).optional(),
      initialDelaySeconds: zInteger({ min: 0 }).optional(),
      periodSeconds: zInteger({ min: 1 }).optional(),
      timeoutSeconds: zInteger({ min: 1 }).optional(),
      failureThreshold: zInteger({ min: 1 }).optional(),
      successThreshold: zInteger({ min: 1 }).optional(),
    }),
  ],
  { error: "must be false, an HTTP path such as '/healthz', or an object with one of http, tcp or exec" },
);

/** Records probe props that contradict each other or the App's ports (`portNames`, in order). */
export function checkProbe(prop: string, spec: ProbeSpec | undefined, portNames: readonly string[], problems: PropProblems): void {
  if (spec === undefined || spec === false) return;
  const hasPorts = portNames.length > 0;
  if (typeof spec === 'string') {
    if (!spec.startsWith('/')) problems.addValue(prop, spec, "must be an HTTP path starting with '/'");
    if (!hasPorts) problems.addValue(prop, spec, "needs a port to probe: the App has no ports; use { http: { path, port } }");
    return;
  }
  const kinds = (['http', 'tcp', 'exec'] as const).filter((k) => spec[k] !== undefined);
  if (kinds.length !== 1) {
    const found = kinds.length === 0 ? 'none' : kinds.join(', ');
    problems.addValue(prop, spec, `must set exactly one of 'http', 'tcp' or 'exec' (found ${found})`);
    return;
  }
  const http = typeof spec.http === 'string' ? { path: spec.http } : spec.http;
  const path = http?.path;
  if (path !== undefined && !path.startsWith('/')) problems.addValue(`${prop}.http.path`, path, "must start with '/'");
  const check = http ?? spec.tcp;
  if (check && check.port === undefined && !hasPorts) {
    problems.add(`'${prop}.${kinds[0]}.port' is required: the App has no ports to default to`);
  }
  if (typeof check?.port === 'string' && !portNames.includes(check.port)) {
    const known = hasPorts ? `the App's ports are ${portNames.map((n) => `'${n}'`).join(', ')}` : 'the App has no ports';
    problems.addValue(`${prop}.${kinds[0]}.port`, check.port, `names no port of the App; ${known}`);
  }
  if (prop !== 'readiness' && spec.successThreshold !== undefined && spec.successThreshold !== 1) {
    problems.addValue(`${prop}.successThreshold`, spec.successThreshold, `must be 1 for ${prop} probes`);
  }
}

/** Renders a probe; `defaultPort` is the App's first container port. Undefined when off. */
export function renderProbe(spec: ProbeSpec | undefined, defaultPort: number | undefined): V1Probe | undefined {
  if (spec === undefined || spec === false) return undefined;
  const options: ProbeOptions = typeof spec === 'string' ? { http: spec } : spec;
  const probe: Record<string, unknown> = {};
  const port = (p: number | string | undefined): number | string => (p ?? defaultPort)!;
  if (options.http !== undefined) {
    const http: HttpCheck = typeof options.http === 'string' ? { path: options.http } : options.http;
    probe.httpGet = { path: http.path ?? '/', port: port(http.port), ...(http.scheme ? { scheme: http.scheme } : {}) };
  } else if (options.tcp !== undefined) {
    probe.tcpSocket = { port: port(options.tcp.port) };
  } else if (options.exec !== undefined) {
    probe.exec = { command: [...options.exec] };
  }
  for (const key of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold', 'successThreshold'] as const) {
    if (options[key] !== undefined) probe[key] = options[key];
  }
  return probe as V1Probe;
}
