// `kubectl describe node` for the simulated cluster: roles, labels, taints, conditions,
// addresses, capacity and allocatable, system info, the non-terminated pods with their
// requests and limits, the allocated totals, and the node's events. Also the generic describer.

import { formatBytes, formatMillis, parseMillis, parseQuantity } from '../../../lib/k8s/quantity.ts';
import type { KubeObject } from '../../../lib/k8s/types.ts';
import { toYaml } from '../../../lib/k8s/yaml.ts';
import type { ApiServer } from '../../../lib/sim/api/api-server.ts';
import { findNodeRoles } from '../../../lib/sim/printers/cluster-printers.ts';
import { formatAge } from '../../../lib/sim/printers/format.ts';
import { DescribeWriter, formatRfc1123, type Obj } from './describe-writer.ts';

function sumResource(pod: Obj, which: 'requests' | 'limits', resource: 'cpu' | 'memory'): number {
  let total = 0;
  for (const c of pod.spec?.containers ?? []) {
    const value = c.resources?.[which]?.[resource];
    if (value !== undefined) total += resource === 'cpu' ? parseMillis(value) : parseQuantity(value);
  }
  return total;
}

function formatAmount(resource: 'cpu' | 'memory', value: number, allocatable: number): string {
  const text = resource === 'cpu' ? formatMillis(value) : formatBytes(value);
  return `${text} (${allocatable > 0 ? Math.trunc((value / allocatable) * 100) : 0}%)`;
}

/** Describes a Node like `kubectl describe node`. */
export function describeNode(api: ApiServer, node: KubeObject, now: number): string {
  const n = node as Obj;
  const status: Obj = n.status ?? {};
  const w = new DescribeWriter();
  const roles = findNodeRoles(node);
  w.line(0, 'Name:', node.metadata.name ?? '').line(0, 'Roles:', roles.length > 0 ? roles.join(',') : '<none>');
  w.labels(0, 'Labels', node.metadata.labels).annotations(0, node.metadata.annotations);
  w.line(0, 'CreationTimestamp:', formatRfc1123(node.metadata.creationTimestamp));
  w.list(0, 'Taints', ((n.spec?.taints ?? []) as Obj[]).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`));
  w.line(0, 'Unschedulable:', n.spec?.unschedulable === true);
  const conditions: Obj[] = status.conditions ?? [];
  if (conditions.length > 0) {
    w.line(0, 'Conditions:').line(1, 'Type', 'Status', 'LastHeartbeatTime', 'LastTransitionTime', 'Reason', 'Message');
    w.line(1, '----', '------', '-----------------', '------------------', '------', '-------');
    for (const c of conditions) w.line(1, String(c.type), String(c.status), formatRfc1123(c.lastHeartbeatTime), formatRfc1123(c.lastTransitionTime), String(c.reason ?? ''), String(c.message ?? ''));
  }
  w.line(0, 'Addresses:');
  for (const a of (status.addresses ?? []) as Obj[]) w.line(1, `${a.type}:`, String(a.address));
  for (const [title, values] of [['Capacity', status.capacity], ['Allocatable', status.allocatable]] as const) {
    w.line(0, `${title}:`);
    for (const key of Object.keys(values ?? {}).sort()) w.line(1, `${key}:`, String(values[key]));
  }
  const info: Obj = status.nodeInfo ?? {};
  w.line(0, 'System Info:');
  for (const [label, key] of [['Machine ID', 'machineID'], ['System UUID', 'systemUUID'], ['Boot ID', 'bootID'], ['Kernel Version', 'kernelVersion'], ['OS Image', 'osImage'], ['Operating System', 'operatingSystem'], ['Architecture', 'architecture'], ['Container Runtime Version', 'containerRuntimeVersion'], ['Kubelet Version', 'kubeletVersion']] as const) {
    w.line(1, `${label}:`, String(info[key] ?? ''));
  }
  if (n.spec?.podCIDR) w.line(0, 'PodCIDR:', String(n.spec.podCIDR)).line(0, 'PodCIDRs:', (n.spec.podCIDRs ?? [n.spec.podCIDR]).join(','));
  const pods = api.list({ apiVersion: 'v1', kind: 'Pod', fieldSelector: `spec.nodeName=${node.metadata.name}` }).items.filter((p) => {
    const phase = (p as Obj).status?.phase;
    return phase !== 'Succeeded' && phase !== 'Failed';
  });
  const cpuAlloc = status.allocatable?.cpu !== undefined ? parseMillis(status.allocatable.cpu) : 0;
  const memAlloc = status.allocatable?.memory !== undefined ? parseQuantity(status.allocatable.memory) : 0;
  w.line(0, 'Non-terminated Pods:', `(${pods.length} in total)`);
  if (pods.length > 0) {
    w.line(1, 'Namespace', 'Name', 'CPU Requests', 'CPU Limits', 'Memory Requests', 'Memory Limits', 'Age');
    w.line(1, '---------', '----', '------------', '----------', '---------------', '-------------', '---');
  }
  const totals = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
  for (const pod of pods as Obj[]) {
    const r = { cpuReq: sumResource(pod, 'requests', 'cpu'), cpuLim: sumResource(pod, 'limits', 'cpu'), memReq: sumResource(pod, 'requests', 'memory'), memLim: sumResource(pod, 'limits', 'memory') };
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += r[k];
    w.line(1, String(pod.metadata.namespace), String(pod.metadata.name), formatAmount('cpu', r.cpuReq, cpuAlloc), formatAmount('cpu', r.cpuLim, cpuAlloc), formatAmount('memory', r.memReq, memAlloc), formatAmount('memory', r.memLim, memAlloc), formatAge(pod.metadata.creationTimestamp, now));
  }
  w.line(0, 'Allocated resources:').line(1, '(Total limits may be over 100 percent, i.e., overcommitted.)');
  w.line(1, 'Resource', 'Requests', 'Limits').line(1, '--------', '--------', '------');
  w.line(1, 'cpu', formatAmount('cpu', totals.cpuReq, cpuAlloc), formatAmount('cpu', totals.cpuLim, cpuAlloc));
  w.line(1, 'memory', formatAmount('memory', totals.memReq, memAlloc), formatAmount('memory', totals.memLim, memAlloc));
  return w.events(api, node, now).toString();
}

/** Describes any other object: identity, labels and annotations, then its fields as YAML, then events. */
export function describeGeneric(api: ApiServer, obj: KubeObject, now: number): string {
  const w = new DescribeWriter();
  w.line(0, 'Name:', obj.metadata.name ?? '');
  if (obj.metadata.namespace) w.line(0, 'Namespace:', obj.metadata.namespace);
  w.labels(0, 'Labels', obj.metadata.labels).annotations(0, obj.metadata.annotations);
  w.line(0, 'API Version:', obj.apiVersion).line(0, 'Kind:', obj.kind);
  const head = w.toString();
  const rest = Object.fromEntries(Object.entries(obj).filter(([k]) => k !== 'apiVersion' && k !== 'kind' && k !== 'metadata'));
  const body = Object.keys(rest).length > 0 ? toYaml(rest) : '';
  return head + body + new DescribeWriter().events(api, obj, now).toString();
}
