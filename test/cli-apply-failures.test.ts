// Failure scenarios of `shipshape apply` run as processes against the local simulated cluster,
// each asserting the message the user sees and the exit code: unpullable images (with and
// without --atomic), a missing Secret key, field-manager conflicts, an immutable change, an
// interrupted apply; and that secret values reach no output. Lifecycle, unschedulable and stale
// plans are in cli-apply.test.ts.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../lib/sim/persist.ts';
import { SimCluster } from '../lib/sim/sim-cluster.ts';
import { createCliProject, type CliProject, type RunResult } from './support/cli.ts';

const SECRET_VALUE = 'tok-SECRET-failures';

const PROGRAM = `
import { App, Resource, Secret, Stack } from 'shipshape';
export default (ctx) => {
  const stack = new Stack('shop', { namespace: 'shop' });
  const secret = new Secret(stack, 'api', { stringData: { token: '${SECRET_VALUE}' } });
  const env = { TOKEN: secret.keyRef('token') };
  if (ctx.get('missing-key', 'no') === 'yes') {
    // A key of a Secret made elsewhere, which the program cannot check: the kubelet finds it missing.
    new Resource(stack, 'external', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'external' }, stringData: { present: 'x' } });
    env.EXTERNAL = { dependencies: [], renderEnv: (name) => ({ name, valueFrom: { secretKeyRef: { name: 'external', key: 'absent' } } }) };
  }
  new App(stack, 'web', { image: ctx.get('image', 'nginx:1.26'), replicas: 2, port: 80, env });
  if (ctx.get('frozen', 'no') === 'yes') {
    new Resource(stack, 'frozen', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'frozen' }, immutable: true, data: { level: ctx.get('level', 'info') } });
  }
  for (let i = 0; i < Number(ctx.get('configs', '0')); i++) new Resource(stack, 'cfg-' + i, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg-' + i }, data: { i: String(i) } });
  return stack;
};
`;

let p: CliProject;

beforeAll(() => {
  p = createCliProject('apply-failures');
  p.write('infra.ts', PROGRAM);
});
afterAll(() => p.remove());

function all(r: RunResult): string {
  return `${r.stdout}\n${r.stderr}`;
}

/** Fails when a run printed the secret value, plain or base64. */
function expectNoSecret(...runs: RunResult[]): void {
  for (const r of runs) {
    expect(all(r)).not.toContain(SECRET_VALUE);
    expect(all(r)).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));
  }
}

