// The YAML snapshot check for vitest: a stack's synthesized YAML against a file that
// `vitest -u` rewrites. The only module of shipshape that imports vitest.

import { expect } from 'vitest';
import type { Stack } from '../core/stack.ts';
import { synthToYaml } from './objects.ts';

/**
 * Checks the stack's synthesized YAML against the file at `path` (relative to the test file),
 * creating it when missing; `vitest -u` rewrites it. Await it.
 * @example
 * await expectStackSnapshot(stack, '../snapshots/shop.yaml');
 */
export async function expectStackSnapshot(stack: Stack, path: string): Promise<void> {
  await expect(synthToYaml(stack)).toMatchFileSnapshot(path);
}
