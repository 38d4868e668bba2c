// Serving a simulated cluster over HTTP(S): starts the listener on a loopback address, drives the
// simulation in real time (the virtual clock follows the wall clock, controllers run after every
// write and on a short tick), and stops cleanly.

import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SimCluster } from '../sim-cluster.ts';
import { createHandler, type ServeOptions } from './handler.ts';
import { openapiForApiServer } from './openapi/documents.ts';
import { podLogs } from '../kubelet/logs.ts';
import { decodeProtobufObject } from './protobuf/decode.ts';
import { encodeTable } from './table-body.ts';

/** Options of serveCluster(). */
export interface ServeClusterOptions extends Omit<ServeOptions, 'api' | 'afterWrite' | 'serverAddress' | 'onProgress'> {
  /** @default '127.0.0.1' */
  readonly address?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** Serve HTTPS with this key and certificate (PEM). */
  readonly tls?: { readonly key: string; readonly cert: string } | undefined;
  /** Virtual milliseconds per real millisecond. @default 1 */
  readonly speed?: number;
  /** How often the simulation catches up with the wall clock, in real ms. @default 100 */
  readonly tickMs?: number;
}

/** A running server. */
export interface ServedCluster {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Stops listening, ends open watches, and stops the clock driver. */
  close(): Promise<void>;
}

/** Serves a simulated cluster until close(). */
export async function serveCluster(sim: SimCluster, options: ServeClusterOptions = {}): Promise<ServedCluster> {
  const speed = options.speed ?? 1;
  // Served, the cluster lives in real time: bring the virtual clock up to the wall clock first.
  if (Date.now() > sim.clock.nowMillis()) sim.clock.advanceTo(Date.now());
  const startWall = Date.now();
  const startVirtual = sim.clock.nowMillis();
  const progressListeners = new Set<() => void>();
  const catchUp = (): void => {
    const target = startVirtual + (Date.now() - startWall) * speed;
    sim.manager.runPending();
    if (target > sim.clock.nowMillis()) sim.clock.advanceTo(target);
    sim.manager.runPending();
    for (const listener of [...progressListeners]) listener();
  };
  sim.manager.start();
  const address = options.address ?? '127.0.0.1';
  let serverAddress = `${address}:0`;
  const handler = createHandler({
    openapi: openapiForApiServer(sim.api),
    decodeProtobuf: decodeProtobufObject,
    logs: (pod, container, logOptions) => podLogs(sim, pod, container, logOptions),
    table: (info, items, meta, includeObject) => encodeTable(info, items, meta, includeObject, sim.clock.nowMillis(), { crds: sim.api }),
    ...options,
    api: sim.api,
    afterWrite: () => sim.manager.runPending(),
    onProgress: (listener) => {
      progressListeners.add(listener);
      return () => progressListeners.delete(listener);
    },
    get serverAddress() {
      return serverAddress;
    },
  });
  const server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler) : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, address, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  serverAddress = `${address}:${port}`;
  const ticker = setInterval(catchUp, options.tickMs ?? 100);
  ticker.unref();
  return {
    url: `${options.tls ? 'https' : 'http'}://${address}:${port}`,
    port,
    server,
    close: async () => {
      clearInterval(ticker);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
