// A small HTTPS client for tests of the served cluster: requests with the served CA and a bearer
// token over a keep-alive agent, raw bodies allowed (malformed, oversized), and a line reader for
// watch streams. Loopback servers only; it is not a Kubernetes client.

import { Agent, request as httpsRequest } from 'node:https';
import type { IncomingMessage } from 'node:http';

/** Where and how to connect. */
export interface HttpsTarget {
  /** e.g. `https://127.0.0.1:6443` */
  readonly url: string;
  /** The CA certificate (PEM) to trust. */
  readonly ca: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  readonly token?: string | undefined;
  readonly agent?: Agent;
}

/** One request. */
export interface HttpsRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string | number>;
  /** Objects are sent as JSON; strings and buffers as they are. */
  readonly body?: unknown;
}

/** A whole response. */
export interface HttpsResponse {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly text: string;
  /** The body parsed as JSON. */
  json<T = any>(): T;
}

/** A keep-alive agent trusting `ca`, with up to `sockets` connections. */
export function createAgent(ca: string, sockets = 64): Agent {
  return new Agent({ ca, keepAlive: true, maxSockets: sockets });
}

/** Sends one request and reads the whole answer. */
export function sendRequest(target: HttpsTarget, req: HttpsRequest): Promise<HttpsResponse> {
  const body = encodeBody(req.body);
  return new Promise((resolve, reject) => {
    const r = openRequest(target, req, body, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    r.on('error', reject);
    r.end(body);
  });
}

/** An open watch: its events arrive in `events` as they are read. */
export interface WatchReader {
  readonly events: Array<{ type: string; object: any }>;
  /** Resolves once `count` events arrived (rejects if the stream ends first). */
  waitFor(count: number): Promise<void>;
  close(): void;
}

/** Opens a watch (`path` must carry `watch=true`) and collects its events line by line. */
export function openWatch(target: HttpsTarget, path: string): Promise<WatchReader> {
  return new Promise((resolve, reject) => {
    const events: Array<{ type: string; object: any }> = [];
    const waiters: Array<{ count: number; done: () => void; fail: (e: Error) => void }> = [];
    let ended = false;
    const settle = (): void => {
      for (const w of [...waiters]) {
        if (events.length >= w.count) w.done();
        else if (ended) w.fail(new Error(`watch ended after ${events.length} of ${w.count} events`));
        else continue;
        waiters.splice(waiters.indexOf(w), 1);
      }
    };
    const r = openRequest(target, { path }, undefined, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`watch ${path}: HTTP ${res.statusCode}`));
        res.resume();
        return;
      }
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        pending += chunk;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          if (line.trim() !== '') events.push(JSON.parse(line));
        }
        settle();
      });
      const end = (): void => {
        ended = true;
        settle();
      };
      res.on('end', end);
      res.on('close', end);
      res.on('error', end);
      resolve({
        events,
        waitFor: (count) => new Promise<void>((done, fail) => {
          waiters.push({ count, done, fail });
          settle();
        }),
        close: () => r.destroy(),
      });
    });
    r.on('error', (err) => (events.length === 0 ? reject(err) : undefined));
    r.end();
  });
}

function openRequest(target: HttpsTarget, req: HttpsRequest, body: Buffer | undefined, onResponse: (res: IncomingMessage) => void) {
  const url = new URL(req.path, target.url);
  const headers: Record<string, string | number> = { Accept: 'application/json', ...req.headers };
  if (target.token !== undefined) headers.Authorization = `Bearer ${target.token}`;
  if (body !== undefined && headers['Content-Type'] === undefined) headers['Content-Type'] = 'application/json';
  if (body !== undefined) headers['Content-Length'] = body.length;
  return httpsRequest(
    { host: url.hostname, port: url.port, path: url.pathname + url.search, method: req.method ?? 'GET', headers, ca: target.ca, ...(target.agent ? { agent: target.agent } : {}) },
    onResponse,
  );
}

function encodeBody(body: unknown): Buffer | undefined {
  if (body === undefined) return undefined;
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}
