// IPv4 addresses as the simulated network handles them: parsing and formatting dotted quads, and
// address ranges written as a CIDR (`172.18.255.0/24`) or a first-last pair
// (`172.18.255.200-172.18.255.250`), as MetalLB pools are. No IPv6.

/** An inclusive range of IPv4 addresses, as numbers. */
export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

const QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The address as a number, or undefined when `text` is not a dotted-quad IPv4 address. */
export function parseIpv4(text: string): number | undefined {
  const m = QUAD.exec(text);
  if (!m) return undefined;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const part = Number(m[i]);
    if (part > 255 || (m[i]!.length > 1 && m[i]!.startsWith('0'))) return undefined;
    n = n * 256 + part;
  }
  return n;
}

/** True when `text` is a dotted-quad IPv4 address. */
export function isIpv4(text: string): boolean {
  return parseIpv4(text) !== undefined;
}

/** The dotted quad of a numeric address. */
export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/**
 * Parses `a.b.c.d/len` or `first-last` into a range.
 * @throws RangeError when the text is neither, or the range is empty.
 */
export function parseIpv4Range(text: string): Ipv4Range {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  if (slash >= 0) {
    const base = parseIpv4(trimmed.slice(0, slash));
    const bitsText = trimmed.slice(slash + 1);
    const bits = /^\d{1,2}$/.test(bitsText) ? Number(bitsText) : NaN;
    if (base === undefined || !(bits >= 0 && bits <= 32)) throw new RangeError(`Invalid address range "${text}": expected a CIDR such as 172.18.255.192/27`);
    const size = 2 ** (32 - bits);
    const first = Math.floor(base / size) * size;
    return { first, last: first + size - 1 };
  }
  const dash = trimmed.indexOf('-');
  const first = dash > 0 ? parseIpv4(trimmed.slice(0, dash).trim()) : undefined;
  const last = dash > 0 ? parseIpv4(trimmed.slice(dash + 1).trim()) : undefined;
  if (first === undefined || last === undefined) {
    throw new RangeError(`Invalid address range "${text}": expected a CIDR (172.18.255.192/27) or first-last (172.18.255.200-172.18.255.250)`);
  }
  if (last < first) throw new RangeError(`Invalid address range "${text}": the last address comes before the first`);
  return { first, last };
}

/** The range as `first-last`. */
export function formatIpv4Range(range: Ipv4Range): string {
  return `${formatIpv4(range.first)}-${formatIpv4(range.last)}`;
}
