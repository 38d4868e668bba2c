import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadState, saveState } from './state-file.ts';
import type { SaveProgress } from './state-file.ts';
import { StateError } from './state-error.ts';
import { bigState, smallState } from './fixtures/states.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `action`, expecting a StateError, and returns it. */
async function catchStateError(action: Promise<unknown>): Promise<StateError> {
  const error: unknown = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StateError);
  return error as StateError;
}

const newerState = '{"format":"shipshape-sim-state","version":2,"resourceVersion":1,"clock":{"now":"2027-01-01T00:00:00Z"},"objects":[]}\n';

describe('loadState() and saveState()', () => {
  test('loadState() returns what saveState() saved', async () => {
    await saveState(dir, smallState());
    expect(await loadState(dir)).toEqual(smallState());
  });

  test('loadState() returns undefined when nothing was saved yet', async () => {
    expect(await loadState(dir)).toBeUndefined();
    expect(await loadState(join(dir, 'missing'))).toBeUndefined();
  });

  test('saveState() creates the state directory and leaves no temp file behind', async () => {
    const stateDir = join(dir, 'nested', '.shipshape');
    await saveState(stateDir, smallState());
    expect(await readdir(stateDir)).toEqual(['cluster.json']);
  });

  test('saveState() keeps the previous good state as cluster.json.bak', async () => {
    await saveState(dir, smallState());
    await saveState(dir, bigState(3));
    await saveState(dir, bigState(5));
    expect((await readdir(dir)).sort()).toEqual(['cluster.json', 'cluster.json.bak']);
    expect(await loadState(dir)).toEqual(bigState(5));
    await rm(join(dir, 'cluster.json'));
    await writeFile(join(dir, 'cluster.json'), await readFile(join(dir, 'cluster.json.bak')));
    expect(await loadState(dir)).toEqual(bigState(3));
  });

  test('saveState() keeps a hand-formatted but valid state as cluster.json.bak', async () => {
    await writeFile(join(dir, 'cluster.json'), JSON.stringify({ format: 'shipshape-sim-state', ...smallState() }, null, 2));
    await saveState(dir, bigState(2));
    expect((await readdir(dir)).sort()).toEqual(['cluster.json', 'cluster.json.bak']);
    await rm(join(dir, 'cluster.json'));
    await writeFile(join(dir, 'cluster.json'), await readFile(join(dir, 'cluster.json.bak')));
    expect(await loadState(dir)).toEqual(smallState());
  });

  test('saveState() reports progress after each chunk it writes', async () => {
    const seen: SaveProgress[] = [];
    await saveState(dir, bigState(20_000), { onProgress: (progress) => void seen.push(progress) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toMatchObject({ objectsWritten: 20_000, objectsTotal: 20_000 });
    expect(seen.at(-1)!.bytesWritten).toBe((await readFile(join(dir, 'cluster.json'))).length);
  });

  test('saveState() writes nothing for a state it cannot encode', async () => {
    await expect(saveState(dir, { ...smallState(), resourceVersion: 1.5 })).rejects.toThrow(RangeError);
    await expect(saveState(dir, { ...smallState(), objects: [() => 1] })).rejects.toThrow(
      'SimState objects[0] cannot be encoded as JSON',
    );
    expect(await readdir(dir)).toEqual([]);
  });

  test('saveState() and loadState() handle 100,000 small objects in under 2 seconds', async () => {
    const state = bigState(100_000);
    const started = performance.now();
    await saveState(dir, state);
    const loaded = await loadState(dir);
    const elapsed = performance.now() - started;
    expect(loaded?.objects).toHaveLength(100_000);
    expect(loaded).toEqual(state);
    expect(elapsed).toBeLessThan(2000);
  });
});

describe('loadState() with a damaged state', () => {
  test('loadState() names a truncated file, leaves it untouched and points at the backup', async () => {
    await saveState(dir, smallState());
    await saveState(dir, bigState(3));
    const file = join(dir, 'cluster.json');
    const truncated = (await readFile(file, 'utf8')).slice(0, 150);
    await writeFile(file, truncated);
    let parseMessage = '';
    try {
      JSON.parse(truncated);
    } catch (error) {
      parseMessage = (error as Error).message;
    }

    const error = await catchStateError(loadState(dir));
    expect(error.message).toBe(`Cannot load the simulated cluster state from ${file}: the file is not valid JSON (${parseMessage})`);
    expect(error.hint).toBe(
      `The previous good state is kept in ${file}.bak: copy it over ${file} to go back to it, or delete ${dir} to start a fresh cluster`,
    );
    expect(error.path).toBe(file);
    expect(await readFile(file, 'utf8')).toBe(truncated);
    expect((await readdir(dir)).sort()).toEqual(['cluster.json', 'cluster.json.bak']);
  });

  test('loadState() names a file that is not a state file and suggests a fresh cluster without a backup', async () => {
    const file = join(dir, 'cluster.json');
    await writeFile(file, '{"apiVersion":"v1"}');
    const error = await catchStateError(loadState(dir));
    expect(error.message).toBe(
      `Cannot load the simulated cluster state from ${file}: the file is not a shipshape state file (it has no format field, expected 'shipshape-sim-state')`,
    );
    expect(error.hint).toBe(`Fix ${file} by hand, or delete ${dir} to start a fresh cluster`);
  });

  test('loadState() refuses a state of a newer format version and leaves it untouched', async () => {
    const file = join(dir, 'cluster.json');
    await writeFile(file, newerState);
    const error = await catchStateError(loadState(dir));
    expect(error.message).toBe(
      `Cannot load the simulated cluster state from ${file}: it was written by a newer shipshape (state format version 2, this shipshape reads version 1)`,
    );
    expect(error.hint).toBe('Upgrade shipshape to use this state, or pass --state DIR to keep this cluster in another directory');
    expect(await readFile(file, 'utf8')).toBe(newerState);
  });

  test('loadState() reports a state file that is a directory', async () => {
    await mkdir(join(dir, 'cluster.json'));
    const error = await catchStateError(loadState(dir));
    expect(error.message).toBe(`Cannot load the simulated cluster state from ${join(dir, 'cluster.json')}: it is a directory, not a file`);
  });
});

describe('saveState() over a damaged state', () => {
  test('saveState() refuses to overwrite a state of a newer format version', async () => {
    const file = join(dir, 'cluster.json');
    await writeFile(file, newerState);
    const error = await catchStateError(saveState(dir, smallState()));
    expect(error.message).toBe(
      `Cannot save the simulated cluster state to ${file}: it was written by a newer shipshape (state format version 2, this shipshape reads version 1)`,
    );
    expect(await readFile(file, 'utf8')).toBe(newerState);
    expect(await readdir(dir)).toEqual(['cluster.json']);
  });

  test('saveState() moves a corrupt state to cluster.json.corrupt and keeps the good backup', async () => {
    await saveState(dir, smallState());
    await saveState(dir, bigState(3));
    const backup = await readFile(join(dir, 'cluster.json.bak'), 'utf8');
    await writeFile(join(dir, 'cluster.json'), '{"format":"shipshape-sim-state","vers');
    await saveState(dir, bigState(4));
    expect((await readdir(dir)).sort()).toEqual(['cluster.json', 'cluster.json.bak', 'cluster.json.corrupt']);
    expect(await readFile(join(dir, 'cluster.json.bak'), 'utf8')).toBe(backup);
    expect(await readFile(join(dir, 'cluster.json.corrupt'), 'utf8')).toBe('{"format":"shipshape-sim-state","vers');
    expect(await loadState(dir)).toEqual(bigState(4));
  });

  test('saveState() removes temp files left by a dead process but not by a live one', async () => {
    const dead = 'cluster.json.2147483646-1.tmp';
    const live = `cluster.json.${process.ppid}-1.tmp`;
    await writeFile(join(dir, dead), '{"format":');
    await writeFile(join(dir, live), '{"format":');
    await saveState(dir, smallState());
    expect((await readdir(dir)).sort()).toEqual(['cluster.json', live]);
  });
});
