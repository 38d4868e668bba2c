// Label selectors as the API server reads them: the string form (`app=web,tier in (a,b),!canary`)
// and the object form (`matchLabels` / `matchExpressions`), both compiled to a matcher, plus the
// text kubectl shows for a selector. Errors use apimachinery's wording; nothing here touches objects.

import { ShipshapeError } from '../../k8s/errors.ts';
import { checkLabelValue, checkQualifiedName } from '../../k8s/names.ts';

/** A selector that could not be parsed; the message is the API server's. */
export class SelectorError extends ShipshapeError {}

/** Requirement operators (selection.Operator). */
export type SelectorOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One parsed requirement: key, operator and values (sorted, unique). */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

/** The object form of a selector (metav1.LabelSelector). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string; values?: string[] }>;
}

/** Labels of an object; undefined means none. */
export type Labels = Readonly<Record<string, string>> | undefined;

/** Decides whether a label set is selected. */
export type LabelMatcher = (labels: Labels) => boolean;

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

type Token = 'ident' | 'in' | 'notin' | '!' | '=' | '==' | '!=' | '>' | '<' | '(' | ')' | ',' | 'end' | 'error';
const SYMBOL_TOKENS = new Set(['!', '=', '==', '!=', '>', '<', '(', ')', ',']);

