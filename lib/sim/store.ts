// The object store of the simulated cluster, like etcd plus the API server's watch cache: objects
// by group/kind/namespace/name, one global revision stamped as metadata.resourceVersion, paged
// lists with selectors, watches with history, and snapshots. It does not validate, default,
// patch or set uid/creationTimestamp; the API layer does, then writes here. A store restored
// from a state file keeps each kind as the file's text until the kind is first used (kind-text.ts).
//
// Paging: a continue token records the first page's revision and the last key. Later pages read
// the *current* state after that key (the real server reads at the first page's revision, which
// needs full history) and report the first page's revision, so a client that watches from it sees
// every change since, at least once. A token older than the event history is 410 Expired, with a
// token for continuing at the latest revision, as the API server offers.

import type { KubeObject } from '../k8s/types.ts';
import { alreadyExists, badRequest, conflict, expired, notFound, tooLargeResourceVersion } from './errors.ts';
import { decodeContinue, encodeContinue } from './store/continue-token.ts';
import { adoptParsedObject, freezeObject, isSameContent, restampObject } from './store/freeze.ts';
import { EventHistory } from './store/history.ts';
import { KindIndex } from './store/kind-index.ts';
import { parseKindText, type KindText } from './store/kind-text.ts';
import { findApiVersion, findResourceName, formatKindKey, resolveGroup, resolveKindKey } from './store/kind-names.ts';
import { compileObjectMatcher, scanKind } from './store/list-scan.ts';
import type {
  CreateOptions, DeleteOptions, ListOptions, ListResult, ResourceRef, SavedSnapshot, StoreEvent, StoreOptions, StoreSnapshot,
  UpdateOptions, WatchEvent, WatchHandle, WatchOptions,
} from './store/types.ts';
import { convertForWatcher, WatchHub, type Subscriber, type Watcher } from './store/watch-hub.ts';

export type * from './store/types.ts';

/** The message of a 410 on a continue token older than the history (storage's inconsistentContinue). */
export const INCONSISTENT_CONTINUE_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

interface Identity {
  readonly group: string;
  readonly kindKey: string;
  readonly namespace: string;
  readonly name: string;
}

function identifyObject(obj: KubeObject): Identity {
  if (obj === null || typeof obj !== 'object') throw new TypeError('Cannot store a non-object');
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || obj.kind === '') throw new TypeError('Cannot store an object without apiVersion and kind');
  const name = obj.metadata?.name;
  if (typeof name !== 'string' || name === '') throw new TypeError(`Cannot store a ${obj.kind} without metadata.name`);
  const { group, kindKey } = resolveKindKey(obj);
  return { group, kindKey, namespace: obj.metadata.namespace ?? '', name };
}

/** `Pod shop/web`, `Namespace shop`. */
function describeIdentity(obj: KubeObject, id: Identity): string {
  return id.namespace ? `${obj.kind} ${id.namespace}/${id.name}` : `${obj.kind} ${id.name}`;
}

/** freezeObject, with the object named in the TypeError. */
function freezeWithContext(obj: KubeObject, id: Identity, resourceVersion: string, adopt = false): KubeObject {
  try {
    return freezeObject(obj, resourceVersion, adopt);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new TypeError(`Cannot store ${describeIdentity(obj, id)}: ${error.message}`, { cause: error });
  }
}

function parseRevision(text: string): number {
  if (!/^\d+$/.test(text)) throw badRequest(`resourceVersion: Invalid value: ${JSON.stringify(text)}: must be a non-negative integer`);
  return Number(text);
}

/**
 * The in-process object store. Single-threaded and synchronous; every object it returns is
 * deep-frozen, so copy before changing one.
 * @example
 * const store = new Store();
 * store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } });
 * store.list({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default' }).items.length // 1
 */
export class Store {
  private readonly kinds = new Map<string, KindIndex>();
  /** Kinds restored as text and not parsed yet: parsed on their first read or write. */
  private readonly pendingTexts = new Map<string, KindText>();
  /** Kinds whose objects are still exactly the text they were restored from (nothing written since). */
  private readonly savedTexts = new Map<string, KindText>();
  private revision = 0;
  /** The revision restore() started from: objects restored without a resourceVersion get it. */
  private restoredRevision = 0;
  private readonly history: EventHistory;
  private readonly hub = new WatchHub();
  private readonly resourceOf: StoreOptions['resourceOf'];

  constructor(options: StoreOptions = {}) {
    this.history = new EventHistory(options.historySize ?? 10_000);
    this.resourceOf = options.resourceOf;
  }

