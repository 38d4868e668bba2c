// Watches over HTTP: a chunked stream of `{"type":…,"object":…}` lines, headers flushed at once
// (kubectl wait hangs otherwise), ended by the server's timeoutSeconds or the client leaving.
// A line is encoded once per event and shared by every watcher that receives it.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';
import { EncodedJson } from './json-body.ts';
import { isDeeplyFrozen } from '../json-cache.ts';

/** What to watch. */
export interface WatchRequest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
  readonly resourceVersion?: string | undefined;
  readonly allowBookmarks: boolean;
  readonly timeoutSeconds?: number | undefined;
  /** Turns each event's object into a one-row Table (kubectl get -w): the Table, or its encoded bytes. */
  readonly table?: ((items: KubeObject[]) => unknown) | undefined;
}

/** Streams watch events until the timeout or the client disconnects. */
export function streamWatch(req: IncomingMessage, res: ServerResponse, api: ApiServer, w: WatchRequest): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  return new Promise((resolve) => {
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      handle?.stop();
      if (timer) clearTimeout(timer);
      res.end();
      resolve();
    };
    let handle: { stop(): void } | undefined;
    try {
      handle = api.watch(
        { apiVersion: w.apiVersion, kind: w.kind, namespace: w.namespace, labelSelector: w.labelSelector, fieldSelector: w.fieldSelector, resourceVersion: w.resourceVersion, allowBookmarks: w.allowBookmarks },
        (event) => {
          if (finished) return;
          const table = w.table && event.type !== 'ERROR' && event.type !== 'BOOKMARK';
          res.write(table ? encodeTableLine(event.type, w.table!([event.object as KubeObject])) : encodeWatchLine(event.type, event.object));
          if (event.type === 'ERROR') finish();
        },
      );
    } catch (err) {
      const status = (err as { status?: unknown }).status;
      res.write(`${JSON.stringify({ type: 'ERROR', object: status ?? { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: String(err), reason: 'InternalError', code: 500 } })}\n`);
      finish();
      return;
    }
    // Node fires the response's 'close' when the client goes away (the request's fires once its body is read).
    res.on('close', finish);
    req.on('aborted', finish);
    if (w.timeoutSeconds) timer = setTimeout(finish, w.timeoutSeconds * 1000);
  });
}

// The last line encoded for an object: watchers of one kind get the same event object in turn,
// so one entry per object suffices. Objects are frozen: a line can never go stale.
const lines = new WeakMap<object, { readonly type: string; readonly line: Buffer }>();

/** `{"type":…,"object":…}` and a newline, as JSON.stringify writes it; shared between watchers. */
export function encodeWatchLine(type: string, object: object): Buffer {
  const cached = lines.get(object);
  if (cached?.type === type) return cached.line;
  const line = Buffer.from(`{"type":${JSON.stringify(type)},"object":${JSON.stringify(object)}}\n`);
  if (isDeeplyFrozen(object)) lines.set(object, { type, line });
  return line;
}

function encodeTableLine(type: string, table: unknown): Buffer | string {
  if (!(table instanceof EncodedJson)) return `${JSON.stringify({ type, object: table })}\n`;
  return Buffer.concat([Buffer.from(`{"type":${JSON.stringify(type)},"object":`), ...table.chunks, Buffer.from('}\n')]);
}
