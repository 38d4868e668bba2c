// The shapes the object store speaks in: references, list and watch options, events and handles.
// Types only; the behaviour is in ../store.ts and its helpers.

import type { KindText } from './kind-text.ts';
import type { KubeObject } from '../../k8s/types.ts';
import type { Status } from '../errors.ts';
import type { LabelSelector } from '../selectors.ts';

/** Names a kind: by `apiVersion` (`apps/v1`) or by `group` (`apps`; '' for core). The version never matters. */
export interface KindRef {
  readonly kind: string;
  readonly apiVersion?: string | undefined;
  readonly group?: string | undefined;
}

/** Names one object; `namespace` is absent or '' for cluster-scoped kinds. */
export interface ResourceRef extends KindRef {
  readonly namespace?: string | undefined;
  readonly name: string;
}

/** Options of `Store.list()`. */
export interface ListOptions extends KindRef {
  /** Only this namespace; all namespaces when undefined. */
  readonly namespace?: string | undefined;
  /** String form (`app=web`) or object form (`{matchLabels}`). */
  readonly labelSelector?: string | LabelSelector | undefined;
  /** `metadata.name=web,status.phase!=Running`. */
  readonly fieldSelector?: string | undefined;
  /** Page size; 0 or undefined returns everything. */
  readonly limit?: number | undefined;
  /** The `continue` token of the previous page. */
  readonly continue?: string | undefined;
}

/** What `Store.list()` returns; items are frozen and ordered by namespace, then name. */
export interface ListResult {
  readonly items: KubeObject[];
  readonly resourceVersion: string;
  readonly continue?: string;
  /** Set only for paged lists without selectors, as the API server does. */
  readonly remainingItemCount?: number;
}

/** Options of `Store.watch()`. */
export interface WatchOptions extends KindRef {
  readonly namespace?: string | undefined;
  readonly labelSelector?: string | LabelSelector | undefined;
  readonly fieldSelector?: string | undefined;
  /** Unset, '' or '0': synthetic ADDED for current objects first; N: only changes after N. */
  readonly resourceVersion?: string | undefined;
  readonly allowBookmarks?: boolean | undefined;
}

/** Watch event types, as on the wire. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One event to a watcher: the object (frozen), a bookmark stub, or an error Status. */
export interface WatchEvent {
  readonly type: WatchEventType;
  readonly object: KubeObject | Status;
}

/** One committed write, as cluster-wide subscribers see it. */
export interface StoreEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The new state; for DELETED the last state stamped with the deletion's resourceVersion. */
  readonly object: KubeObject;
  /** The state before a MODIFIED or DELETED. */
  readonly prevObject?: KubeObject;
  /** The revision this write created. */
  readonly resourceVersion: number;
  /** The object's API group ('' for core). */
  readonly group: string;
}

/** Stops a watch or subscription; calling it twice is harmless. */
export interface WatchHandle {
  stop(): void;
}

/** Options of `Store.create()`. */
export interface CreateOptions {
  /**
   * The caller hands the object over and never touches it again: the store freezes its values in
   * place instead of copying them, and takes frozen values inside it as stored already. @default false
   */
  readonly adopt?: boolean | undefined;
  /**
   * The caller has just found the object's name free, with no write since: the store does not
   * look it up again. A taken name then breaks the store: only for the API server's own checks. @default false
   */
  readonly nameChecked?: boolean | undefined;
}

/** Preconditions of `Store.update()`, and whether the store may adopt the object (see CreateOptions). */
export interface UpdateOptions extends CreateOptions {
  /** Fail with Conflict unless the stored resourceVersion equals this. */
  readonly expectedResourceVersion?: string | undefined;
}

/** Preconditions of `Store.delete()` (DeleteOptions.preconditions). */
export interface DeleteOptions {
  readonly expectedResourceVersion?: string | undefined;
  readonly expectedUid?: string | undefined;
}

/** Everything the store holds, for persistence. */
export interface StoreSnapshot {
  resourceVersion: number;
  /** Frozen objects in a fresh array. */
  objects: KubeObject[];
}

/** A snapshot to save: kinds unchanged since the store was restored stay as the text they came in. */
export interface SavedSnapshot extends StoreSnapshot {
  /** Kinds kept as text (their objects are not in `objects`), ordered by kind key. */
  texts: KindText[];
}

/** Options of `new Store()`. */
export interface StoreOptions {
  /**
   * How many past events watches can resume from.
   * @default 10000
   */
  readonly historySize?: number;
  /** Resource plural of kinds the built-in registry does not know (custom resources), for error messages. */
  readonly resourceOf?: (group: string, kind: string) => string | undefined;
}
