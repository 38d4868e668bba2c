// The uid the API server stamps on every object it creates: SeededRandom.uuid()'s string from
// the same draws, built from character codes in one go instead of a digit at a time (creates are
// the server's hottest path). Not a general UUID library.

import type { SeededRandom } from '../random.ts';

/** Character codes of the hex digits. */
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = 45;
const FOUR = 52;
/** The characters of the uid being built (reused: building one never calls out). */
const codes = new Array<number>(36).fill(0);

/**
 * A version-4-shaped uid drawn from `random`: the same string, and the same draws, as
 * `random.uuid()`.
 * @example generateUid(new SeededRandom(1)) === new SeededRandom(1).uuid() // true
 */
export function generateUid(random: SeededRandom): string {
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) codes[i] = DASH;
    else if (i === 14) codes[i] = FOUR;
    else codes[i] = HEX_CODES[i === 19 ? 8 + random.int(4) : random.int(16)]!;
  }
  return String.fromCharCode.apply(null, codes);
}
