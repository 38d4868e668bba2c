import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimCluster } from '../sim-cluster.ts';
import { serveCluster, type ServedCluster } from './serve.ts';

let served: ServedCluster;

beforeAll(async () => {
  served = await serveCluster(SimCluster.create({ shape: { nodes: 0 } }));
});
afterAll(async () => {
  await served?.close();
});

interface Answer {
  readonly code: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Record<string, unknown>;
}

function send(method: string, path: string, body?: string | Buffer, contentType = 'application/json'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${served.url}${path}`, { method, headers: body === undefined ? {} : { 'Content-Type': contentType } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ code: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : {} });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

describe('request handler', () => {
  it('the handler answers a malformed percent-escape in the path with a 400 Status', async () => {
    const answer = await send('GET', '/api/v1/namespaces/%ZZ/configmaps');
    expect(answer.code).toBe(400);
    expect(answer.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'the request path is not valid: /api/v1/namespaces/%ZZ/configmaps' });
  });

  it('the handler refuses a body whose kind does not match the resource of the URL', async () => {
    const answer = await send('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }));
    expect(answer.code).toBe(400);
    expect(answer.body.message).toBe('the object\'s kind "Secret" does not match the resource configmaps (kind "ConfigMap")');
    const list = await send('GET', '/api/v1/namespaces/default/secrets');
    expect(list.body.items).toEqual([]);
  });

  it('the handler answers an oversized body with 413 and closes the connection', async () => {
    const answer = await send('POST', '/api/v1/namespaces/default/configmaps', Buffer.alloc(4 * 1024 * 1024, 32));
    expect(answer.code).toBe(413);
    expect(answer.body).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge' });
    expect(answer.headers.connection).toBe('close');
  });
});