function isSpecial(ch: string): boolean {
  return ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<';
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

/** Splits a selector into tokens the way apimachinery's lexer does (longest known symbol wins). */
function scanTokens(input: string): Array<{ tok: Token; lit: string }> {
  const out: Array<{ tok: Token; lit: string }> = [];
  let pos = 0;
  for (;;) {
    while (pos < input.length && isSpace(input[pos]!)) pos++;
    if (pos >= input.length) {
      out.push({ tok: 'end', lit: '' });
      return out;
    }
    if (isSpecial(input[pos]!)) {
      let buffer = '';
      let last: string | undefined;
      while (pos < input.length && isSpecial(input[pos]!)) {
        buffer += input[pos];
        if (SYMBOL_TOKENS.has(buffer)) last = buffer;
        else if (last !== undefined) break;
        pos++;
      }
      out.push(last === undefined ? { tok: 'error', lit: `error expected: keyword found '${buffer}'` } : { tok: last as Token, lit: last });
      continue;
    }
    const start = pos;
    while (pos < input.length && !isSpecial(input[pos]!) && !isSpace(input[pos]!)) pos++;
    const lit = input.slice(start, pos);
    out.push({ tok: lit === 'in' || lit === 'notin' ? lit : 'ident', lit });
  }
}

/** Go's `%#v` of a []string, as field errors print a bad value list. */
function formatGoStrings(values: readonly string[] | undefined): string {
  if (values === undefined) return '[]string(nil)';
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

function formatInvalidValue(path: string, value: string, detail: string): string {
  return `${path}: Invalid value: ${value}: ${detail}`;
}

/** Builds a requirement with labels.NewRequirement's checks; `keyPath` is `<nil>` when parsing text. */
function buildRequirement(key: string, operator: SelectorOperator, values: readonly string[] | undefined, checkKey: boolean): LabelRequirement {
  const errs: string[] = [];
  if (checkKey) {
    const keyErrs = checkQualifiedName(key);
    if (keyErrs.length > 0) errs.push(formatInvalidValue('key', JSON.stringify(key), keyErrs.join('; ')));
  }
  const vals = values ?? [];
  if ((operator === 'in' || operator === 'notin') && vals.length === 0) {
    errs.push(formatInvalidValue('values', formatGoStrings(values), "for 'in', 'notin' operators, values set can't be empty"));
  } else if ((operator === '=' || operator === '==' || operator === '!=') && vals.length !== 1) {
    errs.push(formatInvalidValue('values', formatGoStrings(values), 'exact-match compatibility requires one single value'));
  } else if ((operator === 'exists' || operator === '!') && vals.length !== 0) {
    errs.push(formatInvalidValue('values', formatGoStrings(values), 'values set must be empty for exists and does not exist'));
  } else if (operator === 'gt' || operator === 'lt') {
    if (vals.length !== 1) errs.push(formatInvalidValue('values', formatGoStrings(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
    vals.forEach((v, i) => {
      if (!/^[+-]?\d+$/.test(v)) errs.push(formatInvalidValue(`values[${i}]`, JSON.stringify(v), "for 'Gt', 'Lt' operators, the value must be an integer"));
    });
  }
  vals.forEach((v, i) => {
    const valueErrs = checkLabelValue(v);
    if (valueErrs.length > 0) errs.push(formatInvalidValue(`values[${i}][${key}]`, JSON.stringify(v), valueErrs.join('; ')));
  });
  if (errs.length > 0) {
    const unique = [...new Set(errs)];
    throw new SelectorError(unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`);
  }
  return { key, operator, values: [...new Set(vals)].sort() };
}

class RequirementParser {
  private position = 0;
  constructor(private readonly items: Array<{ tok: Token; lit: string }>) {}

  /** Next token; `in`/`notin` read as identifiers where values are expected. */
  peek(valueContext = true): { tok: Token; lit: string } {
    const item = this.items[this.position]!;
    return valueContext && (item.tok === 'in' || item.tok === 'notin') ? { tok: 'ident', lit: item.lit } : item;
  }

  take(valueContext = true): { tok: Token; lit: string } {
    const item = this.peek(valueContext);
    this.position++;
    return item;
  }

  parseRequirement(): LabelRequirement {
    let first = this.take();
    const negated = first.tok === '!';
    if (negated) first = this.take();
    if (first.tok !== 'ident') throw new SelectorError(`found '${first.lit}', expected: identifier`);
    const key = first.lit;
    const keyErrs = checkQualifiedName(key);
    if (keyErrs.length > 0) throw new SelectorError(formatInvalidValue('<nil>', JSON.stringify(key), keyErrs.join('; ')));
    const next = this.peek().tok;
    if (next === 'end' || next === ',') return buildRequirement(key, negated ? '!' : 'exists', [], false);
    const op = this.take(false);
    const operator = ({ in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt' } as Record<string, SelectorOperator>)[op.tok];
    if (operator === undefined) throw new SelectorError(`found '${op.lit}', expected: ${BINARY_OPERATORS}`);
    const values = operator === 'in' || operator === 'notin' ? this.parseValueSet() : this.parseExactValue();
    // The parser collects values as a set, so they are checked (and indexed in errors) sorted.
    return buildRequirement(key, operator, [...new Set(values)].sort(), false);
  }

  private parseValueSet(): string[] {
    const open = this.take();
    if (open.tok !== '(') throw new SelectorError(`found '${open.lit}' expected: '('`);
    const head = this.peek();
    if (head.tok === ')') {
      this.take();
      return [''];
    }
    if (head.tok !== 'ident' && head.tok !== ',') throw new SelectorError(`found '${head.lit}', expected: ',', ')' or identifier`);
    const values = this.parseIdentifiers();
    if (this.take().tok !== ')') throw new SelectorError(`found '${head.lit}', expected: ')'`);
    return values;
  }

  private parseIdentifiers(): string[] {
    const values: string[] = [];
    for (;;) {
      const item = this.take();
      if (item.tok === 'ident') {
        values.push(item.lit);
        const after = this.peek();
        if (after.tok === ',') continue;
        if (after.tok === ')') return values;
        throw new SelectorError(`found '${after.lit}', expected: ',' or ')'`);
      }
      if (item.tok !== ',') throw new SelectorError(`found '${item.lit}', expected: ',', or identifier`);
      // A comma with nothing before or after it stands for the empty value.
      if (values.length === 0) values.push('');
      const after = this.peek().tok;
      if (after === ')') {
        values.push('');
        return values;
      }
      if (after === ',') values.push('');
    }
  }

  private parseExactValue(): string[] {
    const next = this.peek();
    if (next.tok === 'end' || next.tok === ',') return [''];
    const item = this.take();
    if (item.tok === 'ident') return [item.lit];
    throw new SelectorError(`found '${item.lit}', expected: identifier`);
  }
}

/** Parses the string form; requirements come back sorted by key. Throws SelectorError. */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  const parser = new RequirementParser(scanTokens(selector));
  const requirements: LabelRequirement[] = [];
  for (;;) {
    const { tok, lit } = parser.peek();
    if (tok === 'end') break;
    if (tok !== 'ident' && tok !== '!') throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
    try {
      requirements.push(parser.parseRequirement());
    } catch (error) {
      if (error instanceof SelectorError) throw new SelectorError(`unable to parse requirement: ${error.message}`);
      throw error;
    }
    const after = parser.take();
    if (after.tok === 'end') break;
    if (after.tok !== ',') throw new SelectorError(`found '${after.lit}', expected: ',' or 'end of string'`);
    const following = parser.peek();
    if (following.tok !== 'ident' && following.tok !== '!') throw new SelectorError(`found '${following.lit}', expected: identifier after ','`);
  }
  return sortByKey(requirements);
}

function sortByKey(requirements: LabelRequirement[]): LabelRequirement[] {
  return requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const OBJECT_OPERATORS: Record<string, SelectorOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * Converts the object form to requirements (metav1.LabelSelectorAsSelector). Returns undefined for
 * a null/undefined selector, which selects nothing; `{}` selects everything. Throws SelectorError.
 */
export function convertLabelSelector(selector: LabelSelector | null | undefined): LabelRequirement[] | undefined {
  if (selector === null || selector === undefined) return undefined;
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push(buildRequirement(key, '=', [value], true));
  }
  for (const expr of selector.matchExpressions ?? []) {
    const operator = OBJECT_OPERATORS[expr.operator];
    if (operator === undefined) throw new SelectorError(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    requirements.push(buildRequirement(expr.key, operator, expr.values === undefined || expr.values.length === 0 ? undefined : expr.values, true));
  }
  return sortByKey(requirements);
}

/** One requirement as a closure. A label is present when its value is a string (labels are plain JSON). */
function compileRequirement(req: LabelRequirement): LabelMatcher {
  const { key, values } = req;
  const single = values.length === 1 ? values[0] : undefined;
  const has = single !== undefined ? (v: string) => v === single : (v: string) => values.includes(v);
  switch (req.operator) {
    case 'in':
    case '=':
    case '==':
      return (labels) => {
        const v = labels?.[key];
        return typeof v === 'string' && has(v);
      };
    case 'notin':
    case '!=':
      return (labels) => {
        const v = labels?.[key];
        return typeof v !== 'string' || !has(v);
      };
    case 'exists':
      return (labels) => typeof labels?.[key] === 'string';
    case '!':
      return (labels) => typeof labels?.[key] !== 'string';
    case 'gt':
    case 'lt': {
      const bound = Number(single);
      const greater = req.operator === 'gt';
      return (labels) => {
        const v = labels?.[key];
        if (typeof v !== 'string' || !/^[+-]?\d+$/.test(v)) return false;
        return greater ? Number(v) > bound : Number(v) < bound;
      };
    }
  }
}

/** Compiles requirements to a matcher (all must hold); undefined requirements match nothing. */
export function compileRequirements(requirements: readonly LabelRequirement[] | undefined): LabelMatcher {
  if (requirements === undefined) return () => false;
  const checks = requirements.map(compileRequirement);
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0]!;
  return (labels) => {
    for (const check of checks) if (!check(labels)) return false;
    return true;
  };
}

/**
 * Compiles either form to a matcher. A string is parsed (`''` selects everything); an object is
 * converted (`{}` selects everything, null/undefined nothing). Throws SelectorError.
 * @example compileLabelSelector('app=web,tier in (a,b)')({ app: 'web', tier: 'a' }) // true
 */
export function compileLabelSelector(selector: string | LabelSelector | null | undefined): LabelMatcher {
  return compileRequirements(typeof selector === 'string' ? parseLabelSelector(selector) : convertLabelSelector(selector));
}

const OPERATOR_TEXT: Record<SelectorOperator, string> = {
  '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<', exists: '', '!': '',
};

/** The string form of requirements, as labels.Selector.String() writes it. */
export function formatRequirements(requirements: readonly LabelRequirement[]): string {
  return requirements
    .map((req) => {
      if (req.operator === 'exists') return req.key;
      if (req.operator === '!') return `!${req.key}`;
      const values = req.values.join(',');
      const set = req.operator === 'in' || req.operator === 'notin';
      return `${req.key}${OPERATOR_TEXT[req.operator]}${set ? `(${values})` : values}`;
    })
    .join(',');
}

/** What kubectl shows for a selector object (`app=web,tier in (a,b)`), `<none>` when empty, `<error>` when invalid. */
export function formatSelector(selector: LabelSelector | null | undefined): string {
  try {
    const requirements = convertLabelSelector(selector);
    const text = requirements === undefined ? '' : formatRequirements(requirements);
    return text === '' ? '<none>' : text;
  } catch (error) {
    if (error instanceof SelectorError) return '<error>';
    throw error;
  }
}
