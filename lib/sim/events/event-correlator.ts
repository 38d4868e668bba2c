// client-go's legacy event correlator (tools/record), one per event source, run before an Event
// is written: the aggregator folds ten distinct messages of one reason into a "(combined from
// similar events)" event, the logger turns exact repeats into count patches, and the spam filter
// drops what exceeds 25 events per source and object (refilling one per 5 minutes). It decides
// only; EventRecorder does the writes. Times are the virtual clock's.

import { LruCache } from './lru-cache.ts';

/** Entries in each of the correlator's caches (client-go's maxLruCacheEntries). */
export const CORRELATOR_CACHE_ENTRIES = 4096;
/** Distinct messages of one aggregate key before aggregation (defaultAggregateMaxEvents). */
export const AGGREGATE_MAX_EVENTS = 10;
/** A similar event older than this starts a fresh aggregate record (defaultAggregateIntervalInSeconds). */
export const AGGREGATE_INTERVAL_MS = 600_000;
/** Events one source may send about one object at once (defaultSpamBurst). */
export const SPAM_BURST = 25;
/** Milliseconds per refilled token: qps 1/300 (defaultSpamQPS). */
export const SPAM_REFILL_MS = 300_000;
/** The message prefix of an aggregate event (EventAggregatorByReasonMessageFunc). */
export const COMBINED_PREFIX = '(combined from similar events): ';

/** The object reference an event is about (core/v1 ObjectReference). */
export interface InvolvedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly uid: string;
  readonly resourceVersion?: string | undefined;
  readonly fieldPath?: string;
}

/** An event as the recorder made it, before correlation. */
export interface RecordedEvent {
  readonly involvedObject: InvolvedObject;
  readonly type: string;
  readonly reason: string;
  readonly message: string;
}

/** What to write for an event that passed the correlator. */
export interface CorrelatedEvent {
  /** The event's name; undefined for a first occurrence the recorder names itself. */
  readonly name: string | undefined;
  readonly message: string;
  /** 1 for a create; above 1 a patch of count, lastTimestamp and message of event `name`. */
  readonly count: number;
  /** The first occurrence's time, RFC 3339. */
  readonly firstTimestamp: string;
  /** Whether this is the aggregate ("combined from similar events") event, which has no reporting controller. */
  readonly aggregate: boolean;
  /** The logger key under which the written event's state is kept (see updateState). */
  readonly storedKey: string;
}

interface AggregateRecord {
  /** Distinct messages seen, oldest first (at most AGGREGATE_MAX_EVENTS; a short list beats a Set here). */
  readonly messages: string[];
  lastMs: number;
}

interface EventLog {
  count: number;
  firstTimestamp: string;
  name: string | undefined;
}

interface TokenBucket {
  /** Refill milliseconds banked: SPAM_REFILL_MS per token, at most SPAM_BURST tokens. */
  banked: number;
  atMs: number;
}

const SEP = '\u0000';
const BUCKET_CAPACITY = SPAM_BURST * SPAM_REFILL_MS;

/** The correlator of one event source (a controller, the kubelet of one node). */
export class EventCorrelator {
  private readonly aggregates = new LruCache<AggregateRecord>(CORRELATOR_CACHE_ENTRIES);
  private readonly logs = new LruCache<EventLog>(CORRELATOR_CACHE_ENTRIES);
  private readonly buckets = new LruCache<TokenBucket>(CORRELATOR_CACHE_ENTRIES);
  /** Names the aggregate event created at `nowMs` (`<name>.<hex unix nanos>`, kept unique). */
  private readonly nameAggregate: (objectName: string, nowMs: number) => string;

  constructor(nameAggregate: (objectName: string, nowMs: number) => string) {
    this.nameAggregate = nameAggregate;
  }

  /**
   * Runs the aggregator, the logger and the spam filter, in client-go's order; undefined when the
   * spam filter drops the event (the logger has counted it all the same).
   */
  correlate(event: RecordedEvent, nowMs: number, nowIso: string): CorrelatedEvent | undefined {
    const ref = event.involvedObject;
    // The source (component and host) is the same for every key of this correlator: left out. A uid
    // names one object (kind, namespace and name), so with one those are left out too: shorter keys.
    const objectKey = ref.uid
      ? `${ref.uid}${SEP}${ref.apiVersion}`
      : `${SEP}${ref.kind}${SEP}${ref.namespace ?? ''}${SEP}${ref.name}${SEP}${ref.apiVersion}`;
    const aggregateKey = `${objectKey}${SEP}${event.type}${SEP}${event.reason}`;
    const fieldPath = ref.fieldPath ?? '';
    let record = this.aggregates.get(aggregateKey);
    if (record === undefined) {
      record = { messages: [event.message], lastMs: nowMs };
      this.aggregates.insert(aggregateKey, record);
    } else if (nowMs - record.lastMs > AGGREGATE_INTERVAL_MS) {
      record = { messages: [event.message], lastMs: nowMs };
      this.aggregates.add(aggregateKey, record);
    } else {
      if (!record.messages.includes(event.message)) record.messages.push(event.message);
      record.lastMs = nowMs;
    }

    let key: string;
    let aggregate = false;
    let message = event.message;
    if (record.messages.length < AGGREGATE_MAX_EVENTS) {
      key = `${aggregateKey}${SEP}${fieldPath}${SEP}${message}`;
    } else {
      // Go's PopAny drops an arbitrary message; the oldest is dropped here, deterministically.
      record.messages.shift();
      key = aggregateKey;
      aggregate = true;
      message = COMBINED_PREFIX + message;
    }

    const logged = this.logs.get(key);
    let log: EventLog;
    if (logged !== undefined && logged.count > 0) {
      log = logged;
      log.count++;
    } else {
      log = { count: 1, firstTimestamp: nowIso, name: aggregate ? this.nameAggregate(ref.name, nowMs) : undefined };
      if (logged === undefined) this.logs.insert(key, log);
      else this.logs.add(key, log);
    }

    if (!this.tryAccept(objectKey, nowMs)) return undefined;
    const storedKey = aggregate ? `${aggregateKey}${SEP}${fieldPath}${SEP}${message}` : key;
    return { name: log.name, message, count: log.count, firstTimestamp: log.firstTimestamp, aggregate, storedKey };
  }

  /** Remembers the event the server stored for a correlated one (client-go's UpdateState). */
  updateState(correlated: CorrelatedEvent, name: string): void {
    const log = this.logs.get(correlated.storedKey);
    if (log === undefined) this.logs.add(correlated.storedKey, { count: correlated.count, firstTimestamp: correlated.firstTimestamp, name });
    else {
      log.count = correlated.count;
      log.firstTimestamp = correlated.firstTimestamp;
      log.name = name;
    }
  }

  /** The spam filter's token bucket for one source and object: takes a token if one is left. */
  private tryAccept(objectKey: string, nowMs: number): boolean {
    let bucket = this.buckets.get(objectKey);
    if (bucket === undefined) {
      bucket = { banked: BUCKET_CAPACITY, atMs: nowMs };
      this.buckets.insert(objectKey, bucket);
    }
    bucket.banked = Math.min(BUCKET_CAPACITY, bucket.banked + Math.max(0, nowMs - bucket.atMs));
    bucket.atMs = nowMs;
    if (bucket.banked < SPAM_REFILL_MS) return false;
    bucket.banked -= SPAM_REFILL_MS;
    return true;
  }
}
