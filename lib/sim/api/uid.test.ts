import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random.ts';
import { generateUid } from './uid.ts';

describe('generateUid()', () => {
  it('generateUid() gives the strings SeededRandom.uuid() gives, from the same draws', () => {
    for (const seed of [1, 7, 123456]) {
      const a = new SeededRandom(seed);
      const b = new SeededRandom(seed);
      for (let i = 0; i < 200; i++) expect(generateUid(a)).toBe(b.uuid());
      expect(a.seed).toBe(b.seed);
    }
  });

  it('generateUid() has the version-4 shape', () => {
    expect(generateUid(new SeededRandom(1))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
