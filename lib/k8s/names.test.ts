import { describe, expect, it } from 'vitest';
import {
  checkAnnotations,
  checkDns1035Label,
  checkDns1123Label,
  checkDns1123Subdomain,
  checkLabelValue,
  checkLabels,
  checkObjectName,
  checkPortName,
  checkPortNumber,
  checkQualifiedName,
  areLabelsKnownValid,
  isDns1123Label,
  isQualifiedName,
  isValidObjectName,
  isValidPortNumber,
  shortHash,
  toDnsLabel,
} from './names.ts';

describe('name rules', () => {
  it('checkDns1123Label() accepts labels and rejects dots, capitals and 64 characters', () => {
    expect(checkDns1123Label('web-1')).toEqual([]);
    expect(checkDns1123Label('1web')).toEqual([]);
    expect(checkDns1123Label('a.b')[0]).toMatch(/^a lowercase RFC 1123 label must consist of/);
    expect(checkDns1123Label('Web')).toHaveLength(1);
    expect(checkDns1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });

  it('checkDns1123Subdomain() accepts dotted names up to 253 characters', () => {
    expect(checkDns1123Subdomain('foos.example.com')).toEqual([]);
    expect(checkDns1123Subdomain('-x')[0]).toContain("regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'");
    expect(checkDns1123Subdomain('a'.repeat(254))).toContain('must be no more than 253 characters');
  });

  it('checkDns1035Label() requires a leading letter, as Service names do', () => {
    expect(checkDns1035Label('svc1')).toEqual([]);
    expect(checkDns1035Label('1svc')[0]).toMatch(/^a DNS-1035 label must consist of/);
  });

  it('checkObjectName() applies the rule of the kind', () => {
    expect(checkObjectName('a.b', 'subdomain')).toEqual([]);
    expect(checkObjectName('a.b', 'label')).toHaveLength(1);
    expect(checkObjectName('system:controller', 'path')).toEqual([]);
    expect(checkObjectName('a/b', 'path')).toEqual(["may not contain '/'"]);
    expect(checkObjectName('..', 'path')).toEqual(["may not be '..'"]);
  });
});

describe('label and annotation rules', () => {
  it('checkQualifiedName() accepts prefixed keys and rejects bad prefixes and names', () => {
    expect(checkQualifiedName('app.kubernetes.io/name')).toEqual([]);
    expect(checkQualifiedName('/name')).toEqual(['prefix part must be non-empty']);
    expect(checkQualifiedName('Example.com/name')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
    expect(checkQualifiedName('a/b/c')[0]).toMatch(/^a qualified name must consist of/);
    expect(checkQualifiedName('x'.repeat(64))).toContain('name part must be no more than 63 characters');
  });

  it('checkLabels() reports each bad key and value with the field suffix', () => {
    expect(checkLabels({ ok: 'yes', 'bad key': 'v', k: '-v-' })).toEqual([
      ['[bad key]', expect.stringMatching(/^Invalid value: "bad key": name part must consist of/)],
      ['[k]', expect.stringMatching(/^Invalid value: "-v-": a valid label must be an empty string or consist of/)],
    ]);
    expect(checkLabels({ n: 5 as unknown as string })).toEqual([['[n]', 'Invalid value: 5: label values must be strings']]);
  });

  it('checkLabels() gives the same answers when called again (valid keys and values are remembered)', () => {
    const labels = { 'app.kubernetes.io/name': 'web', 'bad key': 'v', k: '-v-' };
    const first = checkLabels(labels);
    expect(checkLabels(labels)).toEqual(first);
    expect(first).toHaveLength(2);
    const valid = checkQualifiedName('app.kubernetes.io/name');
    valid.push('changed by a caller');
    expect(checkQualifiedName('app.kubernetes.io/name')).toEqual([]);
    expect(checkLabelValue('web')).toEqual([]);
    expect(checkLabelValue('-v-')).toHaveLength(1);
    expect(checkLabelValue('-v-')).toHaveLength(1);
  });

  it('checkAnnotations() limits the total size to 256 KiB', () => {
    expect(checkAnnotations({ 'a.io/x': 'y' })).toEqual([]);
    expect(checkAnnotations({ big: 'x'.repeat(256 * 1024) })).toEqual([['', 'Too long: may not be more than 262144 bytes']]);
  });
});

describe('ports', () => {
  it('checkPortNumber() allows 1 to 65535', () => {
    expect(checkPortNumber(80)).toEqual([]);
    expect(checkPortNumber(0)).toEqual(['must be between 1 and 65535, inclusive']);
    expect(checkPortNumber(70000)).toHaveLength(1);
    expect(checkPortNumber(1.5)).toHaveLength(1);
  });

  it('checkPortName() follows the IANA service name rules', () => {
    expect(checkPortName('http')).toEqual([]);
    expect(checkPortName('http-metrics-port')).toEqual(['must be no more than 15 characters']);
    expect(checkPortName('a--b')).toEqual(['must not contain consecutive hyphens']);
    expect(checkPortName('8080')).toEqual(['must contain at least one letter (a-z)']);
    expect(checkPortName('HTTP')).toContain('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  });
});

describe('toDnsLabel()', () => {
  it('toDnsLabel() turns construct paths into valid, stable, distinct labels', () => {
    expect(toDnsLabel('Team/Web_API')).toBe('team-web-api');
    expect(toDnsLabel('--')).toBe('x');
    const long = toDnsLabel('a'.repeat(80));
    expect(long).toHaveLength(63);
    expect(checkDns1123Label(long)).toEqual([]);
    expect(toDnsLabel('a'.repeat(80))).toBe(long);
    expect(toDnsLabel(`${'a'.repeat(80)}b`)).not.toBe(long);
    expect(shortHash('x')).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe('yes/no name checks', () => {
  const samples = ['web', 'web-1', 'a.b.c', '-web', 'Web', '1abc', '.', '..', 'a/b', '50%', '', 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(254), 'example.com/MyName', 'a/b/c'];

  it('isValidObjectName() is true exactly when checkObjectName() finds nothing, for every rule', () => {
    for (const rule of ['label', 'label1035', 'path', 'subdomain'] as const) {
      for (const value of samples) expect([rule, value, isValidObjectName(value, rule)]).toEqual([rule, value, checkObjectName(value, rule).length === 0]);
    }
  });

  it('isDns1123Label(), isQualifiedName() and isValidPortNumber() agree with their check functions', () => {
    for (const value of samples) {
      expect([value, isDns1123Label(value)]).toEqual([value, checkDns1123Label(value).length === 0]);
      expect([value, isQualifiedName(value)]).toEqual([value, checkQualifiedName(value).length === 0]);
    }
    for (const port of [0, 1, 80, 65535, 65536, 1.5, -1, Number.NaN]) expect([port, isValidPortNumber(port)]).toEqual([port, checkPortNumber(port).length === 0]);
  });

  it('areLabelsKnownValid() is true only for labels checkLabels() found valid before', () => {
    const labels = { 'fresh-key-for-known-valid': 'fresh-value-for-known-valid' };
    expect(areLabelsKnownValid(labels)).toBe(false);
    expect(checkLabels(labels)).toEqual([]);
    expect(areLabelsKnownValid(labels)).toBe(true);
    expect(areLabelsKnownValid({ ...labels, 'fresh-key-for-known-valid': 3 })).toBe(false);
    expect(areLabelsKnownValid({ 'bad key': 'x' })).toBe(false);
    expect(checkLabels({ 'bad key': 'x' })).not.toEqual([]);
    expect(areLabelsKnownValid({ 'bad key': 'x' })).toBe(false);
  });
});
