// Seeded randomness for the simulation: uids, generateName suffixes, pod-template hashes.
// Same seed, same sequence, so a run can be repeated exactly. Not for secrets.

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'; // the alphabet Kubernetes uses for generated names

/** A small, fast, seeded PRNG (mulberry32) with the helpers the simulation needs. */
export class SeededRandom {
  private state: number;

  constructor(seed = 1) {
    this.state = seed >>> 0;
  }

  /** The generator's state, for persistence. */
  get seed(): number {
    return this.state;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
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

  /** A version-4-shaped UUID. */
  uuid(): string {
    const hex = (count: number): string => {
      let s = '';
      for (let i = 0; i < count; i++) s += this.int(16).toString(16);
      return s;
    };
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + this.int(4)).toString(16)}${hex(3)}-${hex(12)}`;
  }
}
