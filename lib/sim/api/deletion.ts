// Deletion as the API server and its garbage collector do it: preconditions, graceful pod
// deletion, finalizers (`foregroundDeletion`, `orphan`, custom ones), propagation to dependents
// through ownerReferences, and namespace termination. The collector runs synchronously after
// each write that can unblock it, so in-process results are immediate and deterministic. Like
// kube-controller-manager's collector it does not watch Events (its default ignored resources).

import type { KubeObject } from '../../k8s/types.ts';
import { conflict, notFound } from '../errors.ts';
import type { StoreEvent } from '../store.ts';
import type { ApiServer } from './api-server.ts';
import type { DeleteOptions, DeleteResult } from './request-types.ts';
import type { ResourceInfo } from './resources.ts';

type Obj = Record<string, any>;
type Ref = { apiVersion: string; kind: string; namespace?: string; name: string };

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

function refOfObject(obj: KubeObject): Ref {
  const ref: Ref = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name ?? '' };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  return ref;
}

/**
 * Kinds the collector does not watch, as GarbageCollector's DefaultIgnoredResources (core
 * `events`; events.k8s.io is the same resource): they are never collected as dependents, and an
 * owner of such a kind is looked up when a dependent needs it, as the collector's virtual nodes are.
 */
function isIgnoredKind(apiVersion: string | undefined, kind: string | undefined): boolean {
  return kind === 'Event' && (apiVersion === 'v1' || apiVersion?.startsWith('events.k8s.io/') === true);
}

function needsCollector(obj: KubeObject): boolean {
  if (obj.kind === 'Namespace' && obj.apiVersion === 'v1') return true;
  const finalizers = obj.metadata.finalizers ?? [];
  return finalizers.includes(FOREGROUND) || finalizers.includes(ORPHAN);
}

/** Runs deletions and the garbage collection that follows them. */
export class Deleter {
  private readonly api: ApiServer;
  /** Live objects by uid: a stored state, for its kind, namespace and name (look up the current one by its ref). */
  private readonly byUid = new Map<string, KubeObject>();
  /** Owner uid → uids of objects naming it in ownerReferences. */
  private readonly dependents = new Map<string, Set<string>>();
  /** Uids of objects that have a deletionTimestamp (waiting on finalizers). */
  private readonly deleting = new Set<string>();
  /** Uids of owners that disappeared and whose dependents need a look. */
  private readonly goneOwners = new Set<string>();
  private indexed = false;
  private collecting = false;

  constructor(api: ApiServer) {
    this.api = api;
  }

  /** Deletes one object as DELETE does. */
  delete(info: ResourceInfo, ref: Ref, options: DeleteOptions): DeleteResult {
    this.ensureIndex();
    const current = this.api.store.tryGet(ref);
    if (!current) throw notFound(info.plural, info.group, ref.name);
    // rest.BeforeDelete checks preconditions first, naming the kind (not the resource) in the Conflict.
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      const detail = `the UID in the precondition (${pre.uid}) does not match the UID in record (${current.metadata.uid ?? ''}). The object might have been deleted and then recreated`;
      throw conflict(info.kind, info.group, ref.name, detail);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
      const detail = `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${current.metadata.resourceVersion ?? ''}). The object might have been modified`;
      throw conflict(info.kind, info.group, ref.name, detail);
    }
    const policy = options.propagationPolicy ?? (current.metadata.finalizers?.includes(ORPHAN) ? 'Orphan' : 'Background');
    const next = structuredClone(current) as Obj;
    const meta = next.metadata as Obj;
    const finalizers: string[] = [...(meta.finalizers ?? [])];
    if (policy === 'Foreground' && !finalizers.includes(FOREGROUND)) finalizers.push(FOREGROUND);
    if (policy === 'Orphan' && !finalizers.includes(ORPHAN)) finalizers.push(ORPHAN);
    if (policy === 'Background') {
      const i = finalizers.indexOf(ORPHAN);
      if (i >= 0 && options.propagationPolicy === 'Background') finalizers.splice(i, 1);
    }

