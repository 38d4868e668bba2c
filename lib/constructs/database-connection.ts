// The typed connection details of a Database: host, port, user, password (a Secret reference,
// never a value) and database name, as fields or as a prefixed group of environment variables.
// It does not open connections or check that the database is reachable.

import type { Construct } from '../core/construct.ts';
import type { V1EnvVar } from '../k8s/types.ts';
import type { IEnvGroup, IEnvValue } from './contracts.ts';

/** What a DatabaseConnection is built from. */
export interface DatabaseConnectionOptions {
  readonly database: Construct;
  /** The client Service's name. */
  readonly serviceName: string;
  /** The namespace, read at synth time; undefined when the stack names none. */
  readonly namespace: () => string | undefined;
  readonly port: number;
  readonly username: string;
  readonly databaseName: string | undefined;
  readonly password: IEnvValue;
  /** The URL scheme; `<prefix>URL` is rendered only with one. */
  readonly urlScheme: string | undefined;
}

/**
 * How to reach a Database. As an IEnvGroup with prefix `DB_` it renders `DB_HOST`, `DB_PORT`,
 * `DB_USER`, `DB_PASSWORD` (a secretKeyRef), `DB_NAME` (not for redis) and `DB_URL`, in that order.
 * `DB_URL` embeds `$(DB_PASSWORD)`, which Kubernetes expands from the variable defined before it,
 * so the password is never written into the manifest. It is rendered only when the password is
 * generated: generated values are alphanumeric and need no URL escaping, while a password from
 * your own Secret might contain `@`, `/` or `:`.
 * @example
 * new App(stack, 'api', { image: 'api:1.0', envGroups: { DB_: orders.connection } });
 */
export class DatabaseConnection implements IEnvGroup {
  /** The port the client Service listens on. */
  readonly port: number;
  /** The user name (redis: `default`). */
  readonly username: string;
  /** The database name; undefined for redis. */
  readonly databaseName: string | undefined;
  /** The password as an env value (a secretKeyRef). */
  readonly password: IEnvValue;
  private readonly options: DatabaseConnectionOptions;

  constructor(options: DatabaseConnectionOptions) {
    this.options = options;
    this.port = options.port;
    this.username = options.username;
    this.databaseName = options.databaseName;
    this.password = { renderEnv: (name) => options.password.renderEnv(name), dependencies: [options.database] };
  }

  /** `<service>.<namespace>.svc`, or the short Service name when the namespace is unknown. */
  get host(): string {
    const ns = this.options.namespace();
    return ns === undefined ? this.options.serviceName : `${this.options.serviceName}.${ns}.svc`;
  }

  /** The URL with `$(<prefix>PASSWORD)` in place of the password; undefined when none is rendered. */
  renderUrl(prefix: string): string | undefined {
    const scheme = this.options.urlScheme;
    if (scheme === undefined) return undefined;
    const path = this.databaseName === undefined ? '' : `/${encodeURIComponent(this.databaseName)}`;
    return `${scheme}://${encodeURIComponent(this.username)}:$(${prefix}PASSWORD)@${this.host}:${this.port}${path}`;
  }

  /** The variables, each name prefixed with `prefix`. */
  renderEnvGroup(prefix: string): V1EnvVar[] {
    const env: V1EnvVar[] = [
      { name: `${prefix}HOST`, value: this.host },
      { name: `${prefix}PORT`, value: String(this.port) },
      { name: `${prefix}USER`, value: this.username },
      this.password.renderEnv(`${prefix}PASSWORD`),
    ];
    if (this.databaseName !== undefined) env.push({ name: `${prefix}NAME`, value: this.databaseName });
    const url = this.renderUrl(prefix);
    if (url !== undefined) env.push({ name: `${prefix}URL`, value: url });
    return env;
  }

  /** The Database: apps using the connection are applied after it. */
  get dependencies(): readonly Construct[] {
    return [this.options.database];
  }
}
