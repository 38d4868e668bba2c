// The state file's sections: its objects grouped by kind, each group with its object count,
// highest resourceVersion and SHA-256 in the file's header. A file whose sections all check out is
// loaded without parsing its objects (see store/kind-text.ts); anything else is parsed in full.

import { createHash, webcrypto } from 'node:crypto';
import { resolveKindKey } from '../store/kind-names.ts';
import { hashKindText, type KindText } from '../store/kind-text.ts';

/** A section as the header records it. */
export interface SectionHeader {
  readonly kind: string;
  readonly count: number;
  readonly maxResourceVersion: number;
  readonly sha256: string;
}

/** A section to write: its header entry and its entries (an object, or a kind's text), to be joined by `,\n`. */
export interface SectionToWrite {
  readonly header: SectionHeader;
  readonly entries: readonly { readonly bytes: Buffer; readonly count: number }[];
}

const OBJECT_SEPARATOR = Buffer.from(',\n');

/** The store key of an object's kind, or undefined when it has none (then the file has no sections). */
function kindKeyOf(object: unknown): string | undefined {
  if (object === null || typeof object !== 'object') return undefined;
  const { apiVersion, kind } = object as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || kind === '') return undefined;
  return resolveKindKey({ apiVersion, kind }).kindKey;
}

function resourceVersionOf(object: unknown): number | undefined {
  const text = (object as { metadata?: { resourceVersion?: unknown } }).metadata?.resourceVersion;
  return typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * Groups encoded objects (in their order) and kind texts (sorted by kind key) into sections, in
 * kind-key order where the objects allow it. Undefined when some object has no kind or no
 * resourceVersion, or a kind would span two sections: such a state is written without sections.
 */
export function groupSections(objects: readonly unknown[], encoded: readonly Buffer[], texts: readonly KindText[]): SectionToWrite[] | undefined {
  const sections: SectionToWrite[] = [];
  let nextText = 0;
  const takeTextsBefore = (key: string | undefined): void => {
    while (nextText < texts.length && (key === undefined || texts[nextText]!.kindKey < key)) sections.push(textSection(texts[nextText++]!));
  };
  for (let start = 0; start < objects.length; ) {
    const key = kindKeyOf(objects[start]);
    if (key === undefined) return undefined;
    let end = start;
    let maxResourceVersion = 0;
    const entries: { bytes: Buffer; count: number }[] = [];
    const hash = createHash('sha256');
    for (; end < objects.length && kindKeyOf(objects[end]) === key; end++) {
      const version = resourceVersionOf(objects[end]);
      if (version === undefined) return undefined;
      maxResourceVersion = Math.max(maxResourceVersion, version);
      if (end > start) hash.update(OBJECT_SEPARATOR);
      hash.update(encoded[end]!);
      entries.push({ bytes: encoded[end]!, count: 1 });
    }
    takeTextsBefore(key);
    sections.push({ header: { kind: key, count: end - start, maxResourceVersion, sha256: hash.digest('hex') }, entries });
    start = end;
  }
  takeTextsBefore(undefined);
  const kinds = new Set(sections.map((section) => section.header.kind));
  return kinds.size === sections.length ? sections : undefined;
}

function textSection(text: KindText): SectionToWrite {
  const header = { kind: text.kindKey, count: text.count, maxResourceVersion: text.maxResourceVersion, sha256: text.sha256 };
  return { header, entries: [{ bytes: text.bytes, count: text.count }] };
}

/**
 * Finds the sections in a state file's bytes (the object lines start at `bodyStart`) and checks
 * them against the header: counts, line structure, hashes, resourceVersions at or below the
 * state's. Undefined when anything differs (the file was edited or damaged: parse it in full).
 */
export function readSections(bytes: Buffer, bodyStart: number, headers: unknown, resourceVersion: number): KindText[] | undefined {
  const texts = locateSections(bytes, bodyStart, headers, resourceVersion);
  return texts?.every((text) => hashKindText(text.bytes) === text.sha256) ? texts : undefined;
}

/** readSections(), hashing on libuv's thread pool (Web Crypto), so the event loop stays free meanwhile. */
export async function readSectionsAsync(bytes: Buffer, bodyStart: number, headers: unknown, resourceVersion: number): Promise<KindText[] | undefined> {
  const texts = locateSections(bytes, bodyStart, headers, resourceVersion);
  if (texts === undefined) return undefined;
  const digests = await Promise.all(texts.map((text) => webcrypto.subtle.digest('SHA-256', text.bytes)));
  return digests.every((digest, i) => Buffer.from(digest).toString('hex') === texts[i]!.sha256) ? texts : undefined;
}

/** The sections as the header describes them, their hashes not checked yet. */
function locateSections(bytes: Buffer, bodyStart: number, headers: unknown, resourceVersion: number): KindText[] | undefined {
  if (!Array.isArray(headers) || headers.length === 0) return undefined;
  const texts: KindText[] = [];
  const kinds = new Set<string>();
  let at = bodyStart;
  for (const header of headers) {
    if (!isSectionHeader(header) || kinds.has(header.kind) || header.maxResourceVersion > resourceVersion) return undefined;
    kinds.add(header.kind);
    const start = at;
    let lineEnd = -1;
    for (let i = 0; i < header.count; i++) {
      lineEnd = bytes.indexOf(10, at);
      if (lineEnd < 0) return undefined;
      at = lineEnd + 1;
    }
    // Every line but the file's last object line ends with the `,` that separates objects.
    const end = bytes[lineEnd - 1] === 44 ? lineEnd - 1 : lineEnd;
    const section = bytes.subarray(start, end);
    texts.push({ kindKey: header.kind, count: header.count, bytes: section, maxResourceVersion: header.maxResourceVersion, sha256: header.sha256 });
  }
  // After the last object line: `]}` and the final newline.
  return at === bytes.length - 3 && bytes[at] === 93 && bytes[at + 1] === 125 ? texts : undefined;
}

function isSectionHeader(value: unknown): value is SectionHeader {
  if (value === null || typeof value !== 'object') return false;
  const { kind, count, maxResourceVersion, sha256 } = value as Record<string, unknown>;
  return (
    typeof kind === 'string' && kind.includes('/') &&
    Number.isSafeInteger(count) && (count as number) > 0 &&
    Number.isSafeInteger(maxResourceVersion) && (maxResourceVersion as number) >= 0 &&
    typeof sha256 === 'string' && /^[0-9a-f]{64}$/.test(sha256)
  );
}
