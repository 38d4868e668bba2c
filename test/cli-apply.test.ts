// End-to-end runs of plan, apply and destroy as processes against the local simulated cluster:
// the lifecycle of a stack (create, no-op, change, prune, destroy) and the failure scenarios,
// each asserting what the user sees and the exit code.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliProject, type CliProject } from './support/cli.ts';

const PROGRAM = `
import { App, ConfigMap, Secret, Stack } from 'shipshape';
export default (ctx) => {
  const stack = new Stack('shop', { namespace: 'shop' });
  const cfg = new ConfigMap(stack, 'cfg', { data: { level: 'info' } });
  const secret = new Secret(stack, 'api', { stringData: { token: ctx.get('token', 'tok-SECRET-one') } });
  new App(stack, 'web', {
    image: ctx.get('image', 'nginx:1.26'),
    replicas: Number(ctx.get('replicas', '2')),
    port: 80,
    env: { LEVEL: cfg.keyRef('level'), TOKEN: secret.keyRef('token') },
    resources: { requests: { cpu: ctx.get('cpu', '100m') } },
  });
  if (ctx.get('extra', 'yes') === 'yes') new ConfigMap(stack, 'extra', { data: { b: '2' } });
  return stack;
};
`;

let p: CliProject;

beforeAll(() => {
  p = createCliProject('apply');
  p.write('infra.ts', PROGRAM);
});
afterAll(() => p.remove());

function all(r: { stdout: string; stderr: string }): string {
  return `${r.stdout}\n${r.stderr}`;
}

describe('shipshape plan / apply / destroy', () => {
  it('takes a stack through its whole life on the local simulated cluster', async () => {
    const first = await p.run(['apply', '--yes']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Plan: 6 to create.');
    expect(first.stdout).toContain('Deployment shop/web: ready');
    expect(first.stdout).toMatch(/Apply complete: 6 applied, 0 deleted\./);

    const noop = await p.run(['plan', '--detailed-exitcode']);
    expect(noop.code).toBe(0);
    expect(noop.stdout).toContain('No changes.');

    const changed = await p.run(['plan', '-c', 'image=nginx:1.27', '-c', 'replicas=3', '--detailed-exitcode']);
    expect(changed.code).toBe(2);
    expect(changed.stdout).toContain('~   Deployment shop/web');
    expect(changed.stdout).toContain('spec.replicas: 2 → 3');
    expect(changed.stdout).toContain('spec.template.spec.containers[web].image: "nginx:1.26" → "nginx:1.27"');
    expect(changed.stdout).toContain('Plan: 1 to update.');

    const rolled = await p.run(['apply', '--yes', '-c', 'image=nginx:1.27', '-c', 'replicas=3']);
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toContain('Deployment shop/web: ready');
    const pods = await p.run(['sim', 'get', 'pods', '-n', 'shop']);
    if (pods.code === 0) expect(pods.stdout.split('\n').filter((l) => /\bRunning\b/.test(l))).toHaveLength(3);

    const pruned = await p.run(['plan', '-c', 'image=nginx:1.27', '-c', 'replicas=3', '-c', 'extra=no']);
    expect(pruned.stdout).toContain('-   ConfigMap shop/extra');
    expect(pruned.stdout).toContain('Plan: 1 to delete.');

    const destroyed = await p.run(['destroy', '--yes']);
    expect(destroyed.code).toBe(0);
    const after = await p.run(['plan', '--detailed-exitcode']);
    expect(after.stdout).toContain('Plan: 6 to create.');

    for (const r of [first, noop, changed, rolled, pruned, destroyed, after]) {
      expect(all(r)).not.toContain('tok-SECRET-one');
      expect(all(r)).not.toContain(Buffer.from('tok-SECRET-one').toString('base64'));
    }
  });

  it('refuses to apply without --yes when not on a terminal', async () => {
    const r = await p.run(['apply', '--no-wait']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Error: Refusing to apply without confirmation: not running on a terminal');
    expect(r.stderr).toContain('hint: re-run with --yes to apply non-interactively');
  });

  it('fails fast with the scheduler message when no node fits, and exits 1', async () => {
    const r = await p.run(['apply', '--yes', '-c', 'cpu=64', '--timeout', '10m']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Error: Deployment shop\/web is not ready: web-[a-z0-9]+-[a-z0-9]+: 0\/3 nodes are available: 3 Insufficient cpu\./);
    await p.run(['apply', '--yes']);
  });

  it('refuses a stale saved plan and names the object that moved', async () => {
    await p.run(['apply', '--yes']);
    const saved = await p.run(['plan', '-c', 'replicas=3', '-o', 'plan.json']);
    expect(saved.stderr).toContain('Saved the plan to plan.json');
    await p.run(['apply', '--yes', '-c', 'replicas=4']);
    const stale = await p.run(['apply', 'plan.json']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/Error: Cannot apply plan: Deployment shop\/web changed since the plan was made \(resourceVersion \d+ → \d+\)/);
  });
});
