// Test support: runs the real kubectl (from PATH) against a served simulated cluster with its
// own kubeconfig and discovery cache in a temporary directory, one-shot or streaming (get -w),
// and splits kubectl's column output into cells. Not a kubectl client library.

import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether a kubectl binary is on PATH. */
export function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The outcome of one kubectl run. */
export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A long-lived kubectl (e.g. `get -w`). */
export interface KubectlStream {
  /** Resolves with the output once it has `n` lines (or kubectl ended). */
  lines(n: number): Promise<string>;
  /** Ends kubectl and resolves with its output. */
  stop(): Promise<string>;
}

/** kubectl bound to one server. */
export interface KubectlRunner {
  readonly dir: string;
  /** Runs kubectl with a 30 s timeout; resolves with its exit code and output (never rejects). */
  run(...args: string[]): Promise<KubectlRun>;
  /** Starts a long-lived kubectl, killed after `ms` whatever happens. */
  stream(ms: number, ...args: string[]): KubectlStream;
  /** Writes a file in the runner's directory and returns its path. */
  writeFile(name: string, text: string): string;
  /** Removes the directory. */
  dispose(): void;
}

/** The cells of each output line (columns are separated by 2+ spaces). */
export function rows(text: string): string[][] {
  return text.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));
}

/** A runner for the server at `url` (http: insecure-skip-tls-verify, namespace default). */
export function createKubectlRunner(url: string): KubectlRunner {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-kubectl-'));
  writeFileSync(
    join(dir, 'kubeconfig'),
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: sim, cluster: {server: "' + url + '", insecure-skip-tls-verify: true}}]',
      'users: [{name: dev, user: {token: any-token}}]',
      'contexts: [{name: sim, context: {cluster: sim, user: dev, namespace: default}}]',
      'current-context: sim',
      '',
    ].join('\n'),
  );

  function kubectlArgs(args: string[]): { args: string[]; env: NodeJS.ProcessEnv } {
    return { args: [`--cache-dir=${join(dir, 'cache')}`, ...args], env: { ...process.env, KUBECONFIG: join(dir, 'kubeconfig') } };
  }

  /** Runs kubectl with a timeout; resolves with its exit code and output (never rejects). */
  function kubectl(...args: string[]): Promise<KubectlRun> {
    const { args: full, env } = kubectlArgs(args);
    return new Promise((resolve) => {
      execFile('kubectl', full, { env, timeout: 30_000 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      });
    });
  }

  /**
   * Starts a long-lived kubectl (e.g. `get -w`); `lines(n)` resolves once its stdout has n lines,
   * `stop()` ends it and resolves with its output. It is killed after `ms` whatever happens.
   */
  function kubectlStream(ms: number, ...args: string[]): KubectlStream {
    const { args: full, env } = kubectlArgs(args);
    const child = spawn('kubectl', full, { env });
    let out = '';
    const waiters: { n: number; resolve: (text: string) => void }[] = [];
    const timer = setTimeout(() => child.kill(), ms);
    const exited = new Promise<string>((resolve) => {
      child.on('exit', () => {
        clearTimeout(timer);
        for (const w of waiters.splice(0)) w.resolve(out);
        resolve(out);
      });
    });
    const check = (): void => {
      for (const w of [...waiters]) {
        if (out.split('\n').length - 1 >= w.n) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(out);
        }
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      check();
    });
    return {
      lines: (n) => {
        const p = new Promise<string>((resolve) => waiters.push({ n, resolve }));
        check();
        if (child.exitCode !== null) return Promise.resolve(out);
        return p;
      },
      stop: () => {
        child.kill();
        return exited;
      },
    };
  }

  return {
    dir,
    run: kubectl,
    stream: kubectlStream,
    writeFile(name, text) {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
