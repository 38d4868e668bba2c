// Field selectors as the API server reads them (`metadata.name=web,status.phase!=Running`): the
// parser with its escaping rules, the fields each kind supports, and a matcher over objects.
// Values are compared as strings, as the API server's field sets hold them (Go zero values).

import type { KubeObject } from '../../k8s/types.ts';
import { SelectorError } from './label-selector.ts';

/** One term of a field selector. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '==' | '!=';
  readonly value: string;
}

/** Decides whether an object is selected. */
export type FieldMatcher = (obj: KubeObject) => boolean;

/** Splits on commas that are not escaped with a backslash (fields.splitTerms). */
function splitTerms(selector: string): string[] {
  if (selector === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (inSlash) inSlash = false;
    else if (ch === '\\') inSlash = true;
    else if (ch === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** Finds the first operator in a term; `!=` and `==` win over `=` at the same position. */
function splitTerm(term: string): [string, FieldRequirement['operator'], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** Undoes `\\`, `\,` and `\=`; any other escape, or a bare `,`/`=`, is an error (fields.UnescapeValue). */
function unescapeValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let out = '';
  let inSlash = false;
  for (const ch of value) {
    if (inSlash) {
      if (ch !== '\\' && ch !== ',' && ch !== '=') throw new SelectorError(`invalid field selector: invalid escape sequence: \\${ch}`);
      out += ch;
      inSlash = false;
    } else if (ch === '\\') inSlash = true;
    else if (ch === ',' || ch === '=') throw new SelectorError(`invalid field selector: unescaped character ${ch}`);
    else out += ch;
  }
  if (inSlash) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Escapes a value for a field selector (`\`, `,`, `=`). */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (ch) => `\\${ch}`);
}

/** Parses a field selector; terms come back sorted as written, as the API server sorts them. Throws SelectorError. */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  const requirements: FieldRequirement[] = [];
  for (const part of splitTerms(selector).sort()) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [field, operator, raw] = split;
    requirements.push({ field, operator, value: unescapeValue(raw) });
  }
  return requirements;
}

/** Reads a dotted path as a field-set string: missing is '', booleans `true`/`false`, numbers in decimal. */
export function readFieldValue(obj: unknown, path: string): string {
  let node: unknown = obj;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return '';
    node = (node as Record<string, unknown>)[segment];
  }
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  return '';
}

type Extractor = (obj: KubeObject) => string;

function readPath(p: string): Extractor {
  return (obj) => readFieldValue(obj, p);
}

/** A path whose Go field is a bool or int: an absent value reads as the zero value. */
function readWithZero(p: string, zero: string): Extractor {
  return (obj) => readFieldValue(obj, p) || zero;
}

const COMMON: Record<string, Extractor> = {
  'metadata.name': readPath('metadata.name'),
  'metadata.namespace': readPath('metadata.namespace'),
};

// Fields each built-in kind adds to metadata.name/namespace (the API server's field label conversions).
const KIND_FIELDS: Record<string, Record<string, Extractor>> = {
  '/Pod': {
    'spec.nodeName': readPath('spec.nodeName'),
    'spec.restartPolicy': readPath('spec.restartPolicy'),
    'spec.schedulerName': readPath('spec.schedulerName'),
    'spec.serviceAccountName': readPath('spec.serviceAccountName'),
    'spec.hostNetwork': readWithZero('spec.hostNetwork', 'false'),
    'status.phase': readPath('status.phase'),
    'status.podIP': readPath('status.podIP'),
    'status.nominatedNodeName': readPath('status.nominatedNodeName'),
  },
  '/Event': {
    'involvedObject.kind': readPath('involvedObject.kind'),
    'involvedObject.namespace': readPath('involvedObject.namespace'),
    'involvedObject.name': readPath('involvedObject.name'),
    'involvedObject.uid': readPath('involvedObject.uid'),
    'involvedObject.apiVersion': readPath('involvedObject.apiVersion'),
    'involvedObject.resourceVersion': readPath('involvedObject.resourceVersion'),
    'involvedObject.fieldPath': readPath('involvedObject.fieldPath'),
    reason: readPath('reason'),
    reportingComponent: readPath('reportingComponent'),
    source: readPath('source.component'),
    type: readPath('type'),
  },
  '/Secret': { type: readPath('type') },
  '/Node': { 'spec.unschedulable': readWithZero('spec.unschedulable', 'false') },
  '/Namespace': { 'status.phase': readPath('status.phase') },
  'batch/Job': { 'status.successful': readWithZero('status.succeeded', '0') },
  'apps/ReplicaSet': { 'status.replicas': readWithZero('status.replicas', '0') },
  '/ReplicationController': { 'status.replicas': readWithZero('status.replicas', '0') },
};

/** The field labels a kind can be selected by; custom resources get only metadata.name/namespace. */
export function listFieldLabels(group: string, kind: string): string[] {
  return [...Object.keys(COMMON), ...Object.keys(KIND_FIELDS[`${group}/${kind}`] ?? {})];
}

/**
 * Compiles a field selector for one kind. An unsupported field throws SelectorError
 * `field label not supported: <field>`, as the API server answers.
 * @example compileFieldSelector('status.phase!=Running', { group: '', kind: 'Pod' })
 */
export function compileFieldSelector(selector: string | readonly FieldRequirement[], target: { group: string; kind: string }): FieldMatcher {
  const requirements = typeof selector === 'string' ? parseFieldSelector(selector) : selector;
  if (requirements.length === 0) return () => true;
  const fields = KIND_FIELDS[`${target.group}/${target.kind}`];
  const checks = requirements.map((req) => {
    const extract = COMMON[req.field] ?? fields?.[req.field];
    if (!extract) throw new SelectorError(`field label not supported: ${req.field}`);
    return { extract, equal: req.operator !== '!=', value: req.value };
  });
  return (obj) => checks.every((c) => (c.extract(obj) === c.value) === c.equal);
}
