// RFC 6902 JSON Patch as the Kubernetes API server applies it (`application/json-patch+json`),
// with the error texts of the JSON patch library the server uses. Pure: takes a document and a
// patch, returns a new document. Not a merge patch, and no resourceVersion or admission checks.

import type { JsonValue } from '../../../k8s/types.ts';
import { cloneJson, isDeepEqual, isJsonObject } from './json-utils.ts';
import { badPatchRequest, JSON_PATCH_REJECTED_MESSAGE, PatchError } from './patch-error.ts';

/** One JSON patch operation. */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: JsonValue }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

type Container = { [key: string]: JsonValue } | JsonValue[];
type Op = Record<string, unknown>;

/** Thrown inside this module; turned into a 422 PatchError at the top. */
class ApplyFailure extends Error {}

const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';

/** Splits a JSON pointer into unescaped reference tokens (`/a~1b/0` → `['a/b', '0']`). */
export function splitJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new TypeError(`JSON pointer must start with "/": ${JSON.stringify(pointer)}`);
  return pointer.slice(1).split('/').map(decodeToken);
}

/** Joins reference tokens into a JSON pointer, escaping `~` and `/`. */
export function formatJsonPointer(tokens: readonly string[]): string {
  return tokens.map((t) => `/${t.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

function decodeToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/**
 * Applies a JSON patch to a document and returns the patched copy; the input is not changed.
 * Throws PatchError: 400 when the patch is not a list of operations, 422 when an operation fails.
 * @example applyJsonPatch(deployment, [{ op: 'replace', path: '/spec/replicas', value: 3 }])
 */
export function applyJsonPatch(document: JsonValue, patch: unknown): JsonValue {
  const ops = decodePatch(patch);
  const root = { doc: cloneJson(document) };
  try {
    for (const op of ops) applyOperation(root, op);
  } catch (error) {
    if (error instanceof ApplyFailure) {
      throw new PatchError(error.message, { code: 422, reason: 'Invalid', statusMessage: JSON_PATCH_REJECTED_MESSAGE });
    }
    throw error;
  }
  return root.doc;
}

function goTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}

function decodePatch(patch: unknown): Op[] {
  if (!Array.isArray(patch)) {
    throw badPatchRequest(`json: cannot unmarshal ${goTypeOf(patch)} into Go value of type jsonpatch.Patch`);
  }
  for (const op of patch) {
    if (op !== null && !isJsonObject(op)) {
      throw badPatchRequest(`json: cannot unmarshal ${goTypeOf(op)} into Go value of type jsonpatch.Operation`);
    }
  }
  return patch.map((op) => (op ?? {}) as Op);
}

function fail(message: string, cause?: string): never {
  throw new ApplyFailure(cause === undefined ? message : `${message}: ${cause}`);
}

function stringField(op: Op, name: 'path' | 'from'): string | undefined {
  const value = op[name];
  return typeof value === 'string' ? value : undefined;
}

function applyOperation(root: { doc: JsonValue }, op: Op): void {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  const path = stringField(op, 'path');
  const from = stringField(op, 'from');
  const hasValue = 'value' in op;
  const value = (op.value ?? null) as JsonValue;
  switch (kind) {
    case 'add': {
      if (path === undefined) fail('add operation failed to decode path', MISSING);
      const [con, key] = findParent(root.doc, path);
      if (!con) fail(`add operation does not apply: doc is missing path: "${path}"`, MISSING);
      wrap(`error in add for path: '${path}'`, () => addAt(con, key, cloneJson(value)));
      return;
    }
    case 'remove': {
      if (path === undefined) fail('remove operation failed to decode path', MISSING);
      const [con, key] = findParent(root.doc, path);
      if (!con) fail(`remove operation does not apply: doc is missing path: "${path}"`, MISSING);
      wrap(`error in remove for path: '${path}'`, () => removeAt(con, key));
      return;
    }
    case 'replace': {
      if (path === undefined) fail('replace operation failed to decode path: operation missing path field', MISSING);
      if (path === '') {
        if (!isJsonObject(value) && !Array.isArray(value)) fail('replace operation value must be object or array');
        root.doc = cloneJson(value);
        return;
      }
      const [con, key] = findParent(root.doc, path);
      if (!con) fail(`replace operation does not apply: doc is missing path: ${path}`, MISSING);
      // The server's library only checks array indexes here: replacing a missing object key adds it.
      if (Array.isArray(con)) {
        try {
          getAt(con, key);
        } catch {
          fail(`replace operation does not apply: doc is missing key: ${path}`, MISSING);
        }
      }
      // "remove" (sic): the library's wording for a failed replace.
      wrap(`error in remove for path: '${path}'`, () => setAt(con, key, cloneJson(value)));
      return;
    }
    case 'move': {
      if (from === undefined) fail('move operation failed to decode from: operation, missing from field', MISSING);
      const [src, srcKey] = findParent(root.doc, from);
      if (!src) fail(`move operation does not apply: doc is missing from path: ${from}`, MISSING);
      const moved = wrap(`error in move for path: '${srcKey}'`, () => getAt(src, srcKey));
      wrap(`error in move for path: '${srcKey}'`, () => removeAt(src, srcKey));
      if (path === undefined) fail('move operation failed to decode path: operation missing path field', MISSING);
      const [dst, dstKey] = findParent(root.doc, path);
      if (!dst) fail(`move operation does not apply: doc is missing destination path: ${path}`, MISSING);
      wrap(`error in move for path: '${path}'`, () => addAt(dst, dstKey, moved ?? null));
      return;
    }
    case 'copy': {
      if (from === undefined) fail('copy operation failed to decode from: operation, missing from field', MISSING);
      const [src, srcKey] = findParent(root.doc, from);
      if (!src) fail(`copy operation does not apply: doc is missing from path: ${from}`, MISSING);
      const copied = wrap(`error in copy for from: '${from}'`, () => getAt(src, srcKey));
      if (path === undefined) fail('copy operation failed to decode path', MISSING);
      const [dst, dstKey] = findParent(root.doc, path);
      if (!dst) fail(`copy operation does not apply: doc is missing destination path: ${path}`, MISSING);
      wrap('error while adding value during copy', () => addAt(dst, dstKey, cloneJson(copied ?? null)));
      return;
    }
    case 'test': {
      if (path === undefined) fail('test operation failed to decode path: operation missing path field', MISSING);
      if (path === '') {
        if (!isDeepEqual(root.doc, value)) fail(`testing value ${path} failed`, 'test failed');
        return;
      }
      const [con, key] = findParent(root.doc, path);
      if (!con) fail(`test operation does not apply: is missing path: ${path}`, MISSING);
      const actual = wrap(`error in test for path: '${path}'`, () => getAt(con, key));
      if (actual === undefined) {
        if (value === null) return;
        fail(`testing value ${path} failed`, 'test failed');
      }
      if (!hasValue || !isDeepEqual(actual, value)) fail(`testing value ${path} failed`, 'test failed');
      return;
    }
    default:
      fail(`Unexpected kind: ${kind}`);
  }
}

function wrap<T>(context: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof ApplyFailure) throw new ApplyFailure(`${context}: ${error.message}`);
    throw error;
  }
}

/** Finds the container holding the pointer's last token; undefined when any parent is missing. */
function findParent(doc: JsonValue, pointer: string): [Container | undefined, string] {
  if (!pointer.startsWith('/')) return [undefined, ''];
  const tokens = pointer.slice(1).split('/');
  const key = decodeToken(tokens.pop()!);
  let node: JsonValue | undefined = doc;
  for (const raw of tokens) {
    if (!isContainer(node)) return [undefined, ''];
    try {
      node = getAt(node, decodeToken(raw));
    } catch {
      return [undefined, ''];
    }
  }
  return isContainer(node) ? [node, key] : [undefined, ''];
}

function isContainer(value: JsonValue | undefined): value is Container {
  return Array.isArray(value) || isJsonObject(value);
}

function parseIndex(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) fail(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  return Number(key);
}

/** Resolves an index the way the server's library does, negative indexes counting from the end. */
function resolveIndex(idx: number, length: number): number {
  if (idx < -length) fail(`Unable to access invalid index: ${idx}`, INVALID_INDEX);
  return idx < 0 ? idx + length : idx;
}

function getAt(con: Container, key: string): JsonValue | undefined {
  if (!Array.isArray(con)) return Object.hasOwn(con, key) ? con[key] : undefined;
  const idx = resolveIndex(parseIndex(key), con.length);
  if (idx >= con.length) fail(`Unable to access invalid index: ${idx}`, INVALID_INDEX);
  return con[idx];
}

function setAt(con: Container, key: string, value: JsonValue): void {
  if (!Array.isArray(con)) {
    con[key] = value;
    return;
  }
  con[resolveIndex(parseIndex(key), con.length)] = value;
}

function addAt(con: Container, key: string, value: JsonValue): void {
  if (!Array.isArray(con)) {
    con[key] = value;
    return;
  }
  if (key === '-') {
    con.push(value);
    return;
  }
  let idx: number;
  try {
    idx = parseIndex(key);
  } catch (error) {
    throw new ApplyFailure(`value was not a proper array index: '${key}': ${(error as Error).message}`);
  }
  if (idx > con.length) fail(`Unable to access invalid index: ${idx}`, INVALID_INDEX);
  con.splice(resolveIndex(idx, con.length + 1), 0, value);
}

function removeAt(con: Container, key: string): void {
  if (!Array.isArray(con)) {
    if (!Object.hasOwn(con, key)) fail(`Unable to remove nonexistent key: ${key}`, MISSING);
    delete con[key];
    return;
  }
  const idx = parseIndex(key);
  if (idx >= con.length) fail(`Unable to access invalid index: ${idx}`, INVALID_INDEX);
  con.splice(resolveIndex(idx, con.length), 1);
}
