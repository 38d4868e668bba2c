// Fans committed store events out to watchers (per kind, filtered) and cluster-wide subscribers,
// through one FIFO delivery queue. Re-entrancy rule: a listener that writes to the store while
// being called only enqueues; its events are delivered after the ones already queued, so every
// listener sees events in resourceVersion order. It does not own objects or history.

import type { KubeObject } from '../../k8s/types.ts';
import { restampObject } from './freeze.ts';
import type { StoreEvent, WatchEvent } from './types.ts';

/** A registered watch. */
export interface Watcher {
  readonly kindKey: string;
  /** Kind and apiVersion a bookmark names. */
  readonly kind: string;
  readonly apiVersion: string;
  readonly namespace: string | undefined;
  /** Label and field selectors together. */
  readonly matches: (obj: KubeObject) => boolean;
  readonly allowBookmarks: boolean;
  readonly listener: (event: WatchEvent) => void;
  active: boolean;
}

/** A cluster-wide subscription. */
export interface Subscriber {
  readonly listener: (event: StoreEvent) => void;
  active: boolean;
}

interface Delivery {
  /** The one target, or undefined for every subscriber of `subscribers` in turn. */
  readonly target: Watcher | Subscriber | undefined;
  /** The subscribers when the event was published (for a delivery without a target). */
  readonly subscribers: readonly Subscriber[];
  readonly payload: WatchEvent | StoreEvent;
  /** The target stops after this delivery (an ERROR ends a watch). */
  readonly last: boolean;
}

const NO_SUBSCRIBERS: readonly Subscriber[] = Object.freeze([]);

// The previous state restamped with the new revision, built once per event however many watchers need it.
const restamped = new WeakMap<StoreEvent, KubeObject>();

function restampPrevious(event: StoreEvent): KubeObject {
  let obj = restamped.get(event);
  if (!obj) {
    obj = restampObject(event.prevObject!, String(event.resourceVersion));
    restamped.set(event, obj);
  }
  return obj;
}

/**
 * What one watcher sees of a store event, as the API server's watch cache decides: an object
 * that starts matching the selectors is ADDED, one that stops matching is DELETED (its previous
 * state with the new resourceVersion).
 */
export function convertForWatcher(watcher: Watcher, event: StoreEvent): WatchEvent | undefined {
  const namespace = event.object.metadata.namespace ?? '';
  if (watcher.namespace !== undefined && watcher.namespace !== namespace) return undefined;
  if (event.type !== 'MODIFIED') return watcher.matches(event.object) ? { type: event.type, object: event.object } : undefined;
  const now = watcher.matches(event.object);
  const before = watcher.matches(event.prevObject!);
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: event.object };
  return before ? { type: 'DELETED', object: restampPrevious(event) } : undefined;
}

/** Watchers, subscribers and the delivery queue. */
export class WatchHub {
  private readonly watchersByKind = new Map<string, Set<Watcher>>();
  /** In subscription order; replaced, never changed, so a queued delivery keeps the list it was published to. */
  private subscribers: readonly Subscriber[] = NO_SUBSCRIBERS;
  /** Deliveries at [head, size); the array keeps its capacity between writes (slots past size are cleared). */
  private readonly queue: Array<Delivery | undefined> = [];
  private head = 0;
  private size = 0;
  private draining = false;

  addWatcher(watcher: Watcher): void {
    let set = this.watchersByKind.get(watcher.kindKey);
    if (!set) {
      set = new Set();
      this.watchersByKind.set(watcher.kindKey, set);
    }
    set.add(watcher);
  }

  removeWatcher(watcher: Watcher): void {
    watcher.active = false;
    const set = this.watchersByKind.get(watcher.kindKey);
    if (set?.delete(watcher) && set.size === 0) this.watchersByKind.delete(watcher.kindKey);
  }

  addSubscriber(subscriber: Subscriber): void {
    if (!this.subscribers.includes(subscriber)) this.subscribers = [...this.subscribers, subscriber];
  }

  removeSubscriber(subscriber: Subscriber): void {
    subscriber.active = false;
    if (this.subscribers.includes(subscriber)) this.subscribers = this.subscribers.filter((s) => s !== subscriber);
  }

  /** Every active watcher, for bookmarks. */
  listWatchers(): Watcher[] {
    return [...this.watchersByKind.values()].flatMap((set) => [...set]);
  }

  /** Queues a committed event for every interested watcher and subscriber. */
  publish(event: StoreEvent, kindKey: string): void {
    const watchers = this.watchersByKind.get(kindKey);
    if (watchers) {
      for (const watcher of watchers) {
        const converted = convertForWatcher(watcher, event);
        if (converted) this.queue[this.size++] = { target: watcher, subscribers: NO_SUBSCRIBERS, payload: converted, last: false };
      }
    }
    // One entry for every subscriber: drain() calls them in turn, as it would separate entries.
    if (this.subscribers.length > 0) this.queue[this.size++] = { target: undefined, subscribers: this.subscribers, payload: event, last: false };
  }

  /** Queues one event for one target. */
  enqueue(target: Watcher | Subscriber, payload: WatchEvent | StoreEvent, last = false): void {
    this.queue[this.size++] = { target, subscribers: NO_SUBSCRIBERS, payload, last };
  }

  /**
   * Delivers queued events in order. Nested calls (from inside a listener) return at once; the
   * outer call delivers what they queued. A listener that throws does not stop delivery to the
   * others: the first error is rethrown once the queue is empty.
   */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    let failure: { error: unknown } | undefined;
    try {
      while (this.head < this.size) {
        const at = this.head++;
        const { target, subscribers, payload, last } = this.queue[at]!;
        this.queue[at] = undefined;
        if (target === undefined) {
          for (let i = 0; i < subscribers.length; i++) {
            const subscriber = subscribers[i]!;
            if (!subscriber.active) continue;
            try {
              subscriber.listener(payload as StoreEvent);
            } catch (error) {
              failure ??= { error };
            }
          }
          continue;
        }
        if (!target.active) continue;
        if (last) target.active = false;
        try {
          (target.listener as (event: WatchEvent | StoreEvent) => void)(payload);
        } catch (error) {
          failure ??= { error };
        }
      }
    } finally {
      // The same array serves the next write; delivered slots were cleared (it keeps no delivery alive).
      for (let i = this.head; i < this.size; i++) this.queue[i] = undefined;
      this.head = 0;
      this.size = 0;
      this.draining = false;
    }
    if (failure) throw failure.error;
  }
}
