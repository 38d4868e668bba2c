// Turns the simulated cluster's state into versioned JSON text and back, checking every field.
// Encoding yields chunks so a state of 100,000 objects streams to disk; no I/O happens here. Objects
// are written grouped by kind, and a file whose kinds check out decodes to text, unparsed.

import { encodeObject } from '../json-cache.ts';
import { parseKindText, type KindText } from '../store/kind-text.ts';
import { groupSections, readSections, readSectionsAsync } from './state-sections.ts';

/** The `format` field every state file carries. */
export const STATE_FORMAT = 'shipshape-sim-state';
/** The state format version this shipshape reads and writes. */
export const STATE_VERSION = 1;

/** Everything the simulated cluster keeps between runs. */
export interface SimState {
  /** The state format version; always 1 for now. */
  version: 1;
  /** The last resourceVersion the store handed out. */
  resourceVersion: number;
  /** The virtual clock, as an ISO timestamp. */
  clock: { now: string };
  /** Every stored object, in the store's order (but those in `texts`). */
  objects: unknown[];
  /** Kinds kept as the exact text of the state file, not parsed (see store/kind-text.ts). @default none */
  texts?: KindText[];
  /** Opaque sections other modules keep (faults, events, node settings), by module name. */
  extra?: Record<string, unknown>;
}

/** Encoded bytes (UTF-8 JSON, in pieces) and how many objects have been encoded up to their end. */
export interface StateChunk {
  /** The chunk's bytes: joined in order, every chunk of a state is the state file. */
  readonly pieces: readonly Buffer[];
  /** Total bytes of the pieces. */
  readonly byteLength: number;
  readonly objectsWritten: number;
}

/** Why a state text could not be decoded: damaged, or written by a newer format version. */
export interface StateProblem {
  readonly kind: 'corrupt' | 'newer';
  /** What is wrong, phrased to follow `Cannot load ... from <file>: `. */
  readonly detail: string;
  readonly cause?: unknown;
}

const TRAILER = '\n]}\n';
const HEADER_PATTERN = new RegExp(`^\\{"format":"${STATE_FORMAT}","version":(\\d+),`);
const FIRST_SEPARATOR = Buffer.from('\n');
const SEPARATOR = Buffer.from(',\n');
const TRAILER_BYTES = Buffer.from(TRAILER);

/**
 * Checks a state, then encodes it as JSON in chunks of about `chunkBytes` bytes. A frozen object
 * is taken as deep-frozen (as the store's objects are): its bytes are encoded once and reused by
 * later saves while it lives (see json-cache.ts), so a save encodes only what changed.
 */
export function encodeState(state: SimState, chunkBytes = 1 << 20): Iterable<StateChunk> {
  checkStateArgument(state);
  return generateChunks(state, chunkBytes);
}

function* generateChunks(state: SimState, chunkBytes: number): Generator<StateChunk> {
  const objects = state.objects;
  const encoded = objects.map((object, i) => encodeStateObject(object, i));
  const texts = [...(state.texts ?? [])].sort((a, b) => (a.kindKey < b.kindKey ? -1 : a.kindKey > b.kindKey ? 1 : 0));
  const sections = groupSections(objects, encoded, texts);
  const clock = JSON.stringify({ now: state.clock.now });
  const extra = state.extra === undefined ? '' : `,"extra":${JSON.stringify(state.extra)}`;
  const headers = sections === undefined ? '' : `,"sections":${JSON.stringify(sections.map((section) => section.header))}`;
  const header = Buffer.from(
    `{"format":"${STATE_FORMAT}","version":${STATE_VERSION},` +
      `"resourceVersion":${state.resourceVersion},"clock":${clock}${extra}${headers},"objects":[`,
  );
  let pieces: Buffer[] = [header];
  let byteLength = header.length;
  let objectsWritten = 0;
  // Without sections (a kind in two runs, an object without a kind), objects then texts, as they come.
  const entries = sections?.flatMap((section) => section.entries) ?? [
    ...encoded.map((bytes) => ({ bytes, count: 1 })),
    ...texts.map((text) => ({ bytes: text.bytes, count: text.count })),
  ];
  for (const entry of entries) {
    const separator = objectsWritten === 0 ? FIRST_SEPARATOR : SEPARATOR;
    pieces.push(separator, entry.bytes);
    byteLength += separator.length + entry.bytes.length;
    objectsWritten += entry.count;
    if (byteLength >= chunkBytes) {
      yield { pieces, byteLength, objectsWritten };
      pieces = [];
      byteLength = 0;
    }
  }
  pieces.push(TRAILER_BYTES);
  yield { pieces, byteLength: byteLength + TRAILER_BYTES.length, objectsWritten };
}

