import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../k8s/types.ts';
import { SeededRandom } from '../../random.ts';
import { FieldSet } from './field-set.ts';
import { compareObjects, isSameJson } from './object-compare.ts';
import { computeFieldSet, findValueAt, type FieldSetOptions } from './object-fields.ts';
import { isDeepEqual } from './json-utils.ts';

const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment' };
const POD = { apiVersion: 'v1', kind: 'Pod' };

/** The definition compareObjects() must meet: set differences of whole field sets, and changed values at fields both hold. */
function compareBySets(before: JsonValue, after: JsonValue, kind: typeof POD, options: Omit<FieldSetOptions, 'strict'>): { added: string[]; modified: string[]; removed: string[] } {
  const b = computeFieldSet(before, kind, options);
  const a = computeFieldSet(after, kind, options);
  const modified = a.intersection(b).paths().filter((p) => p[p.length - 1]!.startsWith('f:') && !isDeepEqual(findValueAt(before, p, kind), findValueAt(after, p, kind)));
  const show = (s: FieldSet): string[] => s.paths().map((p) => p.join('/'));
  return { added: show(a.difference(b)), modified: modified.map((p) => p.join('/')), removed: show(b.difference(a)) };
}

function pick<T>(random: SeededRandom, items: readonly T[]): T {
  return items[random.int(items.length)]!;
}

function randomScalar(random: SeededRandom): JsonValue {
  return pick(random, ['a', 'b', 1, 2, true, null, '', 0] as JsonValue[]);
}

function randomContainer(random: SeededRandom): JsonValue {
  const c: Record<string, JsonValue> = {};
  if (random.int(8) > 0) c.name = pick(random, ['web', 'side', 'init']);
  if (random.int(2) === 0) c.image = pick(random, ['nginx:1', 'nginx:2']);
  if (random.int(2) === 0) c.ports = Array.from({ length: random.int(3) }, (): JsonValue => (random.int(3) === 0 ? { containerPort: 80 } : { containerPort: pick(random, [80, 443]), protocol: pick(random, ['TCP', 'UDP']) }));
  if (random.int(3) === 0) c.env = Array.from({ length: random.int(3) }, () => ({ name: pick(random, ['A', 'B']), value: randomScalar(random) }));
  if (random.int(3) === 0) c.resources = random.int(2) === 0 ? {} : { requests: { cpu: pick(random, ['1', '2']) } };
  return c;
}

function randomObject(random: SeededRandom): Record<string, any> {
  const metadata: Record<string, JsonValue> = { name: 'x' };
  if (random.int(2) === 0) metadata.labels = { app: pick(random, ['a', 'b']) };
  if (random.int(3) === 0) metadata.finalizers = pick(random, [[], ['a'], ['a', 'b'], ['b', 'a', 'a']]);
  if (random.int(2) === 0) metadata.managedFields = [{ manager: pick(random, ['m', 'n']) }];
  if (random.int(6) === 0) delete metadata.name;
  const obj: Record<string, any> = { apiVersion: 'v1', kind: 'Pod', metadata };
  if (random.int(5) > 0) {
    obj.spec = { containers: Array.from({ length: random.int(3) }, () => randomContainer(random)) };
    if (random.int(2) === 0) obj.spec.nodeSelector = { zone: pick(random, ['a', 'b']) };
    if (random.int(3) === 0) obj.spec.restartPolicy = randomScalar(random);
    if (random.int(4) === 0) obj.spec.volumes = [];
  }
  if (random.int(2) === 0) {
    const conditions = Array.from({ length: random.int(4) }, (): JsonValue => (random.int(8) === 0 ? 'odd' : { type: pick(random, ['Ready', 'PodScheduled', 'Initialized']), status: pick(random, ['True', 'False']) }));
    obj.status = random.int(4) === 0 ? pick(random, [{}, 'odd', null]) : { phase: pick(random, ['Pending', 'Running']), conditions };
  }
  return obj;
}

/** A copy of `obj` with a few random edits (sharing what it does not touch, as writes do). */
function mutate(random: SeededRandom, obj: Record<string, any>): Record<string, any> {
  const out = structuredClone(obj);
  for (let n = random.int(4); n >= 0; n--) {
    switch (random.int(7)) {
      case 0:
        out.metadata = { ...out.metadata, labels: { app: pick(random, ['a', 'b', 'c']) } };
        break;
      case 1:
        if (out.spec?.containers?.length) out.spec.containers[random.int(out.spec.containers.length)] = randomContainer(random);
        break;
      case 2:
        out.status = randomObject(random).status;
        break;
      case 5:
        if (Array.isArray(out.status?.conditions) && out.status.conditions.length > 0) {
          const c = out.status.conditions[random.int(out.status.conditions.length)];
          if (c && typeof c === 'object') c.status = pick(random, ['True', 'False', 'Unknown']);
        }
        break;
      case 3:
        out.metadata.managedFields = [{ manager: 'z' }];
        break;
      case 4:
        return randomObject(random);
      default:
        if (out.spec) out.spec.restartPolicy = randomScalar(random);
    }
  }
  return out;
}

describe('compareObjects()', () => {
  it('compareObjects() agrees with the set differences of the two whole field sets on random edits', () => {
    const random = new SeededRandom(7);
    const variants: Array<Omit<FieldSetOptions, 'strict'>> = [{}, { skipManagedFields: true }, { skipManagedFields: true, skipTopLevel: 'status' }, { skipTopLevel: 'spec' }];
    for (let i = 0; i < 3000; i++) {
      const before = randomObject(random);
      const after = random.int(10) === 0 ? structuredClone(before) : mutate(random, before);
      const options = pick(random, variants);
      const kind = random.int(2) === 0 ? POD : DEPLOYMENT;
      const c = compareObjects(before, after, kind, options);
      const show = (s: FieldSet): string[] => s.paths().map((p) => p.join('/'));
      expect({ added: show(c.added), modified: show(c.modified), removed: show(c.removed) }).toEqual(compareBySets(before, after, kind, options));
    }
  });

  it('compareObjects() of two equal objects finds nothing', () => {
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
    const c = compareObjects(obj, structuredClone(obj), POD);
    expect([c.added.isEmpty, c.modified.isEmpty, c.removed.isEmpty]).toEqual([true, true, true]);
  });

  it('isSameJson() tells holes, own keys and types apart', () => {
    expect(isSameJson({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    // eslint-disable-next-line no-sparse-arrays
    expect(isSameJson([1, , 3], [1, undefined, 3])).toBe(false);
    expect(isSameJson({ a: undefined }, { b: undefined })).toBe(false);
    expect(isSameJson([], {})).toBe(false);
    expect(isSameJson({ a: 1 }, { a: '1' })).toBe(false);
  });
});
