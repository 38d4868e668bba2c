// What the user wants, for plan/apply/destroy: the stacks of a program (synthesized), or plain
// manifests given with -f (files or directories, YAML or JSON, read in lexical order as kubectl
// does) as one stack named by --stack-name.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { SynthContext } from '../lib/core/context.ts';
import type { Stack } from '../lib/core/stack.ts';
import { synthesizeStack } from '../lib/core/synth.ts';
import { ValidationError } from '../lib/k8s/errors.ts';
import { checkDns1123Label } from '../lib/k8s/names.ts';
import type { KubeObject } from '../lib/k8s/types.ts';
import { parseYamlDocuments } from '../lib/k8s/yaml.ts';
import type { DesiredStack } from '../lib/plan/plan.ts';
import { collectContextValues } from './context-values.ts';
import { StackValidationError, UsageError } from './errors.ts';
import { loadStacks } from './load-entry.ts';
import type { CliIo } from './output.ts';

/** Where the desired state comes from. */
export interface DesiredOptions {
  readonly entry?: string | undefined;
  readonly files?: readonly string[] | undefined;
  readonly stackName?: string | undefined;
  readonly context?: readonly string[] | undefined;
  readonly envFile?: string | undefined;
  readonly stack?: readonly string[] | undefined;
}

/** The desired stacks: from `-f` manifests, or from the program (default `infra.ts`). */
export async function loadDesired(options: DesiredOptions, io: CliIo): Promise<DesiredStack[]> {
  if (options.files && options.files.length > 0) {
    if (options.entry) throw new UsageError(`Give either a program ('${options.entry}') or -f manifests, not both`);
    return [manifestStack(options.files, options.stackName, io.cwd)];
  }
  const values = collectContextValues({ pairs: options.context ?? [], envFile: options.envFile });
  const stacks = await loadStacks(options.entry ?? 'infra.ts', { cwd: io.cwd, context: new SynthContext(values) });
  return selectStacks(stacks, options.stack ?? []).map((stack) => {
    try {
      return synthesizeStack(stack);
    } catch (err) {
      if (err instanceof ValidationError) throw new StackValidationError(stack.name, err);
      throw err;
    }
  });
}

function selectStacks(stacks: readonly Stack[], names: readonly string[]): Stack[] {
  const seen = new Set<string>();
  for (const s of stacks) {
    if (seen.has(s.name)) throw new UsageError(`The program defines two stacks named '${s.name}'; stack names must be unique`);
    seen.add(s.name);
  }
  if (names.length === 0) return [...stacks];
  const unknown = names.filter((n) => !seen.has(n));
  if (unknown.length > 0) throw new UsageError(`No stack named ${unknown.map((n) => `'${n}'`).join(', ')}; the program defines: ${[...seen].join(', ')}`);
  return stacks.filter((s) => names.includes(s.name));
}

function listFiles(path: string): string[] {
  const st = statSync(path);
  if (!st.isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .map((f) => join(path, f))
    .filter((f) => statSync(f).isFile() && ['.yaml', '.yml', '.json'].includes(extname(f)));
}

/** Plain manifests as one stack, documents in kubectl's order. */
export function manifestStack(paths: readonly string[], stackName: string | undefined, cwd: string): DesiredStack {
  const objects: Array<{ object: KubeObject; path: string }> = [];
  for (const given of paths) {
    const abs = resolve(cwd, given);
    let files: string[];
    try {
      files = listFiles(abs);
    } catch {
      throw new UsageError(`Cannot read '${given}': no such file or directory`);
    }
    for (const file of files) {
      const docs = parseYamlDocuments(readFileSync(file, 'utf8'), given === file ? given : file);
      docs.forEach((doc, i) => {
        const items = (doc as { kind?: string; items?: unknown[] }).kind?.endsWith('List') && Array.isArray((doc as { items?: unknown[] }).items) ? (doc as { items: unknown[] }).items : [doc];
        for (const item of items) {
          const o = item as Partial<KubeObject>;
          if (!o || typeof o !== 'object' || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || !o.metadata?.name) {
            throw new UsageError(`${file}: document ${i + 1} is not a Kubernetes object (it needs apiVersion, kind and metadata.name)`);
          }
          objects.push({ object: o as KubeObject, path: `${basename(file)}#${i + 1}` });
        }
      });
    }
  }
  const name = stackName ?? defaultStackName(paths[0]!, cwd);
  const errs = checkDns1123Label(name);
  if (errs.length > 0) throw new UsageError(`--stack-name '${name}': ${errs[0]}`);
  return { name, objects };
}

function defaultStackName(path: string, cwd: string): string {
  const abs = resolve(cwd, path);
  let base: string;
  try {
    base = statSync(abs).isDirectory() ? basename(abs) : basename(abs, extname(abs));
  } catch {
    base = basename(abs);
  }
  return base.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'manifests';
}
