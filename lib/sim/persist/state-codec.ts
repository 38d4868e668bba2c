// Turns the simulated cluster's state into versioned JSON text and back, checking every field.
// Encoding yields chunks so a state of 100,000 objects streams to disk; no I/O happens here.

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
  /** Every stored object, in the store's order. */
  objects: unknown[];
  /** Opaque sections other modules keep (faults, events, node settings), by module name. */
  extra?: Record<string, unknown>;
}

/** One piece of encoded text and how many objects have been encoded up to its end. */
export interface StateChunk {
  readonly text: string;
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

/** Checks a state, then encodes it as JSON text in chunks of about `chunkChars` characters. */
export function encodeState(state: SimState, chunkChars = 1 << 20): Iterable<StateChunk> {
  checkStateArgument(state);
  return generateChunks(state, chunkChars);
}

function* generateChunks(state: SimState, chunkChars: number): Generator<StateChunk> {
  const clock = JSON.stringify({ now: state.clock.now });
  const extra = state.extra === undefined ? '' : `,"extra":${JSON.stringify(state.extra)}`;
  let text =
    `{"format":"${STATE_FORMAT}","version":${STATE_VERSION},` +
    `"resourceVersion":${state.resourceVersion},"clock":${clock}${extra},"objects":[`;
  const objects = state.objects;
  for (let i = 0; i < objects.length; i++) {
    const json = JSON.stringify(objects[i]);
    if (json === undefined) throw new TypeError(`SimState objects[${i}] cannot be encoded as JSON`);
    text += i === 0 ? `\n${json}` : `,\n${json}`;
    if (text.length >= chunkChars) {
      yield { text, objectsWritten: i + 1 };
      text = '';
    }
  }
  yield { text: text + TRAILER, objectsWritten: objects.length };
}

/** Reads the format version from the start and end of a file this encoder wrote, cheaply. */
export function peekStateVersion(head: string, tail: string): number | undefined {
  const match = HEADER_PATTERN.exec(head);
  if (match === null || !tail.endsWith(TRAILER)) return undefined;
  return Number(match[1]);
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
