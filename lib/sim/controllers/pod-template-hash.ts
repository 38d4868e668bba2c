// The `pod-template-hash` of a Deployment's pod template, computed as the deployment controller
// does (a 32-bit FNV-1a hash, plus the collision count, written in the "safe" alphabet), and the
// template comparison that ignores that label. The bytes hashed are canonical JSON, not Go's
// spew dump, so hashes differ from a real cluster's but are stable across runs.

/** The label a Deployment adds to its ReplicaSets, their selectors and their pods. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** The alphabet of rand.SafeEncodeString: no vowels, no 0/1/3, so no words and no confusion. */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Canonical JSON: object keys sorted, so equal templates give equal bytes. */
function writeCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(writeCanonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${writeCanonical(v)}`).join(',')}}`;
}

function updateFnv32a(hash: number, bytes: Uint8Array): number {
  let h = hash;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Each character of `s` mapped into the safe alphabet (rand.SafeEncodeString). */
export function encodeSafeString(s: string): string {
  let out = '';
  for (const ch of s) out += SAFE_ALPHABET[ch.codePointAt(0)! % SAFE_ALPHABET.length];
  return out;
}

/**
 * The pod-template-hash of a template: FNV-1a over the template, then over the collision count
 * (8 bytes, little-endian) when the Deployment has one, printed in decimal and safe-encoded.
 * @example computePodTemplateHash(deployment.spec.template) // e.g. '7d9c5b8f4'
 */
export function computePodTemplateHash(template: unknown, collisionCount?: number): string {
  let hash = updateFnv32a(0x811c9dc5, new TextEncoder().encode(writeCanonical(template)));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = updateFnv32a(hash, bytes);
  }
  return encodeSafeString(String(hash));
}

/** Drops what Go's semantic equality treats as unset: null, empty strings, lists and maps. */
function normalizeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((v) => normalizeValue(v) ?? null);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const n = normalizeValue(v);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === null || value === '' ? undefined : value;
}

function withoutHashLabel(template: unknown): unknown {
  if (template === null || typeof template !== 'object') return template;
  const t = template as { metadata?: { labels?: Record<string, string> } };
  const labels = t.metadata?.labels;
  if (!labels || !(POD_TEMPLATE_HASH_LABEL in labels)) return template;
  const { [POD_TEMPLATE_HASH_LABEL]: _hash, ...rest } = labels;
  return { ...t, metadata: { ...t.metadata, labels: rest } };
}

const COMPARABLE = new WeakMap<object, string>();

/** The canonical text two templates are compared by, cached per stored (frozen) template. */
function toComparable(template: unknown): string {
  const cacheable = template !== null && typeof template === 'object' && Object.isFrozen(template);
  const cached = cacheable ? COMPARABLE.get(template as object) : undefined;
  if (cached !== undefined) return cached;
  const text = writeCanonical(normalizeValue(withoutHashLabel(template)) ?? null);
  if (cacheable) COMPARABLE.set(template as object, text);
  return text;
}

/** True when two pod templates are semantically equal once `pod-template-hash` is ignored (EqualIgnoreHash). */
export function isTemplateEqualIgnoringHash(a: unknown, b: unknown): boolean {
  return toComparable(a) === toComparable(b);
}
