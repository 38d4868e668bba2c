// bin/shipshape.js, bin/build.js and bin/dist.js on a copy of this package (its own dist/, so
// touching its files never races the other tests): the launcher runs dist/ when the build is
// fresh and the sources when it is stale; the build records its inputs and rewrites nothing unchanged.

import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDist } from '../bin/build.js';
import { findFreshDist, type DistManifest } from '../bin/dist.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Prints where the program's 'shipshape' resolved to and which file called its default export.
const PROBE = `import { App, Stack } from 'shipshape';

const stack = new Stack('probe');
new App(stack, 'web', { image: 'nginx:1.27', port: 80 });

export default () => {
  const caller = new Error().stack?.split('\\n').find((line) => line.includes('loadStacks')) ?? '';
  console.error(\`shipshape: \${import.meta.resolve('shipshape')}\`);
  console.error(\`caller: \${caller}\`);
  return stack;
};
`;

let copy = '';
let dist = '';
let project = '';

/** Runs the copy's launcher in the project; returns what the probe printed and the exit code. */
function runProbe(args: readonly string[] = ['synth', '-o', '-']): Promise<{ code: number; stdout: string; resolved: string; caller: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(copy, 'bin', 'shipshape.js'), ...args], { cwd: project, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      const resolved = /^shipshape: (.*)$/m.exec(stderr)?.[1] ?? stderr;
      const caller = /^caller: (.*)$/m.exec(stderr)?.[1] ?? stderr;
      resolve({ code, stdout, resolved, caller });
    });
  });
}

function readManifest(): DistManifest {
  return JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as DistManifest;
}

beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), 'shipshape-launcher-'));
  for (const entry of ['bin', 'cli', 'lib', 'package.json', 'tsconfig.json']) {
    cpSync(join(ROOT, entry), join(copy, entry), { recursive: true, preserveTimestamps: true, filter: (source) => !source.endsWith('.test.ts') });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  dist = join(copy, 'dist');
  await buildDist({ root: copy, distDir: dist });
  project = join(copy, 'project');
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  symlinkSync(copy, join(project, 'node_modules', 'shipshape'), 'dir');
  writeFileSync(join(project, 'infra.ts'), PROBE);
});

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('bin/shipshape.js', () => {
  it('bin/shipshape.js runs the CLI from dist/ when the build is fresh, and the program gets the same dist modules', async () => {
    const { code, stdout, resolved, caller } = await runProbe();
    expect(code).toBe(0);
    expect(stdout).toContain('kind: Deployment');
    expect(resolved).toBe(pathToFileURL(join(dist, 'index.js')).href);
    expect(caller).toContain(`${dist}/chunk-`);
  });

  it('bin/shipshape.js from dist/ loads tsx only to import a program: --version and --help run without it', async () => {
    // The copy's node_modules without tsx, for this test only (tests in a file run one by one).
    const modules = join(copy, 'node_modules');
    renameSync(modules, `${modules}.all`);
    mkdirSync(modules);
    for (const name of readdirSync(join(ROOT, 'node_modules'))) {
      if (name !== 'tsx') symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
    }
    try {
      const version = await runProbe(['--version']);
      expect(version.code).toBe(0);
      expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as { version: string }).version);
      expect((await runProbe(['--help'])).code).toBe(0);
      const synth = await runProbe();
      expect(synth.code).toBe(1);
      expect(synth.caller).toContain("Cannot find package 'tsx'");
    } finally {
      rmSync(modules, { recursive: true, force: true });
      renameSync(`${modules}.all`, modules);
    }
  });

  it('bin/shipshape.js runs the sources when a source changed after the build, until the next build', async () => {
    const file = join(copy, 'lib', 'k8s', 'names.ts');
    const later = new Date(statSync(file).mtimeMs + 5_000);
    utimesSync(file, later, later);
    expect(findFreshDist(copy, dist)).toBeUndefined();
    const stale = await runProbe();
    expect(stale.code).toBe(0);
    expect(stale.stdout).toContain('kind: Deployment');
    expect(stale.resolved).toBe(pathToFileURL(join(copy, 'lib', 'index.ts')).href);
    expect(stale.caller).toContain(join(copy, 'cli', 'load-entry.ts'));

    await buildDist({ root: copy, distDir: dist });
    expect(readManifest().inputs['lib/k8s/names.ts']).toEqual([statSync(file).size, statSync(file).mtimeMs]);
    expect((await runProbe()).resolved).toBe(pathToFileURL(join(dist, 'index.js')).href);
  });
});

