// The store's event history: a ring buffer of the last N committed events, which watches resume
// from. What falls out of the buffer is "compacted", as in etcd; resuming from before it gives 410.
// It holds events only; turning them into per-watcher events is ./watch-hub.ts's job.

import type { StoreEvent } from './types.ts';

/** A bounded, ordered log of store events. */
export class EventHistory {
  private readonly buffer: Array<StoreEvent | undefined>;
  /** Each buffered event's revision, beside it: compaction and searches read these, not old events. */
  private readonly revisions: Float64Array;
  private start = 0;
  private count = 0;
  /** Events at or below this revision are gone; a watch from an older revision has expired. */
  compactedRevision: number;

  constructor(capacity: number, compactedRevision = 0) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`historySize must be a positive integer: current value is ${capacity}`);
    this.buffer = new Array<StoreEvent | undefined>(capacity);
    this.revisions = new Float64Array(capacity);
    this.compactedRevision = compactedRevision;
  }

  /** Appends an event, dropping (compacting) the oldest when full. */
  push(event: StoreEvent): void {
    const capacity = this.buffer.length;
    if (this.count === capacity) {
      this.compactedRevision = this.revisions[this.start]!;
      this.buffer[this.start] = event;
      this.revisions[this.start] = event.resourceVersion;
      this.start = (this.start + 1) % capacity;
      return;
    }
    const at = (this.start + this.count) % capacity;
    this.buffer[at] = event;
    this.revisions[at] = event.resourceVersion;
    this.count++;
  }

  private at(i: number): StoreEvent {
    return this.buffer[(this.start + i) % this.buffer.length]!;
  }

  /** Events with a revision above `resourceVersion`, oldest first. */
  listSince(resourceVersion: number): StoreEvent[] {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.revisions[(this.start + mid) % this.revisions.length]! <= resourceVersion) lo = mid + 1;
      else hi = mid;
    }
    const out: StoreEvent[] = [];
    for (let i = lo; i < this.count; i++) out.push(this.at(i));
    return out;
  }
}
