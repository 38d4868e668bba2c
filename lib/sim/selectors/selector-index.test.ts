import { describe, expect, it } from 'vitest';
import { compileLabelSelector, convertLabelSelector, type LabelSelector, type Labels } from './label-selector.ts';
import { listRequiredPairs, SelectorIndex } from './selector-index.ts';

const SELECTORS: Array<[string, LabelSelector | null]> = [
  ['nil', null],
  ['everything', {}],
  ['web', { matchLabels: { app: 'web' } }],
  ['web-prod', { matchLabels: { app: 'web', env: 'prod' } }],
  ['in-one', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] }],
  ['in-two', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }],
  ['not-canary', { matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }] }],
  ['has-app', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }],
  ['no-app', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }],
  ['web-not-canary', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }] }],
  ['db', { matchLabels: { app: 'db' } }],
];

const LABEL_SETS: Labels[] = [
  undefined,
  {},
  { app: 'web' },
  { app: 'web', env: 'prod' },
  { app: 'web', env: 'prod', track: 'canary' },
  { app: 'db', tier: 'back' },
  { tier: 'front' },
  { app: 'web', tier: 'front', track: 'stable' },
  { app: 'other' },
];

/** What a plain scan over the selectors, in insertion order, answers. */
function scan(selectors: Array<[string, LabelSelector | null]>, labels: Labels): string[] {
  return selectors.filter(([, s]) => compileLabelSelector(s)(labels)).map(([id]) => id);
}

describe('SelectorIndex', () => {
  for (const labels of LABEL_SETS) {
    it(`SelectorIndex.matching(${JSON.stringify(labels)}) answers what a scan in insertion order answers`, () => {
      const index = new SelectorIndex<string>();
      for (const [id, s] of SELECTORS) index.put(id, convertLabelSelector(s));
      expect(index.matching(labels)).toEqual(scan(SELECTORS, labels));
    });
  }

  it('SelectorIndex.put() of a changed selector keeps its place and files it under its new pair', () => {
    const index = new SelectorIndex<string>();
    index.put('a', convertLabelSelector({ matchLabels: { app: 'web' } }));
    index.put('b', convertLabelSelector({ matchLabels: { app: 'web' } }));
    index.put('a', convertLabelSelector({ matchLabels: { app: 'api' } }));
    expect(index.matching({ app: 'web' })).toEqual(['b']);
    index.put('a', convertLabelSelector({ matchLabels: { app: 'web' } }));
    expect(index.matching({ app: 'web' })).toEqual(['a', 'b']);
    expect(index.size).toBe(2);
  });

  it('SelectorIndex.delete() forgets a selector, and one put again goes last', () => {
    const index = new SelectorIndex<string>();
    index.put('a', convertLabelSelector({ matchLabels: { app: 'web' } }));
    index.put('b', convertLabelSelector({}));
    expect(index.delete('a')).toBe(true);
    expect(index.delete('a')).toBe(false);
    expect(index.has('a')).toBe(false);
    expect(index.matching({ app: 'web' })).toEqual(['b']);
    index.put('a', convertLabelSelector({ matchLabels: { app: 'web' } }));
    expect(index.matching({ app: 'web' })).toEqual(['b', 'a']);
  });

  it('SelectorIndex.put() of a nil selector matches nothing, even with no labels', () => {
    const index = new SelectorIndex<string>();
    index.put('nil', undefined);
    expect(index.matching(undefined)).toEqual([]);
    expect(index.matching({ app: 'web' })).toEqual([]);
    expect(index.has('nil')).toBe(true);
  });

  it('SelectorIndex files a selector under its least crowded required pair', () => {
    const index = new SelectorIndex<string>();
    for (let i = 0; i < 50; i++) index.put(`app-${i}`, convertLabelSelector({ matchLabels: { 'part-of': 'shop', app: `app-${i}` } }));
    expect(index.matching({ 'part-of': 'shop', app: 'app-7' })).toEqual(['app-7']);
    expect(index.matching({ 'part-of': 'shop' })).toEqual([]);
  });

  it('listRequiredPairs() lists equalities and single-value in requirements only', () => {
    const requirements = convertLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front'] },
        { key: 'zone', operator: 'In', values: ['a', 'b'] },
        { key: 'track', operator: 'NotIn', values: ['canary'] },
        { key: 'env', operator: 'Exists' },
      ],
    })!;
    expect(listRequiredPairs(requirements)).toEqual([['app', 'web'], ['tier', 'front']]);
  });
});
