import { describe, expect, it } from 'vitest';
import type { Manifest } from '../lib/k8s/types.ts';
import { joinStacksYaml, summarizeObjects } from './output.ts';

const object = (kind: string, name: string): Manifest => ({ apiVersion: 'v1', kind, metadata: { name } });

describe('output', () => {
  it('summarizeObjects() counts objects by kind in order of first appearance', () => {
    const objects = [object('Namespace', 'a'), object('Service', 'b'), object('ConfigMap', 'c'), object('Service', 'd')];
    expect(summarizeObjects(objects)).toBe('4 objects (1 Namespace, 2 Service, 1 ConfigMap)');
    expect(summarizeObjects([object('Secret', 's')])).toBe('1 object (1 Secret)');
    expect(summarizeObjects([])).toBe('0 objects');
  });

  it('joinStacksYaml() separates stacks with --- and skips empty ones', () => {
    const stacks = [
      { name: 'a', objects: [], yaml: 'kind: A\n' },
      { name: 'empty', objects: [], yaml: '' },
      { name: 'b', objects: [], yaml: 'kind: B\n' },
    ];
    expect(joinStacksYaml(stacks)).toBe('kind: A\n---\nkind: B\n');
  });
});
