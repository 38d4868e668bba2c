// kubectl's YAML reader (go-yaml) accepts a multi-line quoted scalar whose continuation lines sit
// at (or left of) its key's indentation; the YAML spec, and so the `yaml` library, refuse it. This
// module re-indents such continuation lines so the library reads the value go-yaml reads. It does
// not change any other text, and it never guesses: a scalar without a closing quote stays an error.

import { Parser } from 'yaml';

interface QuotedToken {
  readonly offset: number;
  readonly indent: number;
  readonly quote: "'" | '"';
}

/** True when a quoted scalar's source, as the lexer cut it, ends with its own closing quote. */
function isClosed(source: string, quote: "'" | '"'): boolean {
  if (source.length < 2 || !source.startsWith(quote)) return false;
  const end = findClosingQuote(source, 0, quote);
  return end === source.trimEnd().length - 1;
}

/** Offset of the quote closing the scalar opened at `open`, or -1 when there is none. */
function findClosingQuote(text: string, open: number, quote: "'" | '"'): number {
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i];
    if (quote === '"' && ch === '\\') i++;
    else if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/** The first quoted scalar in the concrete syntax tree that the lexer cut short. */
function findUnclosedQuoted(text: string): QuotedToken | undefined {
  let found: QuotedToken | undefined;
  const visit = (node: unknown): void => {
    if (found || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const token = node as { type?: unknown; source?: unknown; offset?: unknown; indent?: unknown };
    if ((token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar') && typeof token.source === 'string') {
      const quote = token.type === 'single-quoted-scalar' ? "'" : '"';
      if (!isClosed(token.source, quote)) {
        found = { offset: Number(token.offset), indent: Number(token.indent), quote };
        return;
      }
    }
    for (const value of Object.values(node)) visit(value);
  };
  for (const token of new Parser().parse(text)) visit(token);
  return found;
}

/** Pads every continuation line of the scalar at `token` to one column right of its parent's indent. */
function reindentScalar(text: string, token: QuotedToken): string | undefined {
  const close = findClosingQuote(text, token.offset, token.quote);
  if (close < 0) return undefined;
  const body = text.slice(token.offset, close + 1);
  const lines = body.split('\n');
  const minimum = token.indent + 1;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    // A document marker ends the scalar for go-yaml too: leave it an error.
    if (line.startsWith('---') || line.startsWith('...')) return undefined;
    const indent = line.length - line.trimStart().length;
    if (indent < minimum) lines[i] = ' '.repeat(minimum - indent) + line;
  }
  return text.slice(0, token.offset) + lines.join('\n') + text.slice(close + 1);
}

/**
 * The text with every under-indented multi-line quoted scalar re-indented (values unchanged, since
 * a quoted scalar's line folding drops leading white space), or undefined when there was nothing
 * such to fix or a scalar has no closing quote.
 */
export function reindentQuotedScalars(text: string): string | undefined {
  let current = text;
  for (let fixes = 0; fixes < 1000; fixes++) {
    const token = findUnclosedQuoted(current);
    if (!token) return fixes === 0 ? undefined : current;
    const next = reindentScalar(current, token);
    if (next === undefined || next === current) return undefined;
    current = next;
  }
  return undefined;
}
