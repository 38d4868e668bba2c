// Prints a meta.k8s.io/v1 Table as `kubectl get` does: upper-cased headers, priority-1 columns
// only when wide, NAMESPACE first with -A, LABELS last with --show-labels, columns padded by
// tabwriter's rules (min width 6, padding 3; the last column is not padded).

import { formatLabels } from './format.ts';
import { formatTabbed, type TabWriterOptions } from './tab-writer.ts';
import type { Obj, Table, TableCell } from './table.ts';

/** Options of renderTable(). */
export interface RenderTableOptions {
  /** Show priority-1 columns (`-o wide`). @default false */
  readonly wide?: boolean;
  /** Leave out the header line. @default false */
  readonly noHeaders?: boolean;
  /** Start each row with its namespace (`-A`). @default false */
  readonly showNamespace?: boolean;
  /** End each row with its labels (`--show-labels`). @default false */
  readonly showLabels?: boolean;
}

const MIN_WIDTH = 6;
const PADDING = 3;

/** A cell as kubectl prints it: text up to the first line break (then `...`), `<none>` for null. */
export function formatCell(cell: TableCell | undefined): string {
  if (cell === null || cell === undefined) return '<none>';
  if (typeof cell !== 'string') return String(cell);
  const cut = cell.search(/[\f\n\r]/);
  return cut < 0 ? cell : `${cell.slice(0, cut)}...`;
}

/** Lays out lines of cells like Go's tabwriter with kubectl's `get` settings; ends with a newline. */
export function alignColumns(lines: readonly (readonly string[])[], options: Partial<TabWriterOptions> = {}): string {
  if (lines.length === 0) return '';
  const text = `${lines.map((l) => l.join('\t')).join('\n')}\n`;
  return formatTabbed(text, { minWidth: options.minWidth ?? MIN_WIDTH, padding: options.padding ?? PADDING });
}

/**
 * The text `kubectl get` prints for a Table (empty when it has no rows).
 * @example io.stdout(renderTable(toTable(info, items, meta, 'Metadata', now), { wide: true }))
 */
export function renderTable(table: Table, options: RenderTableOptions = {}): string {
  if (table.rows.length === 0) return '';
  const shown = table.columnDefinitions.map((c, i) => ({ c, i })).filter(({ c }) => options.wide || c.priority === 0);
  const lines: string[][] = [];
  if (!options.noHeaders) {
    const header = shown.map(({ c }) => c.name.toUpperCase());
    if (options.showNamespace) header.unshift('NAMESPACE');
    if (options.showLabels) header.push('LABELS');
    lines.push(header);
  }
  for (const row of table.rows) {
    const metadata: Obj | undefined = (row.object as Obj | null | undefined)?.metadata;
    const line = shown.map(({ i }) => formatCell(row.cells[i]));
    if (options.showNamespace) line.unshift(String(metadata?.namespace ?? ''));
    if (options.showLabels) line.push(formatLabels(metadata?.labels));
    lines.push(line);
  }
  return alignColumns(lines);
}
