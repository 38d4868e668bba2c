// Reading requests and writing responses the way the API server does: a body size limit,
// JSON (or YAML for apply patches) decoding with 400 Status errors, JSON answers, Status bodies
// for every failure.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest, internal, isStatusError, requestEntityTooLarge, type Status } from '../errors.ts';

/** The largest request body the server reads (kube-apiserver's default is 3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole body, refusing bodies over the limit with 413. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw requestEntityTooLarge(`limit is ${limit}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw requestEntityTooLarge(`limit is ${limit}`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Go's encoding/json nesting limit (`maxNestingDepth`), which the API server's decoders inherit. */
export const MAX_NESTING_DEPTH = 10000;

/**
 * The bracket that opens nesting level `limit + 1` (outside double-quoted strings), or undefined.
 * Go's scanner fails on that bracket with `invalid character '{' exceeded max depth`.
 */
export function findTooDeepBracket(text: string, limit = MAX_NESTING_DEPTH): string | undefined {
  if (text.length <= limit) return undefined; // too short to open limit + 1 levels
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return text[i];
    } else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}

/** True for the RangeError V8 throws when recursion runs out of stack. */
export function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && err.message.includes('Maximum call stack size exceeded');
}

/**
 * Decodes a JSON body (or YAML when `yaml` is set), with the API server's 400 on bad input:
 * nesting deeper than Go's limit of 10000 levels is refused as Go's decoders refuse it.
 */
export function decodeBody(body: Buffer, options: { yaml?: boolean } = {}): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest('the request body is empty');
  const deep = findTooDeepBracket(text);
  if (deep !== undefined) {
    const detail = options.yaml ? `yaml: exceeded max depth of ${MAX_NESTING_DEPTH}` : `invalid character '${deep}' exceeded max depth`;
    throw badRequest(`the body of the request could not be decoded: ${detail}`);
  }
  try {
    return options.yaml ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    // The YAML parser recurses per level and runs out of stack before Go's limit.
    if (isStackOverflow(err)) throw badRequest('the body of the request could not be decoded: yaml: the document nests too deeply');
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw badRequest(`the body of the request could not be decoded: ${detail}`);
  }
}

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json', headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The message of the 400 for a body that decodes but nests too deeply for the simulation's object handling. */
export const TOO_DEEP_TO_PROCESS = 'the request body nests too deeply for the simulated API server to process';

/**
 * The Status body and code for any error a handler threw. A stack overflow while handling a
 * request body (`withBody`) is the body's nesting, not a server fault: 400, and the server goes on.
 */
export function statusFor(err: unknown, withBody = false): Status {
  if (isStatusError(err)) return err.status;
  if (withBody && isStackOverflow(err)) return badRequest(TOO_DEEP_TO_PROCESS).status;
  return internal(err instanceof Error ? err.message : String(err)).status;
}

/** Writes an error as a Status (`withBody`: the request carried a body, see statusFor). */
export function sendError(res: ServerResponse, err: unknown, withBody = false): void {
  const status = statusFor(err, withBody);
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, status.code, status);
}

/** A `Status` of success, as DELETE answers when the object is gone at once. */
export function successStatus(details: Record<string, unknown>): unknown {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
