// shipshape at its lowest level: the model's object literals (bench/synth/literals.ts) as raw
// `Resource`s in a Stack, synthesized with `synthYaml`. Measures core (tree, synth, validation,
// ordering, YAML) without the high-level constructs. Run: node --import tsx bench/synth/shipshape-resources.ts N outDir

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Construct } from '../../lib/core/construct.ts';
import { Resource, type ResourceProps } from '../../lib/core/resource.ts';
import { Stack } from '../../lib/core/stack.ts';
import { synthYaml } from '../../lib/core/synth.ts';
import { runChild } from './child.ts';
import { buildModelObjects } from './literals.ts';
import { NAMESPACE, STACK_NAME } from './model.ts';

/** Builds the model as Resources (one Construct per App/Database) and writes synthYaml's output. */
function synthesizeWithResources(apps: number, outDir: string): string {
  const stack = new Stack(STACK_NAME, { namespace: NAMESPACE });
  const groups = new Map<string, Construct>();
  for (const object of buildModelObjects(apps)) {
    if (object.kind === 'Namespace') continue; // the Stack adds its namespace
    const owner = object.metadata.labels?.['app.kubernetes.io/instance'] ?? object.metadata.name;
    let group = groups.get(owner);
    if (!group) groups.set(owner, (group = new Construct(stack, owner)));
    new Resource(group, `${object.kind}.${object.metadata.name}`, object as ResourceProps);
  }
  const file = join(outDir, 'shipshape.yaml');
  writeFileSync(file, synthYaml(stack));
  return file;
}

runChild('shipshape-resources', synthesizeWithResources);