/** Changes the Deployment's replicas as another field manager would (kubectl edit), between CLI runs. */
async function editReplicasAsKubectl(state: string, replicas: number): Promise<void> {
  const sim = await SimCluster.open({ stateDir: state });
  try {
    sim.api.patch({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, 'merge', { spec: { replicas } }, { fieldManager: 'kubectl-edit' });
  } finally {
    await sim.close();
  }
}

/** The images of the Running pods of web. */
/** Brings the stack back to the program's defaults, whatever a failed test left behind. */
async function reset(): Promise<void> {
  const r = await p.run(['apply', '--yes', '--force-conflicts']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

async function runningImages(): Promise<string[]> {
  const r = await p.run(['sim', 'get', 'pods', '-n', 'shop', '-o', 'json']);
  expect(r.code).toBe(0);
  const pods = JSON.parse(r.stdout).items as Array<{ metadata: { name: string; deletionTimestamp?: string }; spec: { containers: Array<{ image: string }> }; status: { phase: string } }>;
  return pods
    .filter((pod) => pod.metadata.name.startsWith('web-') && pod.status.phase === 'Running' && !pod.metadata.deletionTimestamp)
    .map((pod) => pod.spec.containers[0]!.image);
}

describe('shipshape apply failures', () => {
  beforeEach(reset);

  it('apply fails fast on an unpullable image with the kubelet message, leaves the rollout in place, and exits 1', async () => {
    const first = await p.run(['apply', '--yes']);
    expect(first.code).toBe(0);
    const fault = await p.run(['sim', 'unpullable', 'ngnix:*']);
    expect(fault.code).toBe(0);

    const r = await p.run(['apply', '--yes', '-c', 'image=ngnix:1.27']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: Deployment shop\/web is not ready: web-[a-z0-9]+-[a-z0-9]+: (ErrImagePull|ImagePullBackOff): rpc error: code = NotFound desc = failed to pull and unpack image "docker\.io\/library\/ngnix:1\.27": failed to resolve reference "docker\.io\/library\/ngnix:1\.27": docker\.io\/library\/ngnix:1\.27: not found\n$/);
    expect(r.stdout).toContain('Deployment shop/web: updated');
    const deploy = await p.run(['sim', 'get', 'deployment', 'web', '-n', 'shop', '-o', 'json']);
    expect(JSON.parse(deploy.stdout).spec.template.spec.containers[0].image).toBe('ngnix:1.27');
    expect(await runningImages()).toEqual(['nginx:1.26', 'nginx:1.26']);
    expectNoSecret(first, r);

    const back = await p.run(['apply', '--yes']);
    expect(back.code).toBe(0);
  });

  it('apply --atomic on an unpullable image rolls back, the previous revision serves again, and exits 1', async () => {
    const r = await p.run(['apply', '--yes', '--atomic', '-c', 'image=ngnix:1.28']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: Deployment shop\/web is not ready: web-[a-z0-9]+-[a-z0-9]+: (ErrImagePull|ImagePullBackOff): .*ngnix:1\.28.*\nRolled back 1 change: the previous state is restored\n$/s);
    expect(r.stdout).toContain('Deployment shop/web: rolled back (restored)');
    const deploy = await p.run(['sim', 'get', 'deployment', 'web', '-n', 'shop', '-o', 'json']);
    expect(JSON.parse(deploy.stdout).spec.template.spec.containers[0].image).toBe('nginx:1.26');
    expect(await runningImages()).toEqual(['nginx:1.26', 'nginx:1.26']);
    const noop = await p.run(['plan', '--detailed-exitcode']);
    expect(noop.code).toBe(0);
    expectNoSecret(r, noop);
  });

  it('apply fails fast with CreateContainerConfigError when an env var names a missing Secret key, and exits 1', async () => {
    const r = await p.run(['apply', '--yes', '-c', 'missing-key=yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: Deployment shop\/web is not ready: web-[a-z0-9]+-[a-z0-9]+: CreateContainerConfigError: couldn't find key absent in Secret shop\/external\n$/);
    expectNoSecret(r);
    expect((await p.run(['apply', '--yes'])).code).toBe(0);
  });

  it('apply refuses fields another manager changed, names the manager, and --force-conflicts takes them back', async () => {
    await editReplicasAsKubectl(p.state, 5);
    const plan = await p.run(['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('~   Deployment shop/web');
    expect(plan.stdout).toContain('        spec.replicas: 5 → 2\n        conflict: .spec.replicas (conflict with "kubectl-edit" using apps/v1)\n');

    const refused = await p.run(['apply', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'Error: Other field managers own fields this apply would change:\n' +
        '  Deployment shop/web: .spec.replicas (conflict with "kubectl-edit" using apps/v1)\n' +
        'hint: Re-run with --force-conflicts to take these fields, or stop setting them in the program\n',
    );
    const untouched = await p.run(['sim', 'get', 'deployment', 'web', '-n', 'shop', '-o', 'json']);
    expect(JSON.parse(untouched.stdout).spec.replicas).toBe(5);

    const forced = await p.run(['apply', '--yes', '--force-conflicts']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('spec.replicas: 5 → 2');
    const taken = JSON.parse((await p.run(['sim', 'get', 'deployment', 'web', '-n', 'shop', '-o', 'json'])).stdout);
    expect(taken.spec.replicas).toBe(2);
    expect((await p.run(['plan', '--detailed-exitcode'])).code).toBe(0);
    expectNoSecret(plan, refused, forced);
  });

  it('plan shows a change to an immutable field as a replace, and apply deletes and recreates the object', async () => {
    expect((await p.run(['apply', '--yes', '-c', 'frozen=yes'])).code).toBe(0);
    const get = async (): Promise<{ metadata: { uid: string }; data: { level: string } }> => JSON.parse((await p.run(['sim', 'get', 'configmap', 'frozen', '-n', 'shop', '-o', 'json'])).stdout);
    const before = await get();

    const plan = await p.run(['plan', '-c', 'frozen=yes', '-c', 'level=debug', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('-/+ ConfigMap shop/frozen (replace: data: Forbidden: field is immutable when `immutable` is set)');
    expect(plan.stdout).toContain('Plan: 1 to replace.');

    const r = await p.run(['apply', '--yes', '-c', 'frozen=yes', '-c', 'level=debug']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ConfigMap shop/frozen: replaced');
    expect(r.stdout).toContain('Apply complete: 1 applied, 0 deleted.');
    const after = await get();
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.data.level).toBe('debug');
    expect((await p.run(['plan', '-c', 'frozen=yes', '-c', 'level=debug', '--detailed-exitcode'])).code).toBe(0);
  });

  it('an apply killed mid-way leaves a state the next plan and apply finish exactly, with nothing lost or duplicated', async () => {
    const configs = 40;
    const child = p.spawn(['apply', '--yes', '-c', `configs=${configs}`]);
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/: created\n/.test(out) && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(child.signalCode).toBe('SIGKILL');
    // The killed process left its lock behind: the next command finds it stale and takes it over.
    expect(existsSync(join(p.state, LOCK_FILE))).toBe(true);

    const plan = await p.run(['plan', '-c', `configs=${configs}`, '--json']);
    expect(plan.code).toBe(0);
    const json = JSON.parse(plan.stdout) as { changes: Array<{ action: string; kind: string; name: string }>; summary: { create: number; unchanged: number } };
    const keys = json.changes.map((c) => `${c.kind}/${c.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    const creates = json.changes.filter((c) => c.action === 'create');
    expect(json.changes.filter((c) => c.action !== 'create' && c.action !== 'no-op')).toEqual([]);
    for (let i = 0; i < configs; i++) expect(keys).toContain(`ConfigMap/cfg-${i}`);
    expect(json.summary.create).toBe(creates.length);
    expect(json.summary.create + json.summary.unchanged).toBe(configs + 4);

    const finish = await p.run(['apply', '--yes', '-c', `configs=${configs}`]);
    expect(finish.code).toBe(0);
    expect(finish.stdout).toContain(`Apply complete: ${creates.length} applied, 0 deleted.`);
    const done = await p.run(['plan', '-c', `configs=${configs}`, '--detailed-exitcode']);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`No changes. ${configs + 4} objects already in shape.`);
    const cms = await p.run(['sim', 'get', 'configmaps', '-n', 'shop', '-o', 'json']);
    expect((JSON.parse(cms.stdout).items as Array<{ metadata: { name: string } }>).filter((c) => c.metadata.name.startsWith('cfg-'))).toHaveLength(configs);
    expect((await p.run(['apply', '--yes'])).code).toBe(0);
  });
});

describe('secret values', () => {
  it('secret values appear in no text output, JSON event stream, plan --json or sim output; a saved plan is mode 0600', async () => {
    const runs: RunResult[] = [];
    runs.push(await p.run(['destroy', '--yes']));
    runs.push(await p.run(['apply', '--yes']));
    runs.push(await p.run(['destroy', '--yes', '--json']));
    runs.push(await p.run(['apply', '--yes', '--json']));
    const events = runs.at(-1)!.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(events[0]).toEqual({ type: 'planned', create: 4, update: 0, replace: 0, delete: 0 });
    runs.push(await p.run(['plan', '--json', '-c', 'image=nginx:1.27']));
    runs.push(await p.run(['plan', '--show-unchanged']));
    const saved = await p.run(['plan', '-c', 'image=nginx:1.27', '-o', 'plan.json']);
    runs.push(saved);
    expect(saved.stderr).toContain('Saved the plan to plan.json (it may hold secret values; mode 0600)');
    expect(statSync(join(p.dir, 'plan.json')).mode & 0o777).toBe(0o600);
    runs.push(await p.run(['apply', 'plan.json']));
    runs.push(await p.run(['sim', 'events', '-n', 'shop']));
    for (const r of runs) expect(r.code).toBe(0);
    expectNoSecret(...runs);
  });
});
