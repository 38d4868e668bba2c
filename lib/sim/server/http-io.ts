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

/** Decodes a JSON body (or YAML when `yaml` is set), with the API server's 400 on bad input. */
export function decodeBody(body: Buffer, options: { yaml?: boolean } = {}): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest('the request body is empty');
  try {
    return options.yaml ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
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

/** The Status body and code for any error a handler threw. */
export function statusFor(err: unknown): Status {
  if (isStatusError(err)) return err.status;
  return internal(err instanceof Error ? err.message : String(err)).status;
}

/** Writes an error as a Status. */
export function sendError(res: ServerResponse, err: unknown): void {
  const status = statusFor(err);
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
