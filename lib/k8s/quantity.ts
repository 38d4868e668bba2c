// Kubernetes resource quantities (`500m`, `1.5`, `256Mi`, `1G`, `1e3`): parsing to numbers,
// comparison and formatting. Not a bignum: values are JavaScript numbers, exact for every
// quantity a pod or node realistically carries.

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

/** The message the API server gives for a malformed quantity. */
export const QUANTITY_FORMAT_MESSAGE =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const MULTIPLIERS: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** True when `value` is a well-formed quantity string (or a finite number). */
export function isQuantity(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && QUANTITY.test(value.trim());
}

/**
 * Parses a quantity to a number in base units (cores for cpu, bytes for memory).
 * @throws RangeError naming the value and the allowed form when it is malformed.
 * @example parseQuantity('500m') // 0.5
 * @example parseQuantity('256Mi') // 268435456
 */
export function parseQuantity(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`Invalid quantity ${String(value)}: ${QUANTITY_FORMAT_MESSAGE}`);
    return value;
  }
  const m = QUANTITY.exec(value.trim());
  if (!m) throw new RangeError(`Invalid quantity "${value}": ${QUANTITY_FORMAT_MESSAGE}`);
  const num = Number(m[1]);
  const suffix = m[2] ?? '';
  if (suffix.startsWith('e') || suffix.startsWith('E')) return num * 10 ** Number(suffix.slice(1));
  return num * MULTIPLIERS[suffix]!;
}

/** Parses a quantity, returning undefined instead of throwing when it is malformed. */
export function tryParseQuantity(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return parseQuantity(value);
  } catch {
    return undefined;
  }
}

/** Parses a CPU quantity to millicores, rounding up as Kubernetes does (`0.1` → 100). */
export function parseMillis(value: string | number): number {
  return Math.ceil(parseQuantity(value) * 1000 - 1e-9);
}

/** Compares two quantities: negative when a < b, 0 when equal, positive when a > b. */
export function compareQuantities(a: string | number, b: string | number): number {
  return parseQuantity(a) - parseQuantity(b);
}

/** Formats millicores the way kubectl shows CPU (`250m`, `2`). */
export function formatMillis(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Formats a byte count with the largest binary suffix that divides it exactly (`256Mi`). */
export function formatBytes(bytes: number): string {
  for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const mult = MULTIPLIERS[suffix]!;
    if (bytes >= mult && bytes % mult === 0) return `${bytes / mult}${suffix}`;
  }
  return String(bytes);
}
