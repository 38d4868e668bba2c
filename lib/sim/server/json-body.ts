// Pre-encoded JSON answers: each stored object serialised once (stored objects are frozen, so an
// object's bytes never change while it lives), lists assembled from views of those bytes, and
// writing an encoded body to a response. It decides nothing about what to answer; the bytes are
// always exactly JSON.stringify's.

import type { ServerResponse } from 'node:http';
import { encodeObject } from '../json-cache.ts';

/** A JSON body already encoded as UTF-8, in pieces (joined, they are one JSON document). */
export class EncodedJson {
  /** Total bytes of the pieces. */
  readonly byteLength: number;

  constructor(readonly chunks: readonly Buffer[]) {
    let n = 0;
    for (const c of chunks) n += c.length;
    this.byteLength = n;
  }
}

// The bytes of stored objects are cached per object in ../json-cache.ts (shared with the state file).
export { encodeObject };

/** The size of the buffers a JsonWriter packs strings into. */
const PACK_BYTES = 64 * 1024;
/** Bytes shorter than this are copied into the pack; longer ones (cached objects) are kept as they are. */
const COPY_BELOW = 256;

/**
 * Builds an EncodedJson from strings and cached bytes without copying the cached bytes: strings
 * are packed into shared 64 KiB buffers, and the body is the sequence of packed runs and cached
 * byte views. A request allocates about the size of its strings only.
 */
export class JsonWriter {
  private readonly chunks: Buffer[] = [];
  private buffer = Buffer.allocUnsafe(PACK_BYTES);
  /** Where the next byte goes, and where the run not yet in `chunks` starts. */
  private at = 0;
  private runStart = 0;

  /** Appends a string as UTF-8. */
  writeString(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (text.length * 3 > PACK_BYTES - this.at) {
      if (text.length * 3 > PACK_BYTES / 2) return this.appendView(Buffer.from(text));
      this.nextBuffer();
    }
    this.at += this.buffer.write(text, this.at);
  }

  /** Appends bytes; cached bytes must not change afterwards (they are sent as they are). */
  writeBytes(bytes: Buffer): void {
    if (bytes.length >= COPY_BELOW) return this.appendView(bytes);
    if (bytes.length > PACK_BYTES - this.at) this.nextBuffer();
    bytes.copy(this.buffer, this.at);
    this.at += bytes.length;
  }

  /** The body written so far; the writer must not be used after. */
  finish(): EncodedJson {
    this.closeRun();
    return new EncodedJson(this.chunks);
  }

  private appendView(bytes: Buffer): void {
    this.closeRun();
    this.chunks.push(bytes);
  }

  private closeRun(): void {
    if (this.at > this.runStart) this.chunks.push(this.buffer.subarray(this.runStart, this.at));
    this.runStart = this.at;
  }

  private nextBuffer(): void {
    this.closeRun();
    this.buffer = Buffer.allocUnsafe(PACK_BYTES);
    this.at = 0;
    this.runStart = 0;
  }
}

/**
 * A `{…,"items":[…]}` list with each item's cached bytes: the same text as JSON.stringify(list).
 * `items` must be the list's last key (as the API server builds lists); otherwise it is encoded whole.
 */
export function encodeList(list: { readonly items: readonly object[] }): EncodedJson {
  const head = JSON.stringify({ ...list, items: [] });
  if (!head.endsWith('"items":[]}')) return new EncodedJson([Buffer.from(JSON.stringify(list))]);
  const out = new JsonWriter();
  out.writeString(head.slice(0, -2));
  list.items.forEach((item, i) => {
    if (i > 0) out.writeString(',');
    out.writeBytes(encodeObject(item));
  });
  out.writeString(']}');
  return out.finish();
}

/**
 * Writes an encoded JSON answer with its Content-Length. The pieces go to the socket in one corked
 * write (no copy: the body is already in memory); Node buffers what the client has not read yet.
 */
export function sendEncoded(res: ServerResponse, code: number, body: EncodedJson, contentType = 'application/json', headers: Record<string, string | string[]> = {}): void {
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': body.byteLength, ...headers });
  const last = body.chunks.length - 1;
  if (last < 1) return void res.end(body.chunks[0]);
  res.cork();
  for (let i = 0; i < last; i++) res.write(body.chunks[i]);
  res.uncork();
  res.end(body.chunks[last]);
}
