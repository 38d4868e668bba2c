// The floor of the serve suite: a bare Node HTTPS server with the same certificate that answers
// each benchmarked path with bytes captured from the simulated cluster, and broadcasts a captured
// watch event line to every open watch on POST /poke. No routing, auth, store or JSON work.

import { createServer, type Server } from 'node:https';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One canned answer. */
export interface CannedResponse {
  readonly contentType: string;
  readonly body: Buffer;
}

/** Path of the floor's watch stream and of its broadcast trigger. */
export const FLOOR_WATCH_PATH = '/watch';
export const FLOOR_POKE_PATH = '/poke';

/** The key a canned answer is found by: the path and whether a Table was asked for. */
export function cannedKey(path: string, accept: string | undefined): string {
  return `${path}|${accept?.includes('as=Table') ? 'table' : 'json'}`;
}

/** Serves `answers` (by cannedKey) on 127.0.0.1; resolves to the server and its URL. */
export async function serveFloor(tls: { key: string; cert: string }, answers: ReadonlyMap<string, CannedResponse>, eventLine: Buffer): Promise<{ server: Server; url: string }> {
  const watchers = new Set<ServerResponse>();
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith(FLOOR_WATCH_PATH)) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      res.flushHeaders();
      watchers.add(res);
      res.on('close', () => watchers.delete(res));
      return;
    }
    if (path === FLOOR_POKE_PATH) {
      req.resume();
      req.on('end', () => {
        for (const w of watchers) w.write(eventLine);
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 2 });
        res.end('{}');
      });
      return;
    }
    const answer = answers.get(cannedKey(path, req.headers.accept));
    if (!answer) {
      res.writeHead(404, { 'Content-Length': 0 });
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': answer.contentType, 'Content-Length': answer.body.length });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
