// kubectl's columns for networking kinds: Services (`<pending>` LoadBalancers, `80:30080/TCP`
// ports), Endpoints, EndpointSlices, Ingresses, IngressClasses and NetworkPolicies.

import type { KubeObject } from '../../k8s/types.ts';
import { formatAge, formatLabels, formatLabelSelector, formatListWithMore } from './format.ts';
import { AGE_COLUMN, column, NAME_COLUMN, type Obj, type Printer } from './table.ts';

const age = (o: KubeObject, now: number) => formatAge(o.metadata.creationTimestamp, now);

/** Unique load-balancer addresses (IP, else hostname), sorted, comma-joined. */
function formatLoadBalancerIngress(ingress: readonly Obj[] | undefined): string {
  const set = new Set<string>();
  for (const i of ingress ?? []) {
    if (i.ip) set.add(String(i.ip));
    else if (i.hostname) set.add(String(i.hostname));
  }
  return [...set].sort().join(',');
}

/** The EXTERNAL-IP cell of a Service. */
export function formatServiceExternalIp(svc: Obj): string {
  const externalIps: string[] = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIps.length > 0 ? externalIps.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = formatLoadBalancerIngress(svc.status?.loadBalancer?.ingress);
      if (externalIps.length > 0) return [...(lb ? lb.split(',') : []), ...externalIps].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return String(svc.spec?.externalName ?? '');
    default:
      return '<unknown>';
  }
}

/** The PORT(S) cell of a Service: `80/TCP,443:30443/TCP`. */
export function formatServicePorts(ports: readonly Obj[] | undefined): string {
  const text = (ports ?? [])
    .map((p) => (typeof p.nodePort === 'number' && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`))
    .join(',');
  return text || '<none>';
}

/** Services: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE; wide SELECTOR. */
export const servicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Type', 'type determines how the Service is exposed. Defaults to ClusterIP.'),
    column('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    column('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    column('Port(s)', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    column('Selector', 'Route service traffic to pods with label keys and values matching this selector.', { wide: true }),
  ],
  cells(o, { now }) {
    const s = o as Obj;
    return [o.metadata.name ?? '', String(s.spec?.type ?? 'ClusterIP'), s.spec?.clusterIPs?.[0] ?? s.spec?.clusterIP ?? '<none>', formatServiceExternalIp(s), formatServicePorts(s.spec?.ports), age(o, now), formatLabels(s.spec?.selector)];
  },
};

/** The ENDPOINTS cell of an Endpoints object: `10.244.0.5:80,10.244.1.3:80 + 2 more...`. */
export function formatEndpointsAddresses(endpoints: Obj): string {
  const subsets: Obj[] = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  for (const ss of subsets) {
    const addresses: Obj[] = ss.addresses ?? [];
    const ports: Obj[] = ss.ports ?? [];
    if (ports.length === 0) {
      for (const a of addresses) list.push(String(a.ip));
      continue;
    }
    for (const port of ports) for (const a of addresses) list.push(String(a.ip).includes(':') ? `[${a.ip}]:${port.port}` : `${a.ip}:${port.port}`);
  }
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
}

/** Endpoints: NAME ENDPOINTS AGE. */
export const endpointsPrinter: Printer = {
  columns: [NAME_COLUMN, column('Endpoints', 'The set of all endpoints is the union of all subsets.'), AGE_COLUMN],
  cells: (o, { now }) => [o.metadata.name ?? '', formatEndpointsAddresses(o as Obj), age(o, now)],
};

/** EndpointSlices: NAME ADDRESSTYPE PORTS ENDPOINTS AGE. */
export const endpointSlicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('AddressType', 'addressType specifies the type of address carried by this EndpointSlice.'),
    column('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    column('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
    AGE_COLUMN,
  ],
  cells(o, { now }) {
    const s = o as Obj;
    const ports = (s.ports ?? []).map((p: Obj) => (typeof p.port === 'number' ? String(p.port) : p.name ? String(p.name) : '*'));
    const addresses = (s.endpoints ?? []).flatMap((e: Obj) => (e.addresses ?? []).map(String));
    return [o.metadata.name ?? '', String(s.addressType ?? ''), formatListWithMore(ports, 3, '<unset>'), formatListWithMore(addresses, 3, '<unset>'), age(o, now)];
  },
};

function formatIngressHosts(rules: readonly Obj[] | undefined): string {
  const list: string[] = [];
  let more = false;
  for (const rule of rules ?? []) {
    if (list.length === 3) more = true;
    if (!more && rule.host) list.push(String(rule.host));
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${(rules?.length ?? 0) - 3} more...` : list.join(',');
}

/** Ingresses: NAME CLASS HOSTS ADDRESS PORTS AGE. */
export const ingressPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Class', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'Ports of TLS configurations that open'),
    AGE_COLUMN,
  ],
  cells(o, { now }) {
    const i = o as Obj;
    const ports = (i.spec?.tls ?? []).length > 0 ? '80, 443' : '80';
    return [o.metadata.name ?? '', i.spec?.ingressClassName ?? '<none>', formatIngressHosts(i.spec?.rules), formatLoadBalancerIngress(i.status?.loadBalancer?.ingress), ports, age(o, now)];
  },
};

/** IngressClasses: NAME CONTROLLER PARAMETERS AGE. */
export const ingressClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Controller', 'Controller that is responsible for handling this class'),
    column('Parameters', 'A reference to a resource with additional parameters'),
    AGE_COLUMN,
  ],
  cells(o, { now }) {
    const c = o as Obj;
    const p: Obj | undefined = c.spec?.parameters;
    const parameters = p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
    return [o.metadata.name ?? '', String(c.spec?.controller ?? ''), parameters, age(o, now)];
  },
};

/** NetworkPolicies: NAME POD-SELECTOR AGE. */
export const networkPolicyPrinter: Printer = {
  columns: [NAME_COLUMN, column('Pod-Selector', 'Selects the pods to which this NetworkPolicy object applies.'), AGE_COLUMN],
  cells: (o, { now }) => [o.metadata.name ?? '', formatLabelSelector((o as Obj).spec?.podSelector ?? {}), age(o, now)],
};
