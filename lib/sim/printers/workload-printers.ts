// kubectl's columns for workloads and what scales them: Deployments, ReplicaSets,
// ReplicationControllers, StatefulSets, DaemonSets, Jobs, CronJobs, HorizontalPodAutoscalers and
// PodDisruptionBudgets. Pods have their own file (pod-printer.ts).

import type { KubeObject } from '../../k8s/types.ts';
import { formatAge, formatContainerCells, formatHumanDuration, formatIntOrString, formatLabels, formatLabelSelector, int } from './format.ts';
import { AGE_COLUMN, column, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, type Obj, type Printer } from './table.ts';

const selectorColumn = (description: string) => column('Selector', description, { wide: true });
const age = (o: KubeObject, now: number) => formatAge(o.metadata.creationTimestamp, now);

/** Deployments: NAME READY UP-TO-DATE AVAILABLE AGE; wide CONTAINERS IMAGES SELECTOR. */
export const deploymentPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'Number of the pod with ready state'),
    column('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    selectorColumn('Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'),
  ],
  cells(o, { now }) {
    const d = o as Obj;
    const [names, images] = formatContainerCells(d.spec?.template?.spec);
    const selector = formatLabelSelector(d.spec?.selector);
    return [o.metadata.name ?? '', `${int(d.status?.readyReplicas)}/${int(d.spec?.replicas)}`, int(d.status?.updatedReplicas), int(d.status?.availableReplicas), age(o, now), names, images, selector === '<none>' ? '' : selector];
  },
};

function replicaColumns(kind: string): Printer['columns'] {
  return [
    NAME_COLUMN,
    column('Desired', `Replicas is the number of desired replicas.`, { type: 'integer' }),
    column('Current', `Replicas is the most recently observed number of replicas.`, { type: 'integer' }),
    column('Ready', `The number of ready replicas for this ${kind}.`, { type: 'integer' }),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    selectorColumn('Selector is a label query over pods that should match the replica count.'),
  ];
}

/** ReplicaSets: NAME DESIRED CURRENT READY AGE; wide CONTAINERS IMAGES SELECTOR. */
export const replicaSetPrinter: Printer = {
  columns: replicaColumns('replica set'),
  cells(o, { now }) {
    const r = o as Obj;
    const [names, images] = formatContainerCells(r.spec?.template?.spec);
    return [o.metadata.name ?? '', int(r.spec?.replicas), int(r.status?.replicas), int(r.status?.readyReplicas), age(o, now), names, images, formatLabelSelector(r.spec?.selector)];
  },
};

/** ReplicationControllers: like ReplicaSets, with a map selector. */
export const replicationControllerPrinter: Printer = {
  columns: replicaColumns('replication controller'),
  cells(o, { now }) {
    const r = o as Obj;
    const [names, images] = formatContainerCells(r.spec?.template?.spec);
    return [o.metadata.name ?? '', int(r.spec?.replicas), int(r.status?.replicas), int(r.status?.readyReplicas), age(o, now), names, images, formatLabels(r.spec?.selector)];
  },
};

/** StatefulSets: NAME READY AGE; wide CONTAINERS IMAGES. */
export const statefulSetPrinter: Printer = {
  columns: [NAME_COLUMN, column('Ready', 'Number of the pod with ready state'), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN],
  cells(o, { now }) {
    const s = o as Obj;
    const [names, images] = formatContainerCells(s.spec?.template?.spec);
    return [o.metadata.name ?? '', `${int(s.status?.readyReplicas)}/${int(s.spec?.replicas)}`, age(o, now), names, images];
  },
};

