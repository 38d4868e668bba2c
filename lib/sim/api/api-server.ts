// The simulated kube-apiserver's in-process interface: every verb (create, get, list, update,
// patch in four flavours, delete, deletecollection, watch, status and scale subresources) with
// admission defaults, validation, managedFields, generation and dry-run as a real server does
// them. Errors are StatusErrors carrying Kubernetes' Status bodies. HTTP is a layer above this.

import type { KubeObject } from '../../k8s/types.ts';
import { formatBadValue, toGoStringSlice } from '../../k8s/validation/go-value.ts';
import { validateObject, validateStatusUpdate, validateUpdate, type FieldError } from '../../k8s/validation/index.ts';
import { VirtualClock } from '../clock.ts';
import { alreadyExists, badRequest, conflict, forbidden, invalid, notFound, StatusError } from '../errors.ts';
import { SeededRandom } from '../random.ts';
import { Store } from '../store.ts';
import { formatKindKey } from '../store/kind-names.ts';
import type { WatchEvent, WatchHandle, WatchOptions } from '../store.ts';
import { applyDefaults } from './defaults.ts';
import { CrdSupport } from './crd-support.ts';
import { checkUnknownFields } from './field-validation.ts';
import { decodeApplyBody, decodeBody, decodeFrozenStatusBody, decodeTyped, selectUsedBody } from './request-body.ts';
import { computeApplied, computePatched, mayTouchManagedFields } from './patch-request.ts';
import { formatStrictDecodingError } from './crd.ts';
import { Deleter } from './deletion.ts';
import { cloneJson } from './patch/json-utils.ts';
import type {
  CollectionKey,
  CustomResourceSupport,
  DeleteOptions,
  DeleteResult,
  ListOptions,
  ObjectKey,
  ObjectList,
  PatchOptions,
  PatchType,
  UpdateOptions,
  WriteOptions,
} from './request-types.ts';
import { noSuchResource, ResourceResolver, storageKeyOf, type CustomKindSource, type ResourceInfo } from './resources.ts';
import { readScale, writeScaleReplicas, type Scale } from './scale.ts';
import { prepareUpdate, recordCreate, recordUpdate } from './write-metadata.ts';
import { allocateServiceAddresses, foldSecretStringData, collectServiceAddresses, generateJobSelector, initialStatus, withoutAllocatedAddresses, specChanged, tracksGeneration } from './write-rules.ts';

/** Options of an ApiServer. */
export interface ApiServerOptions {
  /** @default a new empty Store */
  readonly store?: Store;
  /** @default a VirtualClock at 2026-01-01T00:00:00Z */
  readonly clock?: VirtualClock;
  /** @default SeededRandom(1) */
  readonly random?: SeededRandom;
  /** Custom resource support. @default a CrdSupport over a fresh CustomResourceRegistry */
  readonly customResources?: (CustomResourceSupport & CustomKindSource) | undefined;
}

type Obj = Record<string, any>;

const DEFAULT_MANAGER = 'unknown';
/** The store key of core/v1 Namespaces (formatKindKey('', 'Namespace')). */
const NAMESPACE_KIND_KEY = formatKindKey('', 'Namespace');

function clone<T>(value: T): T {
  return cloneJson(value);
}

/** The simulated API server. Objects it returns are frozen; copy before changing them. */
export class ApiServer {
  readonly store: Store;
  readonly clock: VirtualClock;
  readonly random: SeededRandom;
  readonly resources: ResourceResolver;
  private readonly custom: CustomResourceSupport & CustomKindSource;
  private readonly deleter: Deleter;
  private lastNow: { readonly ms: number; readonly iso: string } | undefined;
  /** Store keys (`group/Kind`) of the kinds served, by resource. */
  private readonly kindKeys = new WeakMap<ResourceInfo, string>();

