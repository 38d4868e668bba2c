// Which printer serves which kind, and toTable(): a list of objects as the meta.k8s.io/v1
// Table kube-apiserver answers `kubectl get` with (rows carry PartialObjectMetadata, the full
// object, or nothing, per includeObject). Rendering a Table as text is render-table.ts.

import type { KubeObject } from '../../k8s/types.ts';
import type { ResourceInfo } from '../api/resources.ts';
import { clusterRoleBindingPrinter, configMapPrinter, leasePrinter, namespacePrinter, priorityClassPrinter, resourceQuotaPrinter, roleBindingPrinter, secretPrinter, serviceAccountPrinter } from './config-printers.ts';
import { eventPrinter, nodePrinter } from './cluster-printers.ts';
import { createCustomPrinter, defaultPrinter, printerColumnsOf } from './custom-printer.ts';
import { endpointSlicePrinter, endpointsPrinter, ingressClassPrinter, ingressPrinter, networkPolicyPrinter, servicePrinter } from './network-printers.ts';
import { podPrinter } from './pod-printer.ts';
import { persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter } from './storage-printers.ts';
import type { Printer, Table, TableListMeta, TableRow } from './table.ts';
import { cronJobPrinter, daemonSetPrinter, deploymentPrinter, horizontalPodAutoscalerPrinter, jobPrinter, podDisruptionBudgetPrinter, replicaSetPrinter, replicationControllerPrinter, statefulSetPrinter } from './workload-printers.ts';

/** Built-in printers by `group/Kind` (core group: `/Kind`). */
const BUILTIN_PRINTERS: ReadonlyMap<string, Printer> = new Map([
  ['/Pod', podPrinter],
  ['apps/Deployment', deploymentPrinter],
  ['apps/ReplicaSet', replicaSetPrinter],
  ['/ReplicationController', replicationControllerPrinter],
  ['apps/StatefulSet', statefulSetPrinter],
  ['apps/DaemonSet', daemonSetPrinter],
  ['batch/Job', jobPrinter],
  ['batch/CronJob', cronJobPrinter],
  ['autoscaling/HorizontalPodAutoscaler', horizontalPodAutoscalerPrinter],
  ['policy/PodDisruptionBudget', podDisruptionBudgetPrinter],
  ['/Service', servicePrinter],
  ['/Endpoints', endpointsPrinter],
  ['discovery.k8s.io/EndpointSlice', endpointSlicePrinter],
  ['networking.k8s.io/Ingress', ingressPrinter],
  ['networking.k8s.io/IngressClass', ingressClassPrinter],
  ['networking.k8s.io/NetworkPolicy', networkPolicyPrinter],
  ['/ConfigMap', configMapPrinter],
  ['/Secret', secretPrinter],
  ['/ServiceAccount', serviceAccountPrinter],
  ['/Namespace', namespacePrinter],
  ['rbac.authorization.k8s.io/RoleBinding', roleBindingPrinter],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', clusterRoleBindingPrinter],
  ['coordination.k8s.io/Lease', leasePrinter],
  ['scheduling.k8s.io/PriorityClass', priorityClassPrinter],
  ['/ResourceQuota', resourceQuotaPrinter],
  ['/PersistentVolume', persistentVolumePrinter],
  ['/PersistentVolumeClaim', persistentVolumeClaimPrinter],
  ['storage.k8s.io/StorageClass', storageClassPrinter],
  ['/Node', nodePrinter],
  ['/Event', eventPrinter],
]);

/** Reads CRDs for custom resources' printer columns: an ApiServer fits. */
export interface CrdSource {
  tryGet(key: { apiVersion: string; kind: string; name: string }): KubeObject | undefined;
}

/** Options of toTable(). */
export interface ToTableOptions {
  /** Where custom resources' CRDs are read from; without it they print NAME AGE. */
  readonly crds?: CrdSource | undefined;
}

/** `includeObject` of a Table request. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** The printer for a served kind (custom resources: their CRD's printer columns). */
export function findPrinter(info: ResourceInfo, options: ToTableOptions = {}): Printer {
  if (info.custom) {
    const crd = options.crds?.tryGet({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: `${info.plural}.${info.group}` });
    return createCustomPrinter(printerColumnsOf(crd, info.version));
  }
  return BUILTIN_PRINTERS.get(`${info.group}/${info.kind}`) ?? defaultPrinter;
}

function rowObject(obj: KubeObject, includeObject: IncludeObject): unknown {
  if (includeObject === 'None') return null;
  if (includeObject === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** `includeObject` as a request gives it: anything but None or Object means Metadata. */
export function toIncludeObject(includeObject: IncludeObject | string): IncludeObject {
  return includeObject === 'None' || includeObject === 'Object' ? includeObject : 'Metadata';
}

/** One object's row without its `object`: the cells, then conditions when the printer has any. */
export function buildRowCells(printer: Printer, obj: KubeObject, now: number): Omit<TableRow, 'object'> {
  const cells = printer.cells(obj, { now });
  const conditions = printer.conditions?.(obj);
  return conditions ? { cells, conditions } : { cells };
}

/** A Table with no rows: its list metadata and `printer`'s columns (rows go last, as the server sends them). */
export function buildEmptyTable(printer: Printer, listMeta: TableListMeta | Record<string, unknown>): Table {
  const meta = listMeta as TableListMeta;
  const metadata: TableListMeta = {};
  if (meta.resourceVersion !== undefined) metadata.resourceVersion = meta.resourceVersion;
  if (meta.continue) metadata.continue = meta.continue;
  if (meta.remainingItemCount !== undefined) metadata.remainingItemCount = meta.remainingItemCount;
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions: [...printer.columns], rows: [] };
}

/**
 * The meta.k8s.io/v1 Table of `items` (one kind): every column, wide ones with priority 1, and
 * one row per object; `now` (ms) is the cluster clock ages are measured against.
 * @example toTable(info, api.list({ apiVersion: 'v1', kind: 'Pod', namespace }).items, list.metadata, 'Metadata', api.clock.nowMillis(), { crds: api })
 */
export function toTable(
  info: ResourceInfo,
  items: readonly KubeObject[],
  listMeta: TableListMeta | Record<string, unknown>,
  includeObject: IncludeObject | string,
  now: number,
  options: ToTableOptions = {},
): Table {
  const printer = findPrinter(info, options);
  const include = toIncludeObject(includeObject);
  const rows: TableRow[] = items.map((obj) => ({ ...buildRowCells(printer, obj, now), object: rowObject(obj, include) }));
  return { ...buildEmptyTable(printer, listMeta), rows };
}