/** How many objects a state holds, parsed or kept as text. */
export function countStateObjects(state: SimState): number {
  return state.objects.length + (state.texts ?? []).reduce((sum, text) => sum + text.count, 0);
}

/** One object's JSON bytes: cached for frozen (stored) objects, encoded afresh for the rest. */
function encodeStateObject(object: unknown, index: number): Buffer {
  if (object !== null && typeof object === 'object') return encodeObject(object);
  const json = JSON.stringify(object);
  if (json === undefined) throw new TypeError(`SimState objects[${index}] cannot be encoded as JSON`);
  return Buffer.from(json);
}

/** Reads the format version from the start and end of a file this encoder wrote, cheaply. */
export function peekStateVersion(head: string, tail: string): number | undefined {
  const match = HEADER_PATTERN.exec(head);
  if (match === null || !tail.endsWith(TRAILER)) return undefined;
  return Number(match[1]);
}

/**
 * Decodes a state file's bytes. A file whose sections check out (see state-sections.ts) comes
 * back with every kind as text (`texts`), nothing parsed; any other file is parsed in full.
 * With `parse`, texts are parsed too, so `objects` holds everything.
 */
export function decodeStateBytes(bytes: Buffer, options: { parse?: boolean } = {}): SimState | StateProblem {
  const sectioned = decodeSections(bytes);
  if (sectioned === undefined) return decodeState(bytes.toString('utf8'));
  return options.parse ? parseStateTexts(sectioned) : sectioned;
}

/** A state with its texts parsed into `objects` (after the parsed ones; a decoded file has only texts, in file order). */
export function parseStateTexts(state: SimState): SimState {
  if (state.texts === undefined) return state;
  const { texts, ...rest } = state;
  return { ...rest, objects: [...state.objects, ...texts.flatMap((text) => parseKindText(text))] };
}

/** The state of a sectioned file whose sections all check out, with every kind as text; else undefined. */
export function decodeSections(bytes: Buffer): SimState | undefined {
  const header = decodeSectionedHeader(bytes);
  if (header === undefined) return undefined;
  const texts = readSections(bytes, header.bodyStart, header.sections, header.state.resourceVersion);
  return texts === undefined ? undefined : { ...header.state, texts };
}

/** decodeSections(), hashing the sections off the event loop (for reading ahead, see state-prefetch.ts). */
export async function decodeSectionsAsync(bytes: Buffer): Promise<SimState | undefined> {
  const header = decodeSectionedHeader(bytes);
  if (header === undefined) return undefined;
  const texts = await readSectionsAsync(bytes, header.bodyStart, header.sections, header.state.resourceVersion);
  return texts === undefined ? undefined : { ...header.state, texts };
}

/** The checked header fields of a file with sections, where its objects start, and its section list. */
function decodeSectionedHeader(bytes: Buffer): { state: SimState; bodyStart: number; sections: unknown } | undefined {
  const headerEnd = bytes.indexOf(10);
  if (headerEnd < 0 || peekStateVersion(bytes.toString('utf8', 0, 128), bytes.toString('utf8', bytes.length - TRAILER.length)) !== STATE_VERSION) return undefined;
  const head = bytes.toString('utf8', 0, headerEnd);
  if (!head.endsWith('"objects":[')) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(`${head}]}`);
  } catch {
    return undefined;
  }
  if (!isRecord(data) || !('sections' in data)) return undefined;
  const checked = checkDecoded({ ...data, objects: [] });
  if (isStateProblem(checked)) return undefined;
  return { state: checked, bodyStart: headerEnd + 1, sections: data['sections'] };
}

/** Decodes and checks a state file's text; returns a problem instead of throwing. */
export function decodeState(text: string): SimState | StateProblem {
  if (text.trim() === '') return corrupt('the file is empty');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return corrupt(`the file is not valid JSON (${(error as Error).message})`, error);
  }
  return checkDecoded(data);
}

/**
 * Decodes like decodeState, but a file this encoder wrote (one object a line) is parsed object by
 * object, yielding to the event loop every `sliceMs`, so the work fills gaps of other async work.
 * Resolves to undefined when `cancelled()` turns true. Anything unusual falls back to decodeState.
 */