  /** The latest revision: the resourceVersion of the last write (0 for an empty new store). */
  get resourceVersion(): number {
    return this.revision;
  }

  /** Watches and continue tokens from before this revision have expired. */
  get compactedResourceVersion(): number {
    return this.history.compactedRevision;
  }

  /** Stores a new object; 409 AlreadyExists if the key is taken. Returns the stored (frozen) object. */
  create(obj: KubeObject, options: CreateOptions = {}): KubeObject {
    const id = identifyObject(obj);
    let index = this.kindIndex(id.kindKey);
    if (options.nameChecked !== true && index?.get(id.namespace, id.name)) throw alreadyExists(this.findResource(id.group, obj.kind), id.group, id.name);
    const stored = freezeWithContext(obj, id, String(this.revision + 1), options.adopt === true);
    if (!index) {
      index = new KindIndex();
      this.kinds.set(id.kindKey, index);
    }
    index.add(id.namespace, id.name, stored);
    this.commit({ type: 'ADDED', object: stored, resourceVersion: ++this.revision, group: id.group }, id.kindKey);
    return stored;
  }

  /**
   * Replaces an object; 404 if absent, 409 Conflict if `expectedResourceVersion` is stale. The
   * incoming metadata.resourceVersion is ignored. A write that changes nothing is a no-op: no new
   * revision, no event (as etcd3's GuaranteedUpdate).
   */
  update(obj: KubeObject, options: UpdateOptions = {}): KubeObject {
    const id = identifyObject(obj);
    const index = this.kindIndex(id.kindKey);
    const current = index?.get(id.namespace, id.name);
    if (!index || !current) throw notFound(this.findResource(id.group, obj.kind), id.group, id.name);
    const expected = options.expectedResourceVersion;
    if (expected !== undefined && expected !== current.metadata.resourceVersion) throw conflict(this.findResource(id.group, obj.kind), id.group, id.name);
    // A write that changes nothing (the same JSON) needs no frozen copy; a frozen copy may still
    // come out the same (undefined fields dropped), so it is compared again. A handed-over object
    // is frozen in place, which costs less than the first comparison saves: it is compared once.
    const adopt = options.adopt === true;
    if (!adopt && isSameContent(obj, current)) return current;
    const stored = freezeWithContext(obj, id, String(this.revision + 1), adopt);
    if (isSameContent(stored, current)) return current;
    index.replace(id.namespace, id.name, stored);
    this.commit({ type: 'MODIFIED', object: stored, prevObject: current, resourceVersion: ++this.revision, group: id.group }, id.kindKey);
    return stored;
  }

