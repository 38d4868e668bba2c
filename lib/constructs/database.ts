// The Database construct: a StatefulSet with per-replica storage, a headless Service for stable
// pod DNS, a client Service, and credentials in a Secret whose password the apply engine
// generates once (see GENERATE_KEYS_ANNOTATION in secret.ts). Engine presets live in
// database-presets.ts. It does not set up replication, backups or users beyond the first.

import { z } from 'zod';
import { Construct } from '../core/construct.ts';
import { MAIN_RESOURCE_ID, Resource } from '../core/resource.ts';
import { isQuantity, parseQuantity } from '../k8s/quantity.ts';
import type { V1Container, V1PersistentVolumeClaim } from '../k8s/types.ts';
import { ContainerEnv, type EnvValue } from './app-env.ts';
import type { IEnvValue, ISelectable } from './contracts.ts';
import { checkDatabaseName, checkDatabaseResources, checkEngineProps, checkIdentifiers, checkReferences, renderDatabaseResources } from './database-checks.ts';
import { DatabaseConnection } from './database-connection.ts';
import { DATABASE_ENGINES, ENGINE_PRESETS, renderLiveness, type DatabaseEngine, type EnginePreset, type PresetContext } from './database-presets.ts';
import { instanceLabels, podTemplateLabels } from './instance-labels.ts';
import { DEFAULT_AUTOMOUNT_SERVICE_ACCOUNT_TOKEN, resolveContainerSecurityContext, resolvePodSecurityContext } from './pod-security.ts';
import { parseProps } from './props.ts';
import { resourcesSchema, type AppResources } from './resources.ts';
import { expecting, PropProblems, strictObject, zCustom, zInteger, zOneOf, zString } from './schema-rules.ts';
import { Secret } from './secret.ts';

export type { DatabaseEngine } from './database-presets.ts';

/** Where a Database keeps its data: one PersistentVolumeClaim per replica. */
export interface DatabaseStorage {
  /** @default '10Gi' */
  readonly size?: string;
  /** @default the cluster's default StorageClass */
  readonly storageClassName?: string;
}

/** Props of a Database. */
export interface DatabaseProps {
  /** The engine preset; `generic` needs `image`, `port` and `dataPath`. */
  readonly engine: DatabaseEngine;
  /**
   * The StatefulSet and client Service name (a DNS-1035 label of at most 52 characters).
   * @default derived from the construct path
   */
  readonly name?: string;
  /**
   * The image tag of the engine's official image.
   * @default postgres '16', mysql '8.4', redis '7.4'
   */
  readonly version?: string;
  /**
   * The full image, instead of the official one at `version`.
   * @default `<engine>:<version>`; required for generic
   */
  readonly image?: string;
  /**
   * The port (generic only; presets use their engine's port).
   * @default postgres 5432, mysql 3306, redis 6379
   */
  readonly port?: number;
  /**
   * Where the volume is mounted.
   * @default postgres /var/lib/postgresql/data (PGDATA in its pgdata subdirectory), mysql /var/lib/mysql, redis /data
   */
  readonly dataPath?: string;
  /**
   * Pods, each with its own volume. Replication between them is NOT configured: more than one
   * replica gives independent servers (useful for sharded or self-clustering images only).
   * @default 1
   */
  readonly replicas?: number;
  /** @default { size: '10Gi' } on the default StorageClass */
  readonly storage?: DatabaseStorage;
  /**
   * The database created at first start (not for redis).
   * @default the name with '-' replaced by '_'
   */
  readonly databaseName?: string;
  /**
   * The application user (not for redis, which uses `default`).
   * @default 'app'
   */
  readonly username?: string;
  /**
   * Requests and limits; given amounts replace the engine's defaults.
   * @default postgres 250m/256Mi (limit 1Gi), mysql 250m/512Mi (limit 1Gi), redis and generic 100m/128Mi (limit 512Mi)
   */
  readonly resources?: AppResources;
  /**
   * Use this existing Secret key as the password instead of a generated one (no Secret is
   * created, and no `<prefix>URL` is rendered since the value might need URL escaping).
   * @default a generated password in the `<name>-credentials` Secret
   */
  readonly passwordSecret?: { readonly name: string; readonly key: string };
  /**
   * More environment variables for the container, after the engine's own.
   * @default {}
   */
  readonly env?: Readonly<Record<string, EnvValue>>;
}

const DEFAULT_STORAGE_SIZE = '10Gi';
/** Variables the presets set; `env` may not set them for those engines. */
const PRESET_ENV = new Set(['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB', 'PGDATA', 'MYSQL_USER', 'MYSQL_PASSWORD', 'MYSQL_DATABASE', 'MYSQL_ROOT_PASSWORD', 'REDIS_PASSWORD', 'REDISCLI_AUTH']);

