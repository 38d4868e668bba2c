// metav1.LabelSelector: validation of matchLabels/matchExpressions with the API server's
// wording, and the matching semantics (used to check a selector against template labels).
// Equality-based selectors (Service, ReplicationController) are plain maps and use checkLabelsAt.

import { checkLabelValue, checkQualifiedName } from '../names.ts';
import { checkLabelsAt } from './common-checks.ts';
import { child, forbidden, index, invalid, required, type FieldError } from './field-error.ts';
import { getList, getString, isRecord, toRecord, type Json } from './fields.ts';

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** Validates a label selector's structure (not whether it is empty). */
export function validateLabelSelector(selector: unknown, path: string): FieldError[] {
  const sel = toRecord(selector);
  if (!sel) return [];
  const errs = checkLabelsAt(sel.matchLabels, child(path, 'matchLabels'));
  getList(sel, 'matchExpressions').forEach((raw, i) => {
    const expr = toRecord(raw) ?? {};
    const at = index(child(path, 'matchExpressions'), i);
    const operator = getString(expr, 'operator') ?? '';
    const values = getList(expr, 'values');
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0) errs.push(required(child(at, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) errs.push(forbidden(child(at, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(invalid(child(at, 'operator'), operator, 'not a valid selector operator'));
    }
    const key = getString(expr, 'key') ?? '';
    for (const msg of checkQualifiedName(key)) errs.push(invalid(child(at, 'key'), key, msg));
    values.forEach((value, j) => {
      const text = String(value);
      for (const msg of checkLabelValue(text)) errs.push(invalid(index(child(at, 'values'), j), text, msg));
    });
  });
  return errs;
}

/** True when a selector has no matchLabels and no matchExpressions (it would select everything). */
export function isEmptySelector(selector: unknown): boolean {
  const sel = toRecord(selector) ?? {};
  const labels = toRecord(sel.matchLabels) ?? {};
  return Object.keys(labels).length === 0 && getList(sel, 'matchExpressions').length === 0;
}

/** True when the selector is well-formed enough to be evaluated (LabelSelectorAsSelector succeeds). */
export function isUsableSelector(selector: unknown): boolean {
  const sel = toRecord(selector) ?? {};
  return getList(sel, 'matchExpressions').every((raw) => {
    const expr = toRecord(raw) ?? {};
    const op = getString(expr, 'operator') ?? '';
    const n = getList(expr, 'values').length;
    if (!OPERATORS.has(op)) return false;
    return op === 'In' || op === 'NotIn' ? n > 0 : n === 0;
  });
}

/** True when `labels` satisfy the selector (an empty selector matches everything). */
export function matchesSelector(selector: unknown, labels: unknown): boolean {
  const sel: Json = toRecord(selector) ?? {};
  const have: Json = isRecord(labels) ? labels : {};
  for (const [k, v] of Object.entries(toRecord(sel.matchLabels) ?? {})) {
    if (have[k] !== v) return false;
  }
  return getList(sel, 'matchExpressions').every((raw) => {
    const expr = toRecord(raw) ?? {};
    const k = getString(expr, 'key') ?? '';
    const values = getList(expr, 'values').map(String);
    const present = Object.hasOwn(have, k);
    switch (getString(expr, 'operator')) {
      case 'In':
        return present && values.includes(String(have[k]));
      case 'NotIn':
        return !present || !values.includes(String(have[k]));
      case 'Exists':
        return present;
      case 'DoesNotExist':
        return !present;
      default:
        return false;
    }
  });
}
