// The ConfigMap construct: plain and binary data, data read from files, an optional content-hash
// name suffix (so a change rolls the pods that use it), and typed references for Apps (a key as
// an env value, the whole map as envFrom or as a volume). It does not watch files after synth.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { Construct } from '../core/construct.ts';
import { MAIN_RESOURCE_ID, Resource, type ResourceProps } from '../core/resource.ts';
import { checkDns1123Subdomain } from '../k8s/names.ts';
import type { V1EnvFromSource, V1Volume } from '../k8s/types.ts';
import {
  checkDefaultMode,
  decodedLength,
  describeKeyProblems,
  describeSizeProblem,
  isBase64,
  renderVolumeItems,
  sortedData,
  toBase64,
} from './config-data.ts';
import type { IEnvSource, IEnvValue, IVolumeSource } from './contracts.ts';
import { instanceLabels } from './instance-labels.ts';
import { parseProps } from './props.ts';
import { PropProblems, strictObject, zBoolean, zCustom, zString, zStringMap, zStrings } from './schema-rules.ts';

/** Props of a ConfigMap. */
export interface ConfigMapProps {
  /**
   * The object name (a DNS-1123 subdomain); with `hashSuffix` the hash is appended to it.
   * @default derived from the construct path
   */
  readonly name?: string;
  /**
   * UTF-8 entries.
   * @default {}
   */
  readonly data?: Readonly<Record<string, string>>;
  /**
   * Binary entries: bytes, or a base64 string.
   * @default {}
   */
  readonly binaryData?: Readonly<Record<string, string | Uint8Array>>;
  /**
   * Files read at construction (relative to the working directory); the key is the file's base
   * name. UTF-8 files go to `data`, others to `binaryData`.
   * @default []
   */
  readonly files?: readonly string[];
  /**
   * Whether the data can never change once created (changing it then means a replace).
   * @default false
   */
  readonly immutable?: boolean;
  /**
   * Appends a 10-character hash of the data to the name (`<name>-<hash>`), as kustomize's
   * configMapGenerator does, so Apps that use the ConfigMap roll when its data changes.
   * @default false
   */
  readonly hashSuffix?: boolean;
}

/** Options of `ConfigMap.keyRef()`. */
export interface KeyRefOptions {
  /**
   * Whether the pod may start when the key is missing.
   * @default false
   */
  readonly optional?: boolean;
}

const isBinaryValue = (v: unknown): boolean => typeof v === 'string' || v instanceof Uint8Array;

const SCHEMA = strictObject({
  name: zString().optional(),
  data: zStringMap().optional(),
  binaryData: z.record(z.string(), zCustom<string | Uint8Array>(isBinaryValue, 'a base64 string or a Uint8Array')).optional(),
  files: zStrings().optional(),
  immutable: zBoolean().optional(),
  hashSuffix: zBoolean().optional(),
});

/** A Resource whose name is computed at synth time (the hash suffix follows later data changes). */
class LazyNamedResource extends Resource {
  private readonly nameOf: () => string;
  constructor(scope: Construct, id: string, props: ResourceProps, nameOf: () => string) {
    super(scope, id, props);
    this.nameOf = nameOf;
  }
  override get name(): string {
    return this.nameOf();
  }
}

/**
 * Configuration data for pods: as environment variables, single env values, or files.
 * @example
 * const config = new ConfigMap(stack, 'web-config', { data: { LOG_LEVEL: 'info' }, hashSuffix: true });
 * new App(stack, 'web', { image: 'nginx:1.27', envFrom: [config] });
 */
export class ConfigMap extends Construct implements IEnvSource, IVolumeSource {
  /** The ConfigMap object (id `Resource`). */
  readonly resource: Resource;
  /** The name without the hash suffix. */
  readonly baseName: string;
  readonly immutable: boolean;
  readonly hashSuffix: boolean;
  private readonly data = new Map<string, string>();
  private readonly binaryData = new Map<string, string>();

