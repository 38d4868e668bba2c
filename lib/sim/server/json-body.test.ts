import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncodedJson, encodeList, encodeObject, JsonWriter, sendEncoded } from './json-body.ts';
import { encodeWatchLine } from './watch-stream.ts';

function textOf(body: EncodedJson): string {
  return Buffer.concat(body.chunks as Buffer[]).toString('utf8');
}

const pod = (i: number) =>
  Object.freeze({ apiVersion: 'v1', kind: 'Pod', metadata: Object.freeze({ name: `p-${i}`, namespace: 'default', labels: Object.freeze({ note: 'é✓ "quoted"' }) }), spec: Object.freeze({ nodeName: `node-${i % 3}` }) });

describe('JSON bodies', () => {
  it('encodeObject() gives JSON.stringify bytes, cached for frozen objects only', () => {
    const frozen = pod(1);
    expect(encodeObject(frozen).toString('utf8')).toBe(JSON.stringify(frozen));
    expect(encodeObject(frozen)).toBe(encodeObject(frozen));
    const open = { kind: 'ConfigMap', data: { a: '1' } };
    const first = encodeObject(open);
    open.data.a = '2';
    expect(encodeObject(open).toString('utf8')).toBe('{"kind":"ConfigMap","data":{"a":"2"}}');
    expect(first.toString('utf8')).toBe('{"kind":"ConfigMap","data":{"a":"1"}}');
  });

  it('encodeList() gives the same text as JSON.stringify of the list, empty or with many items', () => {
    const items = Array.from({ length: 2_000 }, (_, i) => pod(i));
    const list = { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '7', continue: 'c', remainingItemCount: 3 }, items };
    expect(textOf(encodeList(list))).toBe(JSON.stringify(list));
    const empty = { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '7' }, items: [] };
    expect(textOf(encodeList(empty))).toBe(JSON.stringify(empty));
    const itemsFirst = { items: [pod(1)], kind: 'PodList' };
    expect(textOf(encodeList(itemsFirst))).toBe(JSON.stringify(itemsFirst));
  });

  it('a JsonWriter packs small writes into large pieces and keeps large bytes whole', () => {
    const out = new JsonWriter();
    const big = Buffer.alloc(300 * 1024, 'x');
    let expected = '[';
    out.writeString('[');
    for (let i = 0; i < 20_000; i++) {
      out.writeString(`"${i}",`);
      expected += `"${i}",`;
    }
    out.writeBytes(big);
    out.writeString(`"${'é'.repeat(200_000)}"]`);
    expected += `${'x'.repeat(300 * 1024)}"${'é'.repeat(200_000)}"]`;
    const body = out.finish();
    expect(body.chunks.length).toBeLessThan(10);
    expect(body.chunks).toContain(big);
    expect(textOf(body)).toBe(expected);
    expect(body.byteLength).toBe(Buffer.byteLength(expected));
  });

  it('encodeWatchLine() writes the event line JSON.stringify would, shared across calls for one object', () => {
    const obj = pod(5);
    const line = encodeWatchLine('MODIFIED', obj);
    expect(line.toString('utf8')).toBe(`${JSON.stringify({ type: 'MODIFIED', object: obj })}\n`);
    expect(encodeWatchLine('MODIFIED', obj)).toBe(line);
    expect(encodeWatchLine('DELETED', obj).toString('utf8')).toBe(`${JSON.stringify({ type: 'DELETED', object: obj })}\n`);
  });
});

describe('sendEncoded()', () => {
  let server: Server;
  let url: string;
  const list = { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '1' }, items: Array.from({ length: 20_000 }, (_, i) => pod(i)) };
  const body = encodeList(list);

  beforeAll(async () => {
    server = createServer((_req, res) => void sendEncoded(res, 200, body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sendEncoded() answers the whole body with its Content-Length', async () => {
    const answer = await new Promise<{ length: string | undefined; text: string }>((resolve, reject) => {
      request(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ length: res.headers['content-length'], text: Buffer.concat(chunks).toString('utf8') }));
      })
        .on('error', reject)
        .end();
    });
    expect(body.byteLength).toBeGreaterThan(1024 * 1024);
    expect(answer.length).toBe(String(body.byteLength));
    expect(answer.text).toBe(textOf(body));
    expect(JSON.parse(answer.text).items).toHaveLength(20_000);
  });
});
