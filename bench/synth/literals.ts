// The benchmark model as plain object literals: the same objects, field for field, that the
// shipshape constructs synthesize for it (the floor writes these; the Resource-based shipshape
// variant wraps them). No tree, no validation; order is Namespace, Databases, then Apps.

import {
  APP, DATABASE, NAMESPACE, STACK_NAME, configDataOf, countDatabases, databaseOf, hostOf, nameApp, nameDatabase, secretDataOf,
} from './model.ts';

/** One object literal. */
export type Obj = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
};

const POD_SECURITY = { seccompProfile: { type: 'RuntimeDefault' } };
const CONTAINER_SECURITY = { allowPrivilegeEscalation: false };

function selectorOf(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': `${STACK_NAME}-${name}` };
}

function labelsOf(name: string): Record<string, string> {
  return {
    'app.kubernetes.io/instance': `${STACK_NAME}-${name}`,
    'app.kubernetes.io/managed-by': 'shipshape',
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': STACK_NAME,
  };
}

function metaOf(name: string, owner = name): Obj['metadata'] {
  return { name, namespace: NAMESPACE, labels: labelsOf(owner) };
}

function renderDatabaseEnv(prefix: string, j: number): unknown[] {
  const db = nameDatabase(j);
  const host = `${db}.${NAMESPACE}.svc`;
  const dbName = db.replaceAll('-', '_');
  return [
    { name: `${prefix}HOST`, value: host },
    { name: `${prefix}PORT`, value: String(DATABASE.port) },
    { name: `${prefix}USER`, value: 'app' },
    { name: `${prefix}PASSWORD`, valueFrom: { secretKeyRef: { name: `${db}-credentials`, key: 'password' } } },
    { name: `${prefix}NAME`, value: dbName },
    { name: `${prefix}URL`, value: `postgres://app:$(${prefix}PASSWORD)@${host}:${DATABASE.port}/${dbName}` },
  ];
}

function buildApp(i: number): Obj[] {
  const name = nameApp(i);
  const selector = selectorOf(name);
  const configName = `${name}-config`;
  const secretName = `${name}-secret`;
  const container = {
    name,
    image: APP.image,
    ports: [{ name: APP.portName, containerPort: APP.containerPort, protocol: 'TCP' }],
    env: [
      { name: APP.secretEnvKey, valueFrom: { secretKeyRef: { name: secretName, key: APP.secretEnvKey } } },
      ...renderDatabaseEnv('DB_', databaseOf(i)),
    ],
    envFrom: [{ configMapRef: { name: configName } }],
    resources: { requests: { cpu: APP.cpuRequest, memory: APP.memoryRequest }, limits: { cpu: APP.cpuLimit, memory: APP.memoryLimit } },
    readinessProbe: { httpGet: { path: APP.readinessPath, port: APP.containerPort }, periodSeconds: APP.probePeriodSeconds },
    livenessProbe: {
      httpGet: { path: APP.livenessPath, port: APP.containerPort },
      initialDelaySeconds: APP.livenessInitialDelaySeconds,
      periodSeconds: APP.probePeriodSeconds,
    },
    securityContext: { ...CONTAINER_SECURITY },
  };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metaOf(name),
    spec: {
      replicas: APP.replicas,
      selector: { matchLabels: { ...selector } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/managed-by': 'shipshape', 'app.kubernetes.io/part-of': STACK_NAME, ...selector } },
        spec: { automountServiceAccountToken: false, securityContext: structuredClone(POD_SECURITY), containers: [container] },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metaOf(name),
    spec: {
      type: 'ClusterIP',
      selector: { ...selector },
      ports: [{ name: APP.portName, port: APP.servicePort, targetPort: APP.containerPort, protocol: 'TCP' }],
    },
  };
  const backend = { service: { name, port: { number: APP.servicePort } } };
  const ingress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: metaOf(name),
    spec: { rules: [{ host: hostOf(i), http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] },
  };
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: metaOf(configName), data: configDataOf(i) };
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: metaOf(secretName), stringData: secretDataOf(i), type: 'Opaque' };
  return [configMap, secret, service, deployment, ingress];
}

function buildDatabase(j: number): Obj[] {
  const name = nameDatabase(j);
  const selector = selectorOf(name);
  const dbName = name.replaceAll('-', '_');
  const ports = [{ name: DATABASE.portName, port: DATABASE.port, targetPort: DATABASE.portName, protocol: 'TCP' }];
  const password = { secretKeyRef: { name: `${name}-credentials`, key: 'password' } };
  const credentials = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      ...metaOf(`${name}-credentials`, name),
      annotations: { 'shipshape.dev/generate-keys': 'password', 'shipshape.dev/generate-length': '32' },
    },
    stringData: { database: dbName, username: 'app' },
    type: 'Opaque',
  };
  const headless = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metaOf(`${name}-headless`, name),
    spec: { clusterIP: 'None', publishNotReadyAddresses: true, selector: { ...selector }, ports: structuredClone(ports) },
  };
  const client = { apiVersion: 'v1', kind: 'Service', metadata: metaOf(name), spec: { type: 'ClusterIP', selector: { ...selector }, ports } };
  const container = {
    name: 'postgres',
    image: DATABASE.image,
    ports: [{ name: DATABASE.portName, containerPort: DATABASE.port, protocol: 'TCP' }],
    env: [
      { name: 'POSTGRES_USER', value: 'app' },
      { name: 'POSTGRES_PASSWORD', valueFrom: password },
      { name: 'POSTGRES_DB', value: dbName },
      { name: 'PGDATA', value: `${DATABASE.mountPath}/pgdata` },
    ],
    resources: {
      requests: { cpu: DATABASE.cpuRequest, memory: DATABASE.memoryRequest },
      limits: { cpu: DATABASE.cpuLimit, memory: DATABASE.memoryLimit },
    },
    readinessProbe: {
      exec: { command: ['pg_isready', '-U', 'app', '-d', dbName, '-h', '127.0.0.1', '-p', String(DATABASE.port)] },
      initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6,
    },
    livenessProbe: { tcpSocket: { port: DATABASE.portName }, initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
    securityContext: { ...CONTAINER_SECURITY },
    volumeMounts: [{ name: DATABASE.volumeName, mountPath: DATABASE.mountPath }],
  };
  const statefulSet = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: metaOf(name),
    spec: {
      serviceName: `${name}-headless`,
      replicas: DATABASE.replicas,
      selector: { matchLabels: { ...selector } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/managed-by': 'shipshape', 'app.kubernetes.io/part-of': STACK_NAME, ...selector } },
        spec: { automountServiceAccountToken: false, securityContext: structuredClone(POD_SECURITY), containers: [container] },
      },
      volumeClaimTemplates: [{
        metadata: { name: DATABASE.volumeName },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: DATABASE.storage } } },
      }],
    },
  };
  return [credentials, headless, client, statefulSet];
}

/** All the model's objects for `apps` Apps, Namespace first. */
export function buildModelObjects(apps: number): Obj[] {
  const objects: Obj[] = [{
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'shipshape', 'app.kubernetes.io/part-of': STACK_NAME } },
  }];
  for (let j = 0; j < countDatabases(apps); j++) objects.push(...buildDatabase(j));
  for (let i = 0; i < apps; i++) objects.push(...buildApp(i));
  return objects;
}