  /** A ConfigMap holding the given files (see `ConfigMapProps.files`). */
  static fromFiles(scope: Construct, id: string, paths: readonly string[], props: ConfigMapProps = {}): ConfigMap {
    return new ConfigMap(scope, id, { ...props, files: [...(props.files ?? []), ...paths] });
  }

  /** True when `value` is a ConfigMap. */
  static isConfigMap(value: unknown): value is ConfigMap {
    return value instanceof ConfigMap;
  }

  constructor(scope: Construct, id: string, props: ConfigMapProps = {}) {
    super(scope, id);
    const p = parseProps(this, 'ConfigMap', SCHEMA, props);
    const problems = new PropProblems(this, 'ConfigMap');
    this.baseName = p.name ?? Resource.nameFromPath(this);
    this.hashSuffix = p.hashSuffix ?? false;
    this.immutable = p.immutable ?? false;
    const maxName = this.hashSuffix ? 253 - 11 : 253;
    if (p.name !== undefined) for (const m of checkDns1123Subdomain(p.name)) problems.addValue('name', p.name, m);
    if (this.baseName.length > maxName && this.hashSuffix) {
      problems.addValue('name', this.baseName, `must be no more than ${maxName} characters: 'hashSuffix' appends 11 more`);
    }
    for (const [key, value] of Object.entries(p.data ?? {})) this.putEntry(problems, 'data', key, value);
    for (const [key, value] of Object.entries(p.binaryData ?? {})) this.putEntry(problems, 'binaryData', key, value);
    for (const path of p.files ?? []) this.putFile(problems, path, undefined);
    problems.throwIfAny();
    this.checkSize();

    this.resource = new LazyNamedResource(this, MAIN_RESOURCE_ID, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: instanceLabels(this, this.baseName) } }, () => this.name);
    this.resource.renderWith(() => ({
      data: sortedData(this.data),
      binaryData: sortedData(this.binaryData),
      immutable: this.immutable ? true : undefined,
    }));
  }

  /** The object name: `baseName`, plus `-<hash of the data>` with `hashSuffix`. */
  get name(): string {
    return this.hashSuffix ? `${this.baseName}-${this.contentHash()}` : this.baseName;
  }

  /** Every key, in `data` and `binaryData`, sorted. */
  get keys(): string[] {
    return [...this.data.keys(), ...this.binaryData.keys()].sort();
  }

  /** True when the ConfigMap has this key (in `data` or `binaryData`). */
  hasKey(key: string): boolean {
    return this.data.has(key) || this.binaryData.has(key);
  }

  /** Adds a UTF-8 entry. @throws ValidationError when the key is invalid or already set. */
  addData(key: string, value: string): this {
    return this.addChecked('data', key, value);
  }

  /** Adds a binary entry (bytes, or a base64 string). @throws ValidationError when the key is invalid or already set. */
  addBinaryData(key: string, value: string | Uint8Array): this {
    return this.addChecked('binaryData', key, value);
  }

  /** Reads a file now and adds it under `key` (default: its base name). */
  addFile(path: string, key?: string): this {
    const problems = new PropProblems(this, 'ConfigMap');
    this.putFile(problems, path, key);
    problems.throwIfAny();
    this.checkSize();
    return this;
  }

  /** One key as an environment variable value (`configMapKeyRef`). @throws TypeError for an unknown key unless optional. */
  keyRef(key: string, options: KeyRefOptions = {}): IEnvValue {
    if (!options.optional && !this.hasKey(key)) {
      throw new TypeError(`ConfigMap ${this.node.path}: keyRef(): has no key ${JSON.stringify(key)} (keys: ${this.keys.join(', ') || 'none'})`);
    }
    const optional = options.optional ? { optional: true } : {};
    return {
      renderEnv: (name) => ({ name, valueFrom: { configMapKeyRef: { name: this.name, key, ...optional } } }),
      dependencies: [this],
    };
  }

  /** The whole ConfigMap as environment variables, each name prefixed with `prefix`. */
  renderEnvFrom(prefix?: string): V1EnvFromSource {
    return { ...(prefix ? { prefix } : {}), configMapRef: { name: this.name } };
  }

  /** A pod volume holding one file per key (or only `items`: key → path). */
  renderVolume(volumeName: string, options: { items?: Readonly<Record<string, string>>; defaultMode?: number } = {}): V1Volume {
    const where = `ConfigMap ${this.node.path}`;
    checkDefaultMode(options.defaultMode, where);
    const items = renderVolumeItems(options.items, (k) => this.hasKey(k), where);
    return {
      name: volumeName,
      configMap: { name: this.name, ...(items ? { items } : {}), ...(options.defaultMode !== undefined ? { defaultMode: options.defaultMode } : {}) },
    };
  }

  /** The constructs a pod using this ConfigMap depends on: the ConfigMap itself. */
  get dependencies(): readonly Construct[] {
    return [this];
  }

  /** Ten characters derived from a SHA-256 of the data, using no vowels so no words form. */
  private contentHash(): string {
    const text = JSON.stringify({ data: sortedData(this.data) ?? {}, binaryData: sortedData(this.binaryData) ?? {} });
    const digest = createHash('sha256').update(text).digest();
    const alphabet = 'bcdfghjklmnpqrstvwxz0123456789';
    let out = '';
    for (let i = 0; i < 10; i++) out += alphabet[digest[i]! % alphabet.length];
    return out;
  }

  private addChecked(field: 'data' | 'binaryData', key: string, value: string | Uint8Array): this {
    const problems = new PropProblems(this, 'ConfigMap');
    if (field === 'data' && typeof value !== 'string') problems.add(`addData(): key ${JSON.stringify(key)}: the value must be a string`);
    else if (field === 'binaryData' && !isBinaryValue(value)) problems.add(`addBinaryData(): key ${JSON.stringify(key)}: the value must be a base64 string or a Uint8Array`);
    else this.putEntry(problems, field, key, value);
    problems.throwIfAny();
    this.checkSize();
    return this;
  }

  private putEntry(problems: PropProblems, field: 'data' | 'binaryData', key: string, value: string | Uint8Array): void {
    const keyProblems = describeKeyProblems(field, key);
    for (const m of keyProblems) problems.add(m);
    if (keyProblems.length > 0) return;
    if (this.data.has(key) || this.binaryData.has(key)) {
      problems.add(`key ${JSON.stringify(key)} is set twice: each key may appear once across 'data' and 'binaryData'`);
      return;
    }
    if (field === 'data') {
      this.data.set(key, value as string);
      return;
    }
    const encoded = toBase64(value);
    if (!isBase64(encoded)) problems.add(`'binaryData' key ${JSON.stringify(key)}: must be base64-encoded (standard alphabet, padded)`);
    else this.binaryData.set(key, encoded);
  }

  private putFile(problems: PropProblems, path: string, key: string | undefined): void {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
      problems.add(`cannot read file ${JSON.stringify(path)}: ${reason}`);
      return;
    }
    const text = decodeUtf8(bytes);
    const name = key ?? basename(path);
    if (text !== undefined) this.putEntry(problems, 'data', name, text);
    else this.putEntry(problems, 'binaryData', name, bytes);
  }

  private checkSize(): void {
    let bytes = 0;
    // Like the API server, count the values only.
    for (const v of this.data.values()) bytes += Buffer.byteLength(v);
    for (const v of this.binaryData.values()) bytes += decodedLength(v);
    const problem = describeSizeProblem("'data' and 'binaryData'", bytes);
    if (problem === undefined) return;
    const problems = new PropProblems(this, 'ConfigMap');
    problems.add(problem);
    problems.throwIfAny();
  }
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
