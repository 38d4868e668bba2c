// Admission defaulting of the simulated API server: the fields a real kube-apiserver fills in
// on create/update, so that `-o yaml`, describe and plan diffs match a real cluster. It
// mutates a private copy; callers pass objects they own. No validation here.

import type { KubeObject } from '../../k8s/types.ts';

type Obj = Record<string, any>;

const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

/** Options for defaulting that depend on cluster state. */
export interface DefaultingOptions {
  /** The default StorageClass name, given to PVCs that name none. */
  readonly defaultStorageClass?: string | undefined;
  /**
   * `obj.spec` is a stored (deep-frozen) value, as in a /status write: a spec that defaulting
   * left alone once is not walked again. @default false
   */
  readonly storedSpec?: boolean;
}

/**
 * Stored specs defaulting wrote nothing to (it would have thrown: they are deep-frozen), by the
 * defaulter that ran. Only for defaulters that read and write nothing but `spec` (see SPEC_ONLY),
 * so the same spec gives the same (empty) result again.
 */
const defaultedSpecs = new WeakMap<object, Defaulter>();

/** Fills in the defaults a real API server sets, in place. Returns the same object. */
export function applyDefaults<T extends KubeObject>(obj: T, options: DefaultingOptions = {}): T {
  const o = obj as Obj;
  const fn = DEFAULTERS_BY_KIND.get(obj.kind)?.get(obj.apiVersion);
  if (!fn) return obj;
  const spec = options.storedSpec === true && SPEC_ONLY.has(fn) ? o.spec : undefined;
  const isObject = spec !== null && typeof spec === 'object';
  // Only frozen specs are remembered, so a remembered one needs no isFrozen() check.
  if (isObject && defaultedSpecs.get(spec) === fn) return obj;
  // Frozen before fn runs (fn freezes nothing), so a write to it would have thrown.
  const stored = isObject && Object.isFrozen(spec);
  fn(o, options);
  // It returned, so it wrote nothing to the frozen spec: the spec is a fixed point of fn.
  if (stored && o.spec === spec) defaultedSpecs.set(spec, fn);
  return obj;
}

/**
 * Counts the stored spec of a bound pod as defaulted when the spec it was bound from was (the
 * pods/binding write copies it and sets spec.nodeName, which Pod defaulting neither reads nor
 * writes; every other field is the same value, so defaulting it again would write nothing too).
 */
export function carryDefaultedPodSpec(from: unknown, to: unknown): void {
  if (from === null || typeof from !== 'object' || to === null || typeof to !== 'object') return;
  if (defaultedSpecs.get(from) === defaultPod && Object.isFrozen(to)) defaultedSpecs.set(to, defaultPod);
}

function setDefault(target: Obj, key: string, value: unknown): void {
  if (target[key] === undefined) target[key] = value;
}

function obj(target: Obj, key: string): Obj {
  if (target[key] === undefined || target[key] === null) target[key] = {};
  return target[key] as Obj;
}

/** `imagePullPolicy` as the API server derives it from the image tag. */
export function defaultPullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  if (typeof image !== 'string') return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const tagSep = image.indexOf(':', lastSlash + 1);
  if (tagSep < 0) return 'Always';
  return image.slice(tagSep + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: Obj | undefined): void {
  if (!probe || typeof probe !== 'object') return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  if (probe.httpGet && typeof probe.httpGet === 'object') {
    setDefault(probe.httpGet, 'path', '/');
    setDefault(probe.httpGet, 'scheme', 'HTTP');
  }
}

// The pod paths below (run for every pod written) test each field in place rather than through
// setDefault(): a named property read is cheaper than a keyed one, and a default that is computed
// or allocated (pull policy, `{}`) is only made when it is needed. Same fields, same order.

function defaultContainer(c: Obj): void {
  if (!c || typeof c !== 'object') return;
  if (c.terminationMessagePath === undefined) c.terminationMessagePath = '/dev/termination-log';
  if (c.terminationMessagePolicy === undefined) c.terminationMessagePolicy = 'File';
  if (c.imagePullPolicy === undefined) c.imagePullPolicy = defaultPullPolicy(c.image);
  if (c.resources === undefined) c.resources = {};
  if (Array.isArray(c.ports)) for (const p of c.ports) if (p && typeof p === 'object' && p.protocol === undefined) p.protocol = 'TCP';
  if (Array.isArray(c.env)) {
    for (const e of c.env) {
      const ref = e?.valueFrom?.fieldRef;
      if (ref && typeof ref === 'object') setDefault(ref, 'apiVersion', 'v1');
    }
  }
  defaultProbe(c.readinessProbe);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.startupProbe);
  // Kubernetes copies limits into requests when requests are not given.
  const res = c.resources as Obj;
  if (res.limits && typeof res.limits === 'object') {
    const requests = obj(res, 'requests');
    for (const [k, v] of Object.entries(res.limits as Obj)) setDefault(requests, k, v);
  }
}

function defaultContainers(list: unknown): void {
  if (Array.isArray(list)) for (const c of list) defaultContainer(c);
}

