import { describe, expect, it } from 'vitest';
import { listErrors, makeContainer, makePod } from './test-fixtures.ts';

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const ENV_MSG =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
const QUANTITY_MSG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

type Case = [string, Record<string, unknown>, Array<[string, string]>];

const cases: Case[] = [
  ['no containers', { containers: [] }, [['spec.containers', 'Required value']]],
  ['a container without image', { containers: [{ name: 'web' }] }, [['spec.containers[0].image', 'Required value']]],
  ['an image with trailing space', { containers: [makeContainer({ image: 'nginx ' })] }, [['spec.containers[0].image', 'Invalid value: "nginx ": must not have leading or trailing whitespace']]],
  ['an uppercase container name', { containers: [makeContainer({ name: 'Web' })] }, [['spec.containers[0].name', `Invalid value: "Web": ${LABEL_MSG}`]]],
  ['duplicate container names', { containers: [makeContainer(), makeContainer()] }, [['spec.containers[1].name', 'Duplicate value: "web"']]],
  ['an init container named like a container', { initContainers: [makeContainer()] }, [['spec.initContainers[0].name', 'Duplicate value: "web"']]],
  ['a containerPort out of range', { containers: [makeContainer({ ports: [{ containerPort: 70000 }] })] }, [['spec.containers[0].ports[0].containerPort', 'Invalid value: 70000: must be between 1 and 65535, inclusive']]],
  ['a missing containerPort', { containers: [makeContainer({ ports: [{ name: 'http' }] })] }, [['spec.containers[0].ports[0].containerPort', 'Required value']]],
  ['a lowercase protocol', { containers: [makeContainer({ ports: [{ containerPort: 80, protocol: 'tcp' }] })] }, [['spec.containers[0].ports[0].protocol', 'Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"']]],
  ['duplicate port names', { containers: [makeContainer({ ports: [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }] })] }, [['spec.containers[0].ports[1].name', 'Duplicate value: "http"']]],
  ['a port name with underscore', { containers: [makeContainer({ ports: [{ name: 'my_port', containerPort: 80 }] })] }, [['spec.containers[0].ports[0].name', 'Invalid value: "my_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']]],
  ['an env name starting with a digit', { containers: [makeContainer({ env: [{ name: '1FOO', value: 'x' }] })] }, [['spec.containers[0].env[0].name', `Invalid value: "1FOO": ${ENV_MSG}`]]],
  ['an env var without name', { containers: [makeContainer({ env: [{ value: 'x' }] })] }, [['spec.containers[0].env[0].name', 'Required value']]],
  ['a valueFrom with no source', { containers: [makeContainer({ env: [{ name: 'A', valueFrom: {} }] })] }, [['spec.containers[0].env[0].valueFrom', 'Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`']]],
  ['a valueFrom with two sources', { containers: [makeContainer({ env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' }, secretKeyRef: { name: 's', key: 'k' } } }] })] }, [['spec.containers[0].env[0].valueFrom', 'Invalid value: "": may not have more than one field specified at a time']]],
  ['both value and valueFrom', { containers: [makeContainer({ env: [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] })] }, [['spec.containers[0].env[0].valueFrom', 'Invalid value: "": may not be specified when `value` is not empty']]],
  ['a secretKeyRef without key', { containers: [makeContainer({ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's' } } }] })] }, [['spec.containers[0].env[0].valueFrom.secretKeyRef.key', 'Required value']]],
  ['an unknown downward API field', { containers: [makeContainer({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.host' } } }] })] }, [['spec.containers[0].env[0].valueFrom.fieldRef.fieldPath', 'Unsupported value: "spec.host": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"']]],
  ['an envFrom without source', { containers: [makeContainer({ envFrom: [{ prefix: 'A_' }] })] }, [['spec.containers[0].envFrom', 'Invalid value: "": must specify one of: `configMapRef` or `secretRef`']]],
  ['requests above limits', { containers: [makeContainer({ resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } })] }, [['spec.containers[0].resources.requests', 'Invalid value: "2": must be less than or equal to cpu limit of 1']]],
  ['requests above limits in other units', { containers: [makeContainer({ resources: { requests: { memory: '2048Mi' }, limits: { memory: '1Gi' } } })] }, [['spec.containers[0].resources.requests', 'Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi']]],
  ['a malformed quantity', { containers: [makeContainer({ resources: { limits: { memory: '1 GB' } } })] }, [['spec.containers[0].resources.limits[memory]', `Invalid value: "1 GB": ${QUANTITY_MSG}`]]],
  ['a negative quantity', { containers: [makeContainer({ resources: { requests: { cpu: '-500m' } } })] }, [['spec.containers[0].resources.requests[cpu]', 'Invalid value: "-500m": must be greater than or equal to 0']]],
  ['an unknown resource name', { containers: [makeContainer({ resources: { limits: { cpus: '1' } } })] }, [['spec.containers[0].resources.limits[cpus]', 'Invalid value: "cpus": must be a standard resource type or fully qualified']]],
  ['a GPU request without limit', { containers: [makeContainer({ resources: { requests: { 'nvidia.com/gpu': 1 } } })] }, [['spec.containers[0].resources.limits', 'Required value: Limit must be set for non overcommitable resources']]],
  ['a probe without handler', { containers: [makeContainer({ livenessProbe: { periodSeconds: 5 } })] }, [['spec.containers[0].livenessProbe', 'Required value: must specify a handler type']]],
  ['a probe with two handlers', { containers: [makeContainer({ readinessProbe: { httpGet: { port: 80 }, tcpSocket: { port: 80 } } })] }, [['spec.containers[0].readinessProbe.tcpSocket', 'Forbidden: may not specify more than 1 handler type']]],
  ['a probe port out of range', { containers: [makeContainer({ livenessProbe: { tcpSocket: { port: 0 } } })] }, [['spec.containers[0].livenessProbe.tcpSocket.port', 'Invalid value: 0: must be between 1 and 65535, inclusive']]],
  ['a numeric-looking named probe port', { containers: [makeContainer({ livenessProbe: { httpGet: { port: '8080' } } })] }, [['spec.containers[0].livenessProbe.httpGet.port', 'Invalid value: "8080": must contain at least one letter (a-z)']]],
  ['a liveness successThreshold above 1', { containers: [makeContainer({ livenessProbe: { exec: { command: ['true'] }, successThreshold: 2 } })] }, [['spec.containers[0].livenessProbe.successThreshold', 'Invalid value: 2: must be 1']]],
  ['a lowercase HTTP scheme', { containers: [makeContainer({ livenessProbe: { httpGet: { port: 80, scheme: 'http' } } })] }, [['spec.containers[0].livenessProbe.httpGet.scheme', 'Unsupported value: "http": supported values: "HTTP", "HTTPS"']]],
  ['a negative probe period', { containers: [makeContainer({ readinessProbe: { exec: { command: ['true'] }, periodSeconds: -1 } })] }, [['spec.containers[0].readinessProbe.periodSeconds', 'Invalid value: -1: must be greater than or equal to 0']]],
  ['a mount of a missing volume', { containers: [makeContainer({ volumeMounts: [{ name: 'data', mountPath: '/data' }] })] }, [['spec.containers[0].volumeMounts[0].name', 'Not found: "data"']]],
  ['a mount without mountPath', { volumes: [{ name: 'data', emptyDir: {} }], containers: [makeContainer({ volumeMounts: [{ name: 'data' }] })] }, [['spec.containers[0].volumeMounts[0].mountPath', 'Required value']]],
  ['two mounts on one path', { volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }], containers: [makeContainer({ volumeMounts: [{ name: 'a', mountPath: '/d' }, { name: 'b', mountPath: '/d' }] })] }, [['spec.containers[0].volumeMounts[1].mountPath', 'Invalid value: "/d": must be unique']]],
  ['duplicate volume names', { volumes: [{ name: 'a', emptyDir: {} }, { name: 'a', emptyDir: {} }] }, [['spec.volumes[1].name', 'Duplicate value: "a"']]],
  ['a volume without source', { volumes: [{ name: 'a' }] }, [['spec.volumes[0]', 'Required value: must specify a volume type']]],
  ['a volume with two sources', { volumes: [{ name: 'a', emptyDir: {}, secret: { secretName: 's' } }] }, [['spec.volumes[0].secret', 'Forbidden: may not specify more than 1 volume type']]],
  ['a decimal defaultMode', { volumes: [{ name: 'a', configMap: { name: 'c', defaultMode: 755 } }] }, [['spec.volumes[0].configMap.defaultMode', 'Invalid value: 755: must be a number between 0 and 0777 (octal), both inclusive']]],
  ['a secret volume without secretName', { volumes: [{ name: 'a', secret: {} }] }, [['spec.volumes[0].secret.secretName', 'Required value']]],
  ['a PVC volume without claimName', { volumes: [{ name: 'a', persistentVolumeClaim: {} }] }, [['spec.volumes[0].persistentVolumeClaim.claimName', 'Required value']]],
  ['an unknown restartPolicy', { restartPolicy: 'Sometimes' }, [['spec.restartPolicy', 'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']]],
  ['an unknown dnsPolicy', { dnsPolicy: 'ClusterFirstly' }, [['spec.dnsPolicy', 'Unsupported value: "ClusterFirstly": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"']]],
  ['an unknown imagePullPolicy', { containers: [makeContainer({ imagePullPolicy: 'always' })] }, [['spec.containers[0].imagePullPolicy', 'Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never"']]],
  ['an unknown toleration operator', { tolerations: [{ key: 'k', operator: 'Equals' }] }, [['spec.tolerations[0].operator', 'Unsupported value: "Equals": supported values: "Equal", "Exists"']]],
  ['a spread constraint without topologyKey', { topologySpreadConstraints: [{ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' }] }, [['spec.topologySpreadConstraints[0].topologyKey', 'Required value: can not be empty']]],
  ['an invalid serviceAccountName', { serviceAccountName: 'My_SA' }, [['spec.serviceAccountName', `Invalid value: "My_SA": ${SUBDOMAIN_MSG}`]]],
  ['a hostPort that differs under hostNetwork', { hostNetwork: true, containers: [makeContainer({ ports: [{ containerPort: 80, hostPort: 8080 }] })] }, [['spec.containers[0].ports[0].containerPort', 'Invalid value: 80: must match `hostPort` when `hostNetwork` is true']]],
  ['a duplicate hostPort', { containers: [makeContainer({ ports: [{ containerPort: 80, hostPort: 80 }] }), makeContainer({ name: 'b', ports: [{ containerPort: 81, hostPort: 80 }] })] }, [['spec.containers[1].ports[0].hostPort', 'Duplicate value: "TCP//80"']]],
];

describe('pod spec validation', () => {
  it.each(cases)('validateObject() reports a Pod with %s', (_name, spec, expected) => {
    expect(listErrors(makePod(spec))).toEqual(expected);
  });

  it('validateObject() accepts a Pod using every checked field correctly', () => {
    const pod = makePod({
      restartPolicy: 'Never',
      dnsPolicy: 'ClusterFirst',
      volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c', defaultMode: 0o644, items: [{ key: 'a', path: 'a.conf' }] } }],
      initContainers: [makeContainer({ name: 'init', command: ['true'] })],
      containers: [
        makeContainer({
          ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
          env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }, { name: 'X', value: '1' }],
          envFrom: [{ configMapRef: { name: 'c' } }],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: 1, memory: '128Mi', 'nvidia.com/gpu': 1 } },
          livenessProbe: { httpGet: { path: '/', port: 'http' }, successThreshold: 1 },
          readinessProbe: { grpc: { port: 9000 }, successThreshold: 3 },
          volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'cfg', mountPath: '/etc/cfg', subPath: 'a.conf' }],
        }),
      ],
      tolerations: [{ operator: 'Exists' }],
    });
    expect(listErrors(pod)).toEqual([]);
  });

  it('validateObject() reports a missing Pod name and an invalid namespace', () => {
    const pod = makePod({}, '');
    pod.metadata.namespace = 'Team_A';
    expect(listErrors(pod)).toEqual([
      ['metadata.name', 'Required value: name or generateName is required'],
      ['metadata.namespace', `Invalid value: "Team_A": ${LABEL_MSG}`],
    ]);
  });

  it('validateObject() accepts generateName with a trailing dash instead of a name', () => {
    const pod = makePod({}, '');
    pod.metadata.generateName = 'web-';
    expect(listErrors(pod)).toEqual([]);
  });
});
