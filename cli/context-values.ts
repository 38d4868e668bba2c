// Context values for a program from the command line: `-c key=value` pairs and a dotenv-format
// `--env-file`. Values given with -c win over the file. It does not touch process.env.

import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ShipshapeError } from '../lib/k8s/errors.ts';
import { UsageError } from './errors.ts';

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Splits one `-c key=value` argument. @throws UsageError when it has no '=' or a bad key. */
export function parseContextPair(text: string): [key: string, value: string] {
  const eq = text.indexOf('=');
  const key = eq < 0 ? text : text.slice(0, eq);
  if (eq < 0) throw new UsageError(`Context value '${text}' has no '=': write it as key=value`);
  if (!KEY.test(key)) {
    throw new UsageError(
      `Context key '${key}' is not valid: use letters, digits, '_', '.' or '-', starting with a letter or '_'`,
    );
  }
  return [key, text.slice(eq + 1)];
}

/** The values of a dotenv-format file (KEY=VALUE lines, # comments, quoted values). */
export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ShipshapeError(`Cannot read env file '${path}': ${code}`, { cause: err });
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseEnv(text))) if (value !== undefined) values[key] = value;
  return values;
}

/** Options of collectContextValues. */
export interface ContextValueOptions {
  /** The `-c key=value` arguments, in order; a later one wins. */
  readonly pairs?: readonly string[];
  /** A dotenv-format file read first. */
  readonly envFile?: string;
}

/** The context values from an env file and -c pairs, -c winning. */
export function collectContextValues(options: ContextValueOptions): Record<string, string> {
  const pairs = (options.pairs ?? []).map(parseContextPair);
  const values = options.envFile !== undefined ? readEnvFile(options.envFile) : {};
  for (const [key, value] of pairs) values[key] = value;
  return values;
}
