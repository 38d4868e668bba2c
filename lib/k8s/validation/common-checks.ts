// Small checks shared by many kinds: non-negative integers, int-or-percent values, label and
// annotation maps at a path, and the string formats names.ts does not cover (env var names,
// config keys, wildcard hosts). Each returns field errors or messages; none reads whole objects.

import { areLabelsKnownValid, checkAnnotations, checkLabels } from '../names.ts';
import { child, invalid, typeInvalid, type FieldError } from './field-error.ts';
import { isRecord, type Json } from './fields.ts';
import { toGoIntOrString } from './go-value.ts';

/** Kubernetes' RegexError wording: `msg (e.g. 'a',  or 'b', regex used for validation is 're')`. */
export function formatRegexError(msg: string, regex: string, ...examples: string[]): string {
  const shown = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${shown}regex used for validation is '${regex}')`;
}

const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const PERCENT = /^[0-9]+%$/;
const WILDCARD_SUBDOMAIN = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function checkDotPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/** Messages for an environment variable name (IsEnvVarName); empty when valid. */
export function checkEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!ENV_VAR_NAME.test(value)) {
    errs.push(
      formatRegexError(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        '[-._a-zA-Z][-._a-zA-Z0-9]*',
        'my.env-name',
        'MY_ENV.NAME',
        'MyEnvName1',
      ),
    );
  }
  return [...errs, ...checkDotPrefix(value)];
}

/** Messages for a ConfigMap or Secret key (IsConfigMapKey); empty when valid. */
export function checkConfigKey(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push('must be no more than 253 characters');
  if (!CONFIG_KEY.test(value)) {
    errs.push(
      formatRegexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        '[-._a-zA-Z0-9]+',
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  }
  return [...errs, ...checkDotPrefix(value)];
}

/** Messages for a wildcard host such as `*.example.com`; empty when valid. */
export function checkWildcardSubdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push('must be no more than 253 characters');
  if (!WILDCARD_SUBDOMAIN.test(value)) {
    errs.push(
      formatRegexError(
        "a wildcard RFC 1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
        '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*',
        '*.example.com',
      ),
    );
  }
  return errs;
}

/** Errors for `obj[key]` when set: it must be an integer >= 0 (ValidateNonnegativeField). */
export function checkNonNegative(obj: Json | undefined, key: string, path: string): FieldError[] {
  const value = obj?.[key];
  if (value === undefined || value === null) return [];
  const field = child(path, key);
  if (typeof value !== 'number' || !Number.isInteger(value)) return [typeInvalid(field, value, 'must be an integer')];
  return value < 0 ? [invalid(field, value, 'must be greater than or equal to 0')] : [];
}

/** The number an int-or-percent stands for (`25%` → 25, `3` → 3), 0 when malformed. */
export function readIntOrPercent(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && PERCENT.test(value)) return Number(value.slice(0, -1));
  return 0;
}

/** ValidatePositiveIntOrPercent: an integer >= 0 or a `N%` string. */
export function checkIntOrPercent(value: unknown, field: string): FieldError[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') {
    if (PERCENT.test(value)) return [];
    const msg = formatRegexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%');
    return [invalid(field, toGoIntOrString(value), msg)];
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return [invalid(field, toGoIntOrString(value), "must be an integer or percentage (e.g '5%')")];
  }
  return value < 0 ? [invalid(field, value, 'must be greater than or equal to 0')] : [];
}

/** IsNotMoreThan100Percent: a percent value may not exceed 100%. */
export function checkNotOver100Percent(value: unknown, field: string): FieldError[] {
  if (typeof value !== 'string' || !PERCENT.test(value)) return [];
  return Number(value.slice(0, -1)) > 100 ? [invalid(field, toGoIntOrString(value), 'must not be greater than 100%')] : [];
}

/** Label map errors at `path` (e.g. `metadata.labels[app]`). */
export function checkLabelsAt(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  pushLabelErrors(errs, labels, path);
  return errs;
}

/** Appends checkLabelsAt(labels, path) to `errs`; a map of labels seen valid before costs no allocation. */
export function pushLabelErrors(errs: FieldError[], labels: unknown, path: string): void {
  if (labels === undefined || labels === null) return;
  if (!isRecord(labels)) {
    errs.push(typeInvalid(path, labels, 'must be a map of strings'));
    return;
  }
  if (areLabelsKnownValid(labels)) return;
  for (const [suffix, message] of checkLabels(labels)) errs.push({ type: 'FieldValueInvalid', field: `${path}${suffix}`, message });
}

/** Annotation map errors at `path`, including the 256 KiB total size limit. */
export function checkAnnotationsAt(annotations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  pushAnnotationErrors(errs, annotations, path);
  return errs;
}

/** Appends checkAnnotationsAt(annotations, path) to `errs`. */
export function pushAnnotationErrors(errs: FieldError[], annotations: unknown, path: string): void {
  if (annotations === undefined || annotations === null) return;
  if (!isRecord(annotations)) {
    errs.push(typeInvalid(path, annotations, 'must be a map of strings'));
    return;
  }
  for (const [suffix, message] of checkAnnotations(annotations)) {
    errs.push({ type: message.startsWith('Too long') ? 'FieldValueTooLong' : 'FieldValueInvalid', field: `${path}${suffix}`, message });
  }
}
