// The benchmark model written with shipshape's constructs (App, Database, ConfigMap, Secret) in
// one Stack, synthesized with `synthYaml` (validation, ordering and YAML included) into a file.
// Run: node --import tsx bench/synth/shipshape.ts N outDir

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from '../../lib/core/stack.ts';
import { synthYaml } from '../../lib/core/synth.ts';
import { App } from '../../lib/constructs/app.ts';
import { ConfigMap } from '../../lib/constructs/config-map.ts';
import { Database } from '../../lib/constructs/database.ts';
import { Secret } from '../../lib/constructs/secret.ts';
import { runChild } from './child.ts';
import {
  APP, DATABASE, NAMESPACE, STACK_NAME, configDataOf, countDatabases, databaseOf, hostOf, nameApp, nameDatabase, secretDataOf,
} from './model.ts';

function addApp(stack: Stack, databases: readonly Database[], i: number): void {
  const name = nameApp(i);
  const config = new ConfigMap(stack, `${name}-config`, { data: configDataOf(i) });
  const secret = new Secret(stack, `${name}-secret`, { stringData: secretDataOf(i) });
  new App(stack, name, {
    image: APP.image,
    replicas: APP.replicas,
    ports: [{ name: APP.portName, containerPort: APP.containerPort, servicePort: APP.servicePort }],
    envFrom: [config],
    env: { [APP.secretEnvKey]: secret.keyRef(APP.secretEnvKey) },
    envGroups: { DB_: databases[databaseOf(i)]!.connection },
    resources: {
      requests: { cpu: APP.cpuRequest, memory: APP.memoryRequest },
      limits: { cpu: APP.cpuLimit, memory: APP.memoryLimit },
    },
    readiness: { http: APP.readinessPath, periodSeconds: APP.probePeriodSeconds },
    liveness: { http: APP.livenessPath, initialDelaySeconds: APP.livenessInitialDelaySeconds, periodSeconds: APP.probePeriodSeconds },
    ingress: { host: hostOf(i) },
  });
}

/** Builds the model with shipshape constructs and writes `synthYaml(stack)` into outDir. */
function synthesizeShipshape(apps: number, outDir: string): string {
  const stack = new Stack(STACK_NAME, { namespace: NAMESPACE });
  const databases: Database[] = [];
  for (let j = 0; j < countDatabases(apps); j++) {
    databases.push(new Database(stack, nameDatabase(j), {
      engine: 'postgres',
      version: DATABASE.version,
      replicas: DATABASE.replicas,
      storage: { size: DATABASE.storage },
      resources: {
        requests: { cpu: DATABASE.cpuRequest, memory: DATABASE.memoryRequest },
        limits: { cpu: DATABASE.cpuLimit, memory: DATABASE.memoryLimit },
      },
    }));
  }
  for (let i = 0; i < apps; i++) addApp(stack, databases, i);
  const file = join(outDir, 'shipshape.yaml');
  writeFileSync(file, synthYaml(stack));
  return file;
}

runChild('shipshape', synthesizeShipshape);
