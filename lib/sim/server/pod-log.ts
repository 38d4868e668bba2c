// The `pods/log` subresource: the container's log as text/plain, or with `follow=true` a stream
// that keeps writing while the container runs (log-follow.ts), re-read on every write to the pod
// and on the simulation's progress. The log text itself comes from the server's logs hook.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';
import type { ObjectKey } from '../api/request-types.ts';
import { streamLogFollow, type LogFollowSource } from './log-follow.ts';

/** A pod's container log (the `logs` hook of the server). */
export type PodLogHook = (pod: KubeObject, container: string | undefined, options: { tailLines?: number | undefined; previous?: boolean; timestamps?: boolean }) => string;

/** What servePodLog() needs from the server. */
export interface PodLogContext {
  readonly api: ApiServer;
  readonly logs?: PodLogHook | undefined;
  /** Subscribes to the simulation's progress; without it, a follow re-reads once a second. */
  readonly onProgress?: ((listener: () => void) => () => void) | undefined;
}

/** Answers `GET …/pods/<name>/log` (container, tailLines, previous, timestamps, follow). */
export function servePodLog(req: IncomingMessage, res: ServerResponse, ctx: PodLogContext, key: ObjectKey, q: URLSearchParams): Promise<void> | void {
  const pod = ctx.api.get(key);
  const tail = q.get('tailLines');
  const logOptions = { ...(tail !== null && Number.isInteger(Number(tail)) ? { tailLines: Number(tail) } : {}), previous: q.get('previous') === 'true', timestamps: q.get('timestamps') === 'true' };
  const container = q.get('container') ?? undefined;
  const logs = ctx.logs;
  const text = logs ? logs(pod, container, logOptions) : '';
  if (logs && q.get('follow') === 'true' && !logOptions.previous) {
    const fullText = logOptions.tailLines === undefined ? text : logs(pod, container, { ...logOptions, tailLines: undefined });
    const source: LogFollowSource = {
      readPod: () => ctx.api.tryGet(key),
      readLog: (current, previous) => logs(current, container, { previous, timestamps: logOptions.timestamps }),
      subscribe: (onChange) => subscribeToPod(ctx, key, onChange),
    };
    return streamLogFollow(req, res, { pod, container, firstText: text, fullText }, source);
  }
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end(text);
}

/** Calls `onChange` on every write to the pod and on the simulation's progress (else once a second). */
function subscribeToPod(ctx: PodLogContext, key: ObjectKey, onChange: () => void): () => void {
  const watch = ctx.api.watch({ apiVersion: 'v1', kind: 'Pod', namespace: key.namespace, fieldSelector: `metadata.name=${key.name}`, allowBookmarks: false }, () => onChange());
  let stopProgress: () => void;
  if (ctx.onProgress) stopProgress = ctx.onProgress(onChange);
  else {
    const timer = setInterval(onChange, 1000);
    timer.unref();
    stopProgress = () => clearInterval(timer);
  }
  return () => {
    watch.stop();
    stopProgress();
  };
}
