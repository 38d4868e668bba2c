// shipshape/testing: helpers for users' own tests. Synthesize a stack to objects or YAML, find
// one object by kind and name, and compare a stack with a YAML snapshot file (vitest -u rewrites
// it). Not part of the main 'shipshape' entry point, so programs never load vitest.

export { findObject, synthObjects, synthToYaml, tryFindObject } from './objects.ts';
export { expectStackSnapshot } from './snapshot.ts';
