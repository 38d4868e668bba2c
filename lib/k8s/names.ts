// Kubernetes name, label and annotation rules, with the wording the API server uses.
// These are pure checks returning messages; callers attach the object and field path.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
/** Total size of all annotation keys and values of one object. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Which name rule a kind's `metadata.name` follows. */
export type NameRule = 'label' | 'subdomain' | 'label1035' | 'path';

function maxLen(max: number): string {
  return `must be no more than ${max} characters`;
}

/** Messages for a DNS-1123 label (e.g. Namespace and Service names); empty when valid. */
export function checkDns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) errs.push(maxLen(DNS1123_LABEL_MAX));
  if (!DNS1123_LABEL.test(value)) {
    errs.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return errs;
}

/** Messages for a DNS-1123 subdomain (most object names); empty when valid. */
export function checkDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLen(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errs.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  }
  return errs;
}

/** Messages for a DNS-1035 label (Service names); empty when valid. */
export function checkDns1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) errs.push(maxLen(DNS1123_LABEL_MAX));
  if (!DNS1035_LABEL.test(value)) {
    errs.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return errs;
}

/** Messages for a path-segment name (e.g. RBAC roles); empty when valid. */
export function checkPathSegmentName(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  for (const bad of ['/', '%']) if (value.includes(bad)) return [`may not contain '${bad}'`];
  return [];
}

/** Checks `metadata.name` against a kind's rule; empty when valid. */
export function checkObjectName(value: string, rule: NameRule): string[] {
  switch (rule) {
    case 'label':
      return checkDns1123Label(value);
    case 'label1035':
      return checkDns1035Label(value);
    case 'path':
      return checkPathSegmentName(value);
    case 'subdomain':
      return checkDns1123Subdomain(value);
  }
}

/**
 * True when checkObjectName(value, rule) finds nothing: the same tests, without building the
 * messages (validators call this for every object, and call checkObjectName only when it fails).
 */
export function isValidObjectName(value: string, rule: NameRule): boolean {
  switch (rule) {
    case 'label':
      return isDns1123Label(value);
    case 'label1035':
      return value.length <= DNS1123_LABEL_MAX && DNS1035_LABEL.test(value);
    case 'path':
      return value !== '.' && value !== '..' && !value.includes('/') && !value.includes('%');
    case 'subdomain':
      return value.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(value);
  }
}

/** True when checkDns1123Label(value) finds nothing. */
export function isDns1123Label(value: string): boolean {
  return value.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(value);
}

// Every object carries the same few label keys and many of the same values: remember the valid
// ones (only those, so messages are always computed afresh) up to a bound.
const VALID_CACHE_LIMIT = 10_000;
const validQualifiedNames = new Set<string>();
const validLabelValues = new Set<string>();

function rememberValid(cache: Set<string>, value: string, errs: readonly string[]): void {
  if (errs.length > 0) return;
  if (cache.size >= VALID_CACHE_LIMIT) cache.clear();
  cache.add(value);
}

/** Messages for a qualified name such as a label key (`prefix/name`); empty when valid. */
export function checkQualifiedName(value: string): string[] {
  if (validQualifiedNames.has(value)) return [];
  const errs = computeQualifiedNameErrors(value);
  rememberValid(validQualifiedNames, value, errs);
  return errs;
}

/** True when checkQualifiedName(value) finds nothing (a name seen valid before costs a lookup only). */
export function isQualifiedName(value: string): boolean {
  return validQualifiedNames.has(value) || checkQualifiedName(value).length === 0;
}

function computeQualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  let name = value;
  const errs: string[] = [];
  if (parts.length === 2) {
    const [prefix, rest] = parts as [string, string];
    name = rest;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of checkDns1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else {
    if (name.length > 63) errs.push('name part must be no more than 63 characters');
    if (!QUALIFIED_NAME.test(name)) {
      errs.push(
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      );
    }
  }
  return errs;
}

/** Messages for a label value; empty when valid. */
export function checkLabelValue(value: string): string[] {
  if (validLabelValues.has(value)) return [];
  const errs = computeLabelValueErrors(value);
  rememberValid(validLabelValues, value, errs);
  return errs;
}

function computeLabelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(value)) {
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  }
  return errs;
}

/**
 * True when checkLabels(labels) is sure to find nothing: every value a string, and every key and
 * value one found valid before. False says only "check them" (an entry not seen yet).
 */
export function areLabelsKnownValid(labels: Record<string, unknown>): boolean {
  // for-in rather than Object.keys(): no array of keys; own keys only, as Object.keys() gives.
  for (const key in labels) {
    if (!Object.hasOwn(labels, key)) continue;
    const value = labels[key];
    if (typeof value !== 'string' || !validQualifiedNames.has(key) || !validLabelValues.has(value)) return false;
  }
  return true;
}

/** Field errors for a whole label map, as `[fieldSuffix, message]` pairs. */
export function checkLabels(labels: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const key of Object.keys(labels)) {
    const value = labels[key];
    // Most labels were seen (and found valid) on an earlier object.
    if (typeof value === 'string' && validQualifiedNames.has(key) && validLabelValues.has(value)) continue;
    for (const m of checkQualifiedName(key)) out.push([`[${key}]`, `Invalid value: "${key}": ${m}`]);
    if (typeof value !== 'string') {
      out.push([`[${key}]`, `Invalid value: ${JSON.stringify(value)}: label values must be strings`]);
      continue;
    }
    for (const m of checkLabelValue(value)) out.push([`[${key}]`, `Invalid value: "${value}": ${m}`]);
  }
  return out;
}

/** Field errors for an annotation map: keys must be qualified names, total size limited. */
export function checkAnnotations(annotations: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let total = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const m of checkQualifiedName(key.toLowerCase())) out.push([`[${key}]`, `Invalid value: "${key}": ${m}`]);
    if (typeof value !== 'string') {
      out.push([`[${key}]`, `Invalid value: ${JSON.stringify(value)}: annotation values must be strings`]);
      continue;
    }
    total += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (total > ANNOTATIONS_MAX_BYTES) {
    out.push(['', `Too long: may not be more than ${ANNOTATIONS_MAX_BYTES} bytes`]);
  }
  return out;
}

/** Messages for a port number (1-65535); empty when valid. */
export function checkPortNumber(value: number): string[] {
  if (!Number.isInteger(value) || value < 1 || value > 65535) return ['must be between 1 and 65535, inclusive'];
  return [];
}

/** True when checkPortNumber(value) finds nothing. */
export function isValidPortNumber(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** Messages for a named port (IANA service name); empty when valid. */
export function checkPortName(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 15) errs.push('must be no more than 15 characters');
  if (!IANA_SVC_NAME.test(value)) {
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  } else if (value.includes('--')) {
    errs.push('must not contain consecutive hyphens');
  }
  if (!/[a-z]/.test(value)) errs.push('must contain at least one letter (a-z)');
  return errs;
}

/**
 * Turns any string (a construct path, an id) into a valid DNS-1123 label of at most `max`
 * characters, deterministically: lower-cased, invalid runs become '-', and an over-long result
 * is cut and suffixed with a short hash of the whole input so distinct inputs stay distinct.
 */
export function toDnsLabel(value: string, max = DNS1123_LABEL_MAX): string {
  let out = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (out === '') out = 'x';
  if (out.length <= max) return out;
  const hash = shortHash(value);
  return `${out.slice(0, max - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** An 8-hex-digit FNV-1a hash: stable across runs and platforms, not for security. */
export function shortHash(value: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
