// Decodes `application/vnd.kubernetes.protobuf` request bodies (what `kubectl create <generator>`
// and `kubectl autoscale` send) into the JSON objects the API server takes: the `k8s\0` prefix,
// the runtime.Unknown envelope, then the object message by its schema. Unknown fields are
// skipped. Zero scalars of non-pointer fields are dropped, as JSON's omitempty would.
// Decoding only; responses stay JSON.

import type { KubeObject } from '../../../k8s/types.ts';
import { badRequest } from '../../errors.ts';
import { findMessage, messageOfKind, type ValueType } from './schema.ts';
import { ProtobufError, WireReader, type WireType } from './wire.ts';

/** The 4-byte prefix of every Kubernetes protobuf body: `k8s\0`. */
export const PROTOBUF_MAGIC = Uint8Array.from([0x6b, 0x38, 0x73, 0x00]);

/** The runtime.Unknown envelope of a protobuf body. */
export interface RuntimeUnknown {
  readonly apiVersion: string;
  readonly kind: string;
  readonly raw: Uint8Array;
  readonly contentEncoding: string;
  readonly contentType: string;
}

const utf8 = new TextDecoder();

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Formats a protobuf Timestamp as Go's RFC 3339 (`micro`: six fractional digits, as MicroTime). */
export function formatTimestamp(seconds: number, nanos: number, micro = false): string {
  const d = new Date(seconds * 1000);
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return micro ? `${base}.${pad(Math.floor(nanos / 1000), 6)}Z` : `${base}Z`;
}

/** Decodes the messages whose JSON form is not an object (times, IntOrString, Quantity, FieldsV1). */
function decodeSpecial(bytes: Uint8Array, name: string): { value: unknown } | undefined {
  switch (name) {
    case 'meta.v1.Time':
    case 'meta.v1.MicroTime': {
      const t = decodeGeneric(bytes, name);
      const seconds = Number(t.seconds ?? 0);
      const nanos = Number(t.nanos ?? 0);
      // A zero Time is sent as an empty message; its JSON form is null.
      return { value: seconds === 0 && nanos === 0 ? undefined : formatTimestamp(seconds, nanos, name === 'meta.v1.MicroTime') };
    }
    case 'intstr.IntOrString': {
      const v = decodeGeneric(bytes, name);
      return { value: Number(v.type ?? 0) === 1 ? String(v.strVal ?? '') : Number(v.intVal ?? 0) };
    }
    case 'resource.Quantity':
      return { value: String(decodeGeneric(bytes, name).string ?? '') };
    case 'meta.v1.FieldsV1': {
      const raw = new WireReader(bytes);
      while (!raw.done()) {
        const { field, wireType } = raw.readTag();
        if (field === 1 && wireType === 2) return { value: JSON.parse(utf8.decode(raw.readBytes())) as unknown };
        raw.skip(wireType);
      }
      return { value: {} };
    }
    default:
      return undefined;
  }
}

function readScalar(reader: WireReader, wireType: WireType, type: ValueType & { scalar: string }): unknown {
  const expect = (ok: boolean): void => {
    if (!ok) throw new ProtobufError(`wire type ${wireType} does not fit a ${type.scalar} field`);
  };
  switch (type.scalar) {
    case 'string':
      expect(wireType === 2);
      return utf8.decode(reader.readBytes());
    case 'bytes':
      expect(wireType === 2);
      return Buffer.from(reader.readBytes()).toString('base64');
    case 'int':
      expect(wireType === 0);
      return reader.readInt();
    case 'bool':
      expect(wireType === 0);
      return reader.readVarint() !== 0n;
    default:
      expect(wireType === 1 || wireType === 5);
      return wireType === 1 ? reader.readDouble() : reader.readFloat();
  }
}

function readValue(reader: WireReader, wireType: WireType, type: ValueType): unknown {
  if ('scalar' in type) return readScalar(reader, wireType, type);
  if (wireType !== 2) throw new ProtobufError(`wire type ${wireType} does not fit message ${type.message}`);
  return decodeValue(reader.readBytes(), type.message);
}

function zeroOf(type: ValueType): unknown {
  if ('message' in type) return decodeValue(new Uint8Array(0), type.message);
  return type.scalar === 'int' || type.scalar === 'double' ? 0 : type.scalar === 'bool' ? false : '';
}

function readMapEntry(bytes: Uint8Array, valueType: ValueType): [string, unknown] {
  const reader = new WireReader(bytes);
  let key = '';
  let value: unknown;
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === 1) key = String(readScalar(reader, wireType, { scalar: 'string' }));
    else if (field === 2) value = readValue(reader, wireType, valueType);
    else reader.skip(wireType);
  }
  return [key, value === undefined ? zeroOf(valueType) : value];
}

