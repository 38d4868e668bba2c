// What each Database engine brings: image, port, data path, the environment its image reads,
// the readiness check, default resources and a URL scheme. Pure data and small render
// functions; the StatefulSet and Services around them are database.ts's job.

import type { V1EnvVar, V1Probe } from '../k8s/types.ts';
import type { IEnvValue } from './contracts.ts';

/** The database engines with presets; `generic` runs any image you describe. */
export const DATABASE_ENGINES = ['postgres', 'mysql', 'redis', 'generic'] as const;

/** A database engine. */
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];

/** What a preset's render functions know about the Database. */
export interface PresetContext {
  readonly username: string;
  readonly databaseName: string | undefined;
  readonly port: number;
  readonly dataPath: string;
  readonly password: IEnvValue;
  /** MySQL's root password: the generated `root-password` key, or the same as `password`. */
  readonly rootPassword: IEnvValue;
}

/** An engine's defaults and how its image is configured. */
export interface EnginePreset {
  /** The image repository, pinned to a major version by `version`; undefined for generic. */
  readonly repository?: string;
  readonly version?: string;
  readonly port?: number;
  /** The container and Service port name. */
  readonly portName: string;
  readonly dataPath?: string;
  /** Mount the volume's subdirectory, so the image never sees the volume root's `lost+found`. */
  readonly subPath?: string;
  /** Whether the engine has named databases (false for redis). */
  readonly namedDatabases: boolean;
  /** A username the engine always uses (redis's `default` user). */
  readonly fixedUsername?: string;
  /** Usernames the engine's image refuses for the application user. */
  readonly reservedUsernames: readonly string[];
  /** Keys the credentials Secret has generated. */
  readonly generatedKeys: readonly string[];
  /** The scheme of `<prefix>URL`; no URL without one. */
  readonly urlScheme?: string;
  readonly resources: { readonly requests: { cpu: string; memory: string }; readonly limits: { memory: string } };
  /** The environment variables the image reads. */
  renderEnv(ctx: PresetContext): V1EnvVar[];
  /** The container args (after the image's entrypoint). */
  renderArgs?(ctx: PresetContext): string[];
  /** The readiness probe. */
  renderReadiness(ctx: PresetContext): V1Probe;
}

const READINESS_TIMING = { initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 } as const;

const literal = (name: string, value: string): V1EnvVar => ({ name, value });

/** Every engine's preset. */
export const ENGINE_PRESETS: Readonly<Record<DatabaseEngine, EnginePreset>> = {
  postgres: {
    repository: 'postgres',
    version: '16',
    port: 5432,
    portName: 'postgres',
    dataPath: '/var/lib/postgresql/data',
    namedDatabases: true,
    reservedUsernames: [],
    generatedKeys: ['password'],
    urlScheme: 'postgres',
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '1Gi' } },
    renderEnv: (ctx) => [
      literal('POSTGRES_USER', ctx.username),
      ctx.password.renderEnv('POSTGRES_PASSWORD'),
      literal('POSTGRES_DB', ctx.databaseName ?? ''),
      // A subdirectory: initdb refuses a volume root that holds lost+found.
      literal('PGDATA', `${ctx.dataPath}/pgdata`),
    ],
    renderReadiness: (ctx) => ({
      exec: { command: ['pg_isready', '-U', ctx.username, '-d', ctx.databaseName ?? '', '-h', '127.0.0.1', '-p', String(ctx.port)] },
      ...READINESS_TIMING,
    }),
  },
  mysql: {
    repository: 'mysql',
    version: '8.4',
    port: 3306,
    portName: 'mysql',
    dataPath: '/var/lib/mysql',
    subPath: 'mysql',
    namedDatabases: true,
    reservedUsernames: ['root'],
    generatedKeys: ['password', 'root-password'],
    urlScheme: 'mysql',
    resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
    renderEnv: (ctx) => [
      literal('MYSQL_USER', ctx.username),
      ctx.password.renderEnv('MYSQL_PASSWORD'),
      literal('MYSQL_DATABASE', ctx.databaseName ?? ''),
      ctx.rootPassword.renderEnv('MYSQL_ROOT_PASSWORD'),
    ],
    // mysqladmin ping exits 0 once the server answers, even when access is denied.
    renderReadiness: (ctx) => ({
      exec: { command: ['mysqladmin', 'ping', '--silent', '-h', '127.0.0.1', '-P', String(ctx.port)] },
      ...READINESS_TIMING,
    }),
  },
  redis: {
    repository: 'redis',
    version: '7.4',
    port: 6379,
    portName: 'redis',
    dataPath: '/data',
    namedDatabases: false,
    fixedUsername: 'default',
    reservedUsernames: [],
    generatedKeys: ['password'],
    urlScheme: 'redis',
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    renderEnv: (ctx) => [
      ctx.password.renderEnv('REDIS_PASSWORD'),
      // redis-cli reads the password from here, so the probe never puts it on a command line.
      ctx.password.renderEnv('REDISCLI_AUTH'),
    ],
    // Kubernetes expands $(REDIS_PASSWORD) in args from the container's environment.
    renderArgs: (ctx) => ['redis-server', '--port', String(ctx.port), '--requirepass', '$(REDIS_PASSWORD)', '--appendonly', 'yes', '--dir', ctx.dataPath],
    renderReadiness: (ctx) => ({
      exec: { command: ['sh', '-c', `redis-cli -h 127.0.0.1 -p ${ctx.port} ping | grep -q PONG`] },
      ...READINESS_TIMING,
    }),
  },
  generic: {
    portName: 'db',
    namedDatabases: true,
    reservedUsernames: [],
    generatedKeys: ['password'],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    renderEnv: () => [],
    renderReadiness: () => ({ tcpSocket: { port: 'db' }, ...READINESS_TIMING }),
  },
};

/** The liveness probe every engine gets: a TCP connect, patient enough for recovery after a crash. */
export function renderLiveness(portName: string): V1Probe {
  return { tcpSocket: { port: portName }, initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 };
}
