// Columns of custom resources, as the apiextensions server builds them: NAME then the CRD
// version's additionalPrinterColumns (JSONPath, typed cells, `date` as an age), or NAME AGE
// when the CRD declares none. Also the server's default NAME CREATED AT for kinds without a printer.

import type { KubeObject } from '../../k8s/types.ts';
import { formatAge } from './format.ts';
import { evaluateJsonPath, JsonPathError } from './json-path.ts';
import { AGE_DESCRIPTION, column, NAME_COLUMN, type Obj, type Printer, type TableCell } from './table.ts';

/** One `additionalPrinterColumns` entry of a CRD version. */
export interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly format?: string;
  readonly description?: string;
  readonly priority?: number;
  readonly jsonPath: string;
}

const DEFAULT_COLUMNS: readonly PrinterColumn[] = [{ name: 'Age', type: 'date', description: AGE_DESCRIPTION, jsonPath: '.metadata.creationTimestamp' }];

/** The printer columns a CRD declares for `version` (the default Age column when none). */
export function printerColumnsOf(crd: KubeObject | undefined, version: string): readonly PrinterColumn[] {
  const versions: Obj[] = (crd as Obj | undefined)?.spec?.versions ?? [];
  const columns = versions.find((v) => v.name === version)?.additionalPrinterColumns as PrinterColumn[] | undefined;
  return columns && columns.length > 0 ? columns : DEFAULT_COLUMNS;
}

function formatForString(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A cell for a JSON value and a column type, as the CRD table convertor makes it. */
function cellFor(type: string, value: unknown, now: number): TableCell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'string':
      return formatForString(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      if (typeof value !== 'string') return null;
      return Number.isFinite(Date.parse(value)) ? formatAge(value, now) : '<invalid>';
    default:
      return null;
  }
}

/** A printer for a custom resource kind with these printer columns. */
export function createCustomPrinter(columns: readonly PrinterColumn[]): Printer {
  return {
    columns: [
      NAME_COLUMN,
      ...columns.map((c) => ({
        name: c.name,
        type: c.type,
        format: c.format ?? '',
        description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
        priority: c.priority ?? 0,
      })),
    ],
    cells(o, { now }) {
      return [
        o.metadata.name ?? '',
        ...columns.map((c) => {
          try {
            const found = evaluateJsonPath(c.jsonPath, o);
            return found.length === 0 ? null : cellFor(c.type, found[0], now);
          } catch (err) {
            if (err instanceof JsonPathError) return null;
            throw err;
          }
        }),
      ];
    },
  };
}

/** NAME CREATED AT: what the server prints for kinds without a printer (Roles, CRDs, LimitRanges). */
export const defaultPrinter: Printer = {
  columns: [NAME_COLUMN, column('Created At', AGE_DESCRIPTION, { type: 'date' })],
  cells(o) {
    const created = Date.parse(String(o.metadata.creationTimestamp ?? ''));
    return [o.metadata.name ?? '', Number.isFinite(created) ? new Date(created).toISOString().replace(/\.\d{3}Z$/, 'Z') : '0001-01-01T00:00:00Z'];
  },
};