const SCHEMA = strictObject({
  engine: zOneOf(DATABASE_ENGINES),
  name: zString().optional(),
  version: zString().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { error: 'must be an image tag (letters, digits, _, . and -, at most 128)' }).optional(),
  image: zString().regex(/^\S+$/, { error: 'must be an image reference without spaces' }).optional(),
  port: zInteger({ min: 1, max: 65535 }).optional(),
  dataPath: zString().regex(/^\/.*/, { error: 'must be an absolute path' }).optional(),
  replicas: zInteger({ min: 1 }).optional(),
  storage: strictObject({
    size: zCustom<string>((v) => typeof v === 'string' && isQuantity(v) && parseQuantity(v) > 0, "a positive quantity such as '10Gi'").optional(),
    storageClassName: zString().optional(),
  }).optional(),
  databaseName: zString().optional(),
  username: zString().optional(),
  resources: resourcesSchema.optional(),
  passwordSecret: strictObject({ name: zString(), key: zString() }).optional(),
  env: z.record(z.string(), zCustom<EnvValue>((v) => typeof v === 'string' || typeof (v as IEnvValue)?.renderEnv === 'function', 'a string or a typed reference'), { error: expecting('an object') }).optional(),
});

/**
 * A stateful database server: postgres, mysql, redis, or any image (`generic`).
 * @example
 * const orders = new Database(stack, 'orders', { engine: 'postgres', storage: { size: '20Gi' } });
 * new App(stack, 'api', { image: 'api:1.0', envGroups: { DB_: orders.connection } });
 */
export class Database extends Construct implements ISelectable {
  /** The StatefulSet (id `Resource`). */
  readonly resource: Resource;
  /** The client Service (id `Service`), named like the Database. */
  readonly service: Resource;
  /** The headless Service (id `HeadlessService`) that gives pods stable DNS names. */
  readonly headlessService: Resource;
  /** The credentials Secret (id `Credentials`); undefined with `passwordSecret`. */
  readonly credentials: Secret | undefined;
  /** How to reach the database, for Apps. */
  readonly connection: DatabaseConnection;
  readonly name: string;
  readonly engine: DatabaseEngine;
  readonly image: string;
  readonly port: number;
  readonly replicas: number;
  private readonly preset: EnginePreset;
  private readonly resources: AppResources | undefined;
  private readonly env = new ContainerEnv();

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const p = parseProps(this, 'Database', SCHEMA, props);
    const problems = new PropProblems(this, 'Database');
    this.engine = p.engine;
    this.preset = ENGINE_PRESETS[p.engine];
    this.name = p.name ?? Resource.nameFromPath(this);
    this.replicas = p.replicas ?? 1;
    this.resources = p.resources;
    checkDatabaseName(this.name, p.name !== undefined, problems);
    checkEngineProps(p, problems);
    checkIdentifiers(p, this.preset, problems);
    checkReferences(p, problems);
    checkDatabaseResources(p.resources, this.preset, problems);
    const username = p.username ?? this.preset.fixedUsername ?? 'app';
    const databaseName = this.preset.namedDatabases ? (p.databaseName ?? this.name.replaceAll('-', '_')) : undefined;
    for (const [name, value] of Object.entries(p.env ?? {})) this.addEnvChecked(name, value, problems);
    problems.throwIfAny();

    this.image = p.image ?? `${this.preset.repository}:${p.version ?? this.preset.version}`;
    this.port = p.port ?? this.preset.port!;
    const dataPath = p.dataPath ?? this.preset.dataPath!;
    const storage = { size: p.storage?.size ?? DEFAULT_STORAGE_SIZE, storageClassName: p.storage?.storageClassName };
    const labels = instanceLabels(this, this.name);

    this.credentials = p.passwordSecret ? undefined : this.createCredentials(username, databaseName, labels);
    const password = p.passwordSecret ? externalKeyRef(p.passwordSecret) : this.credentials!.keyRef('password');
    const rootPassword = this.credentials?.hasKey('root-password') ? this.credentials.keyRef('root-password') : password;
    const ctx: PresetContext = { username, databaseName, port: this.port, dataPath, password, rootPassword };

