// Container images as a simulated kubelet and container runtime see them: the fully qualified
// name a runtime reports (`docker.io/library/nginx:1.27`), a stable digest-based imageID, a
// plausible size, and Go's duration format for the messages that quote times. No registry here.

import { createHash } from 'node:crypto';

/** The fully qualified reference a runtime reports: registry, repository and tag (or digest). */
export function normalizeImage(image: string): string {
  // Every container status asks: kept by image, as imageIdOf() keeps its answers.
  return NORMALIZED.get(image) ?? remember(NORMALIZED, image, normalizeFresh(image));
}

function normalizeFresh(image: string): string {
  let ref = image.trim();
  const firstSlash = ref.indexOf('/');
  const first = firstSlash < 0 ? '' : ref.slice(0, firstSlash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!hasRegistry) ref = firstSlash < 0 ? `docker.io/library/${ref}` : `docker.io/${ref}`;
  const lastSlash = ref.lastIndexOf('/');
  const name = ref.slice(lastSlash + 1);
  if (!name.includes(':') && !name.includes('@')) ref = `${ref}:latest`;
  return ref;
}

/** The repository part of a reference (no tag, no digest). */
function repositoryOf(normalized: string): string {
  const at = normalized.indexOf('@');
  const withoutDigest = at < 0 ? normalized : normalized.slice(0, at);
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** A stable sha256 digest for an image reference. */
function digestOf(normalized: string): string {
  const at = normalized.indexOf('@');
  if (at >= 0) return normalized.slice(at + 1);
  return `sha256:${createHash('sha256').update(normalized).digest('hex')}`;
}

/** Results of pure functions of an image reference, by reference (a cluster uses few images). */
const NORMALIZED = new Map<string, string>();
const IMAGE_IDS = new Map<string, string>();
const IMAGE_SIZES = new Map<string, number>();
const MAX_REMEMBERED = 4096;

function remember<V>(cache: Map<string, V>, image: string, value: V): V {
  if (cache.size >= MAX_REMEMBERED) cache.clear();
  cache.set(image, value);
  return value;
}

/** The `imageID` a runtime reports for a pulled image: `docker.io/library/nginx@sha256:…`. */
export function imageIdOf(image: string): string {
  const known = IMAGE_IDS.get(image);
  if (known !== undefined) return known;
  const normalized = normalizeImage(image);
  return remember(IMAGE_IDS, image, `${repositoryOf(normalized)}@${digestOf(normalized)}`);
}

/** A plausible, stable image size in bytes (5 MB to 205 MB). */
export function imageSizeOf(image: string): number {
  const known = IMAGE_SIZES.get(image);
  if (known !== undefined) return known;
  const hex = createHash('sha256').update(`size:${normalizeImage(image)}`).digest('hex').slice(0, 8);
  return remember(IMAGE_SIZES, image, 5_000_000 + (parseInt(hex, 16) % 200_000_000));
}

/** The error message a failed pull of an unpullable image carries (containerd's wording). */
export function pullErrorOf(image: string): string {
  const normalized = normalizeImage(image);
  return (
    `rpc error: code = NotFound desc = failed to pull and unpack image "${normalized}": ` +
    `failed to resolve reference "${normalized}": ${normalized}: not found`
  );
}

/**
 * Formats milliseconds as Go's time.Duration prints them: `500ms`, `2s`, `1.5s`, `1m20s`, `5m0s`.
 * @example formatGoDuration(80_000) // '1m20s'
 */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${trimNumber(ms)}ms`;
  const totalSeconds = ms / 1000;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds - hours * 3600 - minutes * 60;
  if (hours > 0) return `${hours}h${minutes}m${trimNumber(seconds)}s`;
  if (minutes > 0) return `${minutes}m${trimNumber(seconds)}s`;
  return `${trimNumber(seconds)}s`;
}

function trimNumber(n: number): string {
  return String(Number(n.toFixed(3)));
}
