// Kubernetes Events as controllers, the scheduler and kubelets record them: core/v1 Event
// objects with involvedObject, reason, message, type, source and counts. Controllers and kubelets
// go through client-go's legacy correlator (aggregation, count patches, spam filter; see
// events/event-correlator.ts), one per source; the scheduler's events.k8s.io recorder folds repeats only.

import type { KubeObject } from '../k8s/types.ts';
import type { ApiServer } from './api/api-server.ts';
import { EventCorrelator, type CorrelatedEvent, type InvolvedObject } from './events/event-correlator.ts';

/** `Normal` or `Warning`, as in `kubectl get events`. */
export type EventType = 'Normal' | 'Warning';

/** Components that record through events.k8s.io/v1 (client-go tools/events): no legacy correlator. */
const EVENTS_V1_COMPONENTS: ReadonlySet<string> = new Set(['default-scheduler']);
/** How long a repeat of an events.k8s.io event still counts into the earlier one. */
const SERIES_WINDOW_MS = 10 * 60 * 1000;
/** Series keys remembered; the oldest-remembered is forgotten first. */
const MAX_SERIES = 10_000;

/** An events.k8s.io series: an event about one object, kept under its reason, message and component. */
interface Series {
  readonly uid: string;
  readonly reason: string;
  readonly message: string;
  readonly component: string;
  name: string;
  namespace: string;
  lastAt: number;
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DOT = 46; // '.'
/** Longer object names (never valid DNS names) are joined as strings: apply() passes one argument per character. */
const MAX_FLAT_NAME = 1024;
/** The characters of the event name being built (reused: naming an event allocates only the name). */
const NAME_CODES: number[] = [];

/** Writes `value` as `digits` lowercase hex digits, zero-padded, into NAME_CODES from `at` (as toString(16).padStart(digits, '0')). */
function writeHex(value: number, digits: number, at: number): number {
  for (let shift = 4 * (digits - 1); shift >= 0; shift -= 4) NAME_CODES[at++] = HEX_CODES[(value >>> shift) & 15]!;
  return at;
}

type Obj = Record<string, any>;

/** One event source (component and host): its frozen `source` field, shared by its events, and its correlator. */
interface EventSource {
  readonly source: Readonly<{ component: string; host?: string }>;
  correlator: EventCorrelator | undefined;
}

/**
 * A fresh Event object (the API server takes it over), fields in the order a recorder writes them.
 * Positional rather than one object of fields: an event costs only its own objects. `reporting`
 * false leaves reportingComponent/Instance empty.
 */
function buildEvent(
  name: string, namespace: string, involvedObject: InvolvedObject, reason: string, message: string, type: EventType,
  source: EventSource['source'], reporting: boolean, host: string | undefined, firstTimestamp: string, lastTimestamp: string, count: number,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace },
    involvedObject,
    reason,
    message,
    type,
    source,
    reportingComponent: reporting ? source.component : '',
    reportingInstance: reporting ? (host ?? '') : '',
    firstTimestamp,
    lastTimestamp,
    count,
  } as KubeObject;
}

/**
 * The stored event's metadata for the body of a count update, without managedFields: the server
 * drops sent ones on such an update anyway and keeps the stored list (so the stored result is the
 * same), and reading them would work out a list still pending (see store/lazy-managed-fields.ts).
 */
function copyMetadataWithoutManagedFields(existing: KubeObject): KubeObject['metadata'] {
  const from = existing.metadata as Obj;
  const out: Obj = {};
  for (const key in from) if (key !== 'managedFields') out[key] = from[key];
  return out as KubeObject['metadata'];
}

/** Records events into the API server. */
export class EventRecorder {
  private readonly api: ApiServer;
  /** Sources by `component`, then `host`; one legacy correlator each, as each has its own broadcaster. */
  private readonly sources = new Map<string, Map<string, EventSource>>();
  /** The object of the last event and its involvedObject, reused while events are about that (frozen) object. */
  private lastObject: KubeObject | undefined;
  private lastInvolvedObject: InvolvedObject | undefined;
  /**
   * Series by involvedObject uid, then matched on reason, message and component: a lookup hashes
   * the uid (whose hash the string keeps) rather than a key joined with the message.
   */
  private readonly series = new Map<string, Series[]>();
  private seriesCount = 0;
  /** Series in the order they were first remembered (a queue read from `head`). */
  private order: Series[] = [];
  private head = 0;
  /** The last unix-nanosecond stamp given to an aggregate event's name (names stay unique). */
  private lastNanos = 0n;

