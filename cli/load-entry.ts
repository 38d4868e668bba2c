// Loads a user's program (the entry file, TypeScript through the tsx hooks bin/ registers) and
// turns its default export into Stacks: a Stack, an array of Stacks, or a function of the
// SynthContext returning either (possibly async). It does not synthesize anything.

import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SynthContext } from '../lib/core/context.ts';
import { Stack } from '../lib/core/stack.ts';
import { ShipshapeError } from '../lib/k8s/errors.ts';
import { UserProgramError } from './errors.ts';
import { prepareProgramImport } from './program-import.ts';
import { findUserFrame, locateSyntaxError, type SourceLocation } from './source-location.ts';

/** Options of loadStacks. */
export interface LoadStacksOptions {
  /** The directory the entry path is relative to. */
  readonly cwd: string;
  /** Passed to an entry that default-exports a function. */
  readonly context: SynthContext;
}

const EXPORT_HINT =
  "end the program with 'export default stack': a Stack, an array of Stacks, or a function (context) => Stack | Stack[] (it may be async)";
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
// dist/ holds the bundled lib/ and cli/ (bin/build.js); like cli/, it is one level deep.
const OWN_DIRS = ['lib', 'cli', 'bin', 'dist'].map((d) => join(PACKAGE_ROOT, d));

/**
 * Runs the program in `entry` and returns the Stacks it exports, in order.
 * @throws ShipshapeError when the file is missing or exports something else;
 *   UserProgramError when the program throws (with the user's file and line).
 */
export async function loadStacks(entry: string, options: LoadStacksOptions): Promise<Stack[]> {
  const path = resolve(options.cwd, entry);
  if (!existsSync(path)) {
    throw new ShipshapeError(`Cannot find the program '${entry}' (looked for ${path})`, {
      hint: 'pass the program as the first argument (e.g. examples/hello/infra.ts), or create infra.ts here',
    });
  }
  const file = realpathSync(path);
  const shown = relative(options.cwd, path) || entry;
  const dir = dirname(file);
  const mod = await importProgram(file, dir);
  let exported = defaultExportOf(mod);
  if (exported === undefined) {
    throw new ShipshapeError(`${shown} has no default export`, { hint: EXPORT_HINT });
  }
  let source = 'the default export';
  if (typeof exported === 'function') {
    source = 'the value returned by the default export function';
    try {
      exported = await (exported as (context: SynthContext) => unknown)(options.context);
    } catch (err) {
      throw new UserProgramError(err, locate(err, file, dir));
    }
  }
  return toStacks(exported, shown, source);
}

async function importProgram(file: string, dir: string): Promise<Record<string, unknown>> {
  await prepareProgramImport();
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    const syntax = locateSyntaxError(err);
    if (syntax) throw new UserProgramError(new SyntaxError(syntax.message, { cause: err }), syntax.location);
    throw new UserProgramError(err, locate(err, file, dir));
  }
}

function locate(err: unknown, file: string, dir: string): SourceLocation {
  const stack = err instanceof Error ? err.stack : undefined;
  return findUserFrame(stack, { dir, exclude: OWN_DIRS }) ?? { file };
}

/** The default export, seeing through CommonJS interop (`module.exports.default`). */
function defaultExportOf(mod: Record<string, unknown>): unknown {
  const value = mod.default;
  if (value && typeof value === 'object' && (value as { __esModule?: unknown }).__esModule) {
    return (value as { default?: unknown }).default;
  }
  return value;
}

function toStacks(value: unknown, shown: string, source: string): Stack[] {
  const list = Array.isArray(value) ? value : [value];
  if (Array.isArray(value) && value.length === 0) {
    throw new ShipshapeError(`${shown}: ${source} is an empty array: there is no stack to synthesize`, { hint: EXPORT_HINT });
  }
  list.forEach((item, index) => {
    if (Stack.isStack(item)) return;
    const at = Array.isArray(value) ? `item ${index} of ` : '';
    const copy = isForeignStack(item)
      ? 'a Stack from another copy of shipshape; import Stack from the same shipshape the CLI runs (check node_modules for duplicates)'
      : describeValue(item);
    throw new ShipshapeError(`${shown}: ${at}${source} is ${copy}, not a Stack`, { hint: EXPORT_HINT });
  });
  const stacks = list as Stack[];
  const seen = new Set<string>();
  for (const stack of stacks) {
    if (seen.has(stack.name)) {
      throw new ShipshapeError(`${shown}: two stacks are named '${stack.name}'; stack names must be unique in a program`);
    }
    seen.add(stack.name);
  }
  return stacks;
}

function isForeignStack(value: unknown): boolean {
  return typeof value === 'object' && value !== null && value.constructor?.name === 'Stack' && 'node' in value;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = value.constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'a plain object';
  }
  return `a ${typeof value} (${JSON.stringify(value) ?? String(value)})`;
}
