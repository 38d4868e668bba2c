// The Secret construct: stringData/data, typed Secrets (TLS, registry logins, basic auth), keys the
// apply engine generates once, and typed references for Apps. Values never appear in messages.
// Synthesized output carries values as given, so real secrets belong in the environment or the
// synth context (`-c key=value`, `--env-file`), not in the program's source.

import { Construct } from '../core/construct.ts';
import { MAIN_RESOURCE_ID, Resource } from '../core/resource.ts';
import { ValidationError } from '../k8s/errors.ts';
import { checkDns1123Subdomain } from '../k8s/names.ts';
import type { V1EnvFromSource, V1Volume } from '../k8s/types.ts';
import { checkDefaultMode, decodedLength, describeKeyProblems, describeSizeProblem, isBase64, renderVolumeItems, sortedData, toBase64 } from './config-data.ts';
import type { KeyRefOptions } from './config-map.ts';
import type { IEnvSource, IEnvValue, IVolumeSource } from './contracts.ts';
import { instanceLabels } from './instance-labels.ts';
import { failProps, parseProps } from './props.ts';
import { PropProblems, strictObject, zBoolean, zCustom, zInteger, zString, zStringMap, zStrings } from './schema-rules.ts';
import { buildDockerConfigJson, describeTypeProblems, isPem, SECRET_TYPES, type RegistryCredentials, type SecretType } from './secret-types.ts';

export { GENERATE_KEYS_ANNOTATION, GENERATE_LENGTH_ANNOTATION, GENERATOR_FIELD_MANAGER } from '../k8s/annotations.ts';
import { GENERATE_KEYS_ANNOTATION, GENERATE_LENGTH_ANNOTATION } from '../k8s/annotations.ts';

export type { SecretType } from './secret-types.ts';

/** Props of a Secret. */
export interface SecretProps {
  /** @default derived from the construct path */
  readonly name?: string;
  /** @default 'Opaque' */
  readonly type?: SecretType | (string & {});
  /**
   * Values as text. They appear as given in the synthesized YAML (and in snapshots): read real
   * secrets from the environment or the synth context, never write them into the source.
   * @default {}
   */
  readonly stringData?: Readonly<Record<string, string>>;
  /**
   * Values as bytes, or as base64 strings.
   * @default {}
   */
  readonly data?: Readonly<Record<string, string | Uint8Array>>;
  /** @default false */
  readonly immutable?: boolean;
  /**
   * Keys whose values the apply engine generates once (see GENERATE_KEYS_ANNOTATION).
   * @default []
   */
  readonly generateKeys?: readonly string[];
  /**
   * Length of each generated value (16-128 characters).
   * @default 32
   */
  readonly generateLength?: number;
}

/** Props of `Secret.tls()`. */
export interface TlsSecretProps {
  /** The PEM certificate (chain), stored as `tls.crt`. */
  readonly cert: string;
  /** The PEM private key, stored as `tls.key`. */
  readonly key: string;
  /** @default derived from the construct path */
  readonly name?: string;
  /** @default false */
  readonly immutable?: boolean;
}

/** Props of `Secret.dockerConfig()`: one registry login, or several in `logins`. */
export interface DockerConfigSecretProps extends Partial<RegistryCredentials> {
  /** @default just the login given by registry/username/password */
  readonly logins?: readonly RegistryCredentials[];
  /** @default derived from the construct path */
  readonly name?: string;
}

const DEFAULT_GENERATE_LENGTH = 32;
const isDataValue = (v: unknown): boolean => typeof v === 'string' || v instanceof Uint8Array;

const SCHEMA = strictObject({
  name: zString().optional(),
  type: zString().optional(),
  stringData: zStringMap().optional(),
  data: zCustom<Record<string, string | Uint8Array>>(
    (v) => typeof v === 'object' && v !== null && Object.values(v).every(isDataValue),
    'an object of base64 strings or Uint8Arrays',
  ).optional(),
  immutable: zBoolean().optional(),
  generateKeys: zStrings().optional(),
  generateLength: zInteger({ min: 16, max: 128 }).optional(),
});

/**
 * Confidential data for pods: passwords, tokens, TLS keys, registry logins.
 * @example
 * const api = new Secret(stack, 'api-token', { stringData: { token: ctx.require('API_TOKEN') } });
 * new App(stack, 'web', { image: 'nginx:1.27', env: { TOKEN: api.keyRef('token') } });
 */