  constructor(api: ApiServer) {
    this.api = api;
  }

  /**
   * Records an event about `obj` from `component` (e.g. `default-scheduler`, `kubelet`).
   * @example events.record(pod, 'Warning', 'FailedScheduling', '0/3 nodes are available: …', 'default-scheduler')
   */
  record(obj: KubeObject, type: EventType, reason: string, message: string, component: string, host?: string): void {
    const meta = obj.metadata;
    const involvedObject = this.involvedObjectOf(obj);
    const source = this.sourceOf(component, host ?? '');
    if (EVENTS_V1_COMPONENTS.has(component)) {
      this.recordSeries(involvedObject, type, reason, message, source, host);
      return;
    }
    const correlator = (source.correlator ??= new EventCorrelator((name, nowMs) => this.nameAggregate(name, nowMs)));
    const nowIso = this.api.clock.nowIso();
    const correlated = correlator.correlate(involvedObject, type, reason, message, this.api.clock.nowMillis(), nowIso);
    if (correlated === undefined) return;
    const namespace = meta.namespace || 'default';
    if (correlated.count > 1 && correlated.name !== undefined && this.patchCount(namespace, correlated, nowIso, component)) {
      correlator.updateState(correlated, correlated.name);
      return;
    }
    // A first occurrence, or a repeat whose event is gone (client-go creates it again, same name and count).
    const name = correlated.name ?? this.nameEvent(involvedObject.name);
    // The aggregate event is built afresh by the aggregator, without the reporting fields.
    const event = buildEvent(
      name, namespace, involvedObject, reason, correlated.message, type, source.source, !correlated.aggregate, host,
      correlated.firstTimestamp, nowIso, correlated.count,
    );
    if (this.tryCreate(event, component)) correlator.updateState(correlated, name);
  }

  /** Events about one object, oldest first (as `kubectl describe` lists them). */
  eventsFor(obj: KubeObject): KubeObject[] {
    const namespace = obj.metadata.namespace || 'default';
    const items = this.api.list({ apiVersion: 'v1', kind: 'Event', namespace, fieldSelector: `involvedObject.uid=${obj.metadata.uid ?? ''}` }).items;
    return [...items].sort((a, b) => String((a as any).firstTimestamp).localeCompare(String((b as any).firstTimestamp)));
  }

  /**
   * The involvedObject of an event about `obj`. Events about one frozen object in a row share one,
   * frozen too (the store keeps frozen values as they are); an object that may still change, or
   * one without a resourceVersion (a field the store drops), gets a fresh one each time.
   */
  private involvedObjectOf(obj: KubeObject): InvolvedObject {
    if (obj === this.lastObject) return this.lastInvolvedObject!;
    const meta = obj.metadata;
    const involvedObject: InvolvedObject = meta.namespace
      ? { apiVersion: obj.apiVersion, kind: obj.kind, name: meta.name ?? '', namespace: meta.namespace, uid: meta.uid ?? '', resourceVersion: meta.resourceVersion }
      : { apiVersion: obj.apiVersion, kind: obj.kind, name: meta.name ?? '', uid: meta.uid ?? '', resourceVersion: meta.resourceVersion };
    if (meta.resourceVersion !== undefined && Object.isFrozen(obj) && Object.isFrozen(meta)) {
      this.lastObject = obj;
      this.lastInvolvedObject = Object.freeze(involvedObject);
    } else this.lastObject = undefined;
    return involvedObject;
  }

  /** One source's frozen `source` field and correlator (whose keys leave out the source, the same for all of them). */
  private sourceOf(component: string, host: string): EventSource {
    // By component, then host: no joined key to build and hash on every event.
    let byHost = this.sources.get(component);
    if (byHost === undefined) this.sources.set(component, (byHost = new Map()));
    let source = byHost.get(host);
    if (source === undefined) {
      source = { source: Object.freeze(host ? { component, host } : { component }), correlator: undefined };
      byHost.set(host, source);
    }
    return source;
  }

  /** The count patch of a repeat (count, lastTimestamp, message); false when the event is gone. */
  private patchCount(namespace: string, correlated: CorrelatedEvent, nowIso: string, component: string): boolean {
    const existing = this.api.tryGet({ apiVersion: 'v1', kind: 'Event', namespace, name: correlated.name ?? '' });
    if (!existing) return false;
    const next = { ...existing, metadata: copyMetadataWithoutManagedFields(existing), count: correlated.count, lastTimestamp: nowIso, message: correlated.message } as KubeObject;
    try {
      this.api.updateOwned(next, { fieldManager: component });
    } catch {
      // Deleted or changed meanwhile: client-go gives up on an event the server rejects.
    }
    return true;
  }

