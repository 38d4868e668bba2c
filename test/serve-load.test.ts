// Load and abuse of the served cluster on 127.0.0.1: concurrent read-modify-write loses no update,
// every watcher sees every event in order, and malformed, oversized, unauthenticated, garbage
// and stalled requests get 4xx answers (or are dropped) while the server keeps serving.

import { connect as connectTcp } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveState, type StateServer } from '../lib/sim/server/serve-state.ts';
import { createAgent, openWatch, sendRequest, type HttpsRequest, type HttpsTarget } from './support/https-client.ts';

const CLIENTS = 50;
const INCREMENTS = 20;
const WATCHERS = 20;
const COUNTERS = 10;
const CM_PATH = '/api/v1/namespaces/default/configmaps';

let dir: string;
let server: StateServer;
let target: HttpsTarget;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-serve-load-'));
  server = await serveState({ stateDir: dir });
  target = { url: server.url, ca: server.caCert, token: server.token, agent: createAgent(server.caCert) };
});
afterAll(async () => {
  target.agent?.destroy();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** GET, add one, PUT with the read resourceVersion; on 409 start over. Counts the answers. */
async function incrementOnce(client: HttpsTarget, name: string, counts: Map<number, number>): Promise<void> {
  for (let attempt = 0; attempt < 1_000; attempt++) {
    const got = await sendRequest(client, { path: `${CM_PATH}/${name}` });
    bump(counts, got.status);
    const cm = got.json();
    cm.data.value = String(Number(cm.data.value) + 1);
    const put = await sendRequest(client, { method: 'PUT', path: `${CM_PATH}/${name}`, body: cm });
    bump(counts, put.status);
    if (put.status === 200) return;
    if (put.status !== 409) throw new Error(`PUT answered ${put.status}: ${put.text}`);
    expect(put.json().message).toBe(`Operation cannot be fulfilled on configmaps "${name}": the object has been modified; please apply your changes to the latest version and try again`);
  }
  throw new Error('gave up after 1,000 conflicts');
}

function bump(counts: Map<number, number>, key: number): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

describe('serving under load', () => {
  it('50 clients doing read-modify-write on shared ConfigMaps lose no update, and 20 watchers see every change in order', async () => {
    // Five clients share each counter: enough contention for 409s, few enough to finish quickly.
    const names = Array.from({ length: COUNTERS }, (_, i) => `counter-${i}`);
    let startRv = '';
    for (const name of names) {
      const created = await sendRequest(target, { method: 'POST', path: CM_PATH, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { load: 'rmw' } }, data: { value: '0' } } });
      expect(created.status).toBe(201);
      if (startRv === '') startRv = String(Number(created.json().metadata.resourceVersion) - 1);
    }
    const watchers = await Promise.all(Array.from({ length: WATCHERS }, () => openWatch(target, `${CM_PATH}?watch=true&resourceVersion=${startRv}&labelSelector=load%3Drmw`)));
    const counts = new Map<number, number>();
    const clients = Array.from({ length: CLIENTS }, (_, i) => ({ client: { ...target, agent: createAgent(server.caCert, 1) }, name: names[i % COUNTERS]! }));
    await Promise.all(clients.map(async ({ client, name }) => {
      for (let i = 0; i < INCREMENTS; i++) await incrementOnce(client, name, counts);
    }));
    for (const c of clients) c.client.agent.destroy();

    const total = CLIENTS * INCREMENTS;
    const perCounter = total / COUNTERS;
    const list = await sendRequest(target, { path: `${CM_PATH}?labelSelector=load%3Drmw` });
    expect(list.json().items.map((cm: any) => cm.data.value)).toEqual(names.map(() => String(perCounter)));
    const conflicts = counts.get(409) ?? 0;
    expect([...counts.keys()].sort()).toEqual([200, 409]);
    expect(counts.get(200)).toBe(total + (total + conflicts)); // every GET, plus one successful PUT per increment
    expect(conflicts).toBeGreaterThan(0);

    // Each watcher: the COUNTERS creations, then every increment, in resourceVersion order.
    const expected = COUNTERS + total;
    await Promise.all(watchers.map((w) => w.waitFor(expected)));
    for (const w of watchers) {
      w.close();
      expect(w.events).toHaveLength(expected);
      expect(w.events.filter((e) => e.type === 'ADDED')).toHaveLength(COUNTERS);
      expect(w.events.filter((e) => e.type === 'MODIFIED')).toHaveLength(total);
      const rvs = w.events.map((e) => Number(e.object.metadata.resourceVersion));
      expect(rvs.every((rv, i) => i === 0 || rv > rvs[i - 1]!)).toBe(true);
      for (const name of names) {
        const values = w.events.filter((e) => e.object.metadata.name === name).map((e) => Number(e.object.data.value));
        expect(values).toEqual(Array.from({ length: perCounter + 1 }, (_, i) => i));
      }
    }
  }, 120_000);
});

/** One abusive request and the status it must get. */
interface Abuse {
  readonly name: string;
  readonly status: number;
  readonly request: HttpsRequest;
  readonly anonymous?: boolean;
}

