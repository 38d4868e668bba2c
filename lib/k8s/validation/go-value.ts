// Renders the offending value of a field error the way the Go API server prints it: strings
// quoted, numbers bare, maps and label selectors in Go `%#v` syntax (1.31-era servers).
// Values with no faithful Go rendering fall back to JSON, as servers from 1.34 on print them.

/** A value already rendered in Go syntax, printed verbatim. */
export class GoLiteral {
  constructor(readonly text: string) {}
}

/** What a field error may carry as its bad value. */
export type BadValue = string | number | boolean | null | undefined | GoLiteral | object;

/** Quotes a string like Go's `%q` (JSON escapes, except control bytes as `\xNN`). */
export function quoteGo(value: string): string {
  return JSON.stringify(value).replace(/\\u00([0-7][0-9a-f])/g, '\\x$1');
}

/** Formats a bad value for `Invalid value: <value>`. */
export function formatBadValue(value: BadValue): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof GoLiteral) return value.text;
  if (typeof value === 'string') return quoteGo(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function isStringRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatGoStringMap(map: unknown): string {
  if (!isStringRecord(map)) return 'map[string]string(nil)';
  const entries = Object.entries(map)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${quoteGo(k)}:${quoteGo(String(v))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

function formatGoStringSlice(list: unknown): string {
  if (!Array.isArray(list)) return '[]string(nil)';
  return `[]string{${list.map((v) => quoteGo(String(v))).join(', ')}}`;
}

/** `map[string]string{"app":"web"}`, or `map[string]string(nil)` when absent. */
export function toGoStringMap(map: unknown): GoLiteral {
  return new GoLiteral(formatGoStringMap(map));
}

/** `[]string{"a", "b"}`, or `[]string(nil)` when absent. */
export function toGoStringSlice(list: unknown): GoLiteral {
  return new GoLiteral(formatGoStringSlice(list));
}

/** A metav1.LabelSelector in `%#v` form, as shown by `field is immutable` and empty-selector errors. */
export function toGoLabelSelector(selector: unknown): GoLiteral {
  const sel = isStringRecord(selector) ? selector : {};
  const exprs = sel.matchExpressions;
  let exprText = '[]v1.LabelSelectorRequirement(nil)';
  if (Array.isArray(exprs)) {
    const items = exprs.map((e) => {
      const r = isStringRecord(e) ? e : {};
      const k = quoteGo(typeof r.key === 'string' ? r.key : '');
      const op = quoteGo(typeof r.operator === 'string' ? r.operator : '');
      return `v1.LabelSelectorRequirement{Key:${k}, Operator:${op}, Values:${formatGoStringSlice(r.values)}}`;
    });
    exprText = `[]v1.LabelSelectorRequirement{${items.join(', ')}}`;
  }
  return new GoLiteral(`v1.LabelSelector{MatchLabels:${formatGoStringMap(sel.matchLabels)}, MatchExpressions:${exprText}}`);
}

/** An IntOrString as its String() method prints it: `25%` or `3`, never quoted. */
export function toGoIntOrString(value: unknown): GoLiteral {
  return new GoLiteral(typeof value === 'number' || typeof value === 'string' ? String(value) : '0');
}
