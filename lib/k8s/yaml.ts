// Deterministic YAML for manifests: conventional key order (apiVersion, kind, metadata, then the
// body), sorted label and annotation maps, no anchors, stable line width. Same input, same bytes.

import { isMap, isSeq, parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from './types.ts';
import { tryEmitYaml } from './yaml-emit.ts';
import { reindentQuotedScalars } from './yaml-quoted-indent.ts';

const TOP_ORDER = ['apiVersion', 'kind', 'metadata', 'spec', 'data', 'stringData', 'binaryData', 'type', 'immutable'];
const META_ORDER = ['name', 'generateName', 'namespace', 'labels', 'annotations'];

function orderKeys(obj: Record<string, unknown>, first: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of first) if (obj[key] !== undefined) out[key] = obj[key];
  for (const key of Object.keys(obj)) if (!(key in out) && obj[key] !== undefined) out[key] = obj[key];
  return out;
}

function sortedMap(map: unknown): unknown {
  if (!map || typeof map !== 'object') return map;
  const source = map as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // The default sort compares UTF-16 code units, as `<` does.
  for (const key of Object.keys(source).sort()) {
    if (key === '__proto__') Object.defineProperty(out, key, { value: source[key], enumerable: true, writable: true, configurable: true });
    else out[key] = source[key];
  }
  return out;
}

/** Puts an object's keys in the conventional order, without changing any value. */
export function canonicalize<T extends KubeObject>(obj: T): T {
  const top = orderKeys(obj, TOP_ORDER);
  if (obj.metadata && typeof obj.metadata === 'object') {
    const meta = orderKeys(obj.metadata as Record<string, unknown>, META_ORDER);
    if (meta.labels) meta.labels = sortedMap(meta.labels);
    if (meta.annotations) meta.annotations = sortedMap(meta.annotations);
    top.metadata = meta;
  }
  return top as T;
}

/** Serializes one object as a YAML document (no leading `---`). */
export function toYaml(obj: unknown): string {
  // The fast emitter writes the same bytes as the library, and declines what it cannot.
  return tryEmitYaml(obj) ?? stringify(obj, { aliasDuplicateObjects: false, lineWidth: 0, singleQuote: false });
}

/** Serializes objects as one multi-document YAML stream, each in canonical key order. */
export function manifestsToYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => toYaml(canonicalize(o))).join('---\n');
}

/**
 * Serializes objects that are already in canonical key order (as `synth()` returns them) as one
 * multi-document YAML stream; the same bytes as `manifestsToYaml`, without re-ordering keys.
 */
export function canonicalManifestsToYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => toYaml(o)).join('---\n');
}

/** A mapping key that is itself a map or list (`{{x}}: …` in an unrendered template) is refused, as kubectl does. */
function rejectCollectionKeys(node: unknown, source: string, text: string): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isMap(pair.key) || isSeq(pair.key)) {
        const offset = pair.key.range?.[0];
        const line = offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
        throw new SyntaxError(`${source}${line ? `:${line}` : ''}: invalid YAML: invalid map key: a mapping key must be a string, not a ${isMap(pair.key) ? 'map' : 'list'}`);
      }
      rejectCollectionKeys(pair.value, source, text);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) rejectCollectionKeys(item, source, text);
  }
}

/**
 * Parses a YAML (or JSON) stream into its non-empty documents.
 * @throws SyntaxError naming the source and the line of the first error.
 */
export function parseYamlDocuments(text: string, source = '<input>'): unknown[] {
  // kubectl reads YAML 1.1 (octal 0755, yes/no booleans), and so do we.
  const options = { prettyErrors: true, version: '1.1' } as const;
  let docs = parseAllDocuments(text, options);
  if (!Array.isArray(docs)) return [];
  if (docs.some((doc) => doc.errors.length > 0)) {
    // go-yaml reads a quoted scalar whose continuation lines sit at its key's indentation.
    const relaxed = reindentQuotedScalars(text);
    const retried = relaxed === undefined ? undefined : parseAllDocuments(relaxed, options);
    if (Array.isArray(retried) && retried.every((doc) => doc.errors.length === 0)) docs = retried;
  }
  const out: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      const line = err.linePos?.[0]?.line;
      throw new SyntaxError(`${source}${line ? `:${line}` : ''}: invalid YAML: ${err.message.split('\n')[0]}`);
    }
    rejectCollectionKeys(doc.contents, source, text);
    const value = doc.toJS({ maxAliasCount: 1000 });
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}