function defaultVolumes(volumes: unknown): void {
  if (!Array.isArray(volumes)) return;
  for (const v of volumes as Obj[]) {
    if (!v || typeof v !== 'object') continue;
    if (v.configMap) setDefault(v.configMap, 'defaultMode', 0o644);
    if (v.secret) setDefault(v.secret, 'defaultMode', 0o644);
    if (v.downwardAPI) setDefault(v.downwardAPI, 'defaultMode', 0o644);
    if (v.projected) setDefault(v.projected, 'defaultMode', 0o644);
    if (v.emptyDir === null) v.emptyDir = {};
  }
}

/** True when a toleration for `key` covers `effect` (one without an effect covers every effect). */
function hasToleration(tolerations: readonly Obj[], key: string, effect: string): boolean {
  for (const x of tolerations) if (x?.key === key && (x.effect === undefined || x.effect === effect)) return true;
  return false;
}

/** Defaults of a pod spec (a Pod's, or a template's). */
export function defaultPodSpec(spec: Obj, options: { isPod: boolean; restartPolicy?: string } = { isPod: false }): void {
  if (!spec || typeof spec !== 'object') return;
  if (spec.restartPolicy === undefined) spec.restartPolicy = options.restartPolicy ?? 'Always';
  if (spec.terminationGracePeriodSeconds === undefined) spec.terminationGracePeriodSeconds = 30;
  if (spec.dnsPolicy === undefined) spec.dnsPolicy = 'ClusterFirst';
  if (spec.securityContext === undefined) spec.securityContext = {};
  if (spec.schedulerName === undefined) spec.schedulerName = 'default-scheduler';
  defaultContainers(spec.containers);
  defaultContainers(spec.initContainers);
  defaultVolumes(spec.volumes);
  if (options.isPod) {
    if (spec.serviceAccountName === undefined) spec.serviceAccountName = spec.serviceAccount ?? 'default';
    if (spec.serviceAccount === undefined) spec.serviceAccount = spec.serviceAccountName;
    if (spec.enableServiceLinks === undefined) spec.enableServiceLinks = true;
    if (spec.priority === undefined) spec.priority = 0;
    if (spec.preemptionPolicy === undefined) spec.preemptionPolicy = 'PreemptLowerPriority';
    const tolerations: Obj[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
    for (const t of DEFAULT_TOLERATIONS) if (!hasToleration(tolerations, t.key, t.effect)) tolerations.push({ ...t });
    // Only writes what changes: defaulting an already defaulted (stored, frozen) spec writes nothing.
    if (spec.tolerations !== tolerations) spec.tolerations = tolerations;
  }
}

function defaultTemplate(spec: Obj, restartPolicy?: string): void {
  const template = spec?.template;
  if (!template || typeof template !== 'object') return;
  setDefault(template, 'metadata', {});
  defaultPodSpec(obj(template, 'spec'), restartPolicy ? { isPod: false, restartPolicy } : { isPod: false });
}

function defaultDeployment(o: Obj): void {
  const spec = obj(o, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  const strategy = obj(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = obj(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  defaultTemplate(spec);
}

function defaultStatefulSet(o: Obj): void {
  const spec = obj(o, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  setDefault(spec, 'revisionHistoryLimit', 10);
  const strategy = obj(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') setDefault(obj(strategy, 'rollingUpdate'), 'partition', 0);
  const retention = obj(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefault(retention, 'whenDeleted', 'Retain');
  setDefault(retention, 'whenScaled', 'Retain');
  if (Array.isArray(spec.volumeClaimTemplates)) {
    for (const t of spec.volumeClaimTemplates as Obj[]) {
      if (!t || typeof t !== 'object') continue;
      setDefault(t, 'apiVersion', 'v1');
      setDefault(t, 'kind', 'PersistentVolumeClaim');
      setDefault(obj(t, 'spec'), 'volumeMode', 'Filesystem');
      setDefault(t, 'status', { phase: 'Pending' });
    }
  }
  defaultTemplate(spec);
}

function defaultDaemonSet(o: Obj): void {
  const spec = obj(o, 'spec');
  setDefault(spec, 'revisionHistoryLimit', 10);
  const strategy = obj(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = obj(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', 1);
    setDefault(ru, 'maxSurge', 0);
  }
  defaultTemplate(spec);
}

function defaultReplicaSet(o: Obj): void {
  const spec = obj(o, 'spec');
  setDefault(spec, 'replicas', 1);
  defaultTemplate(spec);
}

function defaultReplicationController(o: Obj): void {
  const spec = obj(o, 'spec');
  setDefault(spec, 'replicas', 1);
  // An RC with no selector selects its template's labels, and takes them as its own labels.
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels && (!spec.selector || Object.keys(spec.selector).length === 0)) spec.selector = { ...templateLabels };
  const meta = obj(o, 'metadata');
  if (templateLabels && (!meta.labels || Object.keys(meta.labels).length === 0)) meta.labels = { ...templateLabels };
  defaultTemplate(spec);
}

function defaultJobSpec(spec: Obj): void {
  setDefault(spec, 'backoffLimit', 6);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'podReplacementPolicy', 'TerminatingOrFailed');
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  } else {
    setDefault(spec, 'parallelism', 1);
  }
  defaultTemplate(spec, spec.template?.spec?.restartPolicy ?? 'Never');
}

function defaultJob(o: Obj): void {
  defaultJobSpec(obj(o, 'spec'));
}

function defaultCronJob(o: Obj): void {
  const spec = obj(o, 'spec');
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  const jobTemplate = obj(spec, 'jobTemplate');
  setDefault(jobTemplate, 'metadata', {});
  defaultJobSpec(obj(jobTemplate, 'spec'));
}

function defaultPod(o: Obj): void {
  defaultPodSpec(obj(o, 'spec'), { isPod: true });
}

function defaultService(o: Obj): void {
  const spec = obj(o, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  if (spec.type === 'ExternalName') return;
  setDefault(spec, 'sessionAffinity', 'None');
  setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  setDefault(spec, 'ipFamilies', ['IPv4']);
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  if (Array.isArray(spec.ports)) {
    for (const p of spec.ports as Obj[]) {
      if (!p || typeof p !== 'object') continue;
      setDefault(p, 'protocol', 'TCP');
      setDefault(p, 'targetPort', p.port);
    }
  }
}

/** The beta annotation that names a claim's class instead of spec.storageClassName. */
const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

function defaultPvc(o: Obj, options: DefaultingOptions): void {
  const spec = obj(o, 'spec');
  setDefault(spec, 'volumeMode', 'Filesystem');
  // The DefaultStorageClass admission plugin leaves a claim that has a class alone: one named in
  // spec.storageClassName or in the beta annotation (present at all, even "").
  const annotations = o.metadata?.annotations;
  const annotated = annotations !== null && typeof annotations === 'object' && Object.hasOwn(annotations, BETA_STORAGE_CLASS_ANNOTATION);
  if (spec.storageClassName === undefined && !annotated && options.defaultStorageClass) spec.storageClassName = options.defaultStorageClass;
}

function defaultSecret(o: Obj): void {
  setDefault(o, 'type', 'Opaque');
}

function defaultNamespace(o: Obj): void {
  setDefault(obj(o, 'spec'), 'finalizers', ['kubernetes']);
  const labels = obj(obj(o, 'metadata'), 'labels');
  if (labels['kubernetes.io/metadata.name'] !== o.metadata.name) labels['kubernetes.io/metadata.name'] = o.metadata.name;
}

function defaultHpa(o: Obj): void {
  const spec = obj(o, 'spec');
  setDefault(spec, 'minReplicas', 1);
  if (o.apiVersion === 'autoscaling/v2') {
    setDefault(spec, 'behavior', {
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
  }
}

function defaultStorageClass(o: Obj): void {
  setDefault(o, 'reclaimPolicy', 'Delete');
  setDefault(o, 'volumeBindingMode', 'Immediate');
}

function defaultPv(o: Obj): void {
  const spec = obj(o, 'spec');
  setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setDefault(spec, 'volumeMode', 'Filesystem');
}

type Defaulter = (o: Obj, options: DefaultingOptions) => void;

const DEFAULTERS: Record<string, Defaulter> = {
  'apps/v1/Deployment': defaultDeployment,
  'apps/v1/StatefulSet': defaultStatefulSet,
  'apps/v1/DaemonSet': defaultDaemonSet,
  'apps/v1/ReplicaSet': defaultReplicaSet,
  'v1/ReplicationController': defaultReplicationController,
  'batch/v1/Job': defaultJob,
  'batch/v1/CronJob': defaultCronJob,
  'v1/Pod': defaultPod,
  'v1/Service': defaultService,
  'v1/PersistentVolumeClaim': defaultPvc,
  'v1/PersistentVolume': defaultPv,
  'v1/Secret': defaultSecret,
  'v1/Namespace': defaultNamespace,
  'autoscaling/v2/HorizontalPodAutoscaler': defaultHpa,
  'autoscaling/v1/HorizontalPodAutoscaler': defaultHpa,
  'storage.k8s.io/v1/StorageClass': defaultStorageClass,
};

/** Defaulters whose outcome depends on `spec` alone and that change nothing else (see applyDefaults). */
const SPEC_ONLY = new Set<Defaulter>([
  defaultDeployment, defaultStatefulSet, defaultDaemonSet, defaultReplicaSet, defaultJob, defaultCronJob, defaultPod, defaultService, defaultPv,
]);

/** DEFAULTERS by kind, then apiVersion: a write looks its kind up without building a key. */
const DEFAULTERS_BY_KIND = new Map<string, Map<string, Defaulter>>();
for (const [key, fn] of Object.entries(DEFAULTERS)) {
  const slash = key.lastIndexOf('/');
  const kind = key.slice(slash + 1);
  let byVersion = DEFAULTERS_BY_KIND.get(kind);
  if (byVersion === undefined) DEFAULTERS_BY_KIND.set(kind, (byVersion = new Map()));
  byVersion.set(key.slice(0, slash), fn);
}
