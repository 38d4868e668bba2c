// The endpoint controllers' update batching (kube-controller-manager's
// --endpoint-updates-batch-period and --endpointslice-updates-batch-period): the first change to a
// Service's pods starts a short window, and one sync at its end covers every change within it, so
// a thousand pods turning Ready at the same moment cost one sync, not a thousand.

/** Virtual milliseconds changes are gathered before an endpoints sync. */
export const ENDPOINT_UPDATES_BATCH_PERIOD_MS = 100;

/** Options of the endpoint controllers. */
export interface EndpointControllerOptions {
  /** Virtual ms to gather changes before a sync; 0 syncs at once. @default ENDPOINT_UPDATES_BATCH_PERIOD_MS */
  readonly batchPeriodMs?: number;
}

/** When each Service key is due for its batched sync. */
export class EndpointUpdateBatcher {
  private readonly due = new Map<string, number>();
  private readonly periodMs: number;

  constructor(periodMs = ENDPOINT_UPDATES_BATCH_PERIOD_MS) {
    this.periodMs = periodMs;
  }

  /** Milliseconds to wait before syncing `key` at `nowMs`, or 0 when the sync is due now. */
  waitMs(key: string, nowMs: number): number {
    if (this.periodMs <= 0) return 0;
    const at = this.due.get(key);
    if (at === undefined) {
      this.due.set(key, nowMs + this.periodMs);
      return this.periodMs;
    }
    if (nowMs < at) return at - nowMs;
    this.due.delete(key);
    return 0;
  }
}
