// Differential tests: the fast emitter's output equals the `yaml` library's stringify for tricky
// strings in every position, generated strings, odd shapes, the real-world corpus and the
// example snapshots; and it declines (so toYaml falls back) for what it does not handle.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { tryEmitYaml } from './yaml-emit.ts';
import { canonicalize, parseYamlDocuments, toYaml } from './yaml.ts';
import type { KubeObject } from './types.ts';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const SNAPSHOTS = fileURLToPath(new URL('../../snapshots', import.meta.url));

function stringifyWithLibrary(value: unknown): string {
  return stringify(value, { aliasDuplicateObjects: false, lineWidth: 0, singleQuote: false });
}

/** Mismatches between the emitter and the library; declined values count as matching. */
function findMismatches(values: readonly unknown[]): Array<{ value: unknown; emitted: string; expected: string }> {
  const out: Array<{ value: unknown; emitted: string; expected: string }> = [];
  for (const value of values) {
    const emitted = tryEmitYaml(value);
    if (emitted === undefined) continue;
    const expected = stringifyWithLibrary(value);
    if (emitted !== expected) out.push({ value, emitted, expected });
  }
  return out;
}

const TRICKY = [
  '', ' ', '  ', 'true', 'True', 'TRUE', 'tRue', 'false', 'False', 'yes', 'no', 'on', 'off', 'y', 'n', 'null', 'Null', 'NULL',
  '~', '0', '1', '-1', '+1', '007', '08', '1.0', '.5', '-.5', '+.5', '1.', '1e3', '1E3', '1e+3', '-1e-3', '.1e3', '0x1F', '0X1F',
  '0x', '0o17', '0o8', '.inf', '-.inf', '+.inf', '.Inf', '.INF', '.nan', '.NaN', '.NAN', 'NaN', 'inf', '1_000', '1:30', '12:30:00',
  '2024-01-01', '2001-12-14t21:59:43.10-05:00', ' lead', 'trail ', 'a: b', 'a:b', 'a:', 'a::', 'a #b', 'a#b', '#x', '- x', '-',
  '-x', '--', '? x', '?', '?x', ':', '::', ': x', ':x', ',x', 'x,', '[x]', 'x]', '{x}', 'x}', '&a', '*a', '!a', '!!str', '|', '|x',
  '>', '>x', "'q", '"q', '%x', '@x', '`x', 'a\tb', '\tx', 'x\t', 'a\\b', "it's", 'say "hi"', 'é', '日本語', '😀', 'a\u00a0b',
  '\u2028x', 'a\u0085b', 'bell\u0007', 'a\rb', 'x\uD800', '<<', '=', 'a b', '0.0.0.0/0', '10.0.0.1:8080', 'http://x:80/p?q=1#f',
  'nginx:1.25', '/healthz', '*', '**/*.js', '"', "'", '\\', '{{ .Values.x }}', '${VAR}', '$(VAR)', '100m', '1Gi', '0.5', '5%',
  '---', '...', '--- x', '...x', '%YAML 1.2', 'a\n---\nb', 'a\n...\n', 'x'.repeat(1100), 'a '.repeat(60).trim(),
  'a\nb', 'a\n', 'a\n\n', 'a\n\n\n', '\n', '\n\n', '\na', '\n\na\n', ' a\nb', '  a\n b\n', 'a\n b', 'a \nb', 'a\n\n\nb\n',
  'a\nb\n\n\n', 'line1\nline2\n', '#!/bin/sh\necho hi\n', '- a\n- b\n', 'key: v\n', '---\na: 1\n', 'a\n  indented\n', '\ta\nb',
  'a\n\t', 'a\n ', ' \n', '\n ', 'a\n\n b\n', 'a\r\nb\r\n', 'x: |\n  y\n', 'end with colon:\n', 'tab\tin\nblock\n', '"quoted"\n',
  "'single'\nnext", '# comment\nvalue', 'a\n# c\n', '{"json": true}\n', 'true\n', '1\n2\n',
];

/** Deterministic strings over an alphabet of YAML's trouble-makers. */
function generateStrings(count: number, seed: number): string[] {
  const alphabet = ['a', 'b', 'e', 'x', '0', '1', '.', '-', '+', ' ', ' ', '\n', '\n', ':', '#', '\t', '"', "'", '|', '>', '~', '%',
    '!', '&', '*', '[', ']', '{', '}', ',', '?', '@', '`', '\\', '_', '/'];
  let state = seed;
  const next = (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const length = next(9);
    for (let j = 0; j < length; j++) s += alphabet[next(alphabet.length)];
    out.push(s);
  }
  return out;
}

/** A string in every position a manifest can put one. */
function placeEverywhere(s: string): unknown[] {
  return [
    { value: s },
    { [s]: 'value' },
    { [s]: { [s]: s } },
    { list: [s, 'x', s] },
    { list: [{ name: s, value: s }, { [s]: [s] }] },
    { a: { b: { c: s, d: [[s, s], [{ e: s }]] } } },
    { data: { 'config.yaml': s, [`${s}.txt`]: `${s}\n${s}` } },
  ];
}

