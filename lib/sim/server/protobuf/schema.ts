// Message schemas for decoding Kubernetes protobuf bodies: parses the compact field notation of
// messages-core.ts / messages-apis.ts into field tables, and maps an apiVersion/kind to its
// message. Notation per field: `jsonName=number[:type][*|?]`, where type is empty (string),
// `i` (varint integer), `b` (bool), `y` (bytes), `d` (double), `{V}` (map<string, V>, V empty
// for string), or a message (`PodSpec` in the same package, `meta.v1.ObjectMeta` elsewhere);
// `*` marks a repeated field, `?` a pointer scalar whose zero value is kept, and a `...` prefix
// an embedded struct whose fields JSON inlines into the parent.

import { splitApiVersion } from '../../../k8s/kinds.ts';
import { API_MESSAGES } from './messages-apis.ts';
import { CORE_MESSAGES } from './messages-core.ts';

/** A scalar protobuf field type, by how its JSON value is produced. */
export type ScalarType = 'string' | 'int' | 'bool' | 'bytes' | 'double';

/** A field's value type: a scalar or a message (by qualified name, `core.v1.PodSpec`). */
export type ValueType = { readonly scalar: ScalarType } | { readonly message: string };

/** One field of a message. */
export interface FieldSchema {
  readonly json: string;
  readonly number: number;
  readonly type: ValueType;
  readonly repeated: boolean;
  /** Set for `map<string, V>` fields: the value type (the entry is {1 key, 2 value}). */
  readonly mapValue?: ValueType;
  /** Pointer scalars: keep `0`, `false` and `""` (they were set explicitly). */
  readonly keepZero: boolean;
  /** An embedded struct: its fields go into the parent object. */
  readonly inline: boolean;
}

/** A message: its qualified name and fields by number. */
export interface MessageSchema {
  readonly name: string;
  readonly fields: ReadonlyMap<number, FieldSchema>;
}

const SCALARS: Record<string, ScalarType> = { '': 'string', i: 'int', b: 'bool', y: 'bytes', d: 'double' };
const PACKAGES: Readonly<Record<string, Readonly<Record<string, string>>>> = { ...CORE_MESSAGES, ...API_MESSAGES };
const compiled = new Map<string, MessageSchema>();

function parseValueType(code: string, pkg: string): ValueType {
  const scalar = SCALARS[code];
  if (scalar) return { scalar };
  if (code === '') return { scalar: 'string' };
  return { message: code.includes('.') ? code : `${pkg}.${code}` };
}

/** Parses one field token (`replicas=1:i?`) of a message in package `pkg`. */
export function parseField(token: string, pkg: string): FieldSchema {
  const m = /^(\.\.\.)?([\w$-]+)=(\d+)(?::(\{[\w.]*\}|[\w.]+))?([*?]?)$/.exec(token);
  if (!m) throw new Error(`bad protobuf field notation: ${token}`);
  const [, inline, json, num, code = '', suffix] = m as unknown as [string, string | undefined, string, string, string | undefined, string];
  const map = code.startsWith('{') ? parseValueType(code.slice(1, -1), pkg) : undefined;
  return {
    json,
    number: Number(num),
    type: map ? { scalar: 'string' } : parseValueType(code, pkg),
    repeated: suffix === '*' || map !== undefined,
    ...(map ? { mapValue: map } : {}),
    keepZero: suffix === '?',
    inline: inline !== undefined,
  };
}

/** The schema of a message by qualified name (`apps.v1.Deployment`), or undefined. */
export function findMessage(name: string): MessageSchema | undefined {
  const hit = compiled.get(name);
  if (hit) return hit;
  const dot = name.lastIndexOf('.');
  const pkg = name.slice(0, dot);
  const text = PACKAGES[pkg]?.[name.slice(dot + 1)];
  if (text === undefined) return undefined;
  const fields = new Map<number, FieldSchema>();
  for (const token of text.split(' ')) {
    if (token === '') continue;
    const field = parseField(token, pkg);
    fields.set(field.number, field);
  }
  const schema = { name, fields };
  compiled.set(name, schema);
  return schema;
}

/** The message of a kind (`apps/v1`, `Deployment` → `apps.v1.Deployment`), or undefined. */
export function messageOfKind(apiVersion: string, kind: string): string | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  const name = `${group === '' ? 'core' : group.split('.')[0]}.${version}.${kind}`;
  return findMessage(name) ? name : undefined;
}