  constructor(options: ApiServerOptions = {}) {
    this.custom = options.customResources ?? new CrdSupport();
    this.resources = new ResourceResolver(this.custom);
    this.store =
      options.store ??
      new Store({ resourceOf: (group, kind) => this.resources.tryFindGroupKind(group, kind)?.plural });
    this.clock = options.clock ?? new VirtualClock();
    this.random = options.random ?? new SeededRandom(1);
    this.deleter = new Deleter(this);
    // A restored store may hold CRDs: serve their kinds again.
    for (const crd of this.store.list({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' }).items) {
      if (!crd.metadata.deletionTimestamp) this.custom.syncCrd(crd.metadata.name ?? '', crd);
    }
  }

  // ---- reads ----

  /** Reads one object. @throws StatusError NotFound */
  get<T extends KubeObject = KubeObject>(key: ObjectKey): T {
    const info = this.resources.findKind(key.apiVersion, key.kind);
    const obj = this.tryGetStored(info, key.namespace, key.name);
    if (!obj) throw notFound(info.plural, info.group, key.name);
    return this.asVersion(obj, info) as T;
  }

  /** Reads one object, or undefined when it does not exist. */
  tryGet<T extends KubeObject = KubeObject>(key: ObjectKey): T | undefined {
    const info = this.resources.findKind(key.apiVersion, key.kind);
    const obj = this.tryGetStored(info, key.namespace, key.name);
    return obj ? (this.asVersion(obj, info) as T) : undefined;
  }

  /** Lists a kind, in one namespace or all, with selectors and paging. */
  list(options: ListOptions): ObjectList {
    const info = this.resources.findKind(options.apiVersion, options.kind);
    const result = this.store.list({
      apiVersion: info.apiVersion,
      kind: info.kind,
      namespace: info.namespaced ? options.namespace : undefined,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      limit: options.limit,
      continue: options.continue,
    });
    const metadata: ObjectList['metadata'] = { resourceVersion: result.resourceVersion };
    if (result.continue) metadata.continue = result.continue;
    if (result.remainingItemCount !== undefined) metadata.remainingItemCount = result.remainingItemCount;
    return { apiVersion: info.apiVersion, kind: `${info.kind}List`, metadata, items: result.items.map((o) => this.asVersion(o, info)) };
  }

  /** Watches a kind from a resourceVersion (see Store.watch for the semantics). */
  watch(options: Omit<WatchOptions, 'group'> & CollectionKey, listener: (event: WatchEvent) => void): WatchHandle {
    const info = this.resources.findKind(options.apiVersion, options.kind);
    return this.store.watch({ ...options, apiVersion: info.apiVersion, namespace: info.namespaced ? options.namespace : undefined }, listener);
  }

  // ---- writes ----

  /** Creates an object (POST). `generateName` is honoured. */
  create<T extends KubeObject = KubeObject>(input: KubeObject, options: WriteOptions & { namespace?: string } = {}): T {
    return this.createFrom(input, options, false) as T;
  }

  /**
   * @internal A create of a body an in-process component built for this one call and hands over
   * (it neither reads nor changes it after): taken without a copy and, for a built-in kind, as
   * decoded into its type already (it holds no unknown fields). The event recorder's path.
   */
  createOwned<T extends KubeObject = KubeObject>(input: KubeObject, options: WriteOptions & { namespace?: string } = {}): T {
    return this.createFrom(input, options, true) as T;
  }

  private createFrom(input: KubeObject, options: WriteOptions & { namespace?: string }, owned: boolean): KubeObject {
    const info = this.resources.findKind(input.apiVersion, input.kind);
    const obj = decodeBody(input, info, options.namespace, owned);
    const meta = obj.metadata as Obj;
    if (meta.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    this.admitNamespace(info, meta.namespace, meta.name ?? '');
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${this.random.suffix()}`;
    if (!meta.name) {
      throw invalid(info.kind, info.group, '', [{ field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' }]);
    }
    // Decoding comes first on a real server: a strict decoding error precedes AlreadyExists. An owned body is typed already.
    if (!info.custom && info.kind !== 'CustomResourceDefinition') {
      if (!owned) decodeTyped(info, obj, options);
    } else if (options.fieldValidation === 'Strict' && !info.custom) {
      const unknown = checkUnknownFields(obj, info);
      if (unknown.length > 0) throw badRequest(formatStrictDecodingError(info, unknown));
    }
    // A component's own body (an Event the recorder named uniquely) is checked by the store alone:
    // the answer to a taken name is the same AlreadyExists, one lookup fewer per create.
    if (owned) return this.commitCreate(info, obj, options, false, false);
    const existing = this.tryGetStored(info, meta.namespace, meta.name);
    if (existing) throw alreadyExists(info.plural, info.group, meta.name);
    return this.commitCreate(info, obj, options, false, true);
  }

  /** Replaces an object (PUT). A stale `metadata.resourceVersion` is a 409 Conflict. */
  update<T extends KubeObject = KubeObject>(input: KubeObject, options: UpdateOptions = {}): T {
    return this.updateFrom(input, options, false) as T;
  }

  /**
   * @internal An update of a body an in-process component built for this one call and hands over
   * (it never changes it after): taken without a copy and, for a built-in kind, as decoded into
   * its type already (it holds no unknown fields). Frozen values inside it must be deep-frozen
   * (parts of stored objects): the store takes them as they are. The kubelet's status writes.
   */
  updateOwned<T extends KubeObject = KubeObject>(input: KubeObject, options: UpdateOptions = {}): T {
    return this.updateFrom(input, options, true) as T;
  }

  private updateFrom(input: KubeObject, options: UpdateOptions, owned: boolean): KubeObject {
    const info = this.resources.findKind(input.apiVersion, input.kind);
    const statusOnly = options.subresource === 'status' && info.hasStatus;
    const used = selectUsedBody(input, statusOnly);
    // A body decoded into its type here (or owned, so typed already) is not decoded again in admit().
    let typed = owned && this.mayAdopt(info);
    let obj: KubeObject | undefined;
    if (owned) obj = decodeBody(used, info, input.metadata?.namespace, true);
    // A /status write of a built-in kind: its status is decoded (and copied frozen) here, once.
    else if (statusOnly && this.mayAdopt(info)) typed = (obj = decodeFrozenStatusBody(used, info, input.metadata?.namespace)) !== undefined;
    obj ??= decodeBody(used, info, input.metadata?.namespace);
    const key = { apiVersion: info.apiVersion, kind: info.kind, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' };
    const old = this.tryGetStored(info, key.namespace, key.name);
    if (!old) throw notFound(info.plural, info.group, key.name);
    const uid = obj.metadata.uid;
    if (uid && uid !== old.metadata.uid) {
      // A PUT body's uid is a storage precondition; etcd3's error comes back wrapped in the Conflict.
      const detail = `StorageError: invalid object, Code: 4, Key: ${storageKeyOf(info, key)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${uid}, UID in object meta: ${old.metadata.uid ?? ''}`;
      throw conflict(info.plural, info.group, key.name, detail);
    }
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw conflict(info.plural, info.group, key.name);
    return this.commitUpdate(info, old, obj, options, { precondition: rv || undefined, typed });
  }

  /** Patches an object with a JSON patch, merge patch, strategic merge patch or apply patch. */
  patch(key: ObjectKey, type: PatchType, body: unknown, options: PatchOptions = {}): KubeObject {
    const info = this.resources.findKind(key.apiVersion, key.kind);
    if (type !== 'apply' && options.force !== undefined) {
      throw invalid('PatchOptions', 'meta.k8s.io', '', [{ field: 'force', reason: 'FieldValueForbidden', message: 'Forbidden: may not be specified for non-apply patch' }]);
    }
    const ref = this.storeRef(info, key);
    const old = this.store.tryGet(ref);
    if (type === 'apply') return this.serverSideApply(info, key, old, body, options);
    if (!old) throw notFound(info.plural, info.group, key.name);
    // A patch that leaves managedFields alone runs without them (a placeholder keeps their place
    // in metadata); the stored, frozen entries go back after, so that they decode from cache.
    const current = this.asVersion(old, info);
    const managedFields = current.metadata.managedFields;
    const aside = managedFields !== undefined && !mayTouchManagedFields(type, body);
    const doc = aside ? ({ ...current, metadata: { ...current.metadata, managedFields: [] } } as KubeObject) : current;
    const next = computePatched(doc, type, body, info, key);
    const rv = (next.metadata as Obj | undefined)?.resourceVersion;
    const precondition = rv && rv !== old.metadata.resourceVersion ? rv : undefined;
    if (precondition) throw conflict(info.plural, info.group, key.name);
    // The patch engines return a copy of their own: no second one.
    const obj = decodeBody({ ...next, apiVersion: info.apiVersion, kind: info.kind }, info, key.namespace, true);
    if (aside && Object.hasOwn(obj.metadata, 'managedFields')) (obj.metadata as Obj).managedFields = managedFields;
    return this.commitUpdate(info, old, obj, options, { precondition: old.metadata.resourceVersion });
  }

  /** Deletes an object, honouring finalizers, propagation policy and grace periods. */
  delete(key: ObjectKey, options: DeleteOptions = {}): DeleteResult {
    const info = this.resources.findKind(key.apiVersion, key.kind);
    return this.deleter.delete(info, this.storeRef(info, key), options);
  }

  /** Deletes every object of a kind matching the selectors (deletecollection). */
  deleteCollection(options: ListOptions, deleteOptions: DeleteOptions = {}): DeleteResult[] {
    const { items } = this.list({ ...options, limit: undefined, continue: undefined });
    const out: DeleteResult[] = [];
    for (const item of items) {
      try {
        out.push(this.delete({ apiVersion: options.apiVersion, kind: options.kind, namespace: item.metadata.namespace, name: item.metadata.name ?? '' }, deleteOptions));
      } catch (err) {
        if (!(err instanceof StatusError && err.reason === 'NotFound')) throw err;
      }
    }
    return out;
  }

  /** Reads the scale subresource. */
  getScale(key: ObjectKey): Scale {
    const info = this.resources.findKind(key.apiVersion, key.kind);
    if (!info.scale) throw noSuchResource();
    return readScale(this.get(key), info.scale);
  }

  /** Sets `replicas` through the scale subresource; a given resourceVersion must match. */
  updateScale(key: ObjectKey, replicas: number, options: WriteOptions & { resourceVersion?: string } = {}): Scale {
    const info = this.resources.findKind(key.apiVersion, key.kind);
    if (!info.scale) throw noSuchResource();
    const old = this.get(key);
    if (options.resourceVersion && options.resourceVersion !== old.metadata.resourceVersion) throw conflict(info.plural, info.group, key.name);
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw invalid('Scale', 'autoscaling', key.name, [{ field: 'spec.replicas', reason: 'FieldValueInvalid', message: `Invalid value: ${replicas}: must be greater than or equal to 0` }]);
    }
    const next = writeScaleReplicas(clone(old), info.scale, replicas);
    const updated = this.commitUpdate(info, old, next, { ...options, fieldManager: options.fieldManager }, { precondition: old.metadata.resourceVersion, subresource: 'scale' });
    return readScale(updated, info.scale);
  }

  // ---- internals shared with the deleter ----

  /** @internal The store reference of an object key for a resolved kind. */
  storeRef(info: ResourceInfo, key: { namespace?: string | undefined; name?: string | undefined }): { apiVersion: string; kind: string; namespace?: string; name: string } {
    const ref: { apiVersion: string; kind: string; namespace?: string; name: string } = { apiVersion: info.apiVersion, kind: info.kind, name: key.name ?? '' };
    if (info.namespaced) ref.namespace = key.namespace || 'default';
    return ref;
  }

  /** The stored object of a kind by namespace and name, as storeRef() names it (no reference built, the kind's store key remembered). */
  private tryGetStored(info: ResourceInfo, namespace: string | undefined, name: string | undefined): KubeObject | undefined {
    let kindKey = this.kindKeys.get(info);
    if (kindKey === undefined) this.kindKeys.set(info, (kindKey = formatKindKey(info.group, info.kind)));
    return this.store.tryGetIn(kindKey, info.namespaced ? namespace || 'default' : '', name ?? '');
  }

  /** @internal Writes an already-admitted object straight to the store (deleter bookkeeping); `adopt` hands `next` over (see Store). */
  writeInternal(info: ResourceInfo, old: KubeObject, next: KubeObject, adopt = false): KubeObject {
    const stored = this.store.update(next, { expectedResourceVersion: old.metadata.resourceVersion, adopt });
    if (stored.metadata.deletionTimestamp && (stored.metadata.finalizers ?? []).length === 0 && !this.isNamespace(info)) {
      // As the registry's update does: the last finalizer is gone, so the write is stored, then deleted.
      return this.store.delete(this.storeRef(info, stored.metadata as ObjectKey), { expectedResourceVersion: stored.metadata.resourceVersion });
    }
    return stored;
  }

  /** @internal Kinds the server serves, for namespace cleanup and discovery. */
  servedKinds(): ResourceInfo[] {
    return this.resources.all();
  }

  private asVersion(obj: KubeObject, info: ResourceInfo): KubeObject {
    return obj.apiVersion === info.apiVersion ? obj : Object.freeze({ ...obj, apiVersion: info.apiVersion });
  }

  /** The NamespaceLifecycle admission plugin: no new objects in a missing or terminating namespace. */
  private admitNamespace(info: ResourceInfo, namespace: string | undefined, name: string): void {
    if (!info.namespaced || namespace === undefined) return;
    const ns = this.store.tryGetIn(NAMESPACE_KIND_KEY, '', namespace);
    if (!ns) throw notFound('namespaces', '', namespace);
    if ((ns.metadata as Obj).deletionTimestamp || (ns as Obj).status?.phase === 'Terminating') {
      throw forbidden(info.plural, info.group, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  /** The clock's time as RFC 3339, formatted once per clock tick (writes ask for it often). */
  private nowIso(): string {
    const ms = this.clock.nowMillis();
    if (this.lastNow?.ms !== ms) this.lastNow = { ms, iso: this.clock.nowIso() };
    return this.lastNow.iso;
  }

  /**
   * Whether the store may adopt (freeze in place) an object this server built for the kind: every
   * part of it is this request's own copy or already stored. Not for custom resources and CRDs,
   * whose admission may share values with the CRD registry.
   */
  private mayAdopt(info: ResourceInfo): boolean {
    return !info.custom && info.kind !== 'CustomResourceDefinition';
  }

  private isNamespace(info: ResourceInfo): boolean {
    return info.kind === 'Namespace' && info.group === '';
  }

  /** The service REST's allocation of cluster IPs and node ports; a taken address is a 422. */
  private allocateService(svc: KubeObject, old: KubeObject | undefined): void {
    // Listing every Service is only needed when something new must be allocated or checked:
    // most writes keep their addresses, so the set of used ones is built on first use.
    let cached: ReturnType<typeof collectServiceAddresses> | undefined;
    const compute = (): ReturnType<typeof collectServiceAddresses> =>
      (cached ??= collectServiceAddresses(this.store.list({ apiVersion: 'v1', kind: 'Service' }).items.filter((o) => !old || o.metadata.uid !== old.metadata.uid)));
    const used = {
      get clusterIPs() {
        return compute().clusterIPs;
      },
      get nodePorts() {
        return compute().nodePorts;
      },
    };
    const spec = ((svc as Obj).spec ??= {}) as Obj;
    const errors = allocateServiceAddresses(spec, used, old ? (old as Obj).spec ?? {} : undefined);
    if (errors.length === 0) return;
    throw invalid('Service', '', svc.metadata.name ?? '', errors.map((e) => ({
      field: e.field,
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${formatBadValue(Array.isArray(e.value) ? toGoStringSlice(e.value) : (e.value as number))}: ${e.detail}`,
    })));
  }

