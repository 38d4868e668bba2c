// End-to-end runs of `shipshape synth` as a process (node bin/shipshape.js), in a temporary
// project that holds the fixture programs and links node_modules/shipshape to this package,
// the way a user's project does. Tests run concurrently: each one is a process start.

import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'shipshape.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'cli-synth');

interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let project = '';

function run(args: readonly string[], cwd = project): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function parseDocs(text: string): Array<{ kind: string; metadata: { name: string; namespace?: string }; [k: string]: unknown }> {
  return parseAllDocuments(text).map((d) => (Array.isArray(d) ? {} : d.toJS())) as never;
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'shipshape-cli-synth-'));
  cpSync(FIXTURES, project, { recursive: true });
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(ROOT, join(project, 'node_modules', 'shipshape'), 'dir');
  // Written here rather than kept as a fixture, so that `tsc -p .` does not see it.
  writeFileSync(join(project, 'syntax-error.ts'), "// A syntax error on line 4.\nimport { Stack } from 'shipshape';\n\nconst replicas: number = ;\nexport default new Stack('oops');\n");
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe.concurrent('shipshape CLI', () => {
  it('shipshape --help lists the synth command, --debug and the exit codes', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: shipshape [options] [command]');
    expect(stdout).toMatch(/^ {2}synth \[options\] \[entry\] /m);
    expect(stdout).toContain('--debug');
    expect(stdout).toContain('Exit codes: 0 success, 1 error (in the program, validation, cluster), 2 usage error.');
  });

  it('shipshape synth --help shows the options and examples', async () => {
    const { code, stdout } = await run(['synth', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: shipshape synth [options] [entry]');
    expect(stdout).toContain('(default: "infra.ts")');
    for (const flag of ['-o, --output <dir>', '-c, --ctx <key=value>', '--env-file <file>', '--stack <name>']) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain('$ shipshape synth -o - | kubectl apply -f -');
  });

  it('shipshape --version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('shipshape with an unknown command exits 2', async () => {
    const { code, stderr } = await run(['deploy']);
    expect(code).toBe(2);
    expect(stderr).toContain("error: unknown command 'deploy'");
  });
});

