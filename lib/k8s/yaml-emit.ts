// A fast YAML emitter for JSON-shaped manifests: plain objects, arrays, strings, finite numbers,
// booleans and null. Its output is byte-identical to the `yaml` library's `stringify(value,
// { aliasDuplicateObjects: false, lineWidth: 0, singleQuote: false })`; whatever it is not sure
// about (control characters, over-long or multi-line keys, class instances, ...) it declines.

import { Document } from 'yaml';

/** Thrown inside the emitter when a value needs the library; never escapes this module. */
class Declined extends Error {}
const DECLINED = new Declined('declined');

// The library's test for strings that cannot be plain scalars (stringifyString's plainString).
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// Characters the library always writes in double quotes with escapes; we leave those to it.
const NEEDS_ESCAPES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
// Keys with lines starting `%`, `---` or `...` are quoted or not depending on depth.
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;
// Longer keys become explicit (`? key`) keys.
const MAX_KEY_LENGTH = 1024;

/** Regexes of the core schema's non-string scalars: a plain string matching one must be quoted. */
const AMBIGUOUS: readonly RegExp[] = (() => {
  const schema = new Document().schema;
  const tags = [...schema.tags, ...(schema.compat ?? [])];
  const out: RegExp[] = [];
  for (const tag of tags) {
    if (tag.default && tag.tag !== 'tag:yaml.org,2002:str' && 'test' in tag && tag.test instanceof RegExp) out.push(tag.test);
  }
  return out;
})();

function isAmbiguous(value: string): boolean {
  for (const re of AMBIGUOUS) if (re.test(value)) return true;
  return false;
}

// Single-line scalars do not depend on indentation, and manifests repeat them a lot.
const SCALAR_CACHE = new Map<string, string>();
const KEY_CACHE = new Map<string, string>();
const CACHE_LIMIT = 20_000;

function remember(cache: Map<string, string>, key: string, value: string): string {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** A map key as the library writes it (plain or double-quoted), or declines. */
function formatKey(key: string): string {
  const cached = KEY_CACHE.get(key);
  if (cached !== undefined) return cached;
  if (key.includes('\n') || NEEDS_ESCAPES.test(key) || DOCUMENT_MARKER.test(key)) throw DECLINED;
  const out = NOT_PLAIN.test(key) || isAmbiguous(key) ? JSON.stringify(key) : key;
  if (out.length > MAX_KEY_LENGTH) throw DECLINED;
  return remember(KEY_CACHE, key, out);
}

/** A string value; `indent` is where a block scalar's lines go. */
function formatString(value: string, indent: string): string {
  const cached = SCALAR_CACHE.get(value);
  if (cached !== undefined) return cached;
  // Values are never at the document's top level, so document markers in them change nothing.
  if (NEEDS_ESCAPES.test(value)) throw DECLINED;
  if (value.includes('\n')) return formatBlockLiteral(value, indent);
  const out = NOT_PLAIN.test(value) || isAmbiguous(value) ? JSON.stringify(value) : value;
  return remember(SCALAR_CACHE, value, out);
}

/** A multi-line string as a block literal (`|`, `|-`, `|+`), the library's way. */
function formatBlockLiteral(text: string, indent: string): string {
  // Whitespace-only last lines make the library double-quote across lines; leave it to it.
  if (/\n[\t ]+$/.test(text)) throw DECLINED;
  let value = text;
  let endStart = value.length;
  for (; endStart > 0; --endStart) {
    const ch = value[endStart - 1];
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
  }
  let end = value.substring(endStart);
  const endNewline = end.indexOf('\n');
  const chomp = endNewline === -1 ? '-' : value === end || endNewline !== end.length - 1 ? '+' : '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  let startsWithSpace = false;
  let startEnd = 0;
  let startNewline = -1;
  for (; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === ' ') startsWithSpace = true;
    else if (ch === '\n') startNewline = startEnd;
    else break;
  }
  let start = value.substring(0, startNewline < startEnd ? startNewline + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  // Values are never at the top level, so the indentation indicator is always 2.
  const header = (startsWithSpace ? '2' : '') + chomp;
  return `|${header}\n${indent}${start}${value.replace(/\n+/g, `$&${indent}`)}${end}`;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf';
  return Object.is(value, -0) ? '-0' : JSON.stringify(value);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A scalar after `key: ` or `- `, or undefined when the value is a collection. */
function formatScalar(value: unknown, indent: string): string | undefined {
  switch (typeof value) {
    case 'string':
      return formatString(value, indent);
    case 'number':
      return formatNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? 'null' : undefined;
    default:
      throw DECLINED;
  }
}

/** The pieces of the document being written; joined once per document. */
let parts: string[] = [];

/**
 * Writes the lines of a block map whose keys sit at `indent`, the first line starting with
 * `first` instead (`- ` under a sequence). Writes nothing for a map without entries.
 */
function emitMap(map: Record<string, unknown>, indent: string, first: string): void {
  let prefix = first;
  const inner = `${indent}  `;
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue;
    const scalar = formatScalar(value, inner);
    if (scalar !== undefined) {
      parts.push(`${prefix}${formatKey(key)}: ${scalar}\n`);
    } else if (Array.isArray(value)) {
      if (value.length === 0) {
        parts.push(`${prefix}${formatKey(key)}: []\n`);
      } else {
        parts.push(`${prefix}${formatKey(key)}:\n`);
        emitSeq(value, inner, inner);
      }
    } else {
      if (!isPlainObject(value as object)) throw DECLINED;
      const at = parts.length;
      parts.push(`${prefix}${formatKey(key)}:\n`);
      emitMap(value as Record<string, unknown>, inner, inner);
      if (parts.length === at + 1) parts[at] = `${prefix}${formatKey(key)}: {}\n`;
    }
    prefix = indent;
  }
}

/** Writes the lines of a non-empty block sequence whose dashes sit at `indent` (the first after `first`). */
function emitSeq(items: readonly unknown[], indent: string, first: string): void {
  let dash = `${first}- `;
  const nextDash = `${indent}- `;
  const inner = `${indent}  `;
  for (let i = 0; i < items.length; i++) {
    if (!(i in items)) throw DECLINED;
    const item = items[i];
    if (item === undefined) throw DECLINED;
    const scalar = formatScalar(item, inner);
    if (scalar !== undefined) {
      parts.push(`${dash}${scalar}\n`);
    } else if (Array.isArray(item)) {
      if (item.length === 0) parts.push(`${dash}[]\n`);
      else emitSeq(item, inner, dash);
    } else {
      if (!isPlainObject(item as object)) throw DECLINED;
      const at = parts.length;
      emitMap(item as Record<string, unknown>, inner, dash);
      if (parts.length === at) parts.push(`${dash}{}\n`);
    }
    dash = nextDash;
  }
}

/**
 * Serializes a JSON-shaped object as one YAML document, exactly as the `yaml` library would with
 * shipshape's options; undefined when the value holds something it leaves to the library.
 */
export function tryEmitYaml(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !isPlainObject(value)) return undefined;
  const outer = parts; // a getter in the value could call back in here
  parts = [];
  try {
    emitMap(value, '', '');
    return parts.length === 0 ? '{}\n' : parts.join('');
  } catch (err) {
    if (err instanceof Declined) return undefined;
    throw err;
  } finally {
    parts = outer;
  }
}
