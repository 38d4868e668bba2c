// Context values passed to a program at synth time (`shipshape synth -c key=value`,
// `--env-file`). An entry that default-exports a function receives one of these.

/** The values a program is synthesized with. */
export class SynthContext {
  private readonly values: ReadonlyMap<string, string>;

  constructor(values: Record<string, string> = {}) {
    this.values = new Map(Object.entries(values));
  }

  /** The value of `key`, or `fallback` when it was not set (undefined without a fallback). */
  get(key: string): string | undefined;
  get(key: string, fallback: string): string;
  get(key: string, fallback?: string): string | undefined {
    return this.values.get(key) ?? fallback;
  }

  /** The value of `key`. @throws RangeError naming the key and how to pass it when it is not set. */
  require(key: string): string {
    const value = this.values.get(key);
    if (value === undefined) {
      throw new RangeError(`Context value '${key}' is required: pass it with -c ${key}=VALUE or in --env-file`);
    }
    return value;
  }

  /** All values, as a plain object. */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.values);
  }
}
