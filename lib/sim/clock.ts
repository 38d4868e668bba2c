// The virtual clock of the simulated cluster: every delay and timestamp in the simulation reads
// it. In-process it only moves when told (advance, or settle() jumping to the next timer);
// served over HTTP a driver moves it with the wall clock.

/** A timer registered on the clock. */
export interface ClockTimer {
  readonly at: number;
  cancel(): void;
}

/**
 * A pending timer: its own handle (one object per timer, no closures), calling `fn(arg)` when it
 * falls due, so that callers can share one callback among many timers.
 */
class TimerEntry implements ClockTimer {
  readonly clock: VirtualClock;
  readonly at: number;
  readonly seq: number;
  readonly fn: (arg: any) => void;
  readonly arg: unknown;
  cancelled = false;

  constructor(clock: VirtualClock, at: number, seq: number, fn: (arg: any) => void, arg: unknown) {
    this.clock = clock;
    this.at = at;
    this.seq = seq;
    this.fn = fn;
    this.arg = arg;
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.clock.noteCancelled();
  }
}

/** Virtual time: milliseconds since the epoch, moved explicitly. */
export class VirtualClock {
  private nowMs: number;
  private seq = 0;
  /** A binary min-heap by (at, seq); cancelled entries stay until they reach the top. */
  private timers: TimerEntry[] = [];
  /** Cancelled entries still in the heap. */
  private cancelledInHeap = 0;
  /** nowIso() of the last second asked for (timestamps have whole seconds). */
  private isoSecond = Number.NaN;
  private iso = '';

  /** @param start the starting time, @default 2026-01-01T00:00:00Z */
  constructor(start: Date | string | number = Date.UTC(2026, 0, 1)) {
    this.nowMs = new Date(start).getTime();
    if (!Number.isFinite(this.nowMs)) throw new RangeError(`VirtualClock: invalid start time ${JSON.stringify(start)}`);
  }

  /** The current virtual time in milliseconds. */
  nowMillis(): number {
    return this.nowMs;
  }

  /** The current virtual time. */
  now(): Date {
    return new Date(this.nowMs);
  }

  /** The current virtual time as RFC 3339 with seconds, as Kubernetes writes timestamps. */
  nowIso(): string {
    const second = Math.floor(this.nowMs / 1000);
    if (second !== this.isoSecond) {
      this.isoSecond = second;
      this.iso = rfc3339(this.nowMs);
    }
    return this.iso;
  }

  /** Runs `fn` when the clock reaches now + `delayMs`. */
  setTimer(delayMs: number, fn: () => void): ClockTimer {
    return this.setTimerWith(delayMs, fn, undefined);
  }

  /** Runs `fn(arg)` when the clock reaches now + `delayMs` (one callback can serve many timers). */
  setTimerWith<T>(delayMs: number, fn: (arg: T) => void, arg: T): ClockTimer {
    const entry = new TimerEntry(this, this.nowMs + Math.max(0, delayMs), this.seq++, fn, arg);
    pushTimer(this.timers, entry);
    return entry;
  }

  /** @internal Counts a timer cancelled while still in the heap (TimerEntry.cancel). */
  noteCancelled(): void {
    this.cancelledInHeap++;
    if (this.cancelledInHeap > 1024 && this.cancelledInHeap * 2 > this.timers.length) this.compact();
  }

  /** When the next pending timer fires, or undefined when none is pending. */
  nextTimerAt(): number | undefined {
    return this.peekLive()?.at;
  }

  /** The earliest timer that is not cancelled, dropping cancelled ones from the top. */
  private peekLive(): TimerEntry | undefined {
    const heap = this.timers;
    while (heap.length > 0 && heap[0]!.cancelled) {
      popTimer(heap);
      this.cancelledInHeap--;
    }
    return heap[0];
  }

  /** Rebuilds the heap without its cancelled entries (when they are most of it). */
  private compact(): void {
    const live = this.timers.filter((t) => !t.cancelled);
    this.timers = [];
    this.cancelledInHeap = 0;
    for (const t of live) pushTimer(this.timers, t);
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in time order. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`VirtualClock.advance(): ms must be >= 0: current value is ${ms}`);
    this.advanceTo(this.nowMs + ms);
  }

  /** Moves time forward to `target` (never backwards), firing due timers in order. */
  advanceTo(target: number): void {
    for (;;) {
      const due = this.peekLive();
      if (!due || due.at > target) break;
      popTimer(this.timers);
      due.cancelled = true;
      if (due.at > this.nowMs) this.nowMs = due.at;
      due.fn(due.arg);
    }
    if (target > this.nowMs) this.nowMs = target;
  }
}

function isBefore(a: TimerEntry, b: TimerEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

function pushTimer(heap: TimerEntry[], entry: TimerEntry): void {
  let i = heap.length;
  heap.push(entry);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!isBefore(entry, heap[parent]!)) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = entry;
}

function popTimer(heap: TimerEntry[]): void {
  const last = heap.pop()!;
  const n = heap.length;
  if (n === 0) return;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= n) break;
    const right = left + 1;
    const child = right < n && isBefore(heap[right]!, heap[left]!) ? right : left;
    if (!isBefore(heap[child]!, last)) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = last;
}

/** Formats milliseconds since the epoch as `2026-01-01T00:00:00Z` (no fraction, as Kubernetes does). */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  let text = FORMATTED.get(second);
  if (text === undefined) {
    text = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    if (FORMATTED.size >= MAX_FORMATTED) FORMATTED.clear();
    FORMATTED.set(second, text);
  }
  return text;
}

/** Timestamps formatted lately, by second (a simulation stamps the same few seconds over and over). */
const FORMATTED = new Map<number, string>();
const MAX_FORMATTED = 4096;
