// The benchmark model written the way a cdk8s user would: one Chart, a Construct per App and per
// Database holding its cdk8s-plus-34 constructs (the same tree shape as shipshape's App), and
// `App.synth()` to a YAML file. A devDependency of the benchmark only; lib/ never imports cdk8s.
// Run: node --import tsx bench/synth/cdk8s.ts N outDir

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { runChild } from './child.ts';
import {
  APP, DATABASE, NAMESPACE, STACK_NAME, configDataOf, countDatabases, databaseOf, hostOf, nameApp, nameDatabase, secretDataOf,
} from './model.ts';

const APP_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
};
const DATABASE_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) },
  memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) },
};

/** What an App needs to reach its Database. */
interface DatabaseRef {
  readonly name: string;
  readonly credentials: kplus.Secret;
}

function renderDatabaseEnv(prefix: string, db: DatabaseRef): Record<string, kplus.EnvValue> {
  const host = `${db.name}.${NAMESPACE}.svc`;
  const dbName = db.name.replaceAll('-', '_');
  return {
    [`${prefix}HOST`]: kplus.EnvValue.fromValue(host),
    [`${prefix}PORT`]: kplus.EnvValue.fromValue(String(DATABASE.port)),
    [`${prefix}USER`]: kplus.EnvValue.fromValue('app'),
    [`${prefix}PASSWORD`]: kplus.EnvValue.fromSecretValue({ secret: db.credentials, key: 'password' }),
    [`${prefix}NAME`]: kplus.EnvValue.fromValue(dbName),
    [`${prefix}URL`]: kplus.EnvValue.fromValue(`postgres://app:$(${prefix}PASSWORD)@${host}:${DATABASE.port}/${dbName}`),
  };
}

function addApp(chart: Chart, databases: readonly DatabaseRef[], i: number): void {
  const name = nameApp(i);
  const scope = new Construct(chart, name);
  const configMap = new kplus.ConfigMap(scope, 'config', { metadata: { name: `${name}-config` }, data: configDataOf(i) });
  const secret = new kplus.Secret(scope, 'secret', { metadata: { name: `${name}-secret` }, stringData: secretDataOf(i) });
  const deployment = new kplus.Deployment(scope, 'deployment', {
    metadata: { name },
    replicas: APP.replicas,
    containers: [{
      name,
      image: APP.image,
      ports: [{ name: APP.portName, number: APP.containerPort }],
      envFrom: [kplus.Env.fromConfigMap(configMap)],
      envVariables: {
        [APP.secretEnvKey]: kplus.EnvValue.fromSecretValue({ secret, key: APP.secretEnvKey }),
        ...renderDatabaseEnv('DB_', databases[databaseOf(i)]!),
      },
      resources: APP_RESOURCES,
      readiness: kplus.Probe.fromHttpGet(APP.readinessPath, {
        port: APP.containerPort,
        periodSeconds: Duration.seconds(APP.probePeriodSeconds),
      }),
      liveness: kplus.Probe.fromHttpGet(APP.livenessPath, {
        port: APP.containerPort,
        initialDelaySeconds: Duration.seconds(APP.livenessInitialDelaySeconds),
        periodSeconds: Duration.seconds(APP.probePeriodSeconds),
      }),
    }],
  });
  const service = new kplus.Service(scope, 'service', {
    metadata: { name },
    selector: deployment,
    ports: [{ name: APP.portName, port: APP.servicePort, targetPort: APP.containerPort }],
  });
  new kplus.Ingress(scope, 'ingress', {
    metadata: { name },
    rules: [{
      host: hostOf(i),
      path: '/',
      pathType: kplus.HttpIngressPathType.PREFIX,
      backend: kplus.IngressBackend.fromService(service, { port: APP.servicePort }),
    }],
  });
}

/** A Database: credentials Secret, StatefulSet (with its own headless Service) and a client Service. */
function addDatabase(chart: Chart, j: number): DatabaseRef {
  const name = nameDatabase(j);
  const dbName = name.replaceAll('-', '_');
  const scope = new Construct(chart, name);
  const credentials = new kplus.Secret(scope, 'credentials', {
    metadata: { name: `${name}-credentials`, annotations: { 'shipshape.dev/generate-keys': 'password' } },
    stringData: { database: dbName, username: 'app' },
  });
  const timing = {
    periodSeconds: Duration.seconds(10),
    timeoutSeconds: Duration.seconds(5),
    failureThreshold: 6,
  };
  const data = kplus.Volume.fromName(scope, 'volume', DATABASE.volumeName);
  const statefulSet = new kplus.StatefulSet(scope, 'statefulset', {
    metadata: { name },
    replicas: DATABASE.replicas,
    containers: [{
      name: 'postgres',
      image: DATABASE.image,
      ports: [{ name: DATABASE.portName, number: DATABASE.port }],
      envVariables: {
        POSTGRES_USER: kplus.EnvValue.fromValue('app'),
        POSTGRES_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: credentials, key: 'password' }),
        POSTGRES_DB: kplus.EnvValue.fromValue(dbName),
        PGDATA: kplus.EnvValue.fromValue(`${DATABASE.mountPath}/pgdata`),
      },
      resources: DATABASE_RESOURCES,
      readiness: kplus.Probe.fromCommand(['pg_isready', '-U', 'app', '-d', dbName, '-h', '127.0.0.1', '-p', String(DATABASE.port)], {
        ...timing,
        initialDelaySeconds: Duration.seconds(5),
      }),
      liveness: kplus.Probe.fromTcpSocket({ port: DATABASE.port, ...timing, initialDelaySeconds: Duration.seconds(30) }),
      volumeMounts: [{ path: DATABASE.mountPath, volume: data }],
    }],
    volumeClaimTemplates: [{
      name: DATABASE.volumeName,
      storage: Size.gibibytes(10),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
    }],
  });
  new kplus.Service(scope, 'service', {
    metadata: { name },
    selector: statefulSet,
    ports: [{ name: DATABASE.portName, port: DATABASE.port, targetPort: DATABASE.port }],
  });
  return { name, credentials };
}

/** Builds the model with cdk8s-plus and synthesizes it with `App.synth()` into outDir. */
function synthesizeCdk8s(apps: number, outDir: string): string {
  const app = new App({ outdir: outDir });
  const chart = new Chart(app, STACK_NAME, {
    namespace: NAMESPACE,
    labels: { 'app.kubernetes.io/managed-by': 'cdk8s', 'app.kubernetes.io/part-of': STACK_NAME },
  });
  new kplus.Namespace(chart, 'namespace', { metadata: { name: NAMESPACE } });
  const databases: DatabaseRef[] = [];
  for (let j = 0; j < countDatabases(apps); j++) databases.push(addDatabase(chart, j));
  for (let i = 0; i < apps; i++) addApp(chart, databases, i);
  app.synth();
  const file = readdirSync(outDir).find((f) => f.endsWith('.k8s.yaml'));
  if (!file) throw new Error(`cdk8s wrote no .k8s.yaml file into ${outDir}`);
  return join(outDir, file);
}

runChild('cdk8s', synthesizeCdk8s);
