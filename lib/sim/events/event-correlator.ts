// client-go's legacy event correlator (tools/record), one per event source, run before an Event
// is written: the aggregator folds ten distinct messages of one reason into a "(combined from
// similar events)" event, the logger turns exact repeats into count patches, and the spam filter
// drops what exceeds 25 events per source and object (refilling one per 5 minutes). It decides
// only; EventRecorder does the writes. Times are the virtual clock's.

import { KeyNode } from './key-trie.ts';
import { LruOrder, type LruLinks } from './lru-cache.ts';

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
  /**
   * With `fieldPath` and `message`, the logger key of the written event (see updateState): its
   * aggregate key's node. Kept on this object rather than a separate one: one allocation per event.
   */
  readonly group: CorrelatorNode;
  readonly fieldPath: string;
  /** The node the logger counted the event under (the key of `group`, `fieldPath` and `message` unless aggregate). */
  readonly node: CorrelatorNode;
}

/** An entry of the aggregator's cache, under an aggregate key (object, type, reason). */
interface AggregateRecord extends LruLinks<AggregateRecord> {
  readonly node: CorrelatorNode;
  /**
   * Distinct messages seen, oldest first (at most AGGREGATE_MAX_EVENTS; a short list beats a Set
   * here); a lone message is kept as it is, without a list (most keys only ever see one).
   */
  messages: string | string[];
  lastMs: number;
}

/** An entry of the logger's cache, under an aggregate key (the combined event) or a full event key. */
interface EventLog extends LruLinks<EventLog> {
  readonly node: CorrelatorNode;
  count: number;
  firstTimestamp: string;
  name: string | undefined;
}

/** An entry of the spam filter's cache, under an object key. */
interface TokenBucket extends LruLinks<TokenBucket> {
  readonly node: CorrelatorNode;
  /** Refill milliseconds banked: SPAM_REFILL_MS per token, at most SPAM_BURST tokens. */
  banked: number;
  atMs: number;
}

/** A node of the key trie: object, apiVersion, type, reason, fieldPath, message. */
type CorrelatorNode = KeyNode<TokenBucket, AggregateRecord, EventLog>;

const SEP = '\u0000';
const BUCKET_CAPACITY = SPAM_BURST * SPAM_REFILL_MS;

/** The correlator of one event source (a controller, the kubelet of one node). */
export class EventCorrelator {
  /**
   * The keys of all three caches, by part. The source (component and host) is the same for every
   * key of this correlator: left out. A uid names one object (kind, namespace and name), so with
   * one those are left out too.
   */
  private readonly keys: CorrelatorNode = new KeyNode(undefined, '');
  // Three caches of CORRELATOR_CACHE_ENTRIES each, as in client-go; a forgotten entry leaves the trie.
  private readonly aggregates = new LruOrder<AggregateRecord>(CORRELATOR_CACHE_ENTRIES, (record) => {
    record.node.aggregate = undefined;
    record.node.prune();
  });
  private readonly logs = new LruOrder<EventLog>(CORRELATOR_CACHE_ENTRIES, (log) => {
    log.node.log = undefined;
    log.node.prune();
  });
  private readonly buckets = new LruOrder<TokenBucket>(CORRELATOR_CACHE_ENTRIES, (bucket) => {
    bucket.node.bucket = undefined;
    bucket.node.prune();
  });
  /** Names the aggregate event created at `nowMs` (`<name>.<hex unix nanos>`, kept unique). */
  private readonly nameAggregate: (objectName: string, nowMs: number) => string;

  constructor(nameAggregate: (objectName: string, nowMs: number) => string) {
    this.nameAggregate = nameAggregate;
  }

  /** How many entries the aggregator's, the logger's and the spam filter's caches hold. */
  get cacheSizes(): { aggregates: number; logs: number; buckets: number } {
    return { aggregates: this.aggregates.size, logs: this.logs.size, buckets: this.buckets.size };
  }