  private defaultStorageClass(): string | undefined {
    const classes = this.store.list({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' }).items;
    const def = classes.find((c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
    return def?.metadata.name;
  }

  /** Defaults and validates an object about to be stored; throws 422 Invalid with every cause. */
  private admit(info: ResourceInfo, obj: KubeObject, old: KubeObject | undefined, options: WriteOptions, applied: boolean, statusWrite = false, typed = false): KubeObject {
    foldSecretStringData(obj);
    const defaultStorageClass = info.kind === 'PersistentVolumeClaim' && info.group === '' ? this.defaultStorageClass() : undefined;
    // A /status write shares the stored spec (see commitUpdate): defaulting it again changes nothing.
    const storedSpec = statusWrite && old !== undefined && (obj as Obj).spec === (old as Obj).spec;
    let out = applyDefaults(obj, { defaultStorageClass, storedSpec });
    if (info.kind === 'Service' && info.group === '') this.allocateService(out, old);
    let errors: FieldError[];
    if (info.custom) {
      const admitted = this.custom.admit(out);
      if (options.fieldValidation === 'Strict' && !applied && admitted.pruned.length > 0) {
        throw badRequest(formatStrictDecodingError(info, admitted.pruned));
      }
      out = admitted.object;
      errors = admitted.errors;
    } else if (info.kind === 'CustomResourceDefinition') {
      errors = this.custom.validateCrd(out);
    } else {
      // fieldValidation=Strict (what kubectl sends): a field the kind's schema does not know is a 400.
      // A create's body was decoded in create(), an apply's before the merge (serverSideApply); a
      // /status write's only field of its own is status. A body decoded with the request (decodeFrozenStatusBody) or owned is typed already.
      if (old && !applied && !typed) decodeTyped(info, out, options, statusWrite ? 'status' : undefined);
      // A status strategy validates the metadata update only (this server has no status rules): the spec is the stored one.
      errors = !old ? validateObject(out) : statusWrite ? validateStatusUpdate(old, out) : validateUpdate(old, out);
    }
    if (errors.length > 0) {
      throw invalid(info.kind, info.group, out.metadata.name ?? '', errors.map((e) => ({ field: e.field, reason: e.type, message: e.message })));
    }
    return out;
  }

  /** `nameChecked`: the caller has just found the name free (nothing writes in between), so the store need not look again. */
  private commitCreate(info: ResourceInfo, obj: KubeObject, options: WriteOptions, applied: boolean, nameChecked = false): KubeObject {
    const meta = obj.metadata as Obj;
    meta.uid = this.random.uuid();
    meta.creationTimestamp = this.nowIso();
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (tracksGeneration(info)) meta.generation = 1;
    else delete meta.generation;
    if (info.hasStatus || info.kind === 'CustomResourceDefinition') {
      const status = initialStatus(obj, info);
      if (status === undefined) delete (obj as Obj).status;
      else (obj as Obj).status = status;
    }
    const isService = info.kind === 'Service' && info.group === '';
    // The request as sent, before defaulting and allocation (a Service's managedFields need it).
    const requested = isService && !applied ? clone(obj) : obj;
    let admitted = this.admit(info, obj, undefined, options, applied);
    if (info.kind === 'CustomResourceDefinition') (admitted as Obj).status = this.custom.crdStatus(admitted, this.nowIso());
    if (!applied) {
      const recorded = isService ? withoutAllocatedAddresses(admitted, requested) : admitted;
      const scope = { manager: options.fieldManager ?? DEFAULT_MANAGER, apiVersion: info.apiVersion, kind: info.kind, now: this.nowIso(), statusSubresource: info.hasStatus };
      admitted = recordCreate(info, admitted, recorded, { scope, dryRun: options.dryRun === true, adoptable: this.mayAdopt(info) });
    }
    // The Job strategy's PrepareForCreate runs after the handler recorded managedFields.
    if (info.kind === 'Job' && info.group === 'batch') generateJobSelector(admitted);
    if (options.dryRun) return Object.freeze(admitted);
    const stored = this.store.create(admitted, { adopt: this.mayAdopt(info), nameChecked });
    this.afterWrite(info, stored);
    return stored;
  }

  /** The shared tail of update, patch and scale: keep what cannot change, bump generation, admit, store. */
  private commitUpdate(
    info: ResourceInfo,
    old: KubeObject,
    input: KubeObject,
    options: UpdateOptions,
    extra: { precondition?: string | undefined; applied?: boolean; subresource?: string; typed?: boolean },
  ): KubeObject {
    const subresource = extra.subresource ?? options.subresource;
    if (subresource === 'status' && !info.hasStatus) throw noSuchResource();
    const oldMeta = old.metadata as Obj;
    const applied = extra.applied === true;
    // A /status write keeps the stored spec: share it rather than copy it, unless admission must change it.
    const shareStored = subresource === 'status' && this.mayAdopt(info);
    let admitted: KubeObject;
    const statusWrite = subresource === 'status';
    const typed = extra.typed === true;
    try {
      admitted = this.admit(info, prepareUpdate(info, old, input, { subresource, applied, shareStored }), old, options, applied, statusWrite, typed);
    } catch (err) {
      if (!shareStored || !(err instanceof TypeError)) throw err;
      admitted = this.admit(info, prepareUpdate(info, old, input, { subresource, applied, shareStored: false }), old, options, applied, statusWrite, typed);
    }
    if (!subresource && info.kind === 'CustomResourceDefinition' && info.group === 'apiextensions.k8s.io') {
      // The apiapproval controller follows a change of the approval annotation.
      const status = this.custom.refreshCrdStatus(admitted, this.nowIso());
      if (status !== (admitted as Obj).status) admitted = { ...admitted, status } as KubeObject;
    }
    if (tracksGeneration(info) && specChanged(old, admitted)) (admitted.metadata as Obj).generation = (oldMeta.generation ?? 0) + 1;
    if (!applied) {
      const scope = {
        manager: options.fieldManager ?? DEFAULT_MANAGER,
        apiVersion: info.apiVersion,
        kind: info.kind,
        now: this.nowIso(),
        ...(subresource ? { subresource } : {}),
        statusSubresource: info.hasStatus,
      };
      admitted = recordUpdate(old, admitted, input, { scope, dryRun: options.dryRun === true, adoptable: this.mayAdopt(info) });
    }
    if (options.dryRun) return Object.freeze(admitted);
    const stored = this.writeInternal(info, old, admitted, this.mayAdopt(info));
    // The update removed the last finalizer of an object being deleted: it is gone now.
    if (!this.tryGetStored(info, stored.metadata.namespace, stored.metadata.name)) this.afterDelete(info, stored);
    this.afterWrite(info, stored);
    return stored;
  }

  private serverSideApply(info: ResourceInfo, key: ObjectKey, old: KubeObject | undefined, sent: unknown, options: PatchOptions): KubeObject {
    const body = decodeApplyBody(info, sent, options);
    const merged = computeApplied(old ? this.asVersion(old, info) : undefined, body, info, key, { ...options, now: this.nowIso() });
    const applied = body as KubeObject;
    const obj = decodeBody(merged, info, key.namespace);
    if (!old) {
      if (options.subresource) throw notFound(info.plural, info.group, key.name);
      this.admitNamespace(info, obj.metadata.namespace, key.name);
      return this.commitCreate(info, obj, options, true);
    }
    const rv = applied.metadata?.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw conflict(info.plural, info.group, key.name);
    return this.commitUpdate(info, old, obj, options, { precondition: old.metadata.resourceVersion, applied: true });
  }

  private afterWrite(info: ResourceInfo, stored: KubeObject): void {
    if (info.kind === 'CustomResourceDefinition' && info.group === 'apiextensions.k8s.io') {
      this.custom.syncCrd(stored.metadata.name ?? '', stored.metadata.deletionTimestamp ? undefined : stored);
    }
    // A write can unblock a deletion (a finalizer removed, a dependent gone): let the collector look.
    this.deleter.collect();
  }

  /** @internal Called by the deleter when an object is gone for good. */
  afterDelete(info: ResourceInfo, last: KubeObject): void {
    if (info.kind === 'CustomResourceDefinition' && info.group === 'apiextensions.k8s.io') {
      // Deleting a CRD deletes every object of its kind, as the apiextensions server does.
      const spec = (last as Obj).spec ?? {};
      if (spec.group && spec.names?.kind) {
        for (const obj of this.store.list({ group: spec.group, kind: spec.names.kind }).items) {
          this.store.delete({ group: spec.group, kind: spec.names.kind, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' });
        }
      }
      this.custom.syncCrd(last.metadata.name ?? '', undefined);
    }
  }
}
