// Where synthesized YAML goes: one `<stack>.yaml` per stack in an output directory (with a
// one-line summary per stack on stderr), or every stack on stdout separated by `---`.
// It formats and writes; it does not synthesize.

import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Manifest } from '../lib/k8s/types.ts';

/** One synthesized stack, ready to write. */
export interface StackOutput {
  readonly name: string;
  readonly objects: readonly Manifest[];
  readonly yaml: string;
}

/** Where the CLI writes: stdout, stderr, and the directory relative paths start from. */
export interface CliIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Environment variables (SHIPSHAPE_STATE, KUBECONFIG, …). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** True when stderr is a terminal: colours, live progress and confirmation prompts. */
  readonly interactive?: boolean;
  /** Asks a question on the terminal and resolves to the answer (interactive only). */
  readonly prompt?: (question: string) => Promise<string>;
}

/** `7 objects (1 Namespace, 2 Service, …)`: counts by kind, kinds in order of first appearance. */
export function summarizeObjects(objects: readonly Manifest[]): string {
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  const total = `${objects.length} ${objects.length === 1 ? 'object' : 'objects'}`;
  if (counts.size === 0) return total;
  return `${total} (${[...counts].map(([kind, n]) => `${n} ${kind}`).join(', ')})`;
}

/** All stacks as one multi-document YAML stream. */
export function joinStacksYaml(outputs: readonly StackOutput[]): string {
  return outputs
    .map((o) => o.yaml)
    .filter((y) => y !== '')
    .join('---\n');
}

/**
 * Writes `<dir>/<stack>.yaml` for each stack (creating dir), then prints one summary line each:
 * `shop: 7 objects (1 Namespace, …) → dist/shop.yaml`.
 */
export function writeStackFiles(outputs: readonly StackOutput[], dir: string, io: CliIo): void {
  const absDir = resolve(io.cwd, dir);
  mkdirSync(absDir, { recursive: true });
  for (const o of outputs) {
    const file = join(absDir, `${o.name}.yaml`);
    writeFileSync(file, o.yaml);
    io.stderr(`${o.name}: ${summarizeObjects(o.objects)} → ${showPath(file, io.cwd)}\n`);
  }
}

function showPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