    const headlessName = `${this.name}-headless`;
    this.headlessService = this.createService('HeadlessService', headlessName, labels, { clusterIP: 'None', publishNotReadyAddresses: true });
    this.service = this.createService('Service', this.name, labels, { type: 'ClusterIP' });
    this.resource = new Resource(this, MAIN_RESOURCE_ID, { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: this.name, labels } });
    this.resource.renderWith(() => ({
      spec: {
        serviceName: headlessName,
        replicas: this.replicas,
        selector: { matchLabels: this.podSelector },
        template: {
          metadata: { labels: podTemplateLabels(this, this.name) },
          spec: {
            automountServiceAccountToken: DEFAULT_AUTOMOUNT_SERVICE_ACCOUNT_TOKEN,
            securityContext: resolvePodSecurityContext(undefined),
            containers: [this.renderContainer(ctx)],
          },
        },
        volumeClaimTemplates: [renderClaimTemplate(storage)],
      },
    }));
    this.connection = new DatabaseConnection({
      database: this,
      serviceName: this.name,
      namespace: () => this.resource.namespace,
      port: this.port,
      username,
      databaseName,
      password,
      urlScheme: p.passwordSecret ? undefined : this.preset.urlScheme,
    });
  }

  /** The labels that select exactly this Database's pods. */
  get podSelector(): Readonly<Record<string, string>> {
    return instanceLabels(this, this.name);
  }

  /** The stable DNS name of one pod: `<name>-<ordinal>.<name>-headless.<namespace>.svc`. */
  podHost(ordinal: number): string {
    if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= this.replicas) {
      throw new RangeError(`Database ${this.node.path}: podHost(): ordinal (${ordinal}) must be between 0 and ${this.replicas - 1}, inclusive`);
    }
    const ns = this.resource.namespace;
    const base = `${this.name}-${ordinal}.${this.name}-headless`;
    return ns === undefined ? base : `${base}.${ns}.svc`;
  }

  /** Adds an environment variable to the database container. @throws ValidationError when the name is bad or taken. */
  addEnv(name: string, value: EnvValue): this {
    const problems = new PropProblems(this, 'Database');
    this.addEnvChecked(name, value, problems);
    problems.throwIfAny();
    return this;
  }

  private addEnvChecked(name: string, value: EnvValue, problems: PropProblems): void {
    if (this.engine !== 'generic' && PRESET_ENV.has(name)) {
      problems.add(`env '${name}' is set by engine '${this.engine}'; use 'username', 'databaseName' or 'passwordSecret' instead`);
      return;
    }
    const problem = this.env.addVariable(name, value);
    if (problem !== undefined) problems.add(problem);
    else if (typeof value !== 'string') this.node.addDependency(...value.dependencies.filter((d) => d !== this));
  }

  private renderContainer(ctx: PresetContext): V1Container {
    const preset = this.preset;
    const args = preset.renderArgs?.(ctx);
    return {
      name: this.engine === 'generic' ? 'database' : this.engine,
      image: this.image,
      ...(args ? { args } : {}),
      ports: [{ name: preset.portName, containerPort: this.port, protocol: 'TCP' }],
      env: [...preset.renderEnv(ctx), ...this.env.renderEnv()],
      resources: renderDatabaseResources(this.resources, preset),
      readinessProbe: preset.renderReadiness(ctx),
      livenessProbe: renderLiveness(preset.portName),
      securityContext: resolveContainerSecurityContext(undefined),
      volumeMounts: [{ name: 'data', mountPath: ctx.dataPath, ...(preset.subPath ? { subPath: preset.subPath } : {}) }],
    };
  }

  private createCredentials(username: string, databaseName: string | undefined, labels: Record<string, string>): Secret {
    const secret = new Secret(this, 'Credentials', {
      name: `${this.name}-credentials`,
      stringData: { username, ...(databaseName !== undefined ? { database: databaseName } : {}) },
      generateKeys: this.preset.generatedKeys,
    });
    for (const [key, value] of Object.entries(labels)) secret.resource.addLabel(key, value);
    return secret;
  }

  private createService(id: string, name: string, labels: Record<string, string>, extra: Record<string, unknown>): Resource {
    const service = new Resource(this, id, { apiVersion: 'v1', kind: 'Service', metadata: { name, labels } });
    return service.renderWith(() => ({
      spec: {
        ...extra,
        selector: { ...this.podSelector },
        ports: [{ name: this.preset.portName, port: this.port, targetPort: this.preset.portName, protocol: 'TCP' }],
      },
    }));
  }
}

/** The password from a Secret the Database does not own. */
function externalKeyRef(ref: { readonly name: string; readonly key: string }): IEnvValue {
  return { renderEnv: (name) => ({ name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } }), dependencies: [] };
}

/** The claim template every replica's volume is made from. */
function renderClaimTemplate(storage: { readonly size: string; readonly storageClassName: string | undefined }): V1PersistentVolumeClaim {
  return {
    metadata: { name: 'data' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(storage.storageClassName !== undefined ? { storageClassName: storage.storageClassName } : {}),
      resources: { requests: { storage: storage.size } },
    },
  };
}
