// Ingress and IngressClass specs: rules and hosts (wildcards allowed), paths and pathType,
// backends (exactly one of service/resource; a service port by name or number), TLS hosts,
// and IngressClass parameters. Backends naming missing Services are not an API error.

import { checkDns1035Label, checkDns1123Subdomain, checkPathSegmentName, checkPortName, checkPortNumber } from '../names.ts';
import { checkWildcardSubdomain } from './common-checks.ts';
import { child, forbidden, index, invalid, notSupported, required, type FieldError } from './field-error.ts';
import { getList, getNumber, getString, hasValue, toRecord, type Json } from './fields.ts';
import { GoLiteral } from './go-value.ts';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function checkHost(host: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (IPV4.test(host) || host.includes(':')) errs.push(invalid(field, host, 'must be a DNS name, not an IP address'));
  const msgs = host.includes('*') ? checkWildcardSubdomain(host) : checkDns1123Subdomain(host);
  return [...errs, ...msgs.map((m) => invalid(field, host, m))];
}

function validateTypedReference(ref: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const group = getString(ref, 'apiGroup');
  if (group !== undefined) for (const msg of checkDns1123Subdomain(group)) errs.push(invalid(child(path, 'apiGroup'), group, msg));
  for (const name of ['kind', 'name']) {
    const value = getString(ref, name) ?? '';
    if (value === '') errs.push(required(child(path, name), `${name} is required`));
    else for (const msg of checkPathSegmentName(value)) errs.push(invalid(child(path, name), value, msg));
  }
  return errs;
}

/** Validates an IngressBackend at `path` (a path's `backend` or the `defaultBackend`). */
function validateBackend(backend: Json, path: string): FieldError[] {
  const hasResource = hasValue(backend, 'resource');
  const service = toRecord(backend.service);
  if (hasResource && service) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (hasResource) return validateTypedReference(toRecord(backend.resource) ?? {}, child(path, 'resource'));
  if (!service) return [invalid(path, '', 'resource or service backend is required')];
  const errs: FieldError[] = [];
  const name = getString(service, 'name') ?? '';
  if (name === '') errs.push(required(child(path, 'service', 'name')));
  else for (const msg of checkDns1035Label(name)) errs.push(invalid(child(path, 'service', 'name'), name, msg));
  const port = toRecord(service.port) ?? {};
  const portName = getString(port, 'name') ?? '';
  const portNumber = getNumber(port, 'number') ?? 0;
  if (portName !== '' && portNumber !== 0) {
    errs.push(invalid(path, '', 'cannot set both port name & port number'));
  } else if (portName !== '') {
    for (const msg of checkPortName(portName)) errs.push(invalid(child(path, 'service', 'port', 'name'), portName, msg));
  } else if (portNumber !== 0) {
    for (const msg of checkPortNumber(portNumber)) errs.push(invalid(child(path, 'service', 'port', 'number'), portNumber, msg));
  } else {
    errs.push(required(path, 'port name or number is required'));
  }
  return errs;
}

function validatePath(p: Json, at: string): FieldError[] {
  const pathType = getString(p, 'pathType');
  if (pathType === undefined) return [required(child(at, 'pathType'), 'pathType must be specified')];
  const errs: FieldError[] = [];
  const path = getString(p, 'path') ?? '';
  const field = child(at, 'path');
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!path.startsWith('/')) errs.push(invalid(field, path, 'must be an absolute path'));
    for (const seq of INVALID_PATH_SEQUENCES) if (path.includes(seq)) errs.push(invalid(field, path, `must not contain '${seq}'`));
    for (const suffix of INVALID_PATH_SUFFIXES) if (path.endsWith(suffix)) errs.push(invalid(field, path, `cannot end with '${suffix}'`));
  } else if (pathType === 'ImplementationSpecific') {
    if (path !== '' && !path.startsWith('/')) errs.push(invalid(field, path, 'must be an absolute path'));
  } else {
    errs.push(notSupported(child(at, 'pathType'), pathType, PATH_TYPES));
  }
  errs.push(...validateBackend(toRecord(p.backend) ?? {}, child(at, 'backend')));
  return errs;
}

/** Validates an Ingress spec (ValidateIngressSpec). */
export function validateIngressSpec(spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  const rules = getList(spec, 'rules');
  if (rules.length === 0 && !hasValue(spec, 'defaultBackend')) {
    const shown = new GoLiteral(Array.isArray(spec.rules) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)');
    errs.push(invalid('spec', shown, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (hasValue(spec, 'defaultBackend')) errs.push(...validateBackend(toRecord(spec.defaultBackend) ?? {}, 'spec.defaultBackend'));
  rules.forEach((raw, i) => {
    const rule = toRecord(raw) ?? {};
    const at = index('spec.rules', i);
    const host = getString(rule, 'host') ?? '';
    if (host !== '') errs.push(...checkHost(host, child(at, 'host')));
    const http = toRecord(rule.http);
    if (!http) return;
    const paths = getList(http, 'paths');
    if (paths.length === 0) errs.push(required(child(at, 'http', 'paths')));
    paths.forEach((p, j) => errs.push(...validatePath(toRecord(p) ?? {}, index(child(at, 'http', 'paths'), j))));
  });
  getList(spec, 'tls').forEach((raw, i) => {
    const tls = toRecord(raw) ?? {};
    const at = index('spec.tls', i);
    getList(tls, 'hosts').forEach((h, j) => {
      const host = String(h);
      const msgs = host.includes('*') ? checkWildcardSubdomain(host) : checkDns1123Subdomain(host);
      for (const msg of msgs) errs.push(invalid(index(child(at, 'hosts'), j), host, msg));
    });
    const secretName = getString(tls, 'secretName') ?? '';
    if (secretName !== '') for (const msg of checkDns1123Subdomain(secretName)) errs.push(invalid(child(at, 'secretName'), secretName, msg));
  });
  const className = getString(spec, 'ingressClassName');
  if (className !== undefined) for (const msg of checkDns1123Subdomain(className)) errs.push(invalid('spec.ingressClassName', className, msg));
  return errs;
}

/** Validates an IngressClass spec: its parameters reference (scope defaults to Cluster). */
export function validateIngressClassSpec(spec: Json): FieldError[] {
  const params = toRecord(spec.parameters);
  if (!params) return [];
  const errs = validateTypedReference(params, 'spec.parameters');
  const scope = getString(params, 'scope') ?? 'Cluster';
  if (scope !== 'Cluster' && scope !== 'Namespace') {
    errs.push(notSupported('spec.parameters.scope', scope, ['Cluster', 'Namespace']));
  } else if (scope === 'Namespace' && !hasValue(params, 'namespace')) {
    errs.push(required('spec.parameters.namespace', "`parameters.scope` is set to 'Namespace'"));
  } else if (scope === 'Cluster' && hasValue(params, 'namespace')) {
    errs.push(forbidden('spec.parameters.namespace', "`parameters.scope` is set to 'Cluster'"));
  }
  return errs;
}
