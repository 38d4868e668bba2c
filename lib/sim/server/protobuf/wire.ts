// The protobuf wire format, read side: varints, tags, length-delimited slices and skipping of
// unknown fields. Knows nothing of messages; decode.ts gives the bytes meaning.

/** Wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32 (3/4 are obsolete groups). */
export type WireType = 0 | 1 | 2 | 3 | 4 | 5;

/** Thrown on bytes that are not a well-formed protobuf message. */
export class ProtobufError extends Error {
  override readonly name = 'ProtobufError';
}

/** A cursor over the bytes of one message. */
export class WireReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** True when every byte has been read. */
  done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** Reads a varint as an unsigned 64-bit BigInt. */
  readVarint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.bytes.length) throw new ProtobufError('unexpected end of varint');
      const byte = this.bytes[this.pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asUintN(64, result);
    }
    throw new ProtobufError('varint is too long');
  }

  /** Reads a varint as a signed 64-bit integer (int32 and int64 fields), as a number. */
  readInt(): number {
    return Number(BigInt.asIntN(64, this.readVarint()));
  }

  /** Reads a field key: the field number and wire type. */
  readTag(): { field: number; wireType: WireType } {
    const key = Number(this.readVarint());
    const wireType = key & 7;
    if (wireType > 5) throw new ProtobufError(`unknown wire type ${wireType}`);
    return { field: Math.floor(key / 8), wireType: wireType as WireType };
  }

  /** Reads a length-delimited field's bytes. */
  readBytes(): Uint8Array {
    const length = Number(this.readVarint());
    if (this.pos + length > this.bytes.length) throw new ProtobufError('length-delimited field runs past the end of the message');
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** Reads 8 bytes as a little-endian double. */
  readDouble(): number {
    const b = this.take(8);
    return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
  }

  /** Reads 4 bytes as a little-endian float. */
  readFloat(): number {
    const b = this.take(4);
    return new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true);
  }

  /** Skips the value of a field of the given wire type. */
  skip(wireType: WireType): void {
    if (wireType === 0) this.readVarint();
    else if (wireType === 1) this.take(8);
    else if (wireType === 2) this.readBytes();
    else if (wireType === 5) this.take(4);
    else throw new ProtobufError('protobuf groups are not supported');
  }

  private take(n: number): Uint8Array {
    if (this.pos + n > this.bytes.length) throw new ProtobufError('unexpected end of message');
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
