// `kubectl describe deployment` and `kubectl describe service` for the simulated cluster:
// replicas line, strategy, pod template, conditions and replica sets; service type, IPs,
// ports, endpoints (from EndpointSlices) and load-balancer ingress. Each ends with its events.

import type { KubeObject } from '../../../lib/k8s/types.ts';
import type { ApiServer } from '../../../lib/sim/api/api-server.ts';
import { formatLabels, formatLabelSelector, int } from '../../../lib/sim/printers/format.ts';
import { DescribeWriter, formatContainerPorts, formatRfc1123, type Obj, writeContainerResources } from './describe-writer.ts';

function writePodTemplate(w: DescribeWriter, template: Obj | undefined): void {
  w.line(0, 'Pod Template:');
  w.labels(1, 'Labels', template?.metadata?.labels);
  const annotations: Record<string, string> = template?.metadata?.annotations ?? {};
  if (Object.keys(annotations).length > 0) w.annotations(1, annotations);
  const spec: Obj = template?.spec ?? {};
  if (spec.serviceAccountName) w.line(1, 'Service Account:', String(spec.serviceAccountName));
  w.line(1, 'Containers:');
  for (const c of spec.containers ?? []) {
    w.line(1, ` ${c.name}:`);
    w.line(2, 'Image:', String(c.image ?? '')).line(2, 'Port:', formatContainerPorts(c, 'containerPort')).line(2, 'Host Port:', formatContainerPorts(c, 'hostPort'));
    writeContainerResources(w, 2, c);
  }
  const volumes: Obj[] = spec.volumes ?? [];
  w.list(1, 'Volumes', volumes.map((v) => `${v.name} (${Object.keys(v).find((k) => k !== 'name') ?? 'unknown'})`));
  w.labels(1, 'Node-Selectors', spec.nodeSelector);
}

function ownedReplicaSets(api: ApiServer, deployment: KubeObject): KubeObject[] {
  const uid = deployment.metadata.uid;
  return api
    .list({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: deployment.metadata.namespace })
    .items.filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === uid));
}

function formatReplicaSet(rs: KubeObject): string {
  const r = rs as Obj;
  return `${rs.metadata.name} (${int(r.status?.replicas)}/${int(r.spec?.replicas)} replicas created)`;
}