describe.concurrent('shipshape synth', () => {
  it('synth runs infra.ts and writes one YAML file per stack to dist/ with a summary on stderr', async () => {
    const { code, stdout, stderr } = await run(['synth']);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'shop: 6 objects (1 Namespace, 1 ConfigMap, 2 Service, 2 Deployment) → dist/shop.yaml\n' +
        'tools: 1 object (1 ClusterRole) → dist/tools.yaml\n',
    );
    expect(readdirSync(join(project, 'dist')).sort()).toEqual(['shop.yaml', 'tools.yaml']);
    const shop = parseDocs(readFileSync(join(project, 'dist', 'shop.yaml'), 'utf8'));
    expect(shop.map((o) => `${o.kind} ${o.metadata.name}`)).toEqual([
      'Namespace shop',
      'ConfigMap settings',
      'Service redis',
      'Service web-svc',
      'Deployment redis',
      'Deployment web',
    ]);
    expect(shop[1]!.data).toEqual({ env: 'dev', region: 'local' });
    expect(readFileSync(join(project, 'dist', 'tools.yaml'), 'utf8')).toContain('kind: ClusterRole\n');
  });

  it('synth -o - prints all stacks to stdout separated by --- and writes no summary', async () => {
    const { code, stdout, stderr } = await run(['synth', 'infra.ts', '-o', '-']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.split(/^---$/m)).toHaveLength(7);
    expect(parseDocs(stdout).map((o) => o.kind)).toEqual(['Namespace', 'ConfigMap', 'Service', 'Service', 'Deployment', 'Deployment', 'ClusterRole']);
  });

  it('synth passes --env-file and -c values to the program, -c winning', async () => {
    const { code, stdout } = await run(['synth', '-o', '-', '--env-file', 'prod.env', '-c', 'env=staging', '--stack', 'shop']);
    expect(code).toBe(0);
    const objects = parseDocs(stdout);
    expect(objects.find((o) => o.kind === 'ConfigMap')!.data).toEqual({ env: 'staging', region: 'eu west' });
    expect((objects.find((o) => o.metadata.name === 'web')!.spec as { replicas: number }).replicas).toBe(3);
  });

  it('synth --stack writes only the stacks it names', async () => {
    const { code, stderr } = await run(['synth', '--stack', 'tools', '-o', 'out-stack']);
    expect(code).toBe(0);
    expect(stderr).toBe('tools: 1 object (1 ClusterRole) → out-stack/tools.yaml\n');
    expect(readdirSync(join(project, 'out-stack'))).toEqual(['tools.yaml']);
  });

  it('synth --stack with an unknown name exits 2 and lists the stacks', async () => {
    const result = await run(['synth', '--stack', 'nope', '-o', 'out-nope']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: "Error: No stack named 'nope'; the program defines: shop, tools\n" });
    expect(existsSync(join(project, 'out-nope'))).toBe(false);
  });

  it('synth -c without = is a usage error (exit 2)', async () => {
    const { code, stderr } = await run(['synth', '-c', 'env', '-o', '-']);
    expect(code).toBe(2);
    expect(stderr).toContain("argument 'env' is invalid. Context value 'env' has no '=': write it as key=value");
  });

  it('synth of a single default-exported Stack works from inside this package (self-reference)', async () => {
    const { code, stdout } = await run(['synth', 'single.ts', '-o', '-'], FIXTURES);
    expect(code).toBe(0);
    expect(parseDocs(stdout).map((o) => `${o.kind} ${o.metadata.name}`)).toEqual(['ConfigMap settings']);
  });

  it('synth reports every validation issue, exits 1 and prints no stack trace', async () => {
    const result = await run(['synth', 'invalid.ts', '-o', 'out-invalid']);
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe("Error: stack 'broken' has 2 validation errors:");
    expect(lines[1]).toMatch(/^ {2}ConfigMap Bad_Name: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    expect(lines[2]).toMatch(/^ {2}ConfigMap b: metadata.labels\[tier\]: Invalid value: "no spaces allowed": a valid label/);
    expect(lines).toHaveLength(3);
    expect(existsSync(join(project, 'out-invalid'))).toBe(false);
  });

  it('synth shows an error the program throws at the line of the user file, not inside shipshape', async () => {
    const result = await run(['synth', 'throws.ts', '-o', '-']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: "Error in throws.ts:5:1: throws/cfg: 'apiVersion' is required (e.g. 'v1' or 'apps/v1')\n",
    });
  });

  it('synth points an error thrown in an async program at the helper module that threw it', async () => {
    const result = await run(['synth', 'throws-async.ts', '-o', '-']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "Error in helpers/region.ts:5:14: Context value 'region' is required: pass it with -c region=VALUE or in --env-file\n",
    );
  });

  it('synth --debug adds the stack trace', async () => {
    const { code, stderr } = await run(['synth', 'throws.ts', '-o', '-', '--debug']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Error in throws\.ts:5:1: /);
    expect(stderr).toMatch(/^TypeError: throws\/cfg: 'apiVersion' is required/m);
    expect(stderr).toMatch(/at .*throws\.ts:5:1/);
  });

  it('synth shows the file, line and column of a syntax error', async () => {
    const result = await run(['synth', 'syntax-error.ts', '-o', '-']);
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'Error in syntax-error.ts:4:26: SyntaxError: Unexpected ";"\n' });
  });

  it('synth without an infra.ts names the missing file and how to pass one', async () => {
    const result = await run(['synth'], join(project, 'helpers'));
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `Error: Cannot find the program 'infra.ts' (looked for ${join(project, 'helpers', 'infra.ts')})\n` +
        'hint: pass the program as the first argument (e.g. examples/hello/infra.ts), or create infra.ts here\n',
    });
  });

  it('synth of a program without a default export says what it must export', async () => {
    const result = await run(['synth', 'no-default.ts', '-o', '-']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error: no-default.ts has no default export\n' +
        "hint: end the program with 'export default stack': a Stack, an array of Stacks, or a function (context) => Stack | Stack[] (it may be async)\n",
    );
  });

  it('synth rejects a default export that is not a Stack', async () => {
    const { code, stderr } = await run(['synth', 'not-a-stack.ts', '-o', '-']);
    expect(code).toBe(1);
    expect(stderr.split('\n')[0]).toBe('Error: not-a-stack.ts: the default export is a plain object, not a Stack');
  });

  it('synth rejects two stacks with the same name', async () => {
    const result = await run(['synth', 'duplicate.ts', '-o', '-']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: "Error: duplicate.ts: two stacks are named 'same'; stack names must be unique in a program\n",
    });
  });
});
