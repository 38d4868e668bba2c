// Generates builtin-models.generated.json, the field tables builtin-models.ts serves, from
// @kubernetes/client-node's model classes (each has a static `attributeTypeMap`). Run it after
// upgrading client-node: `npm run generate:builtin-models`. Nothing at run time imports this.

import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as models from '@kubernetes/client-node/dist/gen/models/all.js';
import { decodeModelType, encodeModelType, MODEL_TABLE_URL, parseModelType, type ModelTable } from './builtin-models.ts';

interface Attribute {
  readonly name: string;
  readonly baseName: string;
  readonly type: string;
  readonly format: string;
}

type ModelClasses = Readonly<Record<string, { attributeTypeMap?: readonly Attribute[] } | undefined>>;

/** The model table of client-node's classes, as builtin-models.ts reads it. */
export function buildModelTable(classes: ModelClasses = models as unknown as ModelClasses): ModelTable {
  const isModel = (name: string): boolean => Object.hasOwn(classes, name) && Boolean(classes[name]?.attributeTypeMap);
  const table: { models: Record<string, Record<string, string>>; tsNames: Record<string, Record<string, string>> } = { models: {}, tsNames: {} };
  for (const className of Object.keys(classes).sort()) {
    const attrs = classes[className]?.attributeTypeMap;
    if (!attrs) continue;
    const fields: Record<string, string> = {};
    for (const a of attrs) {
      // JSON objects keep key order only for non-index keys, and a Map keeps the first of duplicates.
      if (/^\d+$/.test(a.baseName) || Object.hasOwn(fields, a.baseName)) throw new Error(`${className}.${a.baseName}: cannot be kept in order in the table`);
      const type = parseModelType(a.type, a.format, isModel);
      const descriptor = encodeModelType(type);
      if (!isDeepStrictEqual(decodeModelType(descriptor), type)) throw new Error(`${className}.${a.baseName}: ${descriptor} does not read back as ${JSON.stringify(type)}`);
      fields[a.baseName] = descriptor;
      if (a.name !== a.baseName) (table.tsNames[className] ??= {})[a.baseName] = a.name;
    }
    table.models[className] = fields;
  }
  return table;
}

/** The file text of a table: one line per model, so upgrades diff model by model. */
export function formatModelTable(table: ModelTable): string {
  const section = (record: ModelTable['models']): string =>
    Object.entries(record)
      .map(([name, fields]) => `    ${JSON.stringify(name)}: ${JSON.stringify(fields)}`)
      .join(',\n');
  return `{\n  "models": {\n${section(table.models)}\n  },\n  "tsNames": {\n${section(table.tsNames)}\n  }\n}\n`;
}

/** Writes the table file from the installed client-node. */
export function writeModelTable(): string {
  const path = fileURLToPath(MODEL_TABLE_URL);
  writeFileSync(path, formatModelTable(buildModelTable()));
  return path;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`wrote ${writeModelTable()}`);
}
