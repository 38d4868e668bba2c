import { createServer, request, type ClientRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { streamLogFollow, type LogFollowSource } from './log-follow.ts';

type State = { running: string } | { terminated: true } | { waiting: string };

function podWith(state: State, restartCount = 0, uid = 'u1'): KubeObject {
  const containerState = 'running' in state ? { running: { startedAt: state.running } } : 'terminated' in state ? { terminated: { exitCode: 0 } } : { waiting: { reason: state.waiting } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', uid },
    spec: { containers: [{ name: 'main', image: 'busybox' }] },
    status: { containerStatuses: [{ name: 'main', restartCount, state: containerState }] },
  } as unknown as KubeObject;
}

/** A fake cluster: the pod, its current and previous logs, and the follow's subscription. */
class FakeSource implements LogFollowSource {
  pod: KubeObject | undefined;
  log = '';
  previous = '';
  onChange: (() => void) | undefined;
  readonly unsubscribed: Promise<void>;
  private resolveUnsubscribed!: () => void;

  constructor(pod: KubeObject, log: string) {
    this.pod = pod;
    this.log = log;
    this.unsubscribed = new Promise((resolve) => (this.resolveUnsubscribed = resolve));
  }

  readPod(): KubeObject | undefined {
    return this.pod;
  }
  readLog(_pod: KubeObject, previous: boolean): string {
    return previous ? this.previous : this.log;
  }
  subscribe(onChange: () => void): () => void {
    this.onChange = onChange;
    return () => this.resolveUnsubscribed();
  }
  /** Changes the cluster and tells the follow. */
  change(update: (self: this) => void): void {
    update(this);
    this.onChange?.();
  }
}

/** A client reading a follow: what arrived so far, waiting for a text, and the end. */
interface Reader {
  readonly req: ClientRequest;
  text(): string;
  until(fragment: string): Promise<string>;
  readonly ended: Promise<string>;
}

let server: Server | undefined;

async function follow(source: FakeSource, firstText: string, fullText = firstText): Promise<Reader> {
  server = createServer((req, res) => void streamLogFollow(req, res, { pod: source.pod!, container: undefined, firstText, fullText }, source));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  let text = '';
  const waiters: Array<{ fragment: string; resolve: (t: string) => void }> = [];
  let endIt!: (t: string) => void;
  const ended = new Promise<string>((resolve) => (endIt = resolve));
  const req = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, (res) => {
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.headers['transfer-encoding']).toBe('chunked');
    res.on('data', (c: Buffer) => {
      text += c.toString('utf8');
      for (const w of waiters.filter((x) => text.includes(x.fragment))) w.resolve(text);
    });
    res.on('end', () => endIt(text));
  });
  req.on('error', () => undefined);
  req.end();
  return {
    req,
    text: () => text,
    until: (fragment) => (text.includes(fragment) ? Promise.resolve(text) : new Promise((resolve) => waiters.push({ fragment, resolve }))),
    ended,
  };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('streamLogFollow()', () => {
  it('streamLogFollow() writes new lines as the log grows and ends when the container terminates', async () => {
    const source = new FakeSource(podWith({ running: 't0' }), 'one\n');
    const reader = await follow(source, 'one\n');
    await reader.until('one\n');
    source.change((s) => (s.log = 'one\ntwo\n'));
    expect(await reader.until('two\n')).toBe('one\ntwo\n');
    source.change((s) => {
      s.log = 'one\ntwo\nexited\n';
      s.pod = podWith({ terminated: true });
    });
    expect(await reader.ended).toBe('one\ntwo\nexited\n');
    await source.unsubscribed;
  });

  it('streamLogFollow() starts from the tail it was given and writes only what grows past the whole log', async () => {
    const source = new FakeSource(podWith({ running: 't0' }), 'one\ntwo\n');
    const reader = await follow(source, 'two\n', 'one\ntwo\n');
    await reader.until('two\n');
    source.change((s) => (s.log = 'one\ntwo\nthree\n'));
    expect(await reader.until('three\n')).toBe('two\nthree\n');
    source.change((s) => (s.pod = undefined));
    expect(await reader.ended).toBe('two\nthree\n');
  });

  it('streamLogFollow() ends when a new run starts, after the last lines of the run it followed', async () => {
    const source = new FakeSource(podWith({ running: 't0' }), 'start\n');
    const reader = await follow(source, 'start\n');
    await reader.until('start\n');
    source.change((s) => {
      s.pod = podWith({ running: 't9' }, 1);
      s.log = 'start (restart 1)\n';
      s.previous = 'start\ncrashed\n';
    });
    expect(await reader.ended).toBe('start\ncrashed\n');
  });

  it('streamLogFollow() writes the ended run\'s lines past those it wrote, by position, when its previous log is not a continuation', async () => {
    const source = new FakeSource(podWith({ running: 't0' }), 'start\ntick\n');
    const reader = await follow(source, 'start\ntick\n');
    await reader.until('tick\n');
    source.change((s) => {
      s.pod = podWith({ running: 't9' }, 1);
      s.log = 'start (restart 1)\n';
      s.previous = 'start (run 0)\ntick\ntick\ncrashed\n';
    });
    expect(await reader.ended).toBe('start\ntick\ntick\ncrashed\n');
  });

  it('streamLogFollow() answers a container that no longer runs with its log and ends at once', async () => {
    const source = new FakeSource(podWith({ waiting: 'CrashLoopBackOff' }, 2), 'start\ncrashed\n');
    const reader = await follow(source, 'start\ncrashed\n');
    expect(await reader.ended).toBe('start\ncrashed\n');
    expect(source.onChange).toBeUndefined();
  });

  it('streamLogFollow() stops reading the cluster when the client goes away', async () => {
    const source = new FakeSource(podWith({ running: 't0' }), 'one\n');
    const reader = await follow(source, 'one\n');
    await reader.until('one\n');
    reader.req.destroy();
    await source.unsubscribed;
    expect(reader.text()).toBe('one\n');
  });
});
