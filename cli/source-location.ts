// Finds where in the user's own code an error happened: the first stack frame inside the
// program's directory that is not shipshape's code or a dependency, or the file and line an
// esbuild/Node syntax error names. It reads text only; it never opens files.

import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A place in a source file; line and column are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/** Options of findUserFrame. */
export interface FindUserFrameOptions {
  /** The user's program directory: only frames below it count. */
  readonly dir: string;
  /** Directories whose frames never count (shipshape's own lib/ and cli/). */
  readonly exclude?: readonly string[];
}

const FRAME = /^\s*at (?:async )?(?:.*? \()?(.+?):(\d+):(\d+)\)?$/;
const ESBUILD_ERROR = /^(.+?):(\d+):(\d+): ERROR: (.+)$/m;
const NODE_SYNTAX_HEAD = /^(.+?):(\d+)\n/;

/** The first frame of `stack` in the user's code, or undefined when there is none. */
export function findUserFrame(stack: string | undefined, options: FindUserFrameOptions): SourceLocation | undefined {
  if (!stack) return undefined;
  const dir = withSep(options.dir);
  const exclude = (options.exclude ?? []).map(withSep);
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const file = toPath(match[1]!);
    if (file === undefined || !file.startsWith(dir)) continue;
    if (file.includes(`${sep}node_modules${sep}`) || exclude.some((d) => file.startsWith(d))) continue;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

/**
 * The location and bare message of a syntax error raised while loading a file: esbuild's
 * `Transform failed … file:3:18: ERROR: Unexpected ";"`, or Node's `file:///x.js:3` stack head.
 */
export function locateSyntaxError(err: unknown): { location: SourceLocation; message: string } | undefined {
  if (!(err instanceof Error)) return undefined;
  const esbuild = ESBUILD_ERROR.exec(err.message);
  if (esbuild) {
    const file = toPath(esbuild[1]!);
    // esbuild's columns are 0-based; stack frames and editors count from 1.
    if (file) return { location: { file, line: Number(esbuild[2]), column: Number(esbuild[3]) + 1 }, message: esbuild[4]! };
  }
  if (err.name === 'SyntaxError' && err.stack) {
    const head = NODE_SYNTAX_HEAD.exec(err.stack);
    const file = head ? toPath(head[1]!) : undefined;
    if (head && file) return { location: { file, line: Number(head[2]) }, message: err.message };
  }
  return undefined;
}

function toPath(raw: string): string | undefined {
  const text = raw.replace(/\?.*$/, '');
  if (text.startsWith('file://')) {
    try {
      return fileURLToPath(text);
    } catch {
      return undefined;
    }
  }
  return text.startsWith(sep) || /^[A-Za-z]:[\\/]/.test(text) ? text : undefined;
}

function withSep(dir: string): string {
  return dir.endsWith(sep) ? dir : `${dir}${sep}`;
}
