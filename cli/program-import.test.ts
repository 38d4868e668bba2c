import { afterEach, describe, expect, test } from 'vitest';
import { loadBeforeProgramImport, prepareProgramImport, setProgramImportSetup } from './program-import.ts';

afterEach(() => setProgramImportSetup(undefined));

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('program import setup', () => {
  test('prepareProgramImport() runs the setup once, after the imports noted before it finish', async () => {
    const steps: string[] = [];
    setProgramImportSetup(() => void steps.push('setup'));
    const load = deferred();
    loadBeforeProgramImport(load.promise.then(() => void steps.push('loaded')));
    const first = prepareProgramImport();
    const second = prepareProgramImport();
    await Promise.resolve();
    expect(steps).toEqual([]);
    load.resolve();
    await Promise.all([first, second]);
    expect(steps).toEqual(['loaded', 'setup']);
  });

  test('prepareProgramImport() runs the setup even when a noted import failed (the command reports that itself)', async () => {
    let ran = false;
    setProgramImportSetup(() => void (ran = true));
    const load = deferred();
    loadBeforeProgramImport(load.promise);
    load.reject(new Error('missing module'));
    await prepareProgramImport();
    expect(ran).toBe(true);
  });

  test('prepareProgramImport() without a setup resolves at once, whatever is still loading', async () => {
    const load = deferred();
    loadBeforeProgramImport(load.promise);
    await expect(prepareProgramImport()).resolves.toBeUndefined();
    load.resolve();
  });
});
