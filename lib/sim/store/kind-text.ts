// The objects of one kind kept as the exact JSON text a state file holds, not parsed yet. A store
// restored from a state parses a kind's text on the first read or write of that kind, and hands
// the text back unchanged for the next save while nothing of the kind was written.

import { createHash } from 'node:crypto';

/** One kind's objects as state-file text. */
export interface KindText {
  /** The store's kind key: `apps/Deployment`, `/Pod` for the core group. */
  readonly kindKey: string;
  /** How many objects the text holds (at least one). */
  readonly count: number;
  /** The objects' JSON (UTF-8), one per line, separated by `,\n`: the body of a JSON array. */
  readonly bytes: Buffer;
  /** The highest metadata.resourceVersion among the objects. */
  readonly maxResourceVersion: number;
  /** Hex SHA-256 of `bytes`, as the state file's header records it. */
  readonly sha256: string;
}

/** The hex SHA-256 a state file records for a kind's text. */
export function hashKindText(bytes: Buffer | readonly Buffer[]): string {
  const hash = createHash('sha256');
  if (Buffer.isBuffer(bytes)) hash.update(bytes);
  else for (const piece of bytes) hash.update(piece);
  return hash.digest('hex');
}

/**
 * Parses a kind's text into its objects (fresh JSON.parse output nobody else holds).
 * @throws RangeError when the text is not `count` JSON objects
 */
export function parseKindText(text: KindText): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(`[${text.bytes.toString('utf8')}]`);
  } catch (error) {
    throw new RangeError(`Snapshot objects of kind ${text.kindKey}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (!Array.isArray(parsed) || parsed.length !== text.count) {
    const found = Array.isArray(parsed) ? parsed.length : 0;
    throw new RangeError(`Snapshot objects of kind ${text.kindKey}: expected ${text.count} objects, found ${found}`);
  }
  for (const object of parsed) {
    if (object === null || typeof object !== 'object' || Array.isArray(object)) {
      throw new RangeError(`Snapshot objects of kind ${text.kindKey}: every item must be an object`);
    }
  }
  return parsed as Record<string, unknown>[];
}
