import { readFileSync } from 'node:fs';
import * as clientModels from '@kubernetes/client-node/dist/gen/models/all.js';
import { describe, expect, it } from 'vitest';
import { decodeModelType, encodeModelType, findModel, hasModel, MODEL_TABLE_URL, parseModelType, type ModelType } from './builtin-models.ts';
import { buildModelTable, formatModelTable } from './generate-builtin-models.ts';

type Classes = Record<string, { attributeTypeMap?: readonly { name: string; baseName: string; type: string; format: string }[] } | undefined>;
const classes = clientModels as unknown as Classes;

describe('builtin-models.generated.json', () => {
  it('builtin-models.generated.json matches the installed @kubernetes/client-node models', () => {
    const committed = readFileSync(MODEL_TABLE_URL, 'utf8');
    const fresh = formatModelTable(buildModelTable());
    expect(
      fresh === committed,
      '@kubernetes/client-node models changed: regenerate the table with `npm run generate:builtin-models` (node --import tsx lib/sim/api/generate-builtin-models.ts) and commit it',
    ).toBe(true);
  });

  it('findModel() gives every client-node model class with the fields, names and types its attributeTypeMap declares', () => {
    const isModel = (name: string): boolean => Boolean(classes[name]?.attributeTypeMap);
    let count = 0;
    for (const [className, cls] of Object.entries(classes)) {
      const attrs = cls?.attributeTypeMap;
      if (!attrs) continue;
      count++;
      expect(hasModel(className)).toBe(true);
      const fields = [...findModel(className)!.fields.values()];
      expect(fields).toEqual(attrs.map((a) => ({ name: a.baseName, tsName: a.name, type: parseModelType(a.type, a.format, isModel) })));
    }
    expect(count).toBeGreaterThan(500);
  });

  it('findModel() knows no class client-node lacks, nor Object.prototype names', () => {
    for (const name of ['V1Nonexistent', 'toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect([name, findModel(name), hasModel(name)]).toEqual([name, undefined, false]);
    }
    expect(parseModelType('Array<toString>')).toEqual({ kind: 'array', items: { kind: 'any' } });
  });

  it('decodeModelType() reads back what encodeModelType() writes', () => {
    const types: ModelType[] = [
      { kind: 'string' },
      { kind: 'boolean' },
      { kind: 'integer', format: 'int64' },
      { kind: 'number', format: '' },
      { kind: 'number', format: 'double' },
      { kind: 'date-time' },
      { kind: 'int-or-string' },
      { kind: 'any' },
      { kind: 'model', model: 'V1Container' },
      { kind: 'array', items: { kind: 'map', values: { kind: 'array', items: { kind: 'string' } } } },
    ];
    expect(types.map(encodeModelType)).toEqual(['string', 'boolean', 'integer:int64', 'number:', 'number:double', 'date-time', 'int-or-string', 'any', 'V1Container', '[]{}[]string']);
    expect(types.map((t) => decodeModelType(encodeModelType(t)))).toEqual(types);
  });
});
