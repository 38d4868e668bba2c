import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeState, decodeStateInSlices, encodeState, type SimState } from './state-codec.ts';
import { loadState, saveState } from './state-file.ts';
import { prefetchState } from './state-prefetch.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function stateOf(names: string[]): SimState {
  const objects = names.map((name) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { text: 'a\nb' } }));
  return { version: 1, resourceVersion: 7, clock: { now: '2026-01-01T00:00:00.000Z' }, objects, extra: { sim: { seed: 3 } } };
}

function textOf(state: SimState): string {
  return Buffer.concat([...encodeState(state)].flatMap((c) => c.pieces as Buffer[])).toString('utf8');
}

describe('decodeStateInSlices', () => {
  it('decodeStateInSlices() decodes an encoded state like decodeState()', async () => {
    for (const names of [[], ['a'], Array.from({ length: 300 }, (_, i) => `cm-${i}`)]) {
      const text = textOf(stateOf(names));
      expect(await decodeStateInSlices(text, { sliceMs: 0 })).toEqual(decodeState(text));
    }
  });

  it('decodeStateInSlices() reports the same problem as decodeState() for a damaged file', async () => {
    const text = textOf(stateOf(['a', 'b'])).replace('"name":"b"', '"name":b');
    expect(await decodeStateInSlices(text)).toEqual(decodeState(text));
  });
});

describe('prefetchState', () => {
  it('loadState() uses a prefetch of the unchanged file and rereads a file saved since', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-prefetch-'));
    dirs.push(dir);
    await saveState(dir, stateOf(['a']));
    const first = prefetchState(dir);
    expect(await loadState(dir, { prefetch: first })).toEqual(stateOf(['a']));
    const stale = prefetchState(dir);
    await stale.result;
    await saveState(dir, stateOf(['a', 'b']));
    expect(await loadState(dir, { prefetch: stale })).toEqual(stateOf(['a', 'b']));
  });

  it('loadState() with a prefetch of a missing file reports what loadState() reports without one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-prefetch-'));
    dirs.push(dir);
    expect(await loadState(dir, { prefetch: prefetchState(dir) })).toBeUndefined();
    writeFileSync(join(dir, 'cluster.json'), '{');
    await expect(loadState(dir, { prefetch: prefetchState(dir) })).rejects.toThrow('is not valid JSON');
  });
});
