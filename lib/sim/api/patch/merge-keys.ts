// The schema facts both strategic merge patch and server-side apply need about built-in kinds:
// which lists merge by key (and by which keys), which are sets, which maps are atomic. Mirrors the
// upstream `patchMergeKey`/`patchStrategy` and `listType`/`listMapKey`/`mapType` tags; it is not
// a full OpenAPI schema. Anything not listed is an atomic list or a granular map.

import type { JsonValue } from '../../../k8s/types.ts';
import { ALSO_SERVED, splitApiVersion, tryFindKind } from '../../../k8s/kinds.ts';

/** How a list field merges: by key, as a set of scalars, or replaced whole. */
export type ListSchema =
  | {
      readonly type: 'map';
      /** Server-side apply's list map keys, e.g. `containerPort` and `protocol`. */
      readonly keys: readonly string[];
      /** Strategic merge patch's single merge key, e.g. `containerPort`. */
      readonly mergeKey: string;
      /** Values a missing key takes, as the schema defaults it (`protocol: TCP`). */
      readonly keyDefaults?: Readonly<Record<string, JsonValue>>;
    }
  | { readonly type: 'set' }
  | { readonly type: 'atomic' };

/** What the patch algorithms need to know about one field. */
export interface FieldSchema {
  /** How the field merges when it holds a list; untagged lists are atomic. */
  readonly list: ListSchema;
  /** True for a map or struct that is replaced whole (`mapType=atomic` / `structType=atomic`). */
  readonly atomic: boolean;
}

const ATOMIC_LIST: ListSchema = { type: 'atomic' };
const DEFAULT_SCHEMA: FieldSchema = { list: ATOMIC_LIST, atomic: false };
const ATOMIC_MAP: FieldSchema = { list: ATOMIC_LIST, atomic: true };
const SET: FieldSchema = { list: { type: 'set' }, atomic: false };

function keyed(keys: readonly string[], keyDefaults?: Record<string, JsonValue>): FieldSchema {
  const list: ListSchema = keyDefaults ? { type: 'map', keys, mergeKey: keys[0]!, keyDefaults } : { type: 'map', keys, mergeKey: keys[0]! };
  return { list, atomic: false };
}

type Table = Readonly<Record<string, FieldSchema>>;

const OBJECT_META: Table = {
  finalizers: SET,
  ownerReferences: keyed(['uid']),
};

const CONTAINER: Table = {
  ports: keyed(['containerPort', 'protocol'], { protocol: 'TCP' }),
  env: keyed(['name']),
  'env.valueFrom.configMapKeyRef': ATOMIC_MAP,
  'env.valueFrom.secretKeyRef': ATOMIC_MAP,
  'env.valueFrom.fieldRef': ATOMIC_MAP,
  'env.valueFrom.resourceFieldRef': ATOMIC_MAP,
  volumeMounts: keyed(['mountPath']),
  volumeDevices: keyed(['devicePath']),
  'resources.claims': keyed(['name']),
};

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

const POD_SPEC: Table = {
  containers: keyed(['name']),
  initContainers: keyed(['name']),
  ephemeralContainers: keyed(['name']),
  volumes: keyed(['name']),
  imagePullSecrets: keyed(['name']),
  hostAliases: keyed(['ip']),
  topologySpreadConstraints: keyed(['topologyKey', 'whenUnsatisfiable']),
  'topologySpreadConstraints.labelSelector': ATOMIC_MAP,
  resourceClaims: keyed(['name']),
  schedulingGates: keyed(['name']),
  nodeSelector: ATOMIC_MAP,
};

const SELECTOR: Table = { 'spec.selector': ATOMIC_MAP };

/** Per group/kind: fields outside metadata and pod specs, plus where the pod spec sits. */
const KINDS: Readonly<Record<string, { fields?: Table; podSpecAt?: string }>> = {
  '/Pod': { podSpecAt: 'spec', fields: { 'status.podIPs': keyed(['ip']), 'status.hostIPs': keyed(['ip']) } },
  '/PodTemplate': { podSpecAt: 'template.spec' },
  '/ReplicationController': { podSpecAt: 'spec.template.spec', fields: SELECTOR },
  '/Service': { fields: { 'spec.ports': keyed(['port', 'protocol'], { protocol: 'TCP' }), 'spec.selector': ATOMIC_MAP } },
  '/Node': { fields: { 'status.addresses': keyed(['type']) } },
  'apps/Deployment': { podSpecAt: 'spec.template.spec', fields: SELECTOR },
  'apps/ReplicaSet': { podSpecAt: 'spec.template.spec', fields: SELECTOR },
  'apps/StatefulSet': { podSpecAt: 'spec.template.spec', fields: SELECTOR },
  'apps/DaemonSet': { podSpecAt: 'spec.template.spec', fields: SELECTOR },
  'batch/Job': { podSpecAt: 'spec.template.spec', fields: SELECTOR },
  'batch/CronJob': { podSpecAt: 'spec.jobTemplate.spec.template.spec', fields: { 'spec.jobTemplate.spec.selector': ATOMIC_MAP } },
  'policy/PodDisruptionBudget': { fields: SELECTOR },
  'networking.k8s.io/NetworkPolicy': { fields: { 'spec.podSelector': ATOMIC_MAP } },
};

