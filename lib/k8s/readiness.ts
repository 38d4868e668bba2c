// When an object counts as ready, by kind: one documented rule per kind, shared by the plan
// (which states the rule each object will wait on) and apply (which waits on it). Pure checks
// over live objects; how to wait, and what to say when it fails, is apply's business.

import type { KubeObject } from './types.ts';

type Obj = Record<string, any>;

/** The outcome of one readiness check. */
export interface ReadinessState {
  readonly ready: boolean;
  /** Progress in the user's words, e.g. `2/3 ready`. */
  readonly progress: string;
  /** A terminal failure the object reports itself (e.g. ProgressDeadlineExceeded). */
  readonly failed?: string | undefined;
}

/** A readiness rule. */
export interface ReadinessRule {
  /** The rule as the README and the plan state it. */
  readonly description: string;
  check(obj: KubeObject): ReadinessState;
  /** False when this object is ready as soon as it is stored (nothing to wait for). @default true */
  waits?(obj: KubeObject): boolean;
}

function cond(obj: Obj, type: string): Obj | undefined {
  return (obj.status?.conditions ?? []).find((c: Obj) => c.type === type);
}

function generationObserved(obj: Obj): boolean {
  return (obj.status?.observedGeneration ?? 0) >= (obj.metadata?.generation ?? 0);
}

const deployment: ReadinessRule = {
  description: 'rolled out: observedGeneration is current and updated = available = spec.replicas',
  check(o: Obj) {
    const want = o.spec?.replicas ?? 1;
    const s = o.status ?? {};
    const progressing = cond(o, 'Progressing');
    const failed = progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded' ? `ProgressDeadlineExceeded: ${progressing.message ?? ''}`.trim() : undefined;
    const ready = generationObserved(o) && (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want && (s.availableReplicas ?? 0) === want;
    return { ready, progress: `${s.availableReplicas ?? 0}/${want} available, ${s.updatedReplicas ?? 0} updated`, failed };
  },
};

const statefulSet: ReadinessRule = {
  description: 'rolled out: observedGeneration is current, ready = updated = spec.replicas and currentRevision = updateRevision',
  check(o: Obj) {
    const want = o.spec?.replicas ?? 1;
    const s = o.status ?? {};
    const partitioned = (o.spec?.updateStrategy?.rollingUpdate?.partition ?? 0) > 0 || o.spec?.updateStrategy?.type === 'OnDelete';
    const revisionDone = partitioned || !s.updateRevision || s.currentRevision === s.updateRevision;
    const ready = generationObserved(o) && (s.readyReplicas ?? 0) === want && (partitioned || (s.updatedReplicas ?? 0) === want) && revisionDone;
    return { ready, progress: `${s.readyReplicas ?? 0}/${want} ready` };
  },
};

const daemonSet: ReadinessRule = {
  description: 'rolled out: every scheduled node runs an updated, available pod',
  check(o: Obj) {
    const s = o.status ?? {};
    const want = s.desiredNumberScheduled ?? 0;
    const ready = generationObserved(o) && (s.updatedNumberScheduled ?? 0) === want && (s.numberAvailable ?? 0) === want;
    return { ready, progress: `${s.numberAvailable ?? 0}/${want} available` };
  },
};

const job: ReadinessRule = {
  description: 'complete: condition Complete=True (Failed=True fails the apply)',
  check(o: Obj) {
    const failedCond = cond(o, 'Failed');
    if (failedCond?.status === 'True') return { ready: false, progress: 'failed', failed: `${failedCond.reason ?? 'Failed'}: ${failedCond.message ?? ''}`.trim() };
    const s = o.status ?? {};
    return { ready: cond(o, 'Complete')?.status === 'True', progress: `${s.succeeded ?? 0}/${o.spec?.completions ?? 1} succeeded` };
  },
};

const pvc: ReadinessRule = {
  description: 'bound: status.phase is Bound (a claim whose StorageClass binds on first use is not waited for)',
  check(o: Obj) {
    const phase = o.status?.phase ?? 'Pending';
    return { ready: phase === 'Bound', progress: phase };
  },
};

const pod: ReadinessRule = {
  description: 'ready: condition Ready=True, or phase Succeeded',
  check(o: Obj) {
    const phase = o.status?.phase ?? 'Pending';
    const failed = phase === 'Failed' ? `pod failed: ${o.status?.reason ?? ''} ${o.status?.message ?? ''}`.trim() : undefined;
    return { ready: phase === 'Succeeded' || cond(o, 'Ready')?.status === 'True', progress: phase, failed };
  },
};

const loadBalanced = (o: Obj): boolean => (o.status?.loadBalancer?.ingress ?? []).length > 0;

const service: ReadinessRule = {
  description: 'LoadBalancer: an address in status.loadBalancer; other types: ready at once (endpoints are the workloads\' readiness)',
  waits: (o: Obj) => o.spec?.type === 'LoadBalancer',
  check(o: Obj) {
    if (o.spec?.type !== 'LoadBalancer') return { ready: true, progress: 'created' };
    return { ready: loadBalanced(o), progress: loadBalanced(o) ? 'address assigned' : 'waiting for a load balancer address' };
  },
};

const ingress: ReadinessRule = {
  description: 'an address in status.loadBalancer, when an ingress controller serves its class; otherwise ready at once',
  waits: () => false,
  check(o: Obj) {
    return { ready: true, progress: loadBalanced(o) ? 'address assigned' : 'stored (no address yet)' };
  },
};

const crd: ReadinessRule = {
  description: 'established: condition Established=True',
  check(o: Obj) {
    return { ready: cond(o, 'Established')?.status === 'True', progress: cond(o, 'Established')?.status === 'True' ? 'established' : 'not established' };
  },
};

const namespace: ReadinessRule = {
  description: 'active: status.phase is Active',
  waits: () => false,
  check(o: Obj) {
    return { ready: (o.status?.phase ?? 'Active') === 'Active', progress: o.status?.phase ?? 'Active' };
  },
};

const exists: ReadinessRule = {
  description: 'exists: ready once the API server stored it',
  waits: () => false,
  check: () => ({ ready: true, progress: 'stored' }),
};

const RULES: Record<string, ReadinessRule> = {
  'apps/Deployment': deployment,
  'apps/StatefulSet': statefulSet,
  'apps/DaemonSet': daemonSet,
  'batch/Job': job,
  '/PersistentVolumeClaim': pvc,
  '/Pod': pod,
  '/Service': service,
  'networking.k8s.io/Ingress': ingress,
  'apiextensions.k8s.io/CustomResourceDefinition': crd,
  '/Namespace': namespace,
};

/** The readiness rule of a kind (`exists` for kinds with no rule of their own). */
export function readinessRuleFor(apiVersion: string, kind: string): ReadinessRule {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return RULES[`${group}/${kind}`] ?? exists;
}

/** The rule table, for documentation: `Kind` → description. */
export function describeReadinessRules(): Array<{ kind: string; rule: string }> {
  return [
    ...Object.entries(RULES).map(([k, r]) => ({ kind: k.slice(k.indexOf('/') + 1), rule: r.description })),
    { kind: '(any other kind)', rule: exists.description },
  ];
}