  /**
   * Runs the aggregator, the logger and the spam filter on an event (a RecordedEvent's parts,
   * passed one by one: no object per event), in client-go's order; undefined when the spam filter
   * drops the event (the logger has counted it all the same).
   */
  correlate(ref: InvolvedObject, type: string, reason: string, eventMessage: string, nowMs: number, nowIso: string): CorrelatedEvent | undefined {
    const object = this.keys.child(ref.uid || `${SEP}${ref.kind}${SEP}${ref.namespace ?? ''}${SEP}${ref.name}`).child(ref.apiVersion);
    const group = object.child(type).child(reason);
    const fieldPath = ref.fieldPath ?? '';
    let record = group.aggregate;
    if (record === undefined) {
      record = { node: group, messages: eventMessage, lastMs: nowMs, older: undefined, newer: undefined };
      group.aggregate = record;
      this.aggregates.append(record);
    } else {
      this.aggregates.touch(record);
      const messages = record.messages;
      if (nowMs - record.lastMs > AGGREGATE_INTERVAL_MS) record.messages = eventMessage;
      else if (typeof messages === 'string') {
        if (messages !== eventMessage) record.messages = [messages, eventMessage];
      } else if (!messages.includes(eventMessage)) messages.push(eventMessage);
      record.lastMs = nowMs;
    }

    let node: CorrelatorNode;
    let aggregate = false;
    let message = eventMessage;
    const messages = record.messages;
    if (typeof messages === 'string' || messages.length < AGGREGATE_MAX_EVENTS) {
      node = group.child(fieldPath).child(message);
    } else {
      // Go's PopAny drops an arbitrary message; the oldest is dropped here, deterministically.
      messages.shift();
      node = group;
      aggregate = true;
      message = COMBINED_PREFIX + message;
    }

    let log = node.log;
    if (log !== undefined && log.count > 0) {
      this.logs.touch(log);
      log.count++;
    } else if (log !== undefined) {
      this.logs.touch(log);
      log.count = 1;
      log.firstTimestamp = nowIso;
      log.name = aggregate ? this.nameAggregate(ref.name, nowMs) : undefined;
    } else {
      // Entries go onto their node before they enter the order: an eviction then prunes no node in use.
      log = { node, count: 1, firstTimestamp: nowIso, name: aggregate ? this.nameAggregate(ref.name, nowMs) : undefined, older: undefined, newer: undefined };
      node.log = log;
      this.logs.append(log);
    }

    if (!this.tryAccept(object, nowMs)) return undefined;
    return { name: log.name, message, count: log.count, firstTimestamp: log.firstTimestamp, aggregate, group, fieldPath, node };
  }

  /** Remembers the event the server stored for a correlated one (client-go's UpdateState). */
  updateState(correlated: CorrelatedEvent, name: string): void {
    const { group, fieldPath, message } = correlated;
    // A plain event's key is the one correlate() logged it under: its node, while still in the trie
    // (a live node's ancestors are live). Otherwise the key's nodes may have been pruned since
    // correlate(): reattach() finds the live ones.
    const node = !correlated.aggregate && !correlated.node.pruned ? correlated.node : group.reattach().child(fieldPath).child(message);
    const log = node.log;
    if (log === undefined) {
      node.log = { node, count: correlated.count, firstTimestamp: correlated.firstTimestamp, name, older: undefined, newer: undefined };
      this.logs.append(node.log);
    } else {
      this.logs.touch(log);
      log.count = correlated.count;
      log.firstTimestamp = correlated.firstTimestamp;
      log.name = name;
    }
  }

  /** The spam filter's token bucket for one source and object: takes a token if one is left. */
  private tryAccept(object: CorrelatorNode, nowMs: number): boolean {
    let bucket = object.bucket;
    if (bucket === undefined) {
      bucket = { node: object, banked: BUCKET_CAPACITY, atMs: nowMs, older: undefined, newer: undefined };
      object.bucket = bucket;
      this.buckets.append(bucket);
    } else this.buckets.touch(bucket);
    bucket.banked = Math.min(BUCKET_CAPACITY, bucket.banked + Math.max(0, nowMs - bucket.atMs));
    bucket.atMs = nowMs;
    if (bucket.banked < SPAM_REFILL_MS) return false;
    bucket.banked -= SPAM_REFILL_MS;
    return true;
  }
}
