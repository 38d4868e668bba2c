import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { displayPath, resolveStateDir } from './state-dir.ts';

describe('resolveStateDir()', () => {
  test('resolveStateDir() prefers the --state flag over SHIPSHAPE_STATE and the cwd', () => {
    expect(resolveStateDir({ state: 'flag-dir', env: { SHIPSHAPE_STATE: 'env-dir' }, cwd: '/w' })).toBe('flag-dir');
  });

  test('resolveStateDir() uses SHIPSHAPE_STATE when no flag is given', () => {
    expect(resolveStateDir({ env: { SHIPSHAPE_STATE: 'env-dir' }, cwd: '/w' })).toBe('env-dir');
  });

  test('resolveStateDir() falls back to .shipshape in the given cwd', () => {
    expect(resolveStateDir({ env: {}, cwd: '/w' })).toBe(join('/w', '.shipshape'));
  });

  test('resolveStateDir() returns the relative .shipshape when no cwd is given', () => {
    expect(resolveStateDir({ env: {} })).toBe('.shipshape');
  });

  test('resolveStateDir() ignores an empty flag and an empty SHIPSHAPE_STATE', () => {
    expect(resolveStateDir({ state: '', env: { SHIPSHAPE_STATE: '' } })).toBe('.shipshape');
  });

  test('resolveStateDir() reads process.env by default', () => {
    const saved = process.env['SHIPSHAPE_STATE'];
    process.env['SHIPSHAPE_STATE'] = 'from-process-env';
    try {
      expect(resolveStateDir()).toBe('from-process-env');
    } finally {
      if (saved === undefined) delete process.env['SHIPSHAPE_STATE'];
      else process.env['SHIPSHAPE_STATE'] = saved;
    }
  });
});

describe('displayPath()', () => {
  test('displayPath() keeps a relative path as given', () => {
    expect(displayPath('.shipshape/cluster.json')).toBe('.shipshape/cluster.json');
  });

  test('displayPath() shows an absolute path inside the cwd relative to it', () => {
    expect(displayPath(join(process.cwd(), '.shipshape', 'lock'))).toBe(join('.shipshape', 'lock'));
    expect(displayPath(process.cwd())).toBe('.');
  });

  test('displayPath() keeps an absolute path outside the cwd as given', () => {
    const outside = join(process.cwd(), '..', 'elsewhere-state');
    expect(displayPath(outside)).toBe(outside);
  });
});
