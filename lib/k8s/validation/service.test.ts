import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.ts';
import { listErrors, makeObject } from './test-fixtures.ts';

function makeService(spec: Record<string, unknown>, name = 'web'): KubeObject {
  return makeObject('v1', 'Service', { spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec } }, name);
}

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

type Case = [string, KubeObject, Array<[string, string]>];

const cases: Case[] = [
  ['a Service without ports', makeService({ ports: [] }), [['spec.ports', 'Required value']]],
  ['a port out of range', makeService({ ports: [{ port: 0 }] }), [['spec.ports[0].port', 'Invalid value: 0: must be between 1 and 65535, inclusive']]],
  ['two ports without names', makeService({ ports: [{ port: 80 }, { port: 443 }] }), [
    ['spec.ports[0].name', 'Required value'],
    ['spec.ports[1].name', 'Required value'],
  ]],
  ['duplicate port names', makeService({ ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }), [['spec.ports[1].name', 'Duplicate value: "http"']]],
  ['an uppercase port name', makeService({ ports: [{ name: 'HTTP', port: 80 }] }), [['spec.ports[0].name', `Invalid value: "HTTP": ${LABEL_MSG}`]]],
  ['a duplicate port and protocol', makeService({ ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }), [
    ['spec.ports[1]', 'Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}'],
  ]],
  ['an unknown protocol', makeService({ ports: [{ port: 80, protocol: 'HTTP' }] }), [['spec.ports[0].protocol', 'Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"']]],
  ['a targetPort out of range', makeService({ ports: [{ port: 80, targetPort: 70000 }] }), [['spec.ports[0].targetPort', 'Invalid value: 70000: must be between 1 and 65535, inclusive']]],
  ['a named targetPort that is too long', makeService({ ports: [{ port: 80, targetPort: 'http-server-admin' }] }), [['spec.ports[0].targetPort', 'Invalid value: "http-server-admin": must be no more than 15 characters']]],
  ['an unknown type', makeService({ type: 'Nodeport' }), [['spec.type', 'Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']]],
  ['a nodePort on a ClusterIP Service', makeService({ ports: [{ port: 80, nodePort: 30080 }] }), [['spec.ports[0].nodePort', "Forbidden: may not be used when `type` is 'ClusterIP'"]]],
  ['a nodePort outside the range', makeService({ type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] }), [
    ['spec.ports[0].nodePort', 'Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767'],
  ]],
  ['a headless NodePort Service', makeService({ type: 'NodePort', clusterIP: 'None' }), [['spec.clusterIPs[0]', "Invalid value: \"None\": may not be set to 'None' for NodePort services"]]],
  ['an ExternalName Service without externalName', makeService({ type: 'ExternalName', ports: [] }), [['spec.externalName', 'Required value']]],
  ['an ExternalName that is not a DNS name', makeService({ type: 'ExternalName', externalName: 'my_db.example.com' }), [
    ['spec.externalName', "Invalid value: \"my_db.example.com\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
  ]],
  ['a Service name starting with a digit', makeService({}, '1web'), [
    ['metadata.name', "Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"],
  ]],
  ['externalTrafficPolicy on a ClusterIP Service', makeService({ externalTrafficPolicy: 'Local' }), [
    ['spec.externalTrafficPolicy', "Invalid value: \"Local\": may only be set when `type` is 'NodePort' or 'LoadBalancer'"],
  ]],
  ['an invalid selector label value', makeService({ selector: { app: 'web app' } }), [
    ['spec.selector[app]', "Invalid value: \"web app\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"],
  ]],
];

describe('service validation', () => {
  it.each(cases)('validateObject() reports %s', (_name, obj, expected) => {
    expect(listErrors(obj)).toEqual(expected);
  });

  it('validateObject() accepts headless, ExternalName, NodePort and LoadBalancer Services', () => {
    expect(listErrors(makeService({ clusterIP: 'None', ports: [] }))).toEqual([]);
    expect(listErrors(makeService({ type: 'ExternalName', externalName: 'db.example.com.', ports: [] }))).toEqual([]);
    expect(listErrors(makeService({ type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30007 }, { name: 'dns', port: 53, protocol: 'UDP' }] }))).toEqual([]);
    expect(listErrors(makeService({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', externalIPs: ['80.11.12.10'] }))).toEqual([]);
  });
});
