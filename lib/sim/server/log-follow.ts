// `kubectl logs -f`: a chunked text/plain stream that keeps writing a container's log as the
// simulated kubelet produces it. It re-reads the log model whenever its source says something may
// have changed (a pod write, the clock moving), writes only the new text, and ends when the
// container's run terminates, the pod goes away, or the client leaves. It does not build log text.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../../k8s/types.ts';
import { resolveLogContainer } from '../kubelet/logs.ts';

type Obj = Record<string, any>;

/** Where a followed log comes from. */
export interface LogFollowSource {
  /** The pod as stored now; undefined once it is gone. */
  readPod(): KubeObject | undefined;
  /** The whole log of the followed container (`previous`: its last terminated run); may throw. */
  readLog(pod: KubeObject, previous: boolean): string;
  /** Calls `onChange` whenever lines may have appeared; returns the unsubscribe function. */
  subscribe(onChange: () => void): () => void;
}

/** What the follow starts from: the pod read for the request and the log text already known. */
export interface LogFollowStart {
  readonly pod: KubeObject;
  /** The `container` query parameter. */
  readonly container: string | undefined;
  /** The first answer (tailLines applied). */
  readonly firstText: string;
  /** The whole log at the same moment; new lines are what grows past it. */
  readonly fullText: string;
}

function containerStatusOf(pod: KubeObject, name: string): Obj | undefined {
  const status: Obj = (pod as Obj).status ?? {};
  const all: Obj[] = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? []), ...(status.ephemeralContainerStatuses ?? [])];
  return all.find((s) => s.name === name);
}

/**
 * Streams the log of `start.pod`'s container until its run ends: a terminated state, a new run
 * (another start time, more restarts), or the pod deleted or replaced. Resolves when the stream ends.
 */
export function streamLogFollow(req: IncomingMessage, res: ServerResponse, start: LogFollowStart, source: LogFollowSource): Promise<void> {
  const name = String(resolveLogContainer(start.pod, start.container).name);
  const uid = start.pod.metadata.uid;
  const first = containerStatusOf(start.pod, name);
  const restarts = Number(first?.restartCount ?? 0);
  let runStartedAt: string | undefined = first?.state?.running?.startedAt;
  let written = start.fullText;

  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  if (start.firstText) res.write(start.firstText);

  /** Writes what grew past the text already sent; false when `text` does not continue it. */
  const writeGrowth = (text: string): boolean => {
    if (!text.startsWith(written)) return false;
    if (text.length > written.length) res.write(text.slice(written.length));
    written = text;
    return true;
  };
  /** Writes the lines of `text` past as many lines as were written (by position: a log may repeat a line). */
  const writeUnseenLines = (text: string): void => {
    const sent = written.split('\n').filter((line) => line !== '').length;
    const unseen = text.split('\n').filter((line) => line !== '').slice(sent);
    if (unseen.length > 0) res.write(`${unseen.join('\n')}\n`);
  };
  const tryReadLog = (pod: KubeObject, previous: boolean): string | undefined => {
    try {
      return source.readLog(pod, previous);
    } catch {
      return undefined;
    }
  };
  /** Whether the followed run is over: the container no longer runs, or runs again since another start. */
  const runEnded = (pod: KubeObject): boolean => {
    const status = containerStatusOf(pod, name);
    if (!status) return false;
    const running = status.state?.running;
    if (!running) return true;
    runStartedAt ??= running.startedAt;
    return running.startedAt !== runStartedAt || Number(status.restartCount ?? 0) > restarts;
  };

  return new Promise((resolve) => {
    let finished = false;
    let scheduled = false;
    let unsubscribe: (() => void) | undefined;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      unsubscribe?.();
      res.end();
      resolve();
    };
    const check = (): void => {
      scheduled = false;
      if (finished) return;
      const pod = source.readPod();
      if (!pod || pod.metadata.uid !== uid) return finish();
      const current = tryReadLog(pod, false);
      if (current === undefined || !writeGrowth(current)) {
        // A new run began: the old one's last lines are in its previous log now.
        const previous = tryReadLog(pod, true);
        if (previous !== undefined && !writeGrowth(previous)) writeUnseenLines(previous);
        return finish();
      }
      if (runEnded(pod)) finish();
    };
    // Sources call back from inside store writes: read once the write is done, once per burst.
    const schedule = (): void => {
      if (finished || scheduled) return;
      scheduled = true;
      setImmediate(check);
    };
    res.on('close', finish);
    req.on('aborted', finish);
    if (runEnded(start.pod)) return finish();
    unsubscribe = source.subscribe(schedule);
    schedule();
  });
}
