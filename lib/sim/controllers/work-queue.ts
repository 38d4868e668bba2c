// The work queue between store events and a controller, in client-go's shape: a key is queued
// at most once, never processed twice at once, retried with per-key exponential back-off on
// failure, and dropped after too many failures. Delays run on the virtual clock.

import type { ClockTimer, VirtualClock } from '../clock.ts';

/** Back-off of failed keys: base * 2^failures, capped. */
export interface BackoffOptions {
  /** @default 5 ms */
  readonly baseMs?: number;
  /** @default 1000 s */
  readonly maxMs?: number;
  /** Failures after which a key is dropped (until an event queues it again). @default 15 */
  readonly maxRetries?: number;
}

/** Handed-out keys the queue remembers (see WorkQueue.queued) before it forgets them all when it drains. */
const MAX_REMEMBERED_KEYS = 100_000;

/** A deduplicating, rate-limited queue of reconcile keys. */
export class WorkQueue {
  private readonly clock: VirtualClock;
  /** Keys in order; those before `head` were handed out already. */
  private queue: string[] = [];
  private head = 0;
  /**
   * Whether a key is queued now, by key. Handed-out keys stay, marked false, rather than being
   * deleted (the same keys come back again and again: no rehashing as the table fills and empties);
   * the table is emptied when the queue drains while it holds many keys.
   */
  private readonly queued = new Map<string, boolean>();
  private readonly failures = new Map<string, number>();
  private readonly delayed = new Map<string, ClockTimer>();
  private readonly baseMs: number;
  private readonly maxMs: number;
  readonly maxRetries: number;

  constructor(clock: VirtualClock, options: BackoffOptions = {}) {
    this.clock = clock;
    this.baseMs = options.baseMs ?? 5;
    this.maxMs = options.maxMs ?? 1_000_000;
    this.maxRetries = options.maxRetries ?? 15;
  }

  /** Queues a key now (a no-op when it is already queued). */
  add(key: string): void {
    if (this.queued.get(key) === true) return;
    this.queued.set(key, true);
    this.queue.push(key);
  }

  /** Queues a key after `ms` of virtual time; an earlier pending delay for the key wins. */
  addAfter(key: string, ms: number): void {
    if (ms <= 0) return this.add(key);
    const existing = this.delayed.get(key);
    const at = this.clock.nowMillis() + ms;
    if (existing && existing.at <= at) return;
    existing?.cancel();
    this.delayed.set(key, this.clock.setTimerWith(ms, this.fireDelayed, key));
  }

  /** A delay has passed: queue its key (one callback shared by every timer of the queue). */
  private readonly fireDelayed = (key: string): void => {
    this.delayed.delete(key);
    this.add(key);
  };

  /** Queues a key after its back-off; returns false when the key has failed too often and was dropped. */
  addRateLimited(key: string): boolean {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    if (n > this.maxRetries) {
      this.failures.delete(key);
      return false;
    }
    this.addAfter(key, Math.min(this.maxMs, this.baseMs * 2 ** (n - 1)));
    return true;
  }

  /** Clears a key's failure count after a successful reconcile. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Drops a key's pending delay (its reconcile said there is nothing left to wait for). */
  cancelDelayed(key: string): void {
    this.delayed.get(key)?.cancel();
    this.delayed.delete(key);
  }

  /** How many times a key has failed in a row. */
  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Takes the next key, or undefined when none is ready. */
  next(): string | undefined {
    if (this.head >= this.queue.length) return undefined;
    const key = this.queue[this.head++]!;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
      if (this.queued.size > MAX_REMEMBERED_KEYS) this.queued.clear();
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.queued.set(key, false);
    return key;
  }

  /** Keys ready to process now. */
  get length(): number {
    return this.queue.length - this.head;
  }

  /** Keys waiting for a delay or back-off to pass. */
  get waiting(): string[] {
    return [...this.delayed.keys()];
  }
}