/** Tells whether the API server accepts a strategic merge patch for the kind (built-in kinds only; custom resources get 415). */
export function supportsStrategicMerge(apiVersion: string, kind: string): boolean {
  return tryFindKind(apiVersion, kind) !== undefined || ALSO_SERVED.some((k) => k.apiVersion === apiVersion && k.kind === kind);
}

/**
 * Resolves the merge behaviour of a field, given its path of field names from the object root
 * (list items add no segment: `['spec', 'template', 'spec', 'containers', 'ports']`).
 * @example resolveFieldSchema('v1', 'Service', ['spec', 'ports']).list // { type: 'map', keys: ['port', 'protocol'], ... }
 */
export function resolveFieldSchema(apiVersion: string, kind: string, path: readonly string[]): FieldSchema {
  const info = KINDS[`${splitApiVersion(apiVersion).group}/${kind}`];
  const dotted = path.join('.');
  const own = info?.fields?.[dotted];
  if (own) return own;
  if (path[0] === 'metadata') return OBJECT_META[path.slice(1).join('.')] ?? DEFAULT_SCHEMA;
  if (info?.podSpecAt) {
    const root = info.podSpecAt.split('.');
    if (startsWith(path, root)) return resolvePodSpecField(path.slice(root.length));
    const templateMeta = [...root.slice(0, -1), 'metadata'];
    if (startsWith(path, templateMeta)) return OBJECT_META[path.slice(templateMeta.length).join('.')] ?? DEFAULT_SCHEMA;
  }
  if (info && dotted === 'status.conditions') return keyed(['type']);
  if (tryFindKind(apiVersion, kind) && dotted === 'status.conditions') return keyed(['type']);
  return DEFAULT_SCHEMA;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return path.length > prefix.length && prefix.every((segment, i) => path[i] === segment);
}

function resolvePodSpecField(relative: readonly string[]): FieldSchema {
  if (relative.length > 1 && CONTAINER_LISTS.has(relative[0]!)) {
    return CONTAINER[relative.slice(1).join('.')] ?? DEFAULT_SCHEMA;
  }
  return POD_SPEC[relative.join('.')] ?? DEFAULT_SCHEMA;
}

/** The kind an object or patch belongs to, which decides its schema facts. */
export interface KindRef {
  readonly apiVersion: string;
  readonly kind: string;
}

/**
 * A field's schema plus memoized lookups of its child fields, so that walking an object resolves
 * each field path once per kind instead of once per object. Get one from findSchemaRoot().
 */
export interface SchemaCursor {
  readonly schema: FieldSchema;
  /** Field names from the object root (list items add no segment). */
  readonly names: readonly string[];
  /** @internal memoized children, by field name */
  children: Map<string, SchemaCursor> | undefined;
  readonly apiVersion: string;
  readonly kind: string;
}

/** Children memoized per cursor; past this many (maps with free-form keys) lookups are not kept. */
const MAX_MEMOIZED_CHILDREN = 256;
const schemaRoots = new Map<string, SchemaCursor>();

/** The cursor at the root of a kind's objects. */
export function findSchemaRoot(apiVersion: string, kind: string): SchemaCursor {
  const key = `${apiVersion}\n${kind}`;
  let root = schemaRoots.get(key);
  if (root === undefined) {
    root = { schema: resolveFieldSchema(apiVersion, kind, []), names: [], children: undefined, apiVersion, kind };
    schemaRoots.set(key, root);
  }
  return root;
}

/** The cursor of a child field (same answers as resolveFieldSchema with the name appended). */
export function findSchemaChild(parent: SchemaCursor, name: string): SchemaCursor {
  const known = parent.children?.get(name);
  if (known !== undefined) return known;
  const names = [...parent.names, name];
  const child: SchemaCursor = { schema: resolveFieldSchema(parent.apiVersion, parent.kind, names), names, children: undefined, apiVersion: parent.apiVersion, kind: parent.kind };
  parent.children ??= new Map();
  if (parent.children.size < MAX_MEMOIZED_CHILDREN) parent.children.set(name, child);
  return child;
}
