// Seeded randomness for the simulation: uids, generateName suffixes, pod-template hashes.
// Same seed, same sequence, so a run can be repeated exactly. Not for secrets.

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'; // the alphabet Kubernetes uses for generated names
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = 45; // '-'
const FOUR = 52; // '4', the version digit
/** The characters of the uuid being built (reused: building one allocates only the string). */
const UUID_CODES = new Array<number>(36).fill(0);

/** A small, fast, seeded PRNG (mulberry32) with the helpers the simulation needs. */
export class SeededRandom {
  /** The state as an int32 (the same bits as the uint32 mulberry32 keeps; every use reads it as 32 bits): never a boxed double. */
  private state: number;

  constructor(seed = 1) {
    this.state = seed | 0;
  }

  /** The generator's state, for persistence. */
  get seed(): number {
    return this.state >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return (this.nextBits() >>> 0) / 4294967296;
  }

  /** The next 32 random bits as an int32 (next() is them, unsigned, over 2^32): a small integer, never a boxed double. */
  private nextBits(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return t ^ (t >>> 14);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** `n` characters from Kubernetes' generated-name alphabet (`generateName` suffixes). */
  suffix(n = 5): string {
    let out = '';
    for (let i = 0; i < n; i++) out += SUFFIX_ALPHABET[this.int(SUFFIX_ALPHABET.length)];
    return out;
  }

  /**
   * A version-4-shaped UUID. The API server stamps one on every object it creates, so it is built
   * from character codes in one go rather than a digit at a time. A digit is int(16), a variant
   * digit 8 + int(4): floor(u / 2^32 * 2^k) of the unsigned bits u is exactly u >>> (32 - k).
   */
  uuid(): string {
    for (let i = 0; i < 36; i++) {
      if (i === 8 || i === 13 || i === 18 || i === 23) UUID_CODES[i] = DASH;
      else if (i === 14) UUID_CODES[i] = FOUR;
      else UUID_CODES[i] = HEX_CODES[i === 19 ? 8 + (this.nextBits() >>> 30) : this.nextBits() >>> 28]!;
    }
    return String.fromCharCode.apply(null, UUID_CODES);
  }
}