    const now = this.api.clock.nowMillis();
    const isNamespace = info.kind === 'Namespace' && info.group === '';
    const grace = this.gracePeriod(info, current, options);
    const lingers = finalizers.length > 0 || isNamespace || grace > 0;
    if (!lingers) {
      if (options.dryRun) return { object: current, deleted: true };
      const last = this.api.store.delete(ref, { expectedResourceVersion: current.metadata.resourceVersion });
      this.api.afterDelete(info, last);
      this.collect();
      return { object: last, deleted: true };
    }
    if (!meta.deletionTimestamp) {
      meta.deletionTimestamp = new Date(now + grace * 1000).toISOString().replace('.000Z', 'Z');
      // The namespace registry stamps only the timestamp; everything else records the grace period.
      if (!isNamespace) meta.deletionGracePeriodSeconds = grace;
      if (meta.generation !== undefined) meta.generation += 1;
    } else if (!isNamespace && grace < (meta.deletionGracePeriodSeconds ?? grace)) {
      // A shorter grace period on a second delete shortens the wait, as on a real server.
      meta.deletionTimestamp = new Date(now + grace * 1000).toISOString().replace('.000Z', 'Z');
      meta.deletionGracePeriodSeconds = grace;
    }
    if (finalizers.length > 0) meta.finalizers = finalizers;
    else delete meta.finalizers;
    if (isNamespace) next.status = { ...(next.status ?? {}), phase: 'Terminating' };
    if (options.dryRun) return { object: Object.freeze(next) as KubeObject, deleted: false };
    let stored: KubeObject;
    if (finalizers.length === 0 && !isNamespace && grace === 0) {
      stored = this.api.store.delete(ref, { expectedResourceVersion: current.metadata.resourceVersion });
    } else {
      stored = this.api.store.update(next as KubeObject, { expectedResourceVersion: current.metadata.resourceVersion });
    }
    this.collect();
    const after = this.api.store.tryGet(ref);
    return { object: after ?? stored, deleted: after === undefined };
  }

  /** Seconds a pod gets to stop; 0 for everything else and for pods no node runs. */
  private gracePeriod(info: ResourceInfo, obj: KubeObject, options: DeleteOptions): number {
    if (info.kind !== 'Pod' || info.group !== '') return 0;
    const spec = (obj as Obj).spec ?? {};
    if (!spec.nodeName) return 0;
    const phase = (obj as Obj).status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return 0;
    return Math.max(0, options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30);
  }

  /** Runs garbage collection and namespace termination until nothing more can be done now. */
  collect(): void {
    if (this.collecting) return;
    this.ensureIndex();
    this.collecting = true;
    try {
      for (let guard = 0; guard < 100_000; guard++) {
        if (!this.step()) break;
      }
    } finally {
      this.collecting = false;
    }
  }

  private ensureIndex(): void {
    if (this.indexed) return;
    this.indexed = true;
    this.api.store.subscribe((event) => this.index(event));
    for (const info of this.api.servedKinds()) {
      if (info.apiVersion === 'autoscaling/v1') continue;
      if (isIgnoredKind(info.apiVersion, info.kind)) continue;
      for (const obj of this.api.store.list({ apiVersion: info.apiVersion, kind: info.kind }).items) this.indexObject(obj, undefined);
    }
  }

  private index(event: StoreEvent): void {
    if (isIgnoredKind(event.object.apiVersion, event.object.kind)) return;
    if (event.type === 'DELETED') {
      const uid = event.object.metadata.uid;
      if (!uid) return;
      this.byUid.delete(uid);
      this.deleting.delete(uid);
      this.unlinkOwners(event.object, uid);
      if (this.dependents.has(uid)) this.goneOwners.add(uid);
      return;
    }
    this.indexObject(event.object, event.prevObject);
  }

  private indexObject(obj: KubeObject, prev: KubeObject | undefined): void {
    const uid = obj.metadata.uid;
    if (!uid) return;
    // A later state of the same object names the same ref: the entry stays as it is.
    if (prev === undefined || prev.metadata.uid !== uid) this.byUid.set(uid, obj);
    // Only deletions the collector must move along: orphan or foreground finalizers, namespaces.
    // A pod in its grace period or an object held by someone else's finalizer waits on others.
    if (obj.metadata.deletionTimestamp && needsCollector(obj)) this.deleting.add(uid);
    else if (this.deleting.size > 0) this.deleting.delete(uid);
    // Stored versions share unchanged metadata values: same ownerReferences, nothing to re-link.
    if (prev && prev.metadata.ownerReferences === obj.metadata.ownerReferences) return;
    if (prev) this.unlinkOwners(prev, uid);
    for (const owner of obj.metadata.ownerReferences ?? []) {
      if (!owner?.uid) continue;
      let set = this.dependents.get(owner.uid);
      if (!set) this.dependents.set(owner.uid, (set = new Set()));
      set.add(uid);
      if (!this.byUid.has(owner.uid)) this.goneOwners.add(owner.uid);
    }
  }

  private unlinkOwners(obj: KubeObject, uid: string): void {
    for (const owner of obj.metadata.ownerReferences ?? []) {
      const set = owner?.uid ? this.dependents.get(owner.uid) : undefined;
      if (!set) continue;
      set.delete(uid);
      if (set.size === 0) this.dependents.delete(owner.uid);
    }
  }

  private liveDependents(uid: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const depUid of this.dependents.get(uid) ?? []) {
      const known = this.byUid.get(depUid);
      const obj = known ? this.api.store.tryGet(refOfObject(known)) : undefined;
      if (obj) out.push(obj);
    }
    return out;
  }

  /** Whether an owner of a kind the collector does not watch exists with that uid (the collector asks the API). */
  private isUnwatchedOwnerLive(owner: { apiVersion: string; kind: string; name: string; uid: string }, dependent: KubeObject): boolean {
    if (!isIgnoredKind(owner.apiVersion, owner.kind)) return false;
    const ref: Ref = { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name };
    if (dependent.metadata.namespace) ref.namespace = dependent.metadata.namespace;
    return this.api.store.tryGet(ref)?.metadata.uid === owner.uid;
  }

  /** An owner that exists and is not waiting for its dependents to go (the collector's "solid" owner). */
  private isSolidOwner(uid: string): boolean {
    const known = this.byUid.get(uid);
    const owner = known ? this.api.store.tryGet(refOfObject(known)) : undefined;
    return owner !== undefined && !(owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(FOREGROUND));
  }

  private infoOf(obj: KubeObject): ResourceInfo | undefined {
    return this.api.resources.tryFindKind(obj.apiVersion, obj.kind);
  }

  /** One round of work; true when something changed. */
  private step(): boolean {
    if (this.goneOwners.size === 0 && this.deleting.size === 0) return false;
    // Dependents of owners that are gone: delete them, or drop the dangling reference.
    let changed = false;
    for (const ownerUid of [...this.goneOwners]) {
      this.goneOwners.delete(ownerUid);
      if (this.byUid.has(ownerUid)) continue;
      // Every dependent of the owner, not just the first: each is deleted or let go.
      for (const dep of this.liveDependents(ownerUid)) {
        const refs = dep.metadata.ownerReferences ?? [];
        const gone = refs.find((r) => r.uid === ownerUid);
        if (gone && this.isUnwatchedOwnerLive(gone, dep)) continue;
        const alive = refs.filter((r) => r.uid !== ownerUid && (this.byUid.has(r.uid) || this.isUnwatchedOwnerLive(r, dep)));
        const info = this.infoOf(dep);
        if (!info) continue;
        if (alive.length === 0) {
          // No propagationPolicy: an orphan finalizer already on the dependent is honoured.
          if (dep.metadata.deletionTimestamp) continue;
          this.delete(info, refOfObject(dep), {});
        } else {
          const next = structuredClone(dep) as Obj;
          next.metadata.ownerReferences = refs.filter((r) => r.uid !== ownerUid);
          this.api.writeInternal(info, dep, next as KubeObject);
        }
        changed = true;
      }
    }
    if (changed) return true;
    for (const uid of [...this.deleting]) {
      const known = this.byUid.get(uid);
      const obj = known ? this.api.store.tryGet(refOfObject(known)) : undefined;
      if (!obj) {
        this.deleting.delete(uid);
        continue;
      }
      const info = this.infoOf(obj);
      if (!info) continue;
      if (this.advanceDeletion(info, obj)) return true;
    }
    return false;
  }

  /** Moves one object that is being deleted along: orphan, foreground, namespace content. */
  private advanceDeletion(info: ResourceInfo, obj: KubeObject): boolean {
    const finalizers = obj.metadata.finalizers ?? [];
    const uid = obj.metadata.uid ?? '';
    if (finalizers.includes(ORPHAN)) {
      for (const dep of this.liveDependents(uid)) {
        const depInfo = this.infoOf(dep);
        if (!depInfo) continue;
        const next = structuredClone(dep) as Obj;
        next.metadata.ownerReferences = (dep.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
        this.api.writeInternal(depInfo, dep, next as KubeObject);
      }
      return this.removeFinalizer(info, obj, ORPHAN);
    }
    if (finalizers.includes(FOREGROUND)) {
      // Every dependent goes (unless another solid owner keeps it); only blocking ones hold the owner.
      const deps = this.liveDependents(uid);
      let changed = false;
      for (const dep of deps) {
        const depInfo = this.infoOf(dep);
        if (!depInfo || dep.metadata.deletionTimestamp) continue;
        const refs = dep.metadata.ownerReferences ?? [];
        if (refs.some((r) => r.uid !== uid && this.isSolidOwner(r.uid))) {
          const next = structuredClone(dep) as Obj;
          next.metadata.ownerReferences = refs.filter((r) => r.uid !== uid);
          this.api.writeInternal(depInfo, dep, next as KubeObject);
        } else {
          const hasDependents = this.liveDependents(dep.metadata.uid ?? '').length > 0;
          this.delete(depInfo, refOfObject(dep), { propagationPolicy: hasDependents ? 'Foreground' : 'Background' });
        }
        changed = true;
      }
      if (changed) return true;
      const blocking = deps.filter((d) => (d.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.blockOwnerDeletion === true));
      return blocking.length === 0 ? this.removeFinalizer(info, obj, FOREGROUND) : false;
    }
    if (info.kind === 'Namespace' && info.group === '') return this.advanceNamespace(obj);
    return false;
  }

  private removeFinalizer(info: ResourceInfo, obj: KubeObject, finalizer: string): boolean {
    const next = structuredClone(obj) as Obj;
    next.metadata.finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
    const stored = this.api.writeInternal(info, obj, next as KubeObject);
    if (!this.api.store.tryGet(refOfObject(stored))) this.api.afterDelete(info, stored);
    return true;
  }

  /** Deletes everything in a terminating namespace, then the namespace once it is empty. */
  private advanceNamespace(ns: KubeObject): boolean {
    const name = ns.metadata.name ?? '';
    let remaining = 0;
    let changed = false;
    for (const info of this.api.servedKinds()) {
      if (!info.namespaced || info.apiVersion === 'autoscaling/v1') continue;
      for (const obj of this.api.store.list({ apiVersion: info.apiVersion, kind: info.kind, namespace: name }).items) {
        remaining++;
        if (obj.metadata.deletionTimestamp) continue;
        this.delete(info, refOfObject(obj), { propagationPolicy: 'Background' });
        changed = true;
      }
    }
    if (changed) return true;
    if (remaining > 0) return false;
    const spec = (ns as Obj).spec ?? {};
    const nsInfo = this.infoOf(ns)!;
    if ((spec.finalizers ?? []).length > 0) {
      // The namespace controller's /finalize: `kubernetes` leaves spec.finalizers once the content is gone.
      const next = structuredClone(ns) as Obj;
      next.spec = { ...spec };
      delete next.spec.finalizers;
      this.api.writeInternal(nsInfo, ns, next as KubeObject);
      return true;
    }
    if ((ns.metadata.finalizers ?? []).length > 0) return false;
    const last = this.api.store.delete(refOfObject(ns), { expectedResourceVersion: ns.metadata.resourceVersion });
    this.api.afterDelete(nsInfo, last);
    return true;
  }
}