function isPackable(type: ValueType): boolean {
  return 'scalar' in type && (type.scalar === 'int' || type.scalar === 'bool' || type.scalar === 'double');
}

function decodeGeneric(bytes: Uint8Array, name: string): Record<string, unknown> {
  const schema = findMessage(name);
  if (!schema) throw new ProtobufError(`no schema for message ${name}`);
  const out: Record<string, unknown> = {};
  const reader = new WireReader(bytes);
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    const f = schema.fields.get(field);
    if (!f) {
      reader.skip(wireType);
      continue;
    }
    if (f.mapValue) {
      const [key, value] = readMapEntry(reader.readBytes(), f.mapValue);
      ((out[f.json] ??= {}) as Record<string, unknown>)[key] = value;
    } else if (f.repeated) {
      const list = (out[f.json] ??= []) as unknown[];
      if (wireType === 2 && isPackable(f.type)) {
        const packed = new WireReader(reader.readBytes());
        const elementWireType: WireType = 'scalar' in f.type && f.type.scalar === 'double' ? 1 : 0;
        while (!packed.done()) list.push(readValue(packed, elementWireType, f.type));
      } else {
        list.push(readValue(reader, wireType, f.type));
      }
    } else {
      const value = readValue(reader, wireType, f.type);
      if (f.inline && typeof value === 'object' && value !== null) Object.assign(out, value);
      else if (value === undefined || (!f.keepZero && (value === '' || value === 0 || value === false))) delete out[f.json];
      else out[f.json] = value;
    }
  }
  return out;
}

/** Decodes one message (`apps.v1.Deployment`) to its JSON value. */
export function decodeValue(bytes: Uint8Array, name: string): unknown {
  const special = decodeSpecial(bytes, name);
  return special ? special.value : decodeGeneric(bytes, name);
}

/** Splits a protobuf body into its runtime.Unknown envelope. Throws a 400 Status on a bad body. */
export function decodeUnknown(body: Uint8Array): RuntimeUnknown {
  if (body.length < 4 || PROTOBUF_MAGIC.some((b, i) => body[i] !== b)) {
    throw badRequest('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  const out: { -readonly [K in keyof RuntimeUnknown]: RuntimeUnknown[K] } = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '', contentType: '' };
  try {
    const reader = new WireReader(body.subarray(4));
    while (!reader.done()) {
      const { field, wireType } = reader.readTag();
      if (wireType !== 2) {
        reader.skip(wireType);
      } else if (field === 1) {
        const meta = new WireReader(reader.readBytes());
        while (!meta.done()) {
          const tag = meta.readTag();
          if (tag.wireType !== 2) meta.skip(tag.wireType);
          else if (tag.field === 1) out.apiVersion = utf8.decode(meta.readBytes());
          else if (tag.field === 2) out.kind = utf8.decode(meta.readBytes());
          else meta.skip(tag.wireType);
        }
      } else if (field === 2) out.raw = reader.readBytes();
      else if (field === 3) out.contentEncoding = utf8.decode(reader.readBytes());
      else if (field === 4) out.contentType = utf8.decode(reader.readBytes());
      else reader.skip(wireType);
    }
  } catch (err) {
    throw badRequest(`the body of the request could not be decoded: ${err instanceof Error ? err.message : String(err)}`);
  }
  return out;
}

/**
 * Decodes a protobuf request body into the object it carries (apiVersion and kind from the
 * envelope). Throws a 400 Status for a malformed body or a kind without a known message.
 */
export function decodeProtobufObject(body: Uint8Array): KubeObject {
  const envelope = decodeUnknown(body);
  const { apiVersion, kind } = envelope;
  const message = messageOfKind(apiVersion, kind);
  if (!message) {
    throw badRequest(`no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} in scheme "pkg/api/legacyscheme/scheme.go:30"`);
  }
  if (envelope.contentEncoding !== '') throw badRequest(`unsupported content encoding ${JSON.stringify(envelope.contentEncoding)} in the protobuf envelope`);
  let decoded: Record<string, unknown>;
  try {
    decoded = decodeValue(envelope.raw, message) as Record<string, unknown>;
  } catch (err) {
    // Malformed bytes surface as ProtobufError, or as a SyntaxError from a FieldsV1 payload.
    throw badRequest(`the body of the request could not be decoded: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { metadata, ...rest } = decoded;
  return { apiVersion, kind, metadata: (metadata ?? {}) as KubeObject['metadata'], ...rest } as KubeObject;
}
