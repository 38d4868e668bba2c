// The floor: the benchmark model as plain object literals (bench/synth/literals.ts), stringified
// with `yaml` (the options shipshape uses) and written to one file. No tree, no validation, no
// ordering; nothing synthesizes these objects faster in JS.
// Run: node --import tsx bench/synth/floor.ts N outDir

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runChild } from './child.ts';
import { buildModelObjects } from './literals.ts';

/** Builds the model as object literals and writes it as one multi-document YAML file. */
function synthesizeFloor(apps: number, outDir: string): string {
  const text = buildModelObjects(apps).map((o) => stringify(o, { aliasDuplicateObjects: false, lineWidth: 0 })).join('---\n');
  const file = join(outDir, 'floor.yaml');
  writeFileSync(file, text);
  return file;
}

runChild('floor', synthesizeFloor);
