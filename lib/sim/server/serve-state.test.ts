import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sendRequest } from '../../../test/support/https-client.ts';
import { LOCK_FILE, STATE_FILE } from '../persist.ts';
import { SimCluster } from '../sim-cluster.ts';
import { serveState, type StateServer } from './serve-state.ts';
import { findRunningServer, SERVER_INFO_FILE } from './server-info.ts';
import { ensureServerTls, TLS_FILES } from './tls.ts';

let template: string;
let dir: string;
let server: StateServer | undefined;

beforeAll(() => {
  // Certificates take a moment to generate: make them once and copy them into each state dir.
  template = mkdtempSync(join(tmpdir(), 'shipshape-serve-tls-'));
  ensureServerTls(template);
});
afterAll(() => rmSync(template, { recursive: true, force: true }));
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-serve-state-'));
  for (const file of Object.values(TLS_FILES)) copyFileSync(join(template, file), join(dir, file));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const CONFIGMAP = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept' }, data: { a: '1' } };

describe('serveState()', () => {
  it('serveState() serves HTTPS with the CA in the state dir and requires the token', async () => {
    server = await serveState({ stateDir: dir });
    const ca = readFileSync(join(dir, 'ca.crt'), 'utf8');
    expect(server.caCert).toBe(ca);
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
    const version = await sendRequest({ url: server.url, ca, token: server.token }, { path: '/version' });
    expect(version.status).toBe(200);
    expect(version.json()).toMatchObject({ major: '1', minor: '32' });
    const anonymous = await sendRequest({ url: server.url, ca }, { path: '/api/v1/namespaces' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    const wrong = await sendRequest({ url: server.url, ca, token: `${server.token}x` }, { path: '/version' });
    expect(wrong.status).toBe(401);
  });

  it('serveState() writes a 0600 kubeconfig with the URL, CA and token, and server.json', async () => {
    server = await serveState({ stateDir: dir });
    const config = parse(readFileSync(server.kubeconfigPath, 'utf8'));
    expect(server.kubeconfigPath).toBe(join(dir, 'kubeconfig'));
    expect(statSync(server.kubeconfigPath).mode & 0o777).toBe(0o600);
    expect(config.clusters[0].cluster.server).toBe(server.url);
    expect(Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(server.caCert);
    expect(config.users[0].user.token).toBe(server.token);
    expect(config['current-context']).toBe('shipshape');
    expect(findRunningServer(dir)).toEqual({ url: server.url, kubeconfig: server.kubeconfigPath });
  });

  it('serveState() generates a fresh token on every start and keeps the CA', async () => {
    const first = await serveState({ stateDir: dir });
    await first.close();
    server = await serveState({ stateDir: dir });
    expect(server.token).not.toBe(first.token);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.caCert).toBe(first.caCert);
  });

  it('serveState() refuses a state another server holds, naming the lock holder', async () => {
    server = await serveState({ stateDir: dir });
    await expect(serveState({ stateDir: dir })).rejects.toThrow(new RegExp(`is locked by pid ${process.pid} \\(shipshape sim serve, started `));
  });

  it('saveIfChanged() saves only after a write', async () => {
    server = await serveState({ stateDir: dir });
    expect(await server.saveIfChanged()).toBe(false);
    const created = await sendRequest({ url: server.url, ca: server.caCert, token: server.token }, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: CONFIGMAP });
    expect(created.status).toBe(201);
    expect(await server.saveIfChanged()).toBe(true);
    expect(readFileSync(join(dir, STATE_FILE), 'utf8')).toContain('"kept"');
  });

  it('close() stops serving, saves, releases the lock and removes server.json', async () => {
    const served = await serveState({ stateDir: dir });
    const target = { url: served.url, ca: served.caCert, token: served.token };
    await sendRequest(target, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: CONFIGMAP });
    await Promise.all([served.close(), served.close()]);
    await served.closed;
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(existsSync(join(dir, SERVER_INFO_FILE))).toBe(false);
    expect(findRunningServer(dir)).toBeUndefined();
    await expect(sendRequest(target, { path: '/version' })).rejects.toThrow(/ECONNREFUSED/);
    const reopened = await SimCluster.open({ stateDir: dir });
    try {
      expect(reopened.api.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'kept' }).data).toEqual({ a: '1' });
    } finally {
      await reopened.close({ save: false });
    }
  });

  it('serveState() releases the lock when it cannot listen', async () => {
    server = await serveState({ stateDir: dir });
    const other = mkdtempSync(join(tmpdir(), 'shipshape-serve-state-'));
    try {
      await expect(serveState({ stateDir: other, port: server.port })).rejects.toThrow(/EADDRINUSE/);
      expect(existsSync(join(other, LOCK_FILE))).toBe(false);
      expect(existsSync(join(other, SERVER_INFO_FILE))).toBe(false);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