/** Describes a Deployment like `kubectl describe deployment`. */
export function describeDeployment(api: ApiServer, deployment: KubeObject, now: number): string {
  const d = deployment as Obj;
  const spec: Obj = d.spec ?? {};
  const status: Obj = d.status ?? {};
  const w = new DescribeWriter();
  w.line(0, 'Name:', deployment.metadata.name ?? '').line(0, 'Namespace:', deployment.metadata.namespace ?? '');
  w.line(0, 'CreationTimestamp:', formatRfc1123(deployment.metadata.creationTimestamp));
  w.labels(0, 'Labels', deployment.metadata.labels).annotations(0, deployment.metadata.annotations);
  w.line(0, 'Selector:', formatLabelSelector(spec.selector));
  const total = int(status.replicas);
  w.line(0, 'Replicas:', `${int(spec.replicas)} desired | ${int(status.updatedReplicas)} updated | ${total} total | ${int(status.availableReplicas)} available | ${int(status.unavailableReplicas)} unavailable`);
  w.line(0, 'StrategyType:', String(spec.strategy?.type ?? 'RollingUpdate'));
  w.line(0, 'MinReadySeconds:', int(spec.minReadySeconds));
  const ru: Obj | undefined = spec.strategy?.rollingUpdate;
  if ((spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate') w.line(0, 'RollingUpdateStrategy:', `${ru?.maxUnavailable ?? '25%'} max unavailable, ${ru?.maxSurge ?? '25%'} max surge`);
  writePodTemplate(w, spec.template);
  const conditions: Obj[] = status.conditions ?? [];
  if (conditions.length > 0) {
    w.line(0, 'Conditions:').line(1, 'Type', 'Status', 'Reason').line(1, '----', '------', '------');
    for (const c of conditions) w.line(1, String(c.type), String(c.status), String(c.reason ?? ''));
  }
  const replicaSets = ownedReplicaSets(api, deployment);
  const revision = deployment.metadata.annotations?.['deployment.kubernetes.io/revision'];
  const current = replicaSets.find((rs) => revision !== undefined && rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === revision);
  const old = replicaSets.filter((rs) => rs !== current && int((rs as Obj).spec?.replicas) > 0);
  w.line(0, 'OldReplicaSets:', old.length > 0 ? old.map(formatReplicaSet).join(', ') : '<none>');
  w.line(0, 'NewReplicaSet:', current ? formatReplicaSet(current) : '<none>');
  return w.events(api, deployment, now).toString();
}

function serviceEndpoints(api: ApiServer, svc: KubeObject, portName: string | undefined): string {
  const slices = api.list({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespace: svc.metadata.namespace, labelSelector: `kubernetes.io/service-name=${svc.metadata.name}` }).items;
  const list: string[] = [];
  for (const slice of slices as Obj[]) {
    const port = (slice.ports ?? []).find((p: Obj) => (p.name ?? '') === (portName ?? ''));
    for (const e of slice.endpoints ?? []) {
      if (e.conditions?.ready === false) continue;
      for (const address of e.addresses ?? []) list.push(port ? `${address}:${port.port}` : String(address));
    }
  }
  if (list.length === 0) return '<none>';
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
}

/** Describes a Service like `kubectl describe service`. */
export function describeService(api: ApiServer, svc: KubeObject, now: number): string {
  const s = svc as Obj;
  const spec: Obj = s.spec ?? {};
  const w = new DescribeWriter();
  w.line(0, 'Name:', svc.metadata.name ?? '').line(0, 'Namespace:', svc.metadata.namespace ?? '');
  w.labels(0, 'Labels', svc.metadata.labels).annotations(0, svc.metadata.annotations);
  w.line(0, 'Selector:', spec.selector ? formatLabels(spec.selector).replace('<none>', '') : '');
  w.line(0, 'Type:', String(spec.type ?? 'ClusterIP'));
  if (spec.ipFamilyPolicy) w.line(0, 'IP Family Policy:', String(spec.ipFamilyPolicy));
  if (spec.ipFamilies) w.line(0, 'IP Families:', (spec.ipFamilies as string[]).join(','));
  if (spec.type === 'ExternalName') w.line(0, 'External Name:', String(spec.externalName ?? ''));
  else {
    w.line(0, 'IP:', String(spec.clusterIP ?? ''));
    w.line(0, 'IPs:', (spec.clusterIPs ?? [spec.clusterIP]).filter(Boolean).join(',') || '<none>');
  }
  if (spec.externalIPs?.length) w.line(0, 'External IPs:', (spec.externalIPs as string[]).join(','));
  const ingress: Obj[] = s.status?.loadBalancer?.ingress ?? [];
  if (ingress.length > 0) w.line(0, 'LoadBalancer Ingress:', ingress.map((i) => i.ip ?? i.hostname).join(', '));
  for (const port of (spec.ports ?? []) as Obj[]) {
    const name = port.name || '<unset>';
    w.line(0, 'Port:', `${name}  ${port.port}/${port.protocol ?? 'TCP'}`);
    w.line(0, 'TargetPort:', `${port.targetPort ?? port.port}/${port.protocol ?? 'TCP'}`);
    if (port.nodePort) w.line(0, 'NodePort:', `${name}  ${port.nodePort}/${port.protocol ?? 'TCP'}`);
    if (spec.type !== 'ExternalName') w.line(0, 'Endpoints:', serviceEndpoints(api, svc, port.name));
  }
  w.line(0, 'Session Affinity:', String(spec.sessionAffinity ?? 'None'));
  if (spec.externalTrafficPolicy) w.line(0, 'External Traffic Policy:', String(spec.externalTrafficPolicy));
  if (spec.internalTrafficPolicy) w.line(0, 'Internal Traffic Policy:', String(spec.internalTrafficPolicy));
  return w.events(api, svc, now).toString();
}