  /** Removes an object; returns its last state with the deletion's resourceVersion. 404 if absent. */
  delete(ref: ResourceRef, options: DeleteOptions = {}): KubeObject {
    const group = resolveGroup(ref);
    const kindKey = formatKindKey(group, ref.kind);
    const namespace = ref.namespace ?? '';
    const index = this.kindIndex(kindKey);
    const current = index?.get(namespace, ref.name);
    if (!index || !current) throw notFound(this.findResource(group, ref.kind), group, ref.name);
    const resource = this.findResource(group, ref.kind);
    const { expectedUid, expectedResourceVersion } = options;
    if (expectedUid !== undefined && expectedUid !== (current.metadata.uid ?? '')) {
      throw conflict(resource, group, ref.name, `Precondition failed: UID in precondition: ${expectedUid}, UID in object meta: ${current.metadata.uid ?? ''}`);
    }
    if (expectedResourceVersion !== undefined && expectedResourceVersion !== current.metadata.resourceVersion) {
      throw conflict(resource, group, ref.name, `Precondition failed: ResourceVersion in precondition: ${expectedResourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
    }
    index.delete(namespace, ref.name);
    const deleted = restampObject(current, String(++this.revision));
    this.commit({ type: 'DELETED', object: deleted, prevObject: current, resourceVersion: this.revision, group }, kindKey);
    return deleted;
  }

  /** The stored object; 404 NotFound if absent. */
  get(ref: ResourceRef): KubeObject {
    const obj = this.tryGet(ref);
    if (!obj) {
      const group = resolveGroup(ref);
      throw notFound(this.findResource(group, ref.kind), group, ref.name);
    }
    return obj;
  }

  /** The stored object, or undefined. */
  tryGet(ref: ResourceRef): KubeObject | undefined {
    return this.kindIndex(resolveKindKey(ref).kindKey)?.get(ref.namespace ?? '', ref.name);
  }

  /** tryGet() by a kind's store key (`group/Kind`, see kindKeyOf()) and the object's namespace ('' when cluster-scoped) and name. */
  tryGetIn(kindKey: string, namespace: string, name: string): KubeObject | undefined {
    return this.kindIndex(kindKey)?.get(namespace, name);
  }

  /** Lists one kind, ordered by namespace then name, optionally filtered and paged (see the module notes). */
  list(options: ListOptions): ListResult {
    const group = resolveGroup(options);
    const matches = compileObjectMatcher({ group, kind: options.kind }, options.labelSelector, options.fieldSelector);
    let listRevision = this.revision;
    let after: { namespace: string; name: string } | undefined;
    if (options.continue !== undefined && options.continue !== '') {
      const position = decodeContinue(options.continue);
      if (position.resourceVersion !== -1) {
        if (position.resourceVersion < this.history.compactedRevision) {
          throw expired(INCONSISTENT_CONTINUE_MESSAGE, encodeContinue({ ...position, resourceVersion: -1 }));
        }
        listRevision = Math.min(position.resourceVersion, this.revision);
      }
      after = position;
    }
    const limit = options.limit !== undefined && options.limit > 0 ? Math.floor(options.limit) : 0;
    const page = scanKind(this.kindIndex(formatKindKey(group, options.kind)), { namespace: options.namespace, after, limit, matches });
    const resourceVersion = String(listRevision);
    const last = page.items[page.items.length - 1];
    if (!page.hasMore || !last) return { items: page.items, resourceVersion };
    const token = encodeContinue({ resourceVersion: listRevision, namespace: last.metadata.namespace ?? '', name: last.metadata.name! });
    return page.remaining === undefined
      ? { items: page.items, resourceVersion, continue: token }
      : { items: page.items, resourceVersion, continue: token, remainingItemCount: page.remaining };
  }

  /**
   * Watches one kind. With resourceVersion unset, '' or '0' the listener first gets an ADDED per
   * matching object; with N it gets the changes after N from the history, or one ERROR (410
   * Expired when N is compacted, 504 when N is ahead of the store) and the watch ends. Events
   * already due are delivered before this returns (see WatchHub for the re-entrancy rule).
   */
  watch(options: WatchOptions, listener: (event: WatchEvent) => void): WatchHandle {
    const group = resolveGroup(options);
    const kindKey = formatKindKey(group, options.kind);
    const watcher: Watcher = {
      kindKey,
      kind: options.kind,
      apiVersion: findApiVersion(options, group),
      namespace: options.namespace,
      matches: compileObjectMatcher({ group, kind: options.kind }, options.labelSelector, options.fieldSelector) ?? (() => true),
      allowBookmarks: options.allowBookmarks === true,
      listener,
      active: true,
    };
    const text = options.resourceVersion;
    if (text === undefined || text === '' || text === '0') {
      const initial = scanKind(this.kindIndex(kindKey), { namespace: options.namespace, limit: 0, matches: watcher.matches });
      for (const object of initial.items) this.hub.enqueue(watcher, { type: 'ADDED', object });
    } else {
      const from = parseRevision(text);
      const failure =
        from < this.history.compactedRevision
          ? expired(`too old resource version: ${from} (${this.history.compactedRevision})`)
          : from > this.revision
            ? tooLargeResourceVersion(from, this.revision)
            : undefined;
      if (failure) {
        this.hub.enqueue(watcher, { type: 'ERROR', object: failure.status }, true);
        this.hub.drain();
        return { stop: () => void (watcher.active = false) };
      }
      for (const event of this.history.listSince(from)) {
        if (formatKindKey(event.group, event.object.kind) !== kindKey) continue;
        const converted = convertForWatcher(watcher, event);
        if (converted) this.hub.enqueue(watcher, converted);
      }
    }
    this.hub.addWatcher(watcher);
    try {
      this.hub.drain();
    } catch (error) {
      // The caller gets no handle to stop a watch whose first delivery failed, so end it here.
      this.hub.removeWatcher(watcher);
      throw error;
    }
    return { stop: () => this.hub.removeWatcher(watcher) };
  }

  /** Receives every committed write of every kind, in order (for controllers and persistence). */
  subscribe(listener: (event: StoreEvent) => void): WatchHandle {
    const subscriber: Subscriber = { listener, active: true };
    this.hub.addSubscriber(subscriber);
    return { stop: () => this.hub.removeSubscriber(subscriber) };
  }

  /** Sends a BOOKMARK at the latest revision to every watch that allowed bookmarks. */
  bookmark(): void {
    const metadata = Object.freeze({ resourceVersion: String(this.revision) });
    for (const watcher of this.hub.listWatchers()) {
      if (!watcher.allowBookmarks) continue;
      this.hub.enqueue(watcher, { type: 'BOOKMARK', object: Object.freeze({ kind: watcher.kind, apiVersion: watcher.apiVersion, metadata }) });
    }
    this.hub.drain();
  }

  /** Every object (frozen, ordered by kind, namespace, name) and the latest revision. */
  snapshot(): StoreSnapshot {
    for (const kindKey of [...this.pendingTexts.keys()]) this.kindIndex(kindKey);
    const objects: KubeObject[] = [];
    for (const kindKey of [...this.kinds.keys()].sort()) {
      objects.push(...scanKind(this.kinds.get(kindKey), { limit: 0 }).items);
    }
    return { resourceVersion: this.revision, objects };
  }

  /**
   * Like snapshot(), but a kind nothing was written to since restore() stays the text it was
   * restored from (parsed or not), so saving it again costs a copy of its bytes.
   */
  snapshotForSave(): SavedSnapshot {
    const objects: KubeObject[] = [];
    const texts: KindText[] = [];
    for (const kindKey of [...new Set([...this.kinds.keys(), ...this.pendingTexts.keys()])].sort()) {
      const text = this.savedTexts.get(kindKey);
      if (text) texts.push(text);
      else objects.push(...scanKind(this.kindIndex(kindKey), { limit: 0 }).items);
    }
    return { resourceVersion: this.revision, objects, texts };
  }

  /**
   * A store holding a snapshot's objects at its revision; watches can resume only from that
   * revision on. `texts` (kinds not in `objects`) are parsed when their kind is first used.
   */
  static restore(
    snapshot: { readonly resourceVersion: number; readonly objects: readonly KubeObject[]; readonly texts?: readonly KindText[] | undefined },
    options: StoreOptions = {},
  ): Store {
    const revision = snapshot.resourceVersion;
    if (!Number.isInteger(revision) || revision < 0) throw new RangeError(`snapshot resourceVersion must be a non-negative integer: current value is ${revision}`);
    const store = new Store(options);
    store.revision = revision;
    store.restoredRevision = revision;
    store.history.compactedRevision = revision;
    for (const obj of snapshot.objects) store.restoreObject(obj);
    for (const text of snapshot.texts ?? []) {
      if (store.kinds.has(text.kindKey) || store.pendingTexts.has(text.kindKey)) throw new RangeError(`Snapshot holds objects of kind ${text.kindKey} twice`);
      store.pendingTexts.set(text.kindKey, text);
      store.savedTexts.set(text.kindKey, text);
    }
    return store;
  }

  private restoreObject(obj: KubeObject, expectedKindKey?: string): void {
    const id = identifyObject(obj);
    if (expectedKindKey !== undefined && id.kindKey !== expectedKindKey) {
      throw new RangeError(`Snapshot object ${describeIdentity(obj, id)} is among the objects of kind ${expectedKindKey}`);
    }
    const own = obj.metadata.resourceVersion ?? String(this.restoredRevision);
    if (!/^\d+$/.test(own) || Number(own) > this.restoredRevision) {
      throw new RangeError(`Snapshot object ${describeIdentity(obj, id)}: resourceVersion ${JSON.stringify(own)} is not a revision at or below ${this.restoredRevision}`);
    }
    let index = this.kinds.get(id.kindKey);
    if (!index) {
      index = new KindIndex();
      this.kinds.set(id.kindKey, index);
    }
    if (index.set(id.namespace, id.name, freezeWithContext(obj, id, own))) throw new RangeError(`Snapshot holds ${describeIdentity(obj, id)} twice`);
  }

  /** A kind's index, parsing the kind's restored text first if it was not parsed yet. */
  private kindIndex(kindKey: string): KindIndex | undefined {
    const text = this.pendingTexts.get(kindKey);
    if (text !== undefined) {
      this.pendingTexts.delete(kindKey);
      for (const obj of parseKindText(text)) {
        // Fresh JSON.parse output nobody else holds: the store adopts it instead of copying.
        adoptParsedObject(obj);
        this.restoreObject(obj as unknown as KubeObject, kindKey);
      }
    }
    return this.kinds.get(kindKey);
  }

  /** The resource plural of a kind, for error messages. */
  findResource(group: string, kind: string): string {
    return findResourceName(group, kind, this.resourceOf);
  }

  private commit(event: StoreEvent, kindKey: string): void {
    this.savedTexts.delete(kindKey);
    this.history.push(event);
    this.hub.publish(event, kindKey);
    this.hub.drain();
  }
}