/** DaemonSets: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE; wide CONTAINERS IMAGES SELECTOR. */
export const daemonSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).', { type: 'integer' }),
    column('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.', { type: 'integer' }),
    column('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.', { type: 'integer' }),
    column('Up-to-date', 'The total number of nodes that are running updated daemon pod', { type: 'integer' }),
    column('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)', { type: 'integer' }),
    column('Node Selector', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node."),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    selectorColumn('A label query over pods that are managed by the daemon set. Must match in order to be controlled.'),
  ],
  cells(o, { now }) {
    const d = o as Obj;
    const st: Obj = d.status ?? {};
    const [names, images] = formatContainerCells(d.spec?.template?.spec);
    return [
      o.metadata.name ?? '',
      int(st.desiredNumberScheduled),
      int(st.currentNumberScheduled),
      int(st.numberReady),
      int(st.updatedNumberScheduled),
      int(st.numberAvailable),
      formatLabels(d.spec?.template?.spec?.nodeSelector),
      age(o, now),
      names,
      images,
      formatLabelSelector(d.spec?.selector),
    ];
  },
};

function jobConditionTrue(job: Obj, type: string): boolean {
  const c = (job.status?.conditions ?? []).find((x: Obj) => x.type === type);
  return c?.status === 'True';
}

function jobStatus(job: Obj): string {
  if (jobConditionTrue(job, 'Complete')) return 'Complete';
  if (jobConditionTrue(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (jobConditionTrue(job, 'Suspended')) return 'Suspended';
  if (jobConditionTrue(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobCompletions(job: Obj): string {
  const succeeded = int(job.status?.succeeded);
  if (typeof job.spec?.completions === 'number') return `${succeeded}/${job.spec.completions}`;
  const parallelism = int(job.spec?.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Obj, now: number): string {
  const start = Date.parse(job.status?.startTime ?? '');
  if (!Number.isFinite(start)) return '';
  const end = Date.parse(job.status?.completionTime ?? '');
  return formatHumanDuration((Number.isFinite(end) ? end : now) - start);
}

/** Jobs: NAME STATUS COMPLETIONS DURATION AGE; wide CONTAINERS IMAGES SELECTOR. */
export const jobPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'Status of the job.'),
    column('Completions', 'The number of pods which reached phase Succeeded.'),
    column('Duration', 'Time required to complete the job.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    selectorColumn('A label query over pods that should match the pod count.'),
  ],
  cells(o, { now }) {
    const j = o as Obj;
    const [names, images] = formatContainerCells(j.spec?.template?.spec);
    return [o.metadata.name ?? '', jobStatus(j), jobCompletions(j), jobDuration(j, now), age(o, now), names, images, formatLabelSelector(j.spec?.selector)];
  },
};

/** CronJobs: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE; wide CONTAINERS IMAGES SELECTOR. */
export const cronJobPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column('Timezone', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    column('Suspend', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.', { type: 'boolean' }),
    column('Active', 'A list of pointers to currently running jobs.', { type: 'integer' }),
    column('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    selectorColumn('A label query over pods that should match the pod count.'),
  ],
  cells(o, { now }) {
    const c = o as Obj;
    const jobSpec: Obj = c.spec?.jobTemplate?.spec ?? {};
    const [names, images] = formatContainerCells(jobSpec.template?.spec);
    const suspend = typeof c.spec?.suspend === 'boolean' ? (c.spec.suspend ? 'True' : 'False') : '<unset>';
    const last = c.status?.lastScheduleTime ? formatAge(c.status.lastScheduleTime, now) : '<none>';
    return [o.metadata.name ?? '', String(c.spec?.schedule ?? ''), c.spec?.timeZone ?? '<none>', suspend, (c.status?.active ?? []).length, last, age(o, now), names, images, formatLabelSelector(jobSpec.selector)];
  },
};

function formatMetricTarget(spec: Obj, status: Obj | undefined): string {
  const source = spec.type === 'ContainerResource' ? spec.containerResource : spec.resource;
  const current: Obj | undefined = spec.type === 'ContainerResource' ? status?.containerResource?.current : status?.resource?.current;
  const target: Obj = source?.target ?? {};
  if (target.averageValue !== undefined) return `${source.name}: ${current?.averageValue ?? '<unknown>'}/${target.averageValue}`;
  const now = typeof current?.averageUtilization === 'number' ? `${current.averageUtilization}%` : '<unknown>';
  const want = typeof target.averageUtilization === 'number' ? `${target.averageUtilization}%` : '<auto>';
  return `${source?.name ?? ''}: ${now}/${want}`;
}

function formatOtherMetric(spec: Obj, status: Obj | undefined): string {
  const key = spec.type === 'Pods' ? 'pods' : spec.type === 'Object' ? 'object' : 'external';
  const target: Obj = spec[key]?.target ?? {};
  const current: Obj | undefined = status?.[key]?.current;
  if (spec.type === 'Pods') return `${current?.averageValue ?? '<unknown>'}/${target.averageValue ?? ''}`;
  if (target.averageValue !== undefined) return `${current?.averageValue ?? '<unknown>'}/${target.averageValue} (avg)`;
  return `${current?.value ?? '<unknown>'}/${target.value ?? ''}`;
}

/** The TARGETS cell of an HPA: `cpu: 45%/80%`, `cpu: <unknown>/80%`, at most two then `+ N more...`. */
export function formatHpaMetrics(specs: readonly Obj[] | undefined, statuses: readonly Obj[] | undefined): string {
  if (!specs || specs.length === 0) return '<none>';
  const list = specs.map((spec, i) => {
    const status = statuses?.[i];
    if (spec.type === 'Resource' || spec.type === 'ContainerResource') return formatMetricTarget(spec, status);
    if (spec.type === 'Pods' || spec.type === 'Object' || spec.type === 'External') return formatOtherMetric(spec, status);
    return '<unknown type>';
  });
  return list.length > 2 ? `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...` : list.join(', ');
}

/** HPAs: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE. */
export const horizontalPodAutoscalerPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Reference', 'reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.'),
    column('Targets', 'metrics contains the specifications for which to use to calculate the desired replica count.'),
    column('MinPods', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    column('MaxPods', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
    column('Replicas', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
    AGE_COLUMN,
  ],
  cells(o, { now }) {
    const h = o as Obj;
    const ref: Obj = h.spec?.scaleTargetRef ?? {};
    const metrics = h.spec?.metrics === undefined ? v1Metrics(h) : { specs: h.spec.metrics, statuses: h.status?.currentMetrics };
    const minPods = typeof h.spec?.minReplicas === 'number' ? String(h.spec.minReplicas) : '<unset>';
    return [o.metadata.name ?? '', `${ref.kind ?? ''}/${ref.name ?? ''}`, formatHpaMetrics(metrics.specs, metrics.statuses), minPods, int(h.spec?.maxReplicas), int(h.status?.currentReplicas), age(o, now)];
  },
};

/** An autoscaling/v1 HPA (or one with no metrics) as v2 metrics; the API's default target is 80% CPU. */
function v1Metrics(h: Obj): { specs: Obj[]; statuses: Obj[] } {
  const target = typeof h.spec?.targetCPUUtilizationPercentage === 'number' ? h.spec.targetCPUUtilizationPercentage : 80;
  const specs = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }];
  const current = h.status?.currentCPUUtilizationPercentage;
  const statuses = typeof current === 'number' ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }] : [];
  return { specs, statuses };
}

/** PodDisruptionBudgets: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE. */
export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Min Available', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', { type: 'integer' }),
    AGE_COLUMN,
  ],
  cells(o, { now }) {
    const p = o as Obj;
    const min = p.spec?.minAvailable === undefined ? 'N/A' : formatIntOrString(p.spec.minAvailable);
    const max = p.spec?.maxUnavailable === undefined ? 'N/A' : formatIntOrString(p.spec.maxUnavailable);
    return [o.metadata.name ?? '', min, max, int(p.status?.disruptionsAllowed), age(o, now)];
  },
};
