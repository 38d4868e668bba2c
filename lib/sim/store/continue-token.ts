// The `continue` token of paged lists, in the API server's format: base64url of
// `{"v":"meta.k8s.io/v1","rv":<list revision>,"start":"<namespace>/<name>\u0000"}`. A revision of
// -1 means "continue at the latest revision" (what a 410 on an old token offers).

import { badRequest } from '../errors.ts';

/** The decoded position of a paged list. */
export interface ContinuePosition {
  /** The revision of the first page; -1 for "latest". */
  readonly resourceVersion: number;
  /** The last key returned. */
  readonly namespace: string;
  readonly name: string;
}

/** Encodes a position after `namespace/name` at the given list revision. */
export function encodeContinue(position: ContinuePosition): string {
  const body = JSON.stringify({ v: 'meta.k8s.io/v1', rv: position.resourceVersion, start: `${position.namespace}/${position.name}\u0000` });
  return Buffer.from(body, 'utf8').toString('base64url');
}

function buildTokenError(reason: string): Error {
  return badRequest(`invalid continue token: continue key is not valid: ${reason}`);
}

/** Decodes a token; a malformed one is a 400 BadRequest. */
export function decodeContinue(token: string): ContinuePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (error) {
    throw buildTokenError(error instanceof Error ? error.message : String(error));
  }
  if (parsed === null || typeof parsed !== 'object') throw buildTokenError('server does not recognize this encoded version');
  const { v, rv, start } = parsed as Record<string, unknown>;
  if (v !== 'meta.k8s.io/v1') throw buildTokenError('server does not recognize this encoded version');
  if (typeof rv !== 'number' || !Number.isInteger(rv) || rv === 0 || rv < -1) throw buildTokenError(`incorrect encoded start resourceVersion (version meta.k8s.io/v1)`);
  if (typeof start !== 'string' || start.length === 0) throw buildTokenError('encoded start key is empty');
  const key = start.endsWith('\u0000') ? start.slice(0, -1) : start;
  const slash = key.indexOf('/');
  if (slash < 0) throw buildTokenError('encoded start key is not a namespace/name pair');
  return { resourceVersion: rv, namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
