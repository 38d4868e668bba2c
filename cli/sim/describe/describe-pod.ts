// `kubectl describe pod` for the simulated cluster: identity, node, status and IPs, the owner,
// each (init) container with its state, last state, readiness and restarts, the conditions,
// QoS class, tolerations, and the pod's events.

import type { KubeObject } from '../../../lib/k8s/types.ts';
import type { ApiServer } from '../../../lib/sim/api/api-server.ts';
import { formatHumanDuration } from '../../../lib/sim/printers/format.ts';
import { controllerOf, DescribeWriter, formatContainerPorts, formatRfc1123, type Obj, writeContainerResources } from './describe-writer.ts';

function writeState(w: DescribeWriter, level: number, title: string, state: Obj | undefined): void {
  if (state?.running) {
    w.line(level, `${title}:`, 'Running').line(level + 1, 'Started:', formatRfc1123(state.running.startedAt));
  } else if (state?.waiting) {
    w.line(level, `${title}:`, 'Waiting').line(level + 1, 'Reason:', String(state.waiting.reason ?? ''));
    if (state.waiting.message) w.line(level + 1, 'Message:', String(state.waiting.message));
  } else if (state?.terminated) {
    const t: Obj = state.terminated;
    w.line(level, `${title}:`, 'Terminated').line(level + 1, 'Reason:', String(t.reason ?? ''));
    if (t.message) w.line(level + 1, 'Message:', String(t.message));
    w.line(level + 1, 'Exit Code:', t.exitCode ?? 0).line(level + 1, 'Started:', formatRfc1123(t.startedAt)).line(level + 1, 'Finished:', formatRfc1123(t.finishedAt));
  } else {
    w.line(level, `${title}:`, 'Waiting');
  }
}

function writeContainers(w: DescribeWriter, title: string, containers: readonly Obj[], statuses: readonly Obj[]): void {
  if (containers.length === 0) return;
  w.line(0, `${title}:`);
  for (const c of containers) {
    const status = statuses.find((s) => s.name === c.name);
    w.line(1, `${c.name}:`);
    if (status?.containerID) w.line(2, 'Container ID:', String(status.containerID));
    w.line(2, 'Image:', String(c.image ?? ''));
    if (status) w.line(2, 'Image ID:', String(status.imageID ?? ''));
    w.line(2, 'Port:', formatContainerPorts(c, 'containerPort')).line(2, 'Host Port:', formatContainerPorts(c, 'hostPort'));
    if (c.command) w.line(2, 'Command:').line(3, ...[(c.command as string[]).join(' ')]);
    if (c.args) w.line(2, 'Args:').line(3, ...[(c.args as string[]).join(' ')]);
    writeState(w, 2, 'State', status?.state);
    if (status?.lastState && Object.keys(status.lastState).length > 0) writeState(w, 2, 'Last State', status.lastState);
    w.line(2, 'Ready:', status?.ready ? 'True' : 'False').line(2, 'Restart Count:', status?.restartCount ?? 0);
    writeContainerResources(w, 2, c);
  }
}

function formatTolerations(tolerations: readonly Obj[] | undefined): string[] {
  return (tolerations ?? []).map((t) => {
    let text = t.key ?? '';
    if (t.value) text += `=${t.value}`;
    if (t.effect) text += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) text += ' op=Exists';
    if (typeof t.tolerationSeconds === 'number') text += ` for ${t.tolerationSeconds}s`;
    return text;
  });
}

/** The QoS class kubelet gives a pod (status.qosClass, else computed from requests and limits). */
export function podQosClass(pod: Obj): string {
  if (pod.status?.qosClass) return String(pod.status.qosClass);
  const containers: Obj[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const any = containers.some((c) => Object.keys(c.resources?.requests ?? {}).length + Object.keys(c.resources?.limits ?? {}).length > 0);
  if (!any) return 'BestEffort';
  const guaranteed = containers.every((c) => ['cpu', 'memory'].every((r) => c.resources?.limits?.[r] !== undefined && (c.resources?.requests?.[r] ?? c.resources.limits[r]) === c.resources.limits[r]));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Describes a pod like `kubectl describe pod`. */
export function describePod(api: ApiServer, pod: KubeObject, now: number): string {
  const p = pod as Obj;
  const spec: Obj = p.spec ?? {};
  const status: Obj = p.status ?? {};
  const w = new DescribeWriter();
  w.line(0, 'Name:', pod.metadata.name ?? '').line(0, 'Namespace:', pod.metadata.namespace ?? '');
  w.line(0, 'Priority:', spec.priority ?? 0);
  if (spec.priorityClassName) w.line(0, 'Priority Class Name:', String(spec.priorityClassName));
  w.line(0, 'Service Account:', String(spec.serviceAccountName ?? 'default'));
  w.line(0, 'Node:', spec.nodeName ? `${spec.nodeName}${status.hostIP ? `/${status.hostIP}` : ''}` : '<none>');
  if (status.startTime) w.line(0, 'Start Time:', formatRfc1123(status.startTime));
  w.labels(0, 'Labels', pod.metadata.labels).annotations(0, pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp) {
    w.line(0, 'Status:', `Terminating (lasts ${formatHumanDuration(Date.parse(String(pod.metadata.deletionTimestamp)) - now)})`);
    if (pod.metadata.deletionGracePeriodSeconds !== undefined) w.line(0, 'Termination Grace Period:', `${pod.metadata.deletionGracePeriodSeconds}s`);
  } else {
    w.line(0, 'Status:', String(status.phase ?? 'Pending'));
  }
  if (status.reason) w.line(0, 'Reason:', String(status.reason));
  if (status.message) w.line(0, 'Message:', String(status.message));
  w.line(0, 'IP:', String(status.podIP ?? ''));
  const ips: Obj[] = status.podIPs ?? [];
  if (ips.length === 0) w.line(0, 'IPs:', '<none>');
  else {
    w.line(0, 'IPs:');
    for (const ip of ips) w.line(1, 'IP:', String(ip.ip));
  }
  const owner = controllerOf(pod);
  if (owner) w.line(0, 'Controlled By:', owner);
  writeContainers(w, 'Init Containers', spec.initContainers ?? [], status.initContainerStatuses ?? []);
  writeContainers(w, 'Containers', spec.containers ?? [], status.containerStatuses ?? []);
  const conditions: Obj[] = status.conditions ?? [];
  if (conditions.length > 0) {
    w.line(0, 'Conditions:').line(1, 'Type', 'Status');
    for (const c of conditions) w.line(1, `${c.type} `, `${c.status} `);
  }
  const volumes: Obj[] = spec.volumes ?? [];
  w.list(0, 'Volumes', volumes.map((v) => `${v.name} (${Object.keys(v).find((k) => k !== 'name') ?? 'unknown'})`));
  w.line(0, 'QoS Class:', podQosClass(p));
  w.labels(0, 'Node-Selectors', spec.nodeSelector);
  w.list(0, 'Tolerations', formatTolerations(spec.tolerations));
  return w.events(api, pod, now).toString();
}
