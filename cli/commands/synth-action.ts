// What `shipshape synth` does: load the program with its context values, synthesize every
// selected stack (all of them before writing anything), then write files or stdout.

import { SynthContext } from '../../lib/core/context.ts';
import type { Stack } from '../../lib/core/stack.ts';
import { synth } from '../../lib/core/synth.ts';
import { ValidationError } from '../../lib/k8s/errors.ts';
import { manifestsToYaml } from '../../lib/k8s/yaml.ts';
import { collectContextValues } from '../context-values.ts';
import { StackValidationError, UsageError } from '../errors.ts';
import { loadStacks } from '../load-entry.ts';
import { type CliIo, joinStacksYaml, type StackOutput, writeStackFiles } from '../output.ts';

/** Everything `synth` was asked to do. */
export interface SynthRequest {
  readonly entry: string;
  readonly output: string;
  readonly context: readonly string[];
  readonly envFile?: string;
  readonly stack: readonly string[];
}

/** Runs `shipshape synth`. @throws the errors cli/errors.ts formats. */
export async function runSynth(request: SynthRequest, io: CliIo): Promise<void> {
  const values = collectContextValues({ pairs: request.context, envFile: request.envFile });
  const stacks = selectStacks(await loadStacks(request.entry, { cwd: io.cwd, context: new SynthContext(values) }), request.stack);
  const outputs = stacks.map(synthesizeOutput);
  if (request.output === '-') io.stdout(joinStacksYaml(outputs));
  else writeStackFiles(outputs, request.output, io);
}

function selectStacks(stacks: readonly Stack[], names: readonly string[]): Stack[] {
  if (names.length === 0) return [...stacks];
  const known = stacks.map((s) => s.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    const list = unknown.map((n) => `'${n}'`).join(', ');
    throw new UsageError(`No stack named ${list}; the program defines: ${known.join(', ')}`);
  }
  return stacks.filter((s) => names.includes(s.name));
}

function synthesizeOutput(stack: Stack): StackOutput {
  try {
    const objects = synth(stack);
    return { name: stack.name, objects, yaml: manifestsToYaml(objects) };
  } catch (err) {
    if (err instanceof ValidationError) throw new StackValidationError(stack.name, err);
    throw err;
  }
}
