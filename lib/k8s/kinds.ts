// The kinds registry: every built-in kind shipshape knows, with what the API server, the
// planner and the CLI need about it (resource names, scope, name rule, apply wave).
// Custom resources are not here; they are registered at run time from their CRDs.

import type { NameRule } from './names.ts';

/**
 * Apply waves, in order (deletes run in reverse):
 * 0 namespaces and CRDs; 1 service accounts, RBAC, config, secrets, storage, policies;
 * 2 services; 3 workloads; 4 ingress and autoscalers; 5 anything unknown (custom resources).
 */
export type Wave = 0 | 1 | 2 | 3 | 4 | 5;

export interface KindInfo {
  /** API group; '' for the core group. */
  readonly group: string;
  readonly version: string;
  /** `group/version`, or `v1` for the core group. */
  readonly apiVersion: string;
  readonly kind: string;
  /** The resource name in URLs, e.g. `deployments`. */
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  /** Discovery categories; `all` makes `kubectl get all` list the kind. */
  readonly categories: readonly string[];
  readonly wave: Wave;
  /** Position in Helm's install order, used to order objects within a wave. */
  readonly installOrder: number;
  readonly nameRule: NameRule;
  /** Served subresources. */
  readonly subresources: readonly ('status' | 'scale' | 'log' | 'eviction' | 'binding')[];
  /** Verbs served for the kind. */
  readonly verbs: readonly string[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

// Helm's install order: the spine of object ordering within waves.
const HELM_ORDER = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodDisruptionBudget', 'ServiceAccount',
  'Secret', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition',
  'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Service', 'DaemonSet', 'Pod',
  'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job',
  'CronJob', 'IngressClass', 'Ingress',
];

interface KindSpec {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  wave: Wave;
  shortNames?: string[];
  all?: boolean;
  nameRule?: NameRule;
  subresources?: KindInfo['subresources'];
}

function define(spec: KindSpec): KindInfo {
  const slash = spec.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : spec.apiVersion.slice(0, slash);
  const version = slash < 0 ? spec.apiVersion : spec.apiVersion.slice(slash + 1);
  const order = HELM_ORDER.indexOf(spec.kind);
  return {
    group,
    version,
    apiVersion: spec.apiVersion,
    kind: spec.kind,
    plural: spec.plural,
    singular: spec.kind.toLowerCase(),
    namespaced: spec.namespaced,
    shortNames: spec.shortNames ?? [],
    categories: spec.all ? ['all'] : [],
    wave: spec.wave,
    installOrder: order < 0 ? HELM_ORDER.length : order,
    nameRule: spec.nameRule ?? 'subdomain',
    subresources: spec.subresources ?? [],
    verbs: ALL_VERBS,
  };
}

/** Every built-in kind, in Helm install order where it has one. */
export const BUILTIN_KINDS: readonly KindInfo[] = [
  define({ apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, wave: 0, shortNames: ['ns'], nameRule: 'label', subresources: ['status'] }),
  define({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false, wave: 0, shortNames: ['crd', 'crds'], subresources: ['status'] }),
  define({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true, wave: 1, shortNames: ['netpol'] }),
  define({ apiVersion: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true, wave: 1, shortNames: ['quota'], subresources: ['status'] }),
  define({ apiVersion: 'v1', kind: 'LimitRange', plural: 'limitranges', namespaced: true, wave: 1, shortNames: ['limits'] }),
  define({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true, wave: 1, shortNames: ['pdb'], subresources: ['status'] }),
  define({ apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, wave: 1, shortNames: ['sa'] }),
  define({ apiVersion: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true, wave: 1 }),
  define({ apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, wave: 1, shortNames: ['cm'] }),
  define({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', plural: 'storageclasses', namespaced: false, wave: 1, shortNames: ['sc'] }),
  define({ apiVersion: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false, wave: 1, shortNames: ['pv'], subresources: ['status'] }),
  define({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true, wave: 1, shortNames: ['pvc'], subresources: ['status'] }),
  define({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false, wave: 1, nameRule: 'path' }),
  define({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false, wave: 1, nameRule: 'path' }),
  define({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', plural: 'roles', namespaced: true, wave: 1, nameRule: 'path' }),
  define({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true, wave: 1, nameRule: 'path' }),
  define({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false, wave: 1, shortNames: ['pc'] }),
  define({ apiVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true, wave: 2, shortNames: ['svc'], all: true, nameRule: 'label1035', subresources: ['status'] }),
  define({ apiVersion: 'v1', kind: 'Endpoints', plural: 'endpoints', namespaced: true, wave: 2, shortNames: ['ep'] }),
  define({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true, wave: 2 }),
  define({ apiVersion: 'apps/v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, wave: 3, shortNames: ['ds'], all: true, subresources: ['status'] }),
  define({ apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, wave: 3, shortNames: ['po'], all: true, subresources: ['status', 'log', 'eviction', 'binding'] }),
  define({ apiVersion: 'v1', kind: 'ReplicationController', plural: 'replicationcontrollers', namespaced: true, wave: 3, shortNames: ['rc'], all: true, subresources: ['status', 'scale'] }),
  define({ apiVersion: 'apps/v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, wave: 3, shortNames: ['rs'], all: true, subresources: ['status', 'scale'] }),
  define({ apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true, wave: 3, shortNames: ['deploy'], all: true, subresources: ['status', 'scale'] }),
  define({ apiVersion: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, wave: 3, shortNames: ['sts'], all: true, subresources: ['status', 'scale'] }),
  define({ apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true, wave: 3, all: true, subresources: ['status'] }),
  define({ apiVersion: 'batch/v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true, wave: 3, shortNames: ['cj'], all: true, subresources: ['status'] }),
  define({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true, wave: 4, shortNames: ['hpa'], all: true, subresources: ['status'] }),
  define({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', plural: 'ingressclasses', namespaced: false, wave: 4 }),
  define({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', plural: 'ingresses', namespaced: true, wave: 4, shortNames: ['ing'], subresources: ['status'] }),
  define({ apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, wave: 5, shortNames: ['no'], subresources: ['status'] }),
  define({ apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true, wave: 5, shortNames: ['ev'] }),
  define({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases', namespaced: true, wave: 5 }),
];

/**
 * API versions that Kubernetes once served for a kind and has removed, with the release that
 * removed them. A current API server answers 404 for them; tools should name the replacement.
 */
export const REMOVED_API_VERSIONS: ReadonlyArray<{ apiVersion: string; kinds: readonly string[]; removedIn: string }> = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet', 'Ingress', 'NetworkPolicy', 'PodSecurityPolicy'], removedIn: '1.16' },
  { apiVersion: 'apps/v1beta1', kinds: ['Deployment', 'StatefulSet', 'ReplicaSet', 'ControllerRevision'], removedIn: '1.16' },
  { apiVersion: 'apps/v1beta2', kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'], removedIn: '1.16' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], removedIn: '1.22' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], removedIn: '1.22' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], removedIn: '1.22' },
  { apiVersion: 'rbac.authorization.k8s.io/v1alpha1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], removedIn: '1.22' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], removedIn: '1.22' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment'], removedIn: '1.22' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], removedIn: '1.22' },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: '1.25' },
  { apiVersion: 'batch/v2alpha1', kinds: ['CronJob'], removedIn: '1.21' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget', 'PodSecurityPolicy'], removedIn: '1.25' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], removedIn: '1.25' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.25' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.26' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removedIn: '1.25' },
];

/**
 * Older API versions still served beside the preferred one, mapped to the registry entry they
 * convert to (same schema for the fields shipshape reads).
 */
export const ALSO_SERVED: ReadonlyArray<{ apiVersion: string; kind: string }> = [
  { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler' },
];

const byGvk = new Map<string, KindInfo>();
const byResource = new Map<string, KindInfo>();
const byKindName = new Map<string, KindInfo[]>();
for (const info of BUILTIN_KINDS) {
  byGvk.set(`${info.apiVersion}/${info.kind}`, info);
  byResource.set(`${info.group}/${info.plural}`, info);
  const list = byKindName.get(info.kind.toLowerCase()) ?? [];
  list.push(info);
  byKindName.set(info.kind.toLowerCase(), list);
}

/** Finds a built-in kind by apiVersion and kind; undefined when not served. */
export function tryFindKind(apiVersion: string, kind: string): KindInfo | undefined {
  return byGvk.get(`${apiVersion}/${kind}`);
}

/** Finds a built-in kind by group and plural resource name. */
export function tryFindResource(group: string, plural: string): KindInfo | undefined {
  return byResource.get(`${group}/${plural}`);
}

/**
 * Resolves what a user types (`deploy`, `deployments`, `Deployment`, `deployment.apps`) to a
 * kind, as kubectl does.
 */
export function resolveKindName(name: string): KindInfo | undefined {
  const lower = name.toLowerCase();
  const dot = lower.indexOf('.');
  const base = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? undefined : lower.slice(dot + 1);
  for (const info of BUILTIN_KINDS) {
    if (group !== undefined && info.group !== group) continue;
    if (info.plural === base || info.singular === base || info.shortNames.includes(base)) return info;
  }
  return byKindName.get(base)?.[0];
}

/** The removed-version record for an apiVersion/kind pair, if Kubernetes removed it. */
export function findRemovedApiVersion(apiVersion: string, kind: string): { removedIn: string; replacement?: KindInfo } | undefined {
  const hit = REMOVED_API_VERSIONS.find((r) => r.apiVersion === apiVersion && r.kinds.includes(kind));
  if (!hit) return undefined;
  const replacement = byKindName.get(kind.toLowerCase())?.[0];
  return replacement ? { removedIn: hit.removedIn, replacement } : { removedIn: hit.removedIn };
}

/** Splits an apiVersion into group and version (`apps/v1` → `apps`, `v1`; `v1` → `''`, `v1`). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
