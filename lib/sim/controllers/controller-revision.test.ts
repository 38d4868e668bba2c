import { describe, expect, it } from 'vitest';
import { knobsFromJson, knobsToJson } from '../knobs.ts';
import { computeTemplateHash, findRevisionTemplate, pruneRevisions, rememberRevision, revisionName, stringifySorted } from './controller-revision.ts';

describe('controller revisions', () => {
  it('computeTemplateHash() ignores key order and changes with the template and the collision count', () => {
    const a = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
    const b = { spec: { containers: [{ image: 'nginx:1.27', name: 'web' }] }, metadata: { labels: { app: 'web' } } };
    expect(stringifySorted(a)).toBe(stringifySorted(b));
    expect(computeTemplateHash(a)).toBe(computeTemplateHash(b));
    expect(computeTemplateHash(a)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeTemplateHash(a, 1)).not.toBe(computeTemplateHash(a));
    expect(computeTemplateHash({ ...a, spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } })).not.toBe(computeTemplateHash(a));
    expect(revisionName('web', a)).toBe(`web-${computeTemplateHash(a)}`);
  });

  it('rememberRevision() keeps templates in the knobs so they survive a save and load', () => {
    const knobs = knobsFromJson({});
    rememberRevision(knobs, 'default/web', 'web-1', { spec: { image: 'a' } });
    rememberRevision(knobs, 'default/web', 'web-2', { spec: { image: 'b' } });
    const restored = knobsFromJson(JSON.parse(JSON.stringify(knobsToJson(knobs))));
    expect(findRevisionTemplate(restored, 'default/web', 'web-1')).toEqual({ spec: { image: 'a' } });
    pruneRevisions(restored, 'default/web', ['web-2']);
    expect(findRevisionTemplate(restored, 'default/web', 'web-1')).toBeUndefined();
    pruneRevisions(restored, 'default/web', []);
    expect(findRevisionTemplate(restored, 'default/web', 'web-2')).toBeUndefined();
  });
});
