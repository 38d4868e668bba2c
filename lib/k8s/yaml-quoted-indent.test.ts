import { describe, expect, it } from 'vitest';
import { parseYamlDocuments } from './yaml.ts';
import { reindentQuotedScalars } from './yaml-quoted-indent.ts';

describe('parseYamlDocuments() with quoted scalars indented as go-yaml allows', () => {
  it('reads a single-quoted scalar whose closing line sits at its key indentation', () => {
    const text = ['metadata:', '  annotations:', "    init: '[", '      {"name": "wait"}', "    ]'", '  name: job', ''].join('\n');
    expect(parseYamlDocuments(text)).toEqual([{ metadata: { annotations: { init: '[ {"name": "wait"} ]' }, name: 'job' } }]);
  });

  it('reads a double-quoted scalar with an escaped quote and a continuation line at column 0', () => {
    const text = ['a:', '  b: "say \\"hi\\"', 'there"', '  c: 1', ''].join('\n');
    expect(parseYamlDocuments(text)).toEqual([{ a: { b: 'say "hi" there', c: 1 } }]);
  });

  it("keeps '' as an escaped quote and blank lines as line breaks", () => {
    const text = ['a:', "  b: 'it''s", '', "  ok'", ''].join('\n');
    expect(parseYamlDocuments(text)).toEqual([{ a: { b: "it's\nok" } }]);
  });

  it('still refuses a quoted scalar that is never closed, naming the line', () => {
    expect(() => parseYamlDocuments(['a:', "  b: 'open", '  c: 1', ''].join('\n'), 'f.yaml')).toThrow(/^f\.yaml:4: invalid YAML: Missing closing 'quote/);
  });
});

describe('reindentQuotedScalars()', () => {
  it('returns undefined when no quoted scalar was cut short', () => {
    expect(reindentQuotedScalars("a: 'x\n  y'\n")).toBeUndefined();
  });

  it('adds spaces only inside the scalar, keeping every line number', () => {
    const text = "k:\n  v: '1\n  2'\n  w: z\n";
    const fixed = reindentQuotedScalars(text);
    expect(fixed).toBe("k:\n  v: '1\n   2'\n  w: z\n");
  });
});