const ABUSES: readonly Abuse[] = [
  { name: 'malformed JSON', status: 400, request: { method: 'POST', path: CM_PATH, body: '{"kind":' } },
  { name: 'a JSON array', status: 400, request: { method: 'POST', path: CM_PATH, body: '[1,2]' } },
  { name: 'an empty body', status: 400, request: { method: 'POST', path: CM_PATH, body: '' } },
  { name: 'malformed YAML apply patch', status: 400, request: { method: 'PATCH', path: `${CM_PATH}/x?fieldManager=t`, headers: { 'Content-Type': 'application/apply-patch+yaml' }, body: 'a: [b' } },
  { name: 'a YAML alias bomb', status: 400, request: { method: 'PATCH', path: `${CM_PATH}/x?fieldManager=t`, headers: { 'Content-Type': 'application/apply-patch+yaml' }, body: aliasBomb() } },
  { name: 'an oversized body', status: 413, request: { method: 'POST', path: CM_PATH, body: Buffer.alloc(4 * 1024 * 1024, 'x') } },
  { name: 'an unknown content type', status: 415, request: { method: 'POST', path: CM_PATH, headers: { 'Content-Type': 'text/csv' }, body: 'a,b' } },
  { name: 'an unknown patch type', status: 415, request: { method: 'PATCH', path: `${CM_PATH}/x`, headers: { 'Content-Type': 'application/xml' }, body: '<a/>' } },
  { name: 'an unknown path', status: 404, request: { path: '/apis/nope.example.com/v1/things' } },
  { name: 'an unsupported verb', status: 405, request: { method: 'PUT', path: CM_PATH, body: {} } },
  { name: 'no token', status: 401, request: { path: CM_PATH }, anonymous: true },
];

function aliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

/**
 * Sends a body chunked with no Content-Length, so the limit must be enforced while reading.
 * On a connection of its own: the server stops reading mid-body, so the connection is not reusable.
 */
function sendChunked(size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(CM_PATH, server.url);
    const req = httpsRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', ca: server.caCert, agent: false, headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    for (let sent = 0; sent < size; sent += chunk.length) req.write(chunk);
    req.end();
  });
}

/** Writes `text` on a TLS connection and returns the first response line (or '' when closed). */
function sendRawTls(text: string): Promise<string> {
  return new Promise((resolve) => {
    const url = new URL(server.url);
    const socket = connectTls({ host: url.hostname, port: Number(url.port), ca: server.caCert }, () => socket.end(text));
    let got = '';
    socket.on('data', (b: Buffer) => (got += b.toString()));
    socket.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
    socket.on('error', () => undefined);
  });
}

/** Writes plain text (no TLS) to the HTTPS port; resolves when the server drops it. */
function sendPlainText(): Promise<void> {
  return new Promise((resolve) => {
    const url = new URL(server.url);
    const socket = connectTcp({ host: url.hostname, port: Number(url.port) }, () => socket.write('GET /version HTTP/1.1\r\nHost: x\r\n\r\n'));
    socket.on('data', () => undefined);
    socket.on('close', () => resolve());
    socket.on('error', () => undefined);
  });
}

/** Opens a TLS connection that sends half a request and then stalls. */
function openStalled(): Promise<TLSSocket> {
  return new Promise((resolve) => {
    const url = new URL(server.url);
    const socket = connectTls({ host: url.hostname, port: Number(url.port), ca: server.caCert }, () => {
      socket.write('POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"a"');
      resolve(socket);
    });
    socket.on('error', () => undefined);
  });
}

describe('serving under abuse', () => {
  it('a stream of malformed, oversized and unauthenticated requests gets 4xx answers while the server keeps serving', async () => {
    const ROUNDS = 10;
    const stalled = await Promise.all(Array.from({ length: 20 }, () => openStalled()));
    const good = new Map<number, number>();
    let serving = true;
    const reader = (async () => {
      let reads = 0;
      while (serving || reads === 0) {
        bump(good, (await sendRequest(target, { path: '/api/v1/nodes' })).status);
        reads++;
      }
      return reads;
    })();

    const answers = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(ABUSES.map(async (abuse) => {
        const res = await sendRequest(abuse.anonymous ? { url: target.url, ca: target.ca, agent: target.agent! } : target, abuse.request);
        expect(res.json()).toMatchObject({ kind: 'Status', status: 'Failure', code: abuse.status });
        answers.set(`${abuse.name} → ${res.status}`, (answers.get(`${abuse.name} → ${res.status}`) ?? 0) + 1);
      }));
      expect(await sendChunked(4 * 1024 * 1024)).toBe(413);
      expect(await sendRawTls('NOT HTTP AT ALL\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request');
      await sendPlainText();
    }
    serving = false;
    const reads = await reader;

    expect(Object.fromEntries(answers)).toEqual(Object.fromEntries(ABUSES.map((a) => [`${a.name} → ${a.status}`, ROUNDS])));
    expect(Object.fromEntries(good)).toEqual({ 200: reads });
    for (const s of stalled) s.destroy();
    const after = await sendRequest(target, { path: '/version' });
    expect(after.status).toBe(200);
    const list = await sendRequest(target, { path: CM_PATH });
    expect(list.json().items.map((i: any) => i.metadata.name)).not.toContain('x');
  }, 120_000);
});