function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listYamlFiles(path));
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

function readDocuments(files: readonly string[]): unknown[] {
  const out: unknown[] = [];
  for (const file of files) {
    try {
      out.push(...parseYamlDocuments(readFileSync(file, 'utf8'), file));
    } catch {
      // Unparsable corpus files are covered by the validation corpus test.
    }
  }
  return out;
}

describe('tryEmitYaml', () => {
  it('tryEmitYaml() matches the library for tricky strings as keys, values and list items', () => {
    const values = TRICKY.flatMap(placeEverywhere);
    expect(findMismatches(values)).toEqual([]);
  });

  it('tryEmitYaml() matches the library for 6,000 generated strings', () => {
    const values = generateStrings(6_000, 42).flatMap(placeEverywhere);
    expect(findMismatches(values)).toEqual([]);
  });

  it('tryEmitYaml() handles every single-line string without control characters, as a value', () => {
    const declined = [...TRICKY, ...generateStrings(5_000, 7)]
      .filter((s) => !s.includes('\n') && !/[\x00-\x08\x0b-\x1f\x7f-\x9f\uD800-\uDFFF]/.test(s))
      .filter((s) => tryEmitYaml({ value: s, list: [s] }) === undefined);
    expect(declined).toEqual([]);
  });

  it('tryEmitYaml() handles multi-line strings as block literals', () => {
    expect(tryEmitYaml({ script: 'echo a\necho b\n', list: ['x\ny', ' a\nb\n\n'] })).toBe(
      'script: |\n  echo a\n  echo b\nlist:\n  - |-\n    x\n    y\n  - |2+\n     a\n    b\n\n',
    );
  });

  it('tryEmitYaml() matches the library for numbers, booleans, null, undefined and empty collections', () => {
    const values = [
      { n: 0, m: -0, f: 1.5, big: 1e21, small: 1e-7, nan: NaN, inf: Infinity, ninf: -Infinity, max: 2 ** 53, neg: -1 },
      { t: true, f: false, z: null, u: undefined, list: [null, true, 0] },
      { empty: {}, none: [], onlyUndefined: { a: undefined }, list: [{}, [], [[]], [{}]] },
      { nested: [[1, [2, [3]]], [{ a: [{ b: {} }] }]] },
      { allNull: { a: null, b: null } },
      {},
      Object.assign(Object.create(null) as object, { a: 1, b: Object.assign(Object.create(null) as object, { c: 'd' }) }),
    ];
    expect(findMismatches(values)).toEqual([]);
    expect(values.every((v) => tryEmitYaml(v) !== undefined)).toBe(true);
  });

  it('tryEmitYaml() declines values the library must write', () => {
    const declined = [
      [1], 'text', null, new Date(0), { when: new Date(0) }, { list: [undefined] }, { list: [1, , 3] }, { f: () => 1 }, { big: 1n },
      { bell: 'a\u0007b' }, { 'multi\nline': 1 }, { '--- key': 1 }, { ['x'.repeat(1025)]: 1 }, { trailing: 'a\n  ' }, { m: new Map() },
    ];
    for (const value of declined) expect(tryEmitYaml(value)).toBeUndefined();
  });

  it('toYaml() falls back to the library for declined values', () => {
    const value = { when: 'a\u0007b', list: [1, undefined] };
    expect(toYaml(value)).toBe(stringifyWithLibrary(value));
  });

  it('tryEmitYaml() matches the library for every corpus manifest, as parsed and canonicalized', () => {
    expect(existsSync(CORPUS), `corpus missing at ${CORPUS}`).toBe(true);
    const docs = readDocuments(listYamlFiles(CORPUS));
    expect(docs.length).toBeGreaterThan(200);
    const canonical = docs
      .filter((d): d is KubeObject => typeof d === 'object' && d !== null && 'metadata' in d && typeof d.metadata === 'object')
      .map((d) => canonicalize(d));
    expect(findMismatches([...docs, ...canonical])).toEqual([]);
    const handled = docs.filter((d) => tryEmitYaml(d) !== undefined).length;
    expect(handled / docs.length).toBeGreaterThan(0.97);
  });

  it('tryEmitYaml() reproduces every example snapshot document byte for byte', () => {
    const files = listYamlFiles(SNAPSHOTS);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const docs = parseYamlDocuments(text, file);
      expect(docs.map((d) => tryEmitYaml(d)).join('---\n')).toBe(text);
    }
  });
});

describe('parseYamlDocuments() reads YAML as kubectl does', () => {
  it('parseYamlDocuments() reads YAML 1.1 octal numbers', async () => {
    const { parseYamlDocuments } = await import('./yaml.ts');
    expect(parseYamlDocuments('mode: 0755\n')).toEqual([{ mode: 493 }]);
  });
  it('parseYamlDocuments() refuses a map used as a key, naming the line', async () => {
    const { parseYamlDocuments } = await import('./yaml.ts');
    expect(() => parseYamlDocuments('a: 1\n{{x}}: y\n', 't.yaml')).toThrow('t.yaml:2: invalid YAML: invalid map key: a mapping key must be a string, not a map');
  });
});
