// Serving the cluster kept in a state directory (`shipshape sim serve`): opens it (holding its
// lock), serves HTTPS with the directory's CA and a fresh bearer token, writes the kubeconfig and
// server.json, saves every few seconds when something changed, and on close saves, releases the
// lock and removes server.json. Signal handling for the CLI is closeOnSignals().

import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { SimCluster } from '../sim-cluster.ts';
import type { ServeOptions } from './handler.ts';
import { formatServerUrl, KUBECONFIG_FILE, writeKubeconfig } from './kubeconfig.ts';
import { serveCluster, type ServedCluster } from './serve.ts';
import { removeServerInfo, writeServerInfo } from './server-info.ts';
import { ensureServerTls } from './tls.ts';

/** How often the state is saved while serving, when it changed. */
export const DEFAULT_SAVE_INTERVAL_MS = 5_000;

/** Options of serveState(). */
export interface ServeStateOptions {
  readonly stateDir: string;
  /** @default '127.0.0.1' */
  readonly address?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** Virtual milliseconds per real millisecond. @default 1 */
  readonly speed?: number;
  /** @default 5000 */
  readonly saveIntervalMs?: number;
  /** Named in the lock, e.g. `shipshape sim serve`. */
  readonly command?: string;
  /** The bearer token. @default a fresh random one */
  readonly token?: string;
  /** Handler hooks replacing serveCluster's defaults (Tables, OpenAPI, protobuf, logs). */
  readonly hooks?: Pick<ServeOptions, 'openapi' | 'decodeProtobuf' | 'logs' | 'table' | 'version'>;
  /** Called when a periodic save fails (serving goes on; the next save retries). */
  readonly onSaveError?: (err: unknown) => void;
}

/** A state directory being served. */
export interface StateServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** The kubeconfig written for this server (absolute path). */
  readonly kubeconfigPath: string;
  /** The CA certificate clients must trust (PEM). */
  readonly caCert: string;
  readonly sim: SimCluster;
  readonly served: ServedCluster;
  /** Saves now if anything changed since the last save; resolves to whether it wrote. */
  saveIfChanged(): Promise<boolean>;
  /** Stops serving, saves, releases the lock and removes server.json. Safe to call twice. */
  close(): Promise<void>;
  /** Settles when close() has finished. */
  readonly closed: Promise<void>;
}

/** A fresh bearer token: 32 random bytes, base64url. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Opens the state in `stateDir` and serves it over HTTPS until close().
 * @throws StateError when the state is locked by another process; the listen error (EADDRINUSE, …) when the port is taken.
 */
export async function serveState(options: ServeStateOptions): Promise<StateServer> {
  const stateDir = resolve(options.stateDir);
  const address = options.address ?? '127.0.0.1';
  const sim = await SimCluster.open({ stateDir, command: options.command ?? 'shipshape sim serve' });
  const token = options.token ?? generateToken();
  const kubeconfigPath = join(stateDir, KUBECONFIG_FILE);
  let served: ServedCluster | undefined;
  let caCert: string;
  let url: string;
  try {
    const tls = ensureServerTls(stateDir, { names: [address] });
    caCert = tls.ca.cert;
    served = await serveCluster(sim, { ...options.hooks, address, port: options.port ?? 0, speed: options.speed ?? 1, token, tls: { key: tls.server.key, cert: tls.server.cert } });
    url = formatServerUrl(address, served.port);
    writeKubeconfig(kubeconfigPath, { server: url, caCert, token });
    writeServerInfo(stateDir, { url, kubeconfig: kubeconfigPath });
  } catch (err) {
    await served?.close();
    sim.manager.stop();
    await sim.close({ save: false });
    throw err;
  }
  const server = served;

  let lastSavedRv = sim.api.store.resourceVersion;
  let saving: Promise<unknown> = Promise.resolve();
  const saveIfChanged = (): Promise<boolean> => {
    const next = saving.then(async () => {
      const rv = sim.api.store.resourceVersion;
      if (rv === lastSavedRv) return false;
      await sim.save();
      lastSavedRv = rv;
      return true;
    });
    saving = next.catch(() => undefined);
    return next;
  };
  const saver = setInterval(() => {
    saveIfChanged().catch((err: unknown) => options.onSaveError?.(err));
  }, options.saveIntervalMs ?? DEFAULT_SAVE_INTERVAL_MS);
  saver.unref();

  let closing: Promise<void> | undefined;
  let markClosed!: () => void;
  const closed = new Promise<void>((done) => (markClosed = done));
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(saver);
      try {
        await server.close();
        sim.manager.stop();
        await saving;
        await sim.close(); // saves and releases the lock
      } finally {
        removeServerInfo(stateDir);
        markClosed();
      }
    })();
    return closing;
  };
  return { url, port: server.port, token, kubeconfigPath, caCert, sim, served: server, saveIfChanged, close, closed };
}

/**
 * Closes `server` on the first SIGINT or SIGTERM (a second one exits at once with code 130).
 * Returns a function that removes the handlers.
 */
export function closeOnSignals(server: Pick<StateServer, 'close'>, options: { onSignal?: (signal: NodeJS.Signals) => void; onError?: (err: unknown) => void } = {}): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  let received = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (received) process.exit(130);
    received = true;
    options.onSignal?.(signal);
    server.close().catch((err: unknown) => options.onError?.(err));
  };
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.removeListener(s, handler);
  };
}
