import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../k8s/types.ts';
import { compareObjects } from './object-compare.ts';
import { FieldSet } from './field-set.ts';
import { computeFieldSet, findFlatItemNode, findValueAt, removeValueAt } from './object-fields.ts';
import { PatchError } from './patch-error.ts';

const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment' };

function deployment(image = 'nginx:1.25'): any {
  return {
    metadata: { labels: { app: 'web' }, finalizers: ['example.com/guard'] },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }], args: ['--port', '80'] }] },
      },
    },
  };
}

describe('computeFieldSet()', () => {
  it('computeFieldSet() lists leaves, keyed items, set values and atomic fields', () => {
    expect(computeFieldSet(deployment(), DEPLOYMENT).toFieldsV1()).toEqual({
      'f:metadata': { 'f:finalizers': { 'v:"example.com/guard"': {} }, 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:args': {},
                'f:image': {},
                'f:name': {},
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
              },
            },
          },
        },
      },
    });
  });

  it('computeFieldSet() marks empty maps and nulls as owned leaves', () => {
    expect(computeFieldSet({ metadata: { annotations: {} }, spec: { paused: null } }, DEPLOYMENT).toFieldsV1()).toEqual({
      'f:metadata': { 'f:annotations': {} },
      'f:spec': { 'f:paused': {} },
    });
  });

  it('computeFieldSet() in strict mode rejects list items without keys and duplicate keys', () => {
    const missing = { spec: { template: { spec: { containers: [{ image: 'nginx' }] } } } };
    expect(() => computeFieldSet(missing, DEPLOYMENT, { strict: true })).toThrow(
      new PatchError('.spec.template.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)', { code: 400, reason: 'BadRequest' }),
    );
    const duplicate = { spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'a' }] } } } };
    expect(() => computeFieldSet(duplicate, DEPLOYMENT, { strict: true })).toThrow('.spec.template.spec.containers: duplicate entries for key [name="a"]');
  });
});

describe('object paths', () => {
  it('findValueAt() and removeValueAt() resolve keyed items with key defaults', () => {
    const object: JsonValue = deployment();
    const port = ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:ports', 'k:{"containerPort":80,"protocol":"TCP"}'];
    expect(findValueAt(object, [...port, 'f:containerPort'], DEPLOYMENT)).toBe(80);
    expect(removeValueAt(object, port, DEPLOYMENT)).toBe(true);
    expect((object as any).spec.template.spec.containers[0].ports).toEqual([]);
    expect(removeValueAt(object, ['f:metadata', 'f:finalizers', 'v:"example.com/guard"'], DEPLOYMENT)).toBe(true);
    expect(removeValueAt(object, ['f:spec', 'f:paused'], DEPLOYMENT)).toBe(false);
  });

  it('compareObjects() splits a change into added, modified and removed paths', () => {
    const before = deployment('nginx:1.25');
    const after = deployment('nginx:1.27');
    delete after.metadata.finalizers;
    after.spec.paused = true;
    const c = compareObjects(before, after, DEPLOYMENT);
    expect(c.added.paths()).toEqual([['f:spec', 'f:paused']]);
    expect(c.modified.paths()).toEqual([['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image']]);
    expect(c.removed.paths()).toEqual([['f:metadata', 'f:finalizers', 'v:"example.com/guard"']]);
  });
});

describe('findFlatItemNode()', () => {
  it('findFlatItemNode() shares one node among flat items with the same keys and refuses items holding a list or a map', () => {
    const ready = findFlatItemNode({ type: 'Ready', status: 'True', lastProbeTime: null, detail: {} });
    expect(ready).toBe(findFlatItemNode({ type: 'ContainersReady', status: 'False', lastProbeTime: null, detail: {} }));
    expect(FieldSet.fromNode(ready!).toFieldsV1()).toEqual({ '.': {}, 'f:detail': {}, 'f:lastProbeTime': {}, 'f:status': {}, 'f:type': {} });
    expect(findFlatItemNode({ type: 'Ready', status: 'True' })).not.toBe(ready);
    expect(findFlatItemNode({ name: 'web', ports: [] })).toBeUndefined();
    expect(findFlatItemNode({ name: 'web', resources: { limits: {} } })).toBeUndefined();
  });
});
