// How the CLI reports failures: the error classes only the CLI throws, the exit code of each
// failure, and the text printed for it (message and hint; stack traces only with --debug).
// Finding the user's file and line in a stack lives in source-location.ts.

import { relative } from 'node:path';
import { formatIssue, ShipshapeError, ValidationError } from '../lib/k8s/errors.ts';
import type { SourceLocation } from './source-location.ts';

/** Exit codes of every command. */
export const EXIT = { ok: 0, error: 1, usage: 2 } as const;

/** A command was called wrongly (bad option value, unknown stack name); exits 2. */
export class UsageError extends ShipshapeError {}

/** An error thrown while running the user's program, with where in the user's code it happened. */
export class UserProgramError extends ShipshapeError {
  /** The user's file and line the error came from, when one was found. */
  readonly location: SourceLocation | undefined;
  constructor(cause: unknown, location: SourceLocation | undefined) {
    super(messageOf(cause), { cause });
    this.location = location;
  }
}

/** A stack's synthesized objects failed validation. */
export class StackValidationError extends ShipshapeError {
  /** The stack's name. */
  readonly stackName: string;
  constructor(stackName: string, cause: ValidationError) {
    super(`Stack '${stackName}' is not valid`, { cause });
    this.stackName = stackName;
  }
}

/** The exit code for an error a command threw. */
export function exitCodeOf(err: unknown): number {
  return err instanceof UsageError ? EXIT.usage : EXIT.error;
}

/** Options of formatError. */
export interface FormatErrorOptions {
  /** Print stack traces. */
  readonly debug: boolean;
  /** Paths are shown relative to this directory. */
  readonly cwd: string;
}

/** The text printed on stderr for an error, ending with a newline. */
export function formatError(err: unknown, options: FormatErrorOptions): string {
  const lines: string[] = [];
  if (err instanceof UserProgramError) {
    const where = err.location ? ` in ${formatLocation(err.location, options.cwd)}` : '';
    lines.push(...describe(err.cause, `Error${where}`));
  } else if (err instanceof StackValidationError && err.cause instanceof ValidationError) {
    const n = err.cause.issues.length;
    lines.push(`Error: stack '${err.stackName}' has ${n} validation ${n === 1 ? 'error' : 'errors'}:`);
    for (const issue of err.cause.issues) lines.push(`  ${formatIssue(issue)}`);
  } else {
    lines.push(...describe(err, 'Error'));
  }
  const hint = hintOf(err);
  if (hint) lines.push(`hint: ${hint}`);
  if (options.debug) {
    lines.push('', ...stackChain(err));
  } else if (!(err instanceof ShipshapeError) && !(err instanceof UserProgramError)) {
    lines.push('(run with --debug to see the stack trace)');
  }
  return `${lines.join('\n')}\n`;
}

/** `infra.ts:12:9`, relative to cwd when the file is below it. */
export function formatLocation(location: SourceLocation, cwd: string): string {
  const rel = relative(cwd, location.file);
  const file = rel !== '' && !rel.startsWith('..') ? rel : location.file;
  return [file, location.line, location.column].filter((p) => p !== undefined).join(':');
}

function describe(err: unknown, prefix: string): string[] {
  if (err instanceof ValidationError) {
    const n = err.issues.length;
    return [`${prefix}: ${n} validation ${n === 1 ? 'error' : 'errors'}:`, ...err.issues.map((i) => `  ${formatIssue(i)}`)];
  }
  const kind = err instanceof SyntaxError ? 'SyntaxError: ' : '';
  return [`${prefix}: ${kind}${messageOf(err)}`];
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return `${typeof err === 'string' ? err : JSON.stringify(err) ?? String(err)} (thrown value is not an Error)`;
}

function hintOf(err: unknown): string | undefined {
  const first = err instanceof UserProgramError ? err.cause : err;
  for (let e: unknown = first, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof ShipshapeError && e.hint) return e.hint;
  }
  return undefined;
}

function stackChain(err: unknown): string[] {
  const out: string[] = [];
  const first = err instanceof UserProgramError ? err.cause : err;
  for (let e: unknown = first, depth = 0; e !== undefined && depth < 5; e = e instanceof Error ? e.cause : undefined, depth++) {
    const text = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
    out.push(depth === 0 ? text : `Caused by: ${text}`);
  }
  return out;
}
