// Synthesizing a stack for a test and picking objects out of the result. Plain functions with
// no test-runner imports, so they work under any runner.

import type { Stack } from '../core/stack.ts';
import { synth, synthYaml } from '../core/synth.ts';
import { describeObject } from '../k8s/refs.ts';
import type { Manifest } from '../k8s/types.ts';

/**
 * The stack's validated objects in apply order.
 * @throws ValidationError listing every problem in the stack.
 * @example
 * const objects = synthObjects(stack);
 */
export function synthObjects(stack: Stack): Manifest[] {
  return synth(stack);
}

/** The stack as one multi-document YAML string, exactly what `shipshape synth` writes. */
export function synthToYaml(stack: Stack): string {
  return synthYaml(stack);
}

/**
 * The object of `kind` named `name`, or undefined. `name` may be `namespace/name` to pick one
 * namespace. @throws Error when more than one object matches (name the namespace then).
 */
export function tryFindObject(objects: readonly Manifest[], kind: string, name: string): Manifest | undefined {
  const [namespace, bare] = name.includes('/') ? (name.split('/', 2) as [string, string]) : [undefined, name];
  const found = objects.filter(
    (o) => o.kind === kind && o.metadata.name === bare && (namespace === undefined || o.metadata.namespace === namespace),
  );
  if (found.length > 1) {
    const list = found.map(describeObject).join(', ');
    throw new Error(`${found.length} objects match ${kind} '${name}': ${list}; pass 'namespace/name' to pick one`);
  }
  return found[0];
}

/**
 * The object of `kind` named `name` (or `namespace/name`).
 * @throws Error listing the objects of that kind when there is no such object.
 * @example
 * const web = findObject(synthObjects(stack), 'Deployment', 'web');
 */
export function findObject(objects: readonly Manifest[], kind: string, name: string): Manifest {
  const found = tryFindObject(objects, kind, name);
  if (found) return found;
  const sameKind = objects.filter((o) => o.kind === kind).map(describeObject);
  const have = sameKind.length > 0 ? `the ${kind} objects are: ${sameKind.join(', ')}` : `there is no ${kind} among the ${objects.length} objects`;
  throw new Error(`No ${kind} named '${name}': ${have}`);
}
