// Go's text/tabwriter layout, which kubectl prints through: lines of tab-separated cells, each
// column padded to the widest cell of its block of consecutive lines (a line with fewer cells
// ends the block). `get` uses min width 6 and padding 3; `describe` uses 0 and 2.

/** Options of formatTabbed(). */
export interface TabWriterOptions {
  /** Minimal cell width, padding included. */
  readonly minWidth: number;
  /** Spaces added to the widest cell of a column. */
  readonly padding: number;
}

function widthOf(text: string): number {
  return [...text].length;
}

/**
 * Lays out text whose lines hold tab-separated cells, as Go's tabwriter does (the text after
 * the last tab of a line is not part of a column and is not padded).
 * @example formatTabbed('Name:\tweb\nNamespace:\tdefault\n', { minWidth: 0, padding: 2 })
 */
export function formatTabbed(text: string, options: TabWriterOptions): string {
  const trailingNewline = text.endsWith('\n');
  const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const line = lines[i]!;
      out.push(line.map((cell, j) => (j < widths.length && j < line.length - 1 ? cell + ' '.repeat(Math.max(0, widths[j]! - widthOf(cell))) : cell)).join(''));
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i]!.length - 1) continue;
      writeLines(start, i);
      start = i;
      let width = options.minWidth;
      for (; i < line1 && column < lines[i]!.length - 1; i++) width = Math.max(width, widthOf(lines[i]![column]!) + options.padding);
      widths.push(width);
      format(start, i);
      widths.pop();
      start = i;
      i--;
    }
    writeLines(start, line1);
  };

  format(0, lines.length);
  return out.join('\n') + (trailingNewline ? '\n' : '');
}