export class Secret extends Construct implements IEnvSource, IVolumeSource {
  /** The Secret object (id `Resource`). */
  readonly resource: Resource;
  readonly name: string;
  readonly type: string;
  readonly immutable: boolean;
  /** Keys the apply engine generates (never synthesized). */
  readonly generateKeys: readonly string[];
  private readonly stringData = new Map<string, string>();
  private readonly data = new Map<string, string>();

  /** A `kubernetes.io/tls` Secret from a PEM certificate and key. */
  static tls(scope: Construct, id: string, props: TlsSecretProps): Secret {
    const notPem = (['cert', 'key'] as const).filter((k) => typeof props?.[k] !== 'string' || !isPem(props[k]));
    if (notPem.length > 0) {
      failBeforeCreate(scope, id, notPem.map((k) => `'${k}' must be PEM-encoded text (a '-----BEGIN …-----' block); the value is not shown`));
    }
    return new Secret(scope, id, {
      name: props.name,
      immutable: props.immutable,
      type: 'kubernetes.io/tls',
      stringData: { 'tls.crt': props.cert, 'tls.key': props.key },
    });
  }

  /** A `kubernetes.io/dockerconfigjson` Secret (an image pull secret) from registry logins. */
  static dockerConfig(scope: Construct, id: string, props: DockerConfigSecretProps): Secret {
    const { logins, name, ...single } = props ?? {};
    const all = [...(logins ?? [])];
    if (single.registry !== undefined || single.username !== undefined || single.password !== undefined) all.push(single as RegistryCredentials);
    if (all.length === 0) failBeforeCreate(scope, id, ["needs a registry login: give 'registry', 'username' and 'password', or 'logins'"]);
    const problems = all.flatMap((login, i) => {
      const missing = (['registry', 'username', 'password'] as const).filter((k) => typeof login[k] !== 'string' || login[k] === '');
      return missing.length > 0 ? [`registry login ${i + 1} needs ${missing.map((k) => `'${k}'`).join(', ')}`] : [];
    });
    if (problems.length > 0) failBeforeCreate(scope, id, problems);
    return new Secret(scope, id, { name, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': buildDockerConfigJson(all) } });
  }

  /** A `kubernetes.io/basic-auth` Secret with `username` and `password`. */
  static basicAuth(scope: Construct, id: string, props: { readonly username: string; readonly password: string; readonly name?: string }): Secret {
    return new Secret(scope, id, { name: props.name, type: 'kubernetes.io/basic-auth', stringData: { username: props.username, password: props.password } });
  }

  /** True when `value` is a Secret. */
  static isSecret(value: unknown): value is Secret {
    return value instanceof Secret;
  }

  constructor(scope: Construct, id: string, props: SecretProps = {}) {
    super(scope, id);
    const p = parseProps(this, 'Secret', SCHEMA, props, { sensitive: true });
    const problems = new PropProblems(this, 'Secret');
    this.name = p.name ?? Resource.nameFromPath(this);
    this.type = p.type ?? 'Opaque';
    this.immutable = p.immutable ?? false;
    this.generateKeys = [...(p.generateKeys ?? [])];
    if (p.name !== undefined) for (const m of checkDns1123Subdomain(p.name)) problems.addValue('name', p.name, m);
    if (p.type === '') problems.add(`'type' must not be empty (known types: ${SECRET_TYPES.join(', ')})`);
    for (const [key, value] of Object.entries(p.stringData ?? {})) this.putEntry(problems, 'stringData', key, value);
    for (const [key, value] of Object.entries(p.data ?? {})) this.putEntry(problems, 'data', key, value);
    this.checkGenerated(problems, p.generateLength);
    problems.throwIfAny();
    for (const m of describeTypeProblems(this.type, new Set(this.keys), (k) => this.stringData.get(k))) problems.add(m);
    problems.throwIfAny();
    this.checkSize();

    this.resource = new Resource(this, MAIN_RESOURCE_ID, { apiVersion: 'v1', kind: 'Secret', metadata: { name: this.name, labels: instanceLabels(this, this.name) } });
    if (this.generateKeys.length > 0) {
      this.resource.addAnnotation(GENERATE_KEYS_ANNOTATION, this.generateKeys.join(','));
      this.resource.addAnnotation(GENERATE_LENGTH_ANNOTATION, String(p.generateLength ?? DEFAULT_GENERATE_LENGTH));
    }
    this.resource.renderWith(() => ({
      type: this.type,
      data: sortedData(this.data),
      stringData: sortedData(this.stringData),
      immutable: this.immutable ? true : undefined,
    }));
  }

  /** Every key (given or generated), sorted. */
  get keys(): string[] {
    return [...this.stringData.keys(), ...this.data.keys(), ...this.generateKeys].sort();
  }

  /** True when the Secret has this key (given or generated). */
  hasKey(key: string): boolean {
    return this.stringData.has(key) || this.data.has(key) || this.generateKeys.includes(key);
  }

  /** Adds a text entry. @throws ValidationError naming the key (never the value) when it is invalid or already set. */
  addStringData(key: string, value: string): this {
    const problems = new PropProblems(this, 'Secret');
    if (typeof value !== 'string') problems.add(`addStringData(): key ${JSON.stringify(key)}: the value must be a string`);
    else this.putEntry(problems, 'stringData', key, value);
    problems.throwIfAny();
    this.checkSize();
    return this;
  }

  /** One key as an environment variable value (`secretKeyRef`). @throws TypeError for an unknown key unless optional. */
  keyRef(key: string, options: KeyRefOptions = {}): IEnvValue {
    if (!options.optional && !this.hasKey(key)) {
      throw new TypeError(`Secret ${this.node.path}: keyRef(): has no key ${JSON.stringify(key)} (keys: ${this.keys.join(', ') || 'none'})`);
    }
    const optional = options.optional ? { optional: true } : {};
    return {
      renderEnv: (name) => ({ name, valueFrom: { secretKeyRef: { name: this.name, key, ...optional } } }),
      dependencies: [this],
    };
  }

  /** The whole Secret as environment variables, each name prefixed with `prefix`. */
  renderEnvFrom(prefix?: string): V1EnvFromSource {
    return { ...(prefix ? { prefix } : {}), secretRef: { name: this.name } };
  }

  /** A pod volume holding one file per key (or only `items`: key → path). */
  renderVolume(volumeName: string, options: { items?: Readonly<Record<string, string>>; defaultMode?: number } = {}): V1Volume {
    const where = `Secret ${this.node.path}`;
    checkDefaultMode(options.defaultMode, where);
    const items = renderVolumeItems(options.items, (k) => this.hasKey(k), where);
    return {
      name: volumeName,
      secret: { secretName: this.name, ...(items ? { items } : {}), ...(options.defaultMode !== undefined ? { defaultMode: options.defaultMode } : {}) },
    };
  }

  /** The constructs a pod using this Secret depends on: the Secret itself. */
  get dependencies(): readonly Construct[] {
    return [this];
  }

  private putEntry(problems: PropProblems, field: 'stringData' | 'data', key: string, value: string | Uint8Array): void {
    const keyProblems = describeKeyProblems(field, key);
    for (const m of keyProblems) problems.add(m);
    if (keyProblems.length > 0) return;
    if (this.stringData.has(key) || this.data.has(key)) {
      problems.add(`key ${JSON.stringify(key)} is set twice: each key may appear once across 'stringData' and 'data'`);
      return;
    }
    if (field === 'stringData') {
      this.stringData.set(key, value as string);
      return;
    }
    const encoded = toBase64(value);
    if (!isBase64(encoded)) problems.add(`'data' key ${JSON.stringify(key)}: must be base64-encoded (standard alphabet, padded); the value is not shown`);
    else this.data.set(key, encoded);
  }

  private checkGenerated(problems: PropProblems, length: number | undefined): void {
    const seen = new Set<string>();
    for (const key of this.generateKeys) {
      for (const m of describeKeyProblems('generateKeys', key)) problems.add(m);
      if (seen.has(key)) problems.add(`'generateKeys' lists ${JSON.stringify(key)} twice`);
      seen.add(key);
      if (this.stringData.has(key) || this.data.has(key)) {
        problems.add(`key ${JSON.stringify(key)} is both given and in 'generateKeys': remove it from one of them`);
      }
    }
    if (length !== undefined && this.generateKeys.length === 0) problems.addValue('generateLength', length, "has no effect without 'generateKeys'");
    if (this.immutable && this.generateKeys.length > 0) {
      problems.add(`'immutable' (true) cannot be combined with 'generateKeys' (${JSON.stringify(this.generateKeys)}): generated keys are written after the Secret is created`);
    }
  }

  private checkSize(): void {
    let bytes = 0;
    for (const v of this.stringData.values()) bytes += Buffer.byteLength(v);
    for (const v of this.data.values()) bytes += decodedLength(v);
    const problem = describeSizeProblem("'stringData' and 'data'", bytes);
    if (problem !== undefined) failProps(this, 'Secret', problem);
  }
}

/** Throws for props a static factory rejects before the Secret exists (so before its path does). */
function failBeforeCreate(scope: Construct, id: string, messages: readonly string[]): never {
  const object = `Secret ${scope.node.path}/${id}`;
  throw new ValidationError(messages.map((message) => ({ object, path: '', message })));
}
