// The virtual clock of the simulated cluster: every delay and timestamp in the simulation reads
// it. In-process it only moves when told (advance, or settle() jumping to the next timer);
// served over HTTP a driver moves it with the wall clock.

/** A timer registered on the clock. */
export interface ClockTimer {
  readonly at: number;
  cancel(): void;
}

interface TimerEntry {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** Virtual time: milliseconds since the epoch, moved explicitly. */
export class VirtualClock {
  private nowMs: number;
  private seq = 0;
  private timers: TimerEntry[] = [];

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
    return rfc3339(this.nowMs);
  }

  /** Runs `fn` when the clock reaches now + `delayMs`. */
  setTimer(delayMs: number, fn: () => void): ClockTimer {
    const entry: TimerEntry = { at: this.nowMs + Math.max(0, delayMs), seq: this.seq++, fn, cancelled: false };
    this.timers.push(entry);
    return {
      at: entry.at,
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  /** When the next pending timer fires, or undefined when none is pending. */
  nextTimerAt(): number | undefined {
    this.timers = this.timers.filter((t) => !t.cancelled);
    let min: number | undefined;
    for (const t of this.timers) if (min === undefined || t.at < min) min = t.at;
    return min;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in time order. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`VirtualClock.advance(): ms must be >= 0: current value is ${ms}`);
    this.advanceTo(this.nowMs + ms);
  }

  /** Moves time forward to `target` (never backwards), firing due timers in order. */
  advanceTo(target: number): void {
    for (;;) {
      const due = this.timers.filter((t) => !t.cancelled && t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      due.cancelled = true;
      if (due.at > this.nowMs) this.nowMs = due.at;
      due.fn();
    }
    this.timers = this.timers.filter((t) => !t.cancelled);
    if (target > this.nowMs) this.nowMs = target;
  }
}

/** Formats milliseconds since the epoch as `2026-01-01T00:00:00Z` (no fraction, as Kubernetes does). */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
