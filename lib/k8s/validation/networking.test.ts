import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.ts';
import { listErrors, makeObject } from './test-fixtures.ts';

const backend = { service: { name: 'web', port: { number: 80 } } };

function makeIngress(paths: unknown[], extra: Record<string, unknown> = {}, host = 'shop.example.com'): KubeObject {
  return makeObject('networking.k8s.io/v1', 'Ingress', { spec: { rules: [{ host, http: { paths } }], ...extra } });
}

type Case = [string, KubeObject, Array<[string, string]>];

const cases: Case[] = [
  ['a path without pathType', makeIngress([{ path: '/', backend }]), [
    ['spec.rules[0].http.paths[0].pathType', 'Required value: pathType must be specified'],
  ]],
  ['a lowercase pathType', makeIngress([{ path: '/', pathType: 'exact', backend }]), [
    ['spec.rules[0].http.paths[0].pathType', 'Unsupported value: "exact": supported values: "Exact", "ImplementationSpecific", "Prefix"'],
  ]],
  ['a relative Prefix path', makeIngress([{ path: 'api', pathType: 'Prefix', backend }]), [
    ['spec.rules[0].http.paths[0].path', 'Invalid value: "api": must be an absolute path'],
  ]],
  ['a path with a double slash', makeIngress([{ path: '/a//b', pathType: 'Exact', backend }]), [
    ['spec.rules[0].http.paths[0].path', "Invalid value: \"/a//b\": must not contain '//'"],
  ]],
  ['a backend with neither service nor resource', makeIngress([{ path: '/', pathType: 'Prefix', backend: {} }]), [
    ['spec.rules[0].http.paths[0].backend', 'Invalid value: "": resource or service backend is required'],
  ]],
  ['a backend with both service and resource', makeIngress([{ path: '/', pathType: 'Prefix', backend: { ...backend, resource: { kind: 'Bucket', name: 'b' } } }]), [
    ['spec.rules[0].http.paths[0].backend', 'Invalid value: "": cannot set both resource and service backends'],
  ]],
  ['a service backend without port', makeIngress([{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web' } } }]), [
    ['spec.rules[0].http.paths[0].backend', 'Required value: port name or number is required'],
  ]],
  ['a service backend with port name and number', makeIngress([{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http', number: 80 } } } }]), [
    ['spec.rules[0].http.paths[0].backend', 'Invalid value: "": cannot set both port name & port number'],
  ]],
  ['an uppercase host', makeIngress([{ path: '/', pathType: 'Prefix', backend }], {}, 'Shop.example.com'), [
    ['spec.rules[0].host', "Invalid value: \"Shop.example.com\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
  ]],
  ['a bad wildcard host', makeIngress([{ path: '/', pathType: 'Prefix', backend }], {}, '*example.com'), [
    ['spec.rules[0].host', "Invalid value: \"*example.com\": a wildcard RFC 1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
  ]],
  ['an IP address as host', makeIngress([{ path: '/', pathType: 'Prefix', backend }], {}, '10.0.0.1'), [
    ['spec.rules[0].host', 'Invalid value: "10.0.0.1": must be a DNS name, not an IP address'],
  ]],
  ['a TLS host with an underscore', makeIngress([{ path: '/', pathType: 'Prefix', backend }], { tls: [{ hosts: ['a_b.example.com'], secretName: 'tls' }] }), [
    ['spec.tls[0].hosts[0]', "Invalid value: \"a_b.example.com\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
  ]],
  ['an Ingress with neither rules nor defaultBackend', makeObject('networking.k8s.io/v1', 'Ingress', { spec: {} }), [
    ['spec', 'Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified'],
  ]],
  ['an IngressClass whose parameters lack kind', makeObject('networking.k8s.io/v1', 'IngressClass', { spec: { controller: 'example.com/lb', parameters: { name: 'p' } } }), [
    ['spec.parameters.kind', 'Required value: kind is required'],
  ]],
];

describe('Ingress validation', () => {
  it.each(cases)('validateObject() reports %s', (_name, obj, expected) => {
    expect(listErrors(obj)).toEqual(expected);
  });

  it('validateObject() accepts wildcard hosts, every pathType, named ports and a defaultBackend', () => {
    const ing = makeIngress(
      [
        { path: '/api', pathType: 'Prefix', backend },
        { path: '/exact', pathType: 'Exact', backend: { service: { name: 'web', port: { name: 'http' } } } },
        { path: '/v2/*', pathType: 'ImplementationSpecific', backend },
        { pathType: 'ImplementationSpecific', backend: { resource: { apiGroup: 'k8s.example.com', kind: 'Bucket', name: 'assets' } } },
      ],
      { defaultBackend: backend, tls: [{ hosts: ['*.example.com'], secretName: 'tls' }], ingressClassName: 'nginx' },
      '*.example.com',
    );
    expect(listErrors(ing)).toEqual([]);
  });
});
