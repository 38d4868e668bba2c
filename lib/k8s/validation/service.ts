// Service spec: type, ports (names, numbers, protocols, targetPorts, nodePorts and their range),
// clusterIP 'None' only for ClusterIP services, ExternalName's DNS name, selector labels and
// traffic policies. The nodePort range (30000-32767) is the allocator's check on a real server.

import { checkDns1123Label, checkDns1123Subdomain, checkPortNumber, checkQualifiedName } from '../names.ts';
import { checkLabelsAt } from './common-checks.ts';
import { child, duplicate, forbidden, index, invalid, notSupported, required, type FieldError } from './field-error.ts';
import { getList, getString, hasValue, toRecord, type Json } from './fields.ts';
import { GoLiteral, quoteGo } from './go-value.ts';
import { checkPortNumOrName } from './probe.ts';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;
const KUBELET_PORT = 10250;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function isIp(value: string): boolean {
  return IPV4.test(value) || (value.includes(':') && /^[0-9a-fA-F:.]+$/.test(value));
}

/** A Service's cluster IPs: `clusterIPs`, else `clusterIP` when set. */
export function readClusterIps(spec: Json): string[] {
  const list = getList(spec, 'clusterIPs').map(String);
  if (list.length > 0) return list;
  const ip = getString(spec, 'clusterIP') ?? '';
  return ip === '' ? [] : [ip];
}

function validatePort(port: Json, at: string, requireName: boolean, names: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const name = getString(port, 'name') ?? '';
  if (requireName && name === '') {
    errs.push(required(child(at, 'name')));
  } else if (name !== '') {
    for (const msg of checkDns1123Label(name)) errs.push(invalid(child(at, 'name'), name, msg));
    if (names.has(name)) errs.push(duplicate(child(at, 'name'), name));
    else names.add(name);
  }
  const num = typeof port.port === 'number' ? port.port : 0;
  for (const msg of checkPortNumber(num)) errs.push(invalid(child(at, 'port'), num, msg));
  const protocol = getString(port, 'protocol');
  if (protocol !== undefined && !PROTOCOLS.includes(protocol)) errs.push(notSupported(child(at, 'protocol'), protocol, PROTOCOLS));
  if (hasValue(port, 'targetPort')) errs.push(...checkPortNumOrName(port.targetPort, child(at, 'targetPort')));
  const appProtocol = getString(port, 'appProtocol');
  if (appProtocol !== undefined) for (const msg of checkQualifiedName(appProtocol)) errs.push(invalid(child(at, 'appProtocol'), appProtocol, msg));
  return errs;
}

function describeServicePort(protocol: string, port: number): GoLiteral {
  const target = 'intstr.IntOrString{Type:0, IntVal:0, StrVal:""}';
  return new GoLiteral(
    `core.ServicePort{Name:"", Protocol:${quoteGo(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:${target}, NodePort:0}`,
  );
}

function validateTypeRules(spec: Json, type: string, ports: Json[]): FieldError[] {
  const errs: FieldError[] = [];
  const ips = readClusterIps(spec);
  const headless = ips[0] === 'None';
  if (type === 'LoadBalancer' || type === 'NodePort') {
    if (type === 'LoadBalancer') {
      ports.forEach((p, i) => {
        if (p.port === KUBELET_PORT) errs.push(invalid(index('spec.ports', i), KUBELET_PORT, `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`));
      });
    }
    if (headless) errs.push(invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`));
  } else if (type === 'ExternalName') {
    if (ips.length > 0) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    const cname = (getString(spec, 'externalName') ?? '').replace(/\.$/, '');
    if (cname === '') errs.push(required('spec.externalName'));
    else for (const msg of checkDns1123Subdomain(cname)) errs.push(invalid('spec.externalName', cname, msg));
  }
  return errs;
}

/** Validates a Service's spec (ValidateService, plus the nodePort range). */
export function validateServiceSpec(spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  const type = getString(spec, 'type') ?? 'ClusterIP';
  const ports = getList(spec, 'ports').map((p) => toRecord(p) ?? {});
  const headless = readClusterIps(spec)[0] === 'None';
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required('spec.ports'));
  errs.push(...validateTypeRules(spec, type, ports));
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validatePort(p, index('spec.ports', i), ports.length > 1, names)));
  errs.push(...checkLabelsAt(spec.selector, 'spec.selector'));
  const affinity = getString(spec, 'sessionAffinity');
  if (affinity !== undefined && affinity !== 'ClientIP' && affinity !== 'None') {
    errs.push(notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  }
  readClusterIps(spec).forEach((ip, i) => {
    if (ip !== 'None' && !isIp(ip)) errs.push(invalid(index('spec.clusterIPs', i), ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  getList(spec, 'externalIPs').forEach((ip, i) => {
    if (!isIp(String(ip))) errs.push(invalid(index('spec.externalIPs', i), String(ip), 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  if (!TYPES.includes(type)) errs.push(notSupported('spec.type', type, TYPES));
  errs.push(...validateServicePortSet(ports, type));
  if (getList(spec, 'loadBalancerSourceRanges').length > 0 && type !== 'LoadBalancer') {
    errs.push(forbidden('spec.LoadBalancerSourceRanges', "may only be used when `type` is 'LoadBalancer'"));
  }
  const etp = getString(spec, 'externalTrafficPolicy');
  if (etp !== undefined && etp !== '') {
    if (type !== 'NodePort' && type !== 'LoadBalancer') {
      errs.push(invalid('spec.externalTrafficPolicy', etp, "may only be set when `type` is 'NodePort' or 'LoadBalancer'"));
    } else if (etp !== 'Cluster' && etp !== 'Local') {
      errs.push(notSupported('spec.externalTrafficPolicy', etp, ['Cluster', 'Local']));
    }
  }
  return errs;
}

/** nodePort rules: forbidden on ClusterIP, unique per protocol, inside the range; (protocol, port) unique. */
function validateServicePortSet(ports: Json[], type: string): FieldError[] {
  const errs: FieldError[] = [];
  const nodePorts = new Set<string>();
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const at = index('spec.ports', i);
    const protocol = getString(p, 'protocol') ?? 'TCP';
    const nodePort = typeof p.nodePort === 'number' ? p.nodePort : 0;
    if (nodePort !== 0) {
      if (type === 'ClusterIP') errs.push(forbidden(child(at, 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
      const id = `${protocol}/${nodePort}`;
      if (nodePorts.has(id)) errs.push(duplicate(child(at, 'nodePort'), nodePort));
      nodePorts.add(id);
      if ((type === 'NodePort' || type === 'LoadBalancer') && (nodePort < NODE_PORT_MIN || nodePort > NODE_PORT_MAX)) {
        errs.push(invalid(child(at, 'nodePort'), nodePort, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`));
      }
    }
    const port = typeof p.port === 'number' ? p.port : 0;
    const id = `${protocol}/${port}`;
    if (portKeys.has(id)) errs.push(duplicate(at, describeServicePort(protocol, port)));
    portKeys.add(id);
  });
  return errs;
}
