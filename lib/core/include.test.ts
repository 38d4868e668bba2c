import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Include } from './include.ts';
import { Stack } from './stack.ts';
import { synth } from './synth.ts';

const dir = mkdtempSync(join(tmpdir(), 'shipshape-include-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Include', () => {
  it('Include reads every document of a YAML file, keeping names and namespaces', () => {
    const file = join(dir, 'two.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: other}\nspec: {ports: [{port: 80}]}\n');
    const stack = new Stack('legacy', { namespace: 'apps' });
    const inc = new Include(stack, 'old', { path: file });
    expect(inc.resources.map((r) => r.name)).toEqual(['a', 'b']);
    const objects = synth(stack);
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'Namespace undefined/apps',
      'ConfigMap apps/a',
      'Service other/b',
    ]);
  });

  it('Include expands a List and reports a missing kind with the document number', () => {
    const list = join(dir, 'list.yaml');
    writeFileSync(list, 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}\n');
    expect(new Include(new Stack('s'), 'l', { path: list }).resources).toHaveLength(1);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nmetadata: {name: y}\n');
    expect(() => new Include(new Stack('s'), 'b', { path: bad })).toThrow(`s/b: ${bad}: document 2: kind: Required value`);
  });

  it('Include names the file and line of a YAML syntax error', () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'apiVersion: v1\nkind: [ConfigMap\n');
    expect(() => new Include(new Stack('s'), 'b', { path: broken })).toThrow(/broken\.yaml:\d+: invalid YAML/);
  });
});