  /**
   * Creates an event built for this call (handed over to the server: nothing here reads or changes
   * it after); false when the server rejects it (a terminating namespace, a taken name), which a recorder drops.
   */
  private tryCreate(event: KubeObject, component: string): boolean {
    try {
      this.api.createOwned(event, { fieldManager: component });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * `<name>.<12 hex digits>` from the seeded random source, for a first occurrence. Built from
   * character codes in one go: one flat string, rather than a string per digit and a joined one.
   */
  private nameEvent(objectName: string): string {
    const random = this.api.random;
    const high = random.int(0x7fffffff);
    const low = random.int(0xffff);
    const length = objectName.length;
    if (length > MAX_FLAT_NAME) return `${objectName}.${high.toString(16).padStart(8, '0')}${low.toString(16).padStart(4, '0')}`;
    for (let i = 0; i < length; i++) NAME_CODES[i] = objectName.charCodeAt(i);
    NAME_CODES[length] = DOT;
    writeHex(low, 4, writeHex(high, 8, length + 1));
    NAME_CODES.length = length + 13;
    return String.fromCharCode.apply(null, NAME_CODES);
  }

  /** `<name>.<hex unix nanos>` as the aggregator names its event, one nanosecond on when the clock has not moved. */
  private nameAggregate(objectName: string, nowMs: number): string {
    let nanos = BigInt(nowMs) * 1_000_000n;
    if (nanos <= this.lastNanos) nanos = this.lastNanos + 1n;
    this.lastNanos = nanos;
    return `${objectName}.${nanos.toString(16)}`;
  }

  /** The events.k8s.io recorder's series: an exact repeat within the window counts into the earlier event. */
  private recordSeries(involvedObject: InvolvedObject, type: EventType, reason: string, message: string, source: EventSource, host: string | undefined): void {
    const component = source.source.component;
    const namespace = involvedObject.namespace || 'default';
    const now = this.api.clock.nowMillis();
    const nowIso = this.api.clock.nowIso();
    const recent = this.findSeries(involvedObject.uid, reason, message, component);
    if (recent && now - recent.lastAt <= SERIES_WINDOW_MS) {
      const existing = this.api.tryGet({ apiVersion: 'v1', kind: 'Event', namespace: recent.namespace, name: recent.name });
      if (existing) {
        const next = { ...existing, metadata: copyMetadataWithoutManagedFields(existing), count: ((existing as Obj).count ?? 1) + 1, lastTimestamp: nowIso };
        this.api.updateOwned(next as KubeObject, { fieldManager: component });
        recent.lastAt = now;
        return;
      }
    }
    const name = this.nameEvent(involvedObject.name);
    const event = buildEvent(name, namespace, involvedObject, reason, message, type, source.source, true, host, nowIso, nowIso, 1);
    if (!this.tryCreate(event, component)) return;
    if (recent) Object.assign(recent, { name, namespace, lastAt: now });
    else this.remember({ uid: involvedObject.uid, reason, message, component, name, namespace, lastAt: now });
  }

  /** The series of one object's events with this reason, message and component; undefined when none is remembered. */
  private findSeries(uid: string, reason: string, message: string, component: string): Series | undefined {
    const list = this.series.get(uid);
    if (list === undefined) return undefined;
    for (const entry of list) if (entry.reason === reason && entry.message === message && entry.component === component) return entry;
    return undefined;
  }

  /** Remembers a new series, forgetting the oldest-remembered one beyond MAX_SERIES. */
  private remember(entry: Series): void {
    const list = this.series.get(entry.uid);
    if (list === undefined) this.series.set(entry.uid, [entry]);
    else list.push(entry);
    this.order.push(entry);
    if (++this.seriesCount > MAX_SERIES) this.forget(this.order[this.head++]!);
    if (this.head > MAX_SERIES) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }

  /** Forgets a remembered series. */
  private forget(entry: Series): void {
    const list = this.series.get(entry.uid)!;
    if (list.length === 1) this.series.delete(entry.uid);
    else list.splice(list.indexOf(entry), 1);
    this.seriesCount--;
  }
}