describe('bin/dist.js findFreshDist()', () => {
  it('findFreshDist() gives the CLI entry and the redirects of the entry sources for a fresh build', () => {
    expect(findFreshDist(copy, dist)).toEqual({
      main: pathToFileURL(join(dist, 'main.js')).href,
      redirects: {
        [pathToFileURL(join(copy, 'cli', 'main.ts')).href]: pathToFileURL(join(dist, 'main.js')).href,
        [pathToFileURL(join(copy, 'lib', 'index.ts')).href]: pathToFileURL(join(dist, 'index.js')).href,
        [pathToFileURL(join(copy, 'lib', 'testing', 'index.ts')).href]: pathToFileURL(join(dist, 'testing.js')).href,
      },
    });
  });

  it('findFreshDist() is undefined when an output is missing', () => {
    const chunk = readdirSync(dist).find((name) => name.startsWith('chunk-'))!;
    renameSync(join(dist, chunk), join(dist, `${chunk}.moved`));
    try {
      expect(findFreshDist(copy, dist)).toBeUndefined();
    } finally {
      renameSync(join(dist, `${chunk}.moved`), join(dist, chunk));
    }
    expect(findFreshDist(copy, dist)).toBeDefined();
  });

  it('findFreshDist() is undefined without a manifest, or with one of another version or a changed size', () => {
    const other = join(copy, 'dist-other');
    cpSync(dist, other, { recursive: true, preserveTimestamps: true });
    const manifest = readManifest();
    expect(findFreshDist(copy, other)).toBeDefined();
    writeFileSync(join(other, 'manifest.json'), JSON.stringify({ ...manifest, version: manifest.version + 1 }));
    expect(findFreshDist(copy, other)).toBeUndefined();
    const [, mtimeMs] = manifest.inputs['cli/main.ts']!;
    writeFileSync(join(other, 'manifest.json'), JSON.stringify({ ...manifest, inputs: { ...manifest.inputs, 'cli/main.ts': [1, mtimeMs] } }));
    expect(findFreshDist(copy, other)).toBeUndefined();
    rmSync(join(other, 'manifest.json'));
    expect(findFreshDist(copy, other)).toBeUndefined();
  });
});

describe('bin/build.js buildDist()', () => {
  it('buildDist() records every bundled source, the build configuration and the copied files with size and mtime', () => {
    const { inputs, outputs } = readManifest();
    for (const file of ['cli/main.ts', 'cli/load-entry.ts', 'lib/index.ts', 'lib/testing/index.ts', 'lib/sim/api/builtin-models.ts', 'lib/sim/api/builtin-models.generated.json', 'bin/build.js', 'bin/dist.js', 'package.json', 'tsconfig.json']) {
      const stat = statSync(join(copy, file));
      expect(inputs[file], file).toEqual([stat.size, stat.mtimeMs]);
    }
    expect(Object.keys(inputs).some((file) => file.endsWith('.test.ts') || file.startsWith('node_modules/'))).toBe(false);
    expect(Object.keys(outputs).sort()).toEqual(readdirSync(dist).filter((name) => name !== 'manifest.json').sort());
    expect(readFileSync(join(dist, 'builtin-models.generated.json'), 'utf8')).toBe(readFileSync(join(copy, 'lib', 'sim', 'api', 'builtin-models.generated.json'), 'utf8'));
  });

  it('buildDist() of unchanged sources rewrites no file', async () => {
    const before = new Map(readdirSync(dist).map((name) => [name, statSync(join(dist, name)).mtimeMs]));
    await buildDist({ root: copy, distDir: dist });
    const after = new Map(readdirSync(dist).map((name) => [name, statSync(join(dist, name)).mtimeMs]));
    expect(after).toEqual(before);
  });

  it('buildDist() deletes chunks of earlier builds after an hour, and nothing else it did not write', async () => {
    const hoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const name of ['chunk-OLD.js', 'main.js.tmp-1', 'chunk-RECENT.js', 'shop.yaml']) {
      writeFileSync(join(dist, name), '// left over\n');
      if (name !== 'chunk-RECENT.js') utimesSync(join(dist, name), hoursAgo, hoursAgo);
    }
    await buildDist({ root: copy, distDir: dist });
    const left = readdirSync(dist);
    expect(['chunk-OLD.js', 'main.js.tmp-1', 'chunk-RECENT.js', 'shop.yaml'].filter((name) => left.includes(name))).toEqual(['chunk-RECENT.js', 'shop.yaml']);
    expect(findFreshDist(copy, dist)).toBeDefined();
  });
});