export async function decodeStateInSlices(text: string, options: { sliceMs?: number; cancelled?: () => boolean } = {}): Promise<SimState | StateProblem | undefined> {
  const sliceMs = options.sliceMs ?? 4;
  if (peekStateVersion(text.slice(0, 128), text.slice(-TRAILER.length)) !== STATE_VERSION) return decodeState(text);
  const headerEnd = text.indexOf('\n');
  if (headerEnd < 0 || !text.startsWith('"objects":[', headerEnd - 11)) return decodeState(text);
  let data: unknown;
  const objects: unknown[] = [];
  try {
    data = JSON.parse(`${text.slice(0, headerEnd)}]}`);
    let sliceStart = performance.now();
    for (let at = headerEnd + 1; ; ) {
      const end = text.indexOf('\n', at);
      if (end < 0) return decodeState(text);
      if (end - at === 2 && text.startsWith(']}', at)) {
        if (end + 1 !== text.length) return decodeState(text);
        break;
      }
      const lineEnd = text.charCodeAt(end - 1) === 44 /* , */ ? end - 1 : end;
      objects.push(JSON.parse(text.slice(at, lineEnd)));
      at = end + 1;
      if ((objects.length & 63) === 0 && performance.now() - sliceStart >= sliceMs) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (options.cancelled?.()) return undefined;
        sliceStart = performance.now();
      }
    }
  } catch {
    return decodeState(text);
  }
  if (!isRecord(data)) return decodeState(text);
  return checkDecoded({ ...data, objects });
}

/** Checks the fields of a parsed state file. */
function checkDecoded(data: unknown): SimState | StateProblem {
  if (!isRecord(data) || data['format'] !== STATE_FORMAT) {
    const format = isRecord(data) ? data['format'] : undefined;
    const found = format === undefined ? 'has no format field' : `has format ${quote(format)}`;
    return corrupt(`the file is not a shipshape state file (it ${found}, expected '${STATE_FORMAT}')`);
  }
  const { version, resourceVersion, clock, objects, extra } = data;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return corrupt(`version must be a positive integer: current value is ${quote(version)}`);
  }
  if (version > STATE_VERSION) {
    return {
      kind: 'newer',
      detail: `it was written by a newer shipshape (state format version ${version}, this shipshape reads version ${STATE_VERSION})`,
    };
  }
  if (typeof resourceVersion !== 'number' || !Number.isSafeInteger(resourceVersion) || resourceVersion < 0) {
    return corrupt(`resourceVersion must be a non-negative integer: current value is ${quote(resourceVersion)}`);
  }
  const now = isRecord(clock) ? clock['now'] : undefined;
  if (!isTimestamp(now)) return corrupt(`clock.now must be an ISO timestamp: current value is ${quote(now)}`);
  if (!Array.isArray(objects)) return corrupt(`objects must be an array: current value is ${quote(objects)}`);
  const badIndex = objects.findIndex((object) => !isRecord(object));
  if (badIndex >= 0) {
    return corrupt(`objects[${badIndex}] must be an object: current value is ${quote(objects[badIndex])}`);
  }
  if (extra !== undefined && !isRecord(extra)) return corrupt(`extra must be an object: current value is ${quote(extra)}`);
  const state: SimState = { version: 1, resourceVersion, clock: { now }, objects };
  if (extra !== undefined) state.extra = extra;
  return state;
}

/** Tells a decoded state from a problem. */
export function isStateProblem(value: SimState | StateProblem): value is StateProblem {
  return 'detail' in value && 'kind' in value;
}

function checkStateArgument(state: SimState): void {
  if (state.version !== STATE_VERSION) throw new RangeError(`SimState version must be ${STATE_VERSION}: got ${String(state.version)}`);
  if (!Number.isSafeInteger(state.resourceVersion) || state.resourceVersion < 0) {
    throw new RangeError(`SimState resourceVersion must be a non-negative integer: got ${String(state.resourceVersion)}`);
  }
  if (!isTimestamp(state.clock?.now)) throw new RangeError(`SimState clock.now must be an ISO timestamp: got ${String(state.clock?.now)}`);
  if (!Array.isArray(state.objects)) throw new TypeError('SimState objects must be an array');
  if (state.texts !== undefined && !Array.isArray(state.texts)) throw new TypeError('SimState texts must be an array');
  if (state.extra !== undefined && !isRecord(state.extra)) throw new TypeError('SimState extra must be an object');
}

function corrupt(detail: string, cause?: unknown): StateProblem {
  return cause === undefined ? { kind: 'corrupt', detail } : { kind: 'corrupt', detail, cause };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value));
}

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? 'undefined' : JSON.stringify(value);
  return `'${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`;
}
