#!/usr/bin/env node
// Builds dist/: cli/main.ts, lib/index.ts and lib/testing/index.ts bundled by esbuild with code
// splitting (ESM, node20, packages external), so the CLI and a user's `import 'shipshape'` share
// one set of chunk files, plus dist/manifest.json (see bin/dist.js). Plain JS: it runs without tsx.
// `npm run build` (and `prepare`, so npm install/ci) runs it; `--if-stale` skips a fresh build.

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { DIST_DIR, ENTRY_POINTS, findFreshDist, MANIFEST_FILE, MANIFEST_VERSION, PACKAGE_ROOT } from './dist.js';

/** Files the bundle reads next to itself at run time (new URL(name, import.meta.url)): copied into dist/. */
const COPIED_FILES = ['lib/sim/api/builtin-models.generated.json'];
/** Files that shape the build without being bundled: a change to them makes dist stale too. */
const CONFIG_FILES = ['bin/build.js', 'bin/dist.js', 'package.json', 'tsconfig.json'];
/** Outputs of earlier builds are deleted once this old: a running process may still import them. */
const STALE_OUTPUT_AGE_MS = 60 * 60 * 1000;
const LOADERS = { '.ts': 'ts', '.js': 'js', '.json': 'json' };

/**
 * Builds `distDir` from the sources under `root` and returns the manifest it wrote.
 * Each file is replaced atomically (written beside, then renamed) and only when its bytes
 * changed; the manifest goes last, so a launcher never sees a half-written build as fresh.
 */
export async function buildDist({ root = PACKAGE_ROOT, distDir = DIST_DIR } = {}) {
  // Every input is stat-ed before it is read: an edit during the build leaves dist stale, never
  // wrongly fresh.
  const inputs = {};
  const record = (file) => {
    const stat = statSync(join(root, file));
    inputs[file] = [stat.size, stat.mtimeMs];
  };
  CONFIG_FILES.forEach(record);
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.entries(ENTRY_POINTS).map(([out, source]) => ({ in: source, out })),
    outdir: distDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [recordInputs(root, record)],
  });
  const unrecorded = Object.keys(result.metafile.inputs).filter((file) => !(file in inputs));
  if (unrecorded.length > 0) throw new Error(`build: inputs read without a stat: ${unrecorded.join(', ')}`);

  mkdirSync(distDir, { recursive: true });
  const outputs = {};
  for (const file of result.outputFiles) {
    const name = relative(distDir, file.path).split('\\').join('/');
    writeIfChanged(join(distDir, name), file.contents);
    outputs[name] = file.contents.byteLength;
  }
  for (const source of COPIED_FILES) {
    record(source);
    const name = source.slice(source.lastIndexOf('/') + 1);
    const contents = readFileSync(join(root, source));
    writeIfChanged(join(distDir, name), contents);
    outputs[name] = contents.byteLength;
  }
  // Sorted, so that a build of unchanged sources writes the same manifest (esbuild loads in parallel).
  const manifest = { version: MANIFEST_VERSION, inputs: sortKeys(inputs), outputs: sortKeys(outputs) };
  writeIfChanged(join(distDir, MANIFEST_FILE), `${JSON.stringify(manifest)}\n`);
  deleteOldOutputs(distDir, new Set([...Object.keys(outputs), MANIFEST_FILE]));
  return manifest;
}

/** An esbuild plugin that stats each source file just before reading it for the bundle. */
function recordInputs(root, record) {
  return {
    name: 'record-inputs',
    setup(b) {
      b.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        const file = relative(root, args.path).split('\\').join('/');
        const loader = LOADERS[extname(args.path)];
        if (!loader) throw new Error(`build: no loader for ${file}`);
        record(file);
        return { contents: readFileSync(args.path), loader };
      });
    },
  };
}

function sortKeys(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function writeIfChanged(path, contents) {
  const bytes = typeof contents === 'string' ? Buffer.from(contents) : contents;
  let existing;
  try {
    existing = readFileSync(path);
  } catch {
    existing = undefined;
  }
  if (existing?.equals(bytes)) return;
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
}

/**
 * Deletes what earlier builds left in `distDir` (chunks, interrupted writes) once older than
 * STALE_OUTPUT_AGE_MS. Only those: `shipshape synth` run here writes its YAML to dist/ too.
 */
function deleteOldOutputs(distDir, keep) {
  const now = Date.now();
  for (const entry of readdirSync(distDir, { withFileTypes: true })) {
    if (!entry.isFile() || keep.has(entry.name) || !/\.js$|\.tmp-\d+$/.test(entry.name)) continue;
    const path = join(distDir, entry.name);
    if (now - statSync(path).mtimeMs > STALE_OUTPUT_AGE_MS) rmSync(path, { force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ifStale = process.argv.includes('--if-stale');
  if (!(ifStale && findFreshDist())) await buildDist();
}
