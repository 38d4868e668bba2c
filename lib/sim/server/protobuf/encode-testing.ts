// A tiny protobuf encoder for tests: builds messages field by field so decoder tests can write
// exactly the bytes they mean. Test support only; the server never encodes protobuf.

/** Encodes an unsigned or signed (two's complement, 64-bit) integer as a varint. */
export function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

/** A varint field. */
export function intField(field: number, value: number | bigint | boolean): number[] {
  return [...varint(field * 8), ...varint(typeof value === 'boolean' ? Number(value) : value)];
}

/** A length-delimited field holding raw bytes or a nested message. */
export function bytesField(field: number, bytes: ArrayLike<number>): number[] {
  return [...varint(field * 8 + 2), ...varint(bytes.length), ...Array.from(bytes)];
}

/** A string field. */
export function stringField(field: number, value: string): number[] {
  return bytesField(field, new TextEncoder().encode(value));
}

/** A fixed64 field holding a double. */
export function doubleField(field: number, value: number): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, value, true);
  return [...varint(field * 8 + 1), ...b];
}

/** A fixed32 field (raw 4 bytes). */
export function fixed32Field(field: number, value: number): number[] {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, value, true);
  return [...varint(field * 8 + 5), ...b];
}

/** A map entry field: {1 key, 2 value}, the value already encoded as field 2. */
export function mapEntry(field: number, key: string, encodedValue: number[]): number[] {
  return bytesField(field, [...stringField(1, key), ...encodedValue]);
}

/** A whole request body: `k8s\0` + runtime.Unknown {1 typeMeta {1 apiVersion, 2 kind}, 2 raw}. */
export function protobufBody(apiVersion: string, kind: string, raw: number[]): Uint8Array {
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...bytesField(1, [...stringField(1, apiVersion), ...stringField(2, kind)]), ...bytesField(2, raw)]);
}
