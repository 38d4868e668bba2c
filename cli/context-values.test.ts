import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectContextValues, parseContextPair, readEnvFile } from './context-values.ts';
import { UsageError } from './errors.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function writeEnv(text: string): string {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-env-'));
  const file = join(dir, 'test.env');
  writeFileSync(file, text);
  return file;
}

describe('context values', () => {
  it('parseContextPair() splits at the first =', () => {
    expect(parseContextPair('url=http://x/?a=b')).toEqual(['url', 'http://x/?a=b']);
    expect(parseContextPair('empty=')).toEqual(['empty', '']);
  });

  it('parseContextPair() rejects a pair without = or with a bad key as a usage error', () => {
    expect(() => parseContextPair('env')).toThrow(new UsageError("Context value 'env' has no '=': write it as key=value"));
    expect(() => parseContextPair('=x')).toThrow("Context key '' is not valid");
    expect(() => parseContextPair('1a=x')).toThrow(UsageError);
  });

  it('readEnvFile() reads KEY=VALUE lines with comments and quotes', () => {
    const file = writeEnv('# settings\nenv=prod\nregion="eu west"  # quoted\nname=\'a b\'\n\nurl=http://x?a=b\n');
    expect(readEnvFile(file)).toEqual({ env: 'prod', region: 'eu west', name: 'a b', url: 'http://x?a=b' });
  });

  it('readEnvFile() names a file it cannot read', () => {
    expect(() => readEnvFile('/nonexistent/x.env')).toThrow("Cannot read env file '/nonexistent/x.env': ENOENT");
  });

  it('collectContextValues() lets -c pairs win over the env file, the last pair winning', () => {
    const file = writeEnv('env=prod\nregion=eu\n');
    expect(collectContextValues({ envFile: file, pairs: ['env=staging', 'tier=web', 'tier=api'] })).toEqual({
      env: 'staging',
      region: 'eu',
      tier: 'api',
    });
  });
});
