// Where the precompiled CLI lives (dist/, written by bin/build.js) and whether it is fresh: every
// input the build read still has the size and mtime the manifest recorded, and every output is
// there. Plain JS using only Node built-ins: the launcher runs it before anything else loads.

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The package root (the directory of package.json). */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The build's output directory. */
export const DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));
/** The manifest's file name inside DIST_DIR; the build writes it last. */
export const MANIFEST_FILE = 'manifest.json';
/** The format of the manifest; a manifest of another format is stale. */
export const MANIFEST_VERSION = 1;

/** The entry points: name in dist/ → source file, both relative to their directories. */
export const ENTRY_POINTS = {
  main: 'cli/main.ts',
  index: 'lib/index.ts',
  testing: 'lib/testing/index.ts',
};

/**
 * The fresh build in `distDir`, or undefined when there is none or it is stale.
 * `main` is the URL of the CLI entry; `redirects` maps the URL of each entry's source file to
 * the URL of its dist file (for the resolve hook, so 'shipshape' resolves to the same modules).
 */
export function findFreshDist(root = PACKAGE_ROOT, distDir = DIST_DIR) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(distDir, MANIFEST_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (manifest?.version !== MANIFEST_VERSION || !isFresh(manifest, root, distDir)) return undefined;
  const redirects = {};
  for (const [name, source] of Object.entries(ENTRY_POINTS)) {
    redirects[pathToFileURL(join(root, source)).href] = pathToFileURL(join(distDir, `${name}.js`)).href;
  }
  return { main: pathToFileURL(join(distDir, 'main.js')).href, redirects };
}

function isFresh(manifest, root, distDir) {
  for (const [file, [size, mtimeMs]] of Object.entries(manifest.inputs)) {
    const stat = statSync(join(root, file), { throwIfNoEntry: false });
    if (stat?.size !== size || stat.mtimeMs !== mtimeMs) return false;
  }
  for (const [file, size] of Object.entries(manifest.outputs)) {
    if (statSync(join(distDir, file), { throwIfNoEntry: false })?.size !== size) return false;
  }
  return true;
}
