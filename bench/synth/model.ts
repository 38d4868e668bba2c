// The benchmark model every synth implementation builds: N Apps (Deployment with probes and
// resources, Service, Ingress, ConfigMap, Secret) plus one 3-replica postgres Database per 10 Apps
// (StatefulSet with a volume claim template, headless and client Services, a credentials Secret),
// each App connected to its Database by DB_* variables. Parameters only, no objects.

/** The stack (and namespace) every implementation puts its objects in. */
export const STACK_NAME = 'bench';
/** The namespace of every namespaced object. */
export const NAMESPACE = 'bench';
/** How many Apps share one Database. */
export const APPS_PER_DATABASE = 10;

/** What every App runs. */
export const APP = {
  image: 'registry.example.com/shop/web:1.4.2',
  replicas: 2,
  containerPort: 8080,
  servicePort: 80,
  portName: 'http',
  readinessPath: '/ready',
  livenessPath: '/healthz',
  probePeriodSeconds: 10,
  livenessInitialDelaySeconds: 15,
  cpuRequest: '100m',
  memoryRequest: '128Mi',
  cpuLimit: '500m',
  memoryLimit: '256Mi',
  domain: 'bench.example.com',
  secretEnvKey: 'API_TOKEN',
} as const;

/** What every Database runs. */
export const DATABASE = {
  version: '16.4',
  image: 'postgres:16.4',
  replicas: 3,
  port: 5432,
  portName: 'postgres',
  storage: '10Gi',
  volumeName: 'data',
  mountPath: '/var/lib/postgresql/data',
  cpuRequest: '250m',
  memoryRequest: '512Mi',
  cpuLimit: '1',
  memoryLimit: '1Gi',
} as const;

/** The name of App `i` (0-based): `app-0007`. */
export function nameApp(i: number): string {
  return `app-${String(i).padStart(4, '0')}`;
}

/** The name of Database `j` (0-based): `db-007`. */
export function nameDatabase(j: number): string {
  return `db-${String(j).padStart(3, '0')}`;
}

/** How many Databases N Apps get. */
export function countDatabases(apps: number): number {
  return Math.ceil(apps / APPS_PER_DATABASE);
}

/** The Database App `i` talks to. */
export function databaseOf(i: number): number {
  return Math.floor(i / APPS_PER_DATABASE);
}

/** The host name App `i` is served at. */
export function hostOf(i: number): string {
  return `${nameApp(i)}.${APP.domain}`;
}

/** The ConfigMap data of App `i`. */
export function configDataOf(i: number): Record<string, string> {
  return {
    APP_INDEX: String(i),
    FEATURE_FLAGS: 'checkout,search,recommendations',
    LOG_LEVEL: 'info',
  };
}

/** The Secret data of App `i` (plain text, written as stringData). */
export function secretDataOf(i: number): Record<string, string> {
  return { [APP.secretEnvKey]: `token-${i}-c0ffee`, SESSION_KEY: `session-${i}-deadbeef` };
}

/** Objects per App and per Database in the model, for the equivalence check. */
export const OBJECTS_PER_APP = 5;
export const OBJECTS_PER_DATABASE = 4;

/** The object count the model asks for: App objects, Database objects, and the Namespace. */
export function countExpectedObjects(apps: number): number {
  return apps * OBJECTS_PER_APP + countDatabases(apps) * OBJECTS_PER_DATABASE + 1;
}
