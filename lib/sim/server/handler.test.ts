import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimCluster } from '../sim-cluster.ts';
import { TOO_DEEP_TO_PROCESS } from './http-io.ts';
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

  it('the handler answers a JSON body nested deeper than 10000 levels with 400, as Go\'s decoder does, and keeps serving', async () => {
    const nested = (open: string, close: string, depth: number) => open.repeat(depth) + close.repeat(depth);
    const body = (extra: string) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"extra":${extra}}`;
    const objects = await send('POST', '/api/v1/namespaces/default/configmaps', body(nested('{"a":', '}', 10001).replace('}', '1}')));
    expect([objects.code, objects.body.reason, objects.body.message]).toEqual([400, 'BadRequest', "the body of the request could not be decoded: invalid character '{' exceeded max depth"]);
    const arrays = await send('PUT', '/api/v1/namespaces/default/configmaps/deep', body(nested('[', ']', 10000)));
    expect([arrays.code, arrays.body.message]).toEqual([400, "the body of the request could not be decoded: invalid character '[' exceeded max depth"]);
    const patch = await send('PATCH', '/api/v1/namespaces/default/configmaps/deep', `{"data":${nested('[', ']', 20000)}}`, 'application/merge-patch+json');
    expect([patch.code, patch.body.kind, patch.body.reason]).toEqual([400, 'Status', 'BadRequest']);
    const list = await send('GET', '/api/v1/namespaces/default/configmaps');
    expect(list.code).toBe(200);
  });

  it('the handler answers a deeply nested YAML apply patch with 400', async () => {
    const yaml = (extra: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep-yaml\nextra: ${extra}\n`;
    const flow = await send('PATCH', '/api/v1/namespaces/default/configmaps/deep-yaml?fieldManager=test', yaml('['.repeat(10001) + ']'.repeat(10001)), 'application/apply-patch+yaml');
    expect([flow.code, flow.body.message]).toEqual([400, 'the body of the request could not be decoded: yaml: exceeded max depth of 10000']);
    const deep = await send('PATCH', '/api/v1/namespaces/default/configmaps/deep-yaml?fieldManager=test', yaml('['.repeat(5000) + ']'.repeat(5000)), 'application/apply-patch+yaml');
    expect([deep.code, deep.body.reason]).toEqual([400, 'BadRequest']);
  });

  it('the handler answers a body within Go\'s depth limit that nests too deeply for the simulation with 400, not 500', async () => {
    const extra = '{"a":'.repeat(9999) + '1' + '}'.repeat(9999);
    const answer = await send('POST', '/api/v1/namespaces/default/configmaps', `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep-ok"},"extra":${extra}}`);
    // A real server stores it (unknown field dropped); the simulation's recursive object handling
    // may run out of stack first, which must come back as a client error, never a 500.
    if (answer.code === 201) expect(answer.body.metadata).toMatchObject({ name: 'deep-ok' });
    else expect([answer.code, answer.body.reason, answer.body.message]).toEqual([400, 'BadRequest', TOO_DEEP_TO_PROCESS]);
    expect((await send('GET', '/api/v1/namespaces/default/configmaps')).code).toBe(200);
  });

  it('the handler does not count brackets inside strings as nesting', async () => {
    const value = '{['.repeat(10001);
    const answer = await send('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'brackets' }, data: { value, quoted: '\\"{' } }));
    expect(answer.code).toBe(201);
    expect((answer.body.data as Record<string, string>).value).toBe(value);
  });

  it('the handler answers an oversized body with 413 and closes the connection', async () => {
    const answer = await send('POST', '/api/v1/namespaces/default/configmaps', Buffer.alloc(4 * 1024 * 1024, 32));
    expect(answer.code).toBe(413);
    expect(answer.body).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge' });
    expect(answer.headers.connection).toBe('close');
  });
});
