// kubectl's columns for Nodes (`Ready`, `NotReady`, `Ready,SchedulingDisabled`, roles from
// node-role labels) and core/v1 Events (LAST SEEN TYPE REASON OBJECT MESSAGE; wide SUBOBJECT
// SOURCE FIRST SEEN COUNT NAME).

import type { KubeObject } from '../../k8s/types.ts';
import { formatAge } from './format.ts';
import { AGE_COLUMN, column, NAME_COLUMN, NAME_DESCRIPTION, type Obj, type Printer } from './table.ts';

const NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_ROLE_LABEL = 'kubernetes.io/role';

/** The STATUS cell of a node: its Ready condition, plus SchedulingDisabled when cordoned. */
export function formatNodeStatus(node: KubeObject): string {
  const n = node as Obj;
  const ready = (n.status?.conditions ?? []).find((c: Obj) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (n.spec?.unschedulable === true) status.push('SchedulingDisabled');
  return status.join(',');
}

/** The roles of a node from its `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels. */
export function findNodeRoles(node: KubeObject): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(NODE_ROLE_PREFIX) && key.length > NODE_ROLE_PREFIX.length) roles.add(key.slice(NODE_ROLE_PREFIX.length));
    else if (key === NODE_ROLE_LABEL && value !== '') roles.add(value);
  }
  return [...roles].sort();
}

function nodeAddress(node: Obj, type: string): string {
  return (node.status?.addresses ?? []).find((a: Obj) => a.type === type)?.address ?? '<none>';
}

/** Nodes: NAME STATUS ROLES AGE VERSION; wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME. */
export const nodePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'The status of the node'),
    column('Roles', 'The roles of the node'),
    AGE_COLUMN,
    column('Version', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'List of addresses reachable to the node.', { wide: true }),
    column('External-IP', 'List of addresses reachable to the node.', { wide: true }),
    column('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', { wide: true }),
    column('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", { wide: true }),
    column('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', { wide: true }),
  ],
  cells(o, { now }) {
    const n = o as Obj;
    const info: Obj = n.status?.nodeInfo ?? {};
    const roles = findNodeRoles(o);
    return [
      o.metadata.name ?? '',
      formatNodeStatus(o),
      roles.length > 0 ? roles.join(',') : '<none>',
      formatAge(o.metadata.creationTimestamp, now),
      String(info.kubeletVersion ?? ''),
      nodeAddress(n, 'InternalIP'),
      nodeAddress(n, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

/** First seen, last seen and count of an event, as the printers read them. */
export function eventTimes(event: KubeObject, now: number): { first: string; last: string; count: number } {
  const e = event as Obj;
  const first = e.firstTimestamp ? formatAge(e.firstTimestamp, now) : formatAge(e.eventTime, now);
  let last = e.lastTimestamp ? formatAge(e.lastTimestamp, now) : first;
  let count = typeof e.count === 'number' && e.count > 0 ? e.count : 1;
  if (e.series) {
    last = formatAge(e.series.lastObservedTime, now);
    count = typeof e.series.count === 'number' ? e.series.count : count;
  }
  return { first, last, count };
}

/**
 * Events oldest first, by last (else first, else event) time as kubectl's SortableEvents orders
 * them; events of the same second keep the order they were written in (resourceVersion).
 */
export function sortEvents(events: readonly KubeObject[]): KubeObject[] {
  const at = (e: Obj) => Date.parse(e.lastTimestamp || e.firstTimestamp || e.eventTime || '') || 0;
  const rv = (e: KubeObject) => Number(e.metadata.resourceVersion) || 0;
  return [...events].sort((a, b) => at(a as Obj) - at(b as Obj) || rv(a) - rv(b));
}

/** `10s`, or `3m (x5 over 10m)` for a repeated event: the age kubectl events and describe show. */
export function formatEventInterval(event: KubeObject, now: number): string {
  const e = event as Obj;
  const first = e.eventTime ? formatAge(e.eventTime, now) : formatAge(e.firstTimestamp, now);
  if (e.series) return `${formatAge(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
  if (typeof e.count === 'number' && e.count > 1) return `${formatAge(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** `component, host` of an event's source (falling back to reportingController/Instance). */
export function formatEventSource(event: Obj): string {
  const component = event.source?.component || event.reportingComponent || '';
  const host = event.source?.host || event.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

/** Events: LAST SEEN TYPE REASON OBJECT MESSAGE; wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME. */
export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column('Reason', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    column('Object', 'The object that this event is about.'),
    column('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.', { wide: true }),
    column('Source', 'The component reporting this event. Should be a short machine understandable string.', { wide: true }),
    column('Message', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', { wide: true }),
    column('Count', 'The number of times this event has occurred.', { wide: true }),
    { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 1 },
  ],
  cells(o, { now }) {
    const e = o as Obj;
    const { first, last, count } = eventTimes(o, now);
    const kind = String(e.involvedObject?.kind ?? '').toLowerCase();
    const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
    return [last, String(e.type ?? ''), String(e.reason ?? ''), target, String(e.involvedObject?.fieldPath ?? ''), formatEventSource(e), String(e.message ?? '').trim(), first, count, o.metadata.name ?? ''];
  },
};
