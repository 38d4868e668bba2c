// Shared helpers for construct props: zod validation that reports every issue with the
// construct path and the prop path (`App shop/web: 'replicas' (-1) must be >= 0`).

import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../k8s/errors.ts';
import type { Construct } from '../core/construct.ts';

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

function preview(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Parses construct props with a zod schema; on failure throws a ValidationError whose issues
 * read `<Kind> <path>: '<prop>' (<current value>) <what is allowed>`. Pass `sensitive` to keep
 * values out of messages (Secrets).
 */
export function parseProps<S extends z.ZodType>(
  construct: Construct,
  kind: string,
  schema: S,
  props: unknown,
  options: { sensitive?: boolean } = {},
): z.infer<S> {
  const result = schema.safeParse(props ?? {});
  if (result.success) return result.data;
  const object = `${kind} ${construct.node.path}`;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const current = valueAt(props, issue.path);
    const shown = options.sensitive || current === undefined ? '' : ` (${preview(current)})`;
    return { object, path: '', message: `'${path || 'props'}'${shown} ${issue.message}` };
  });
  throw new ValidationError(issues);
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

/** Throws a ValidationError for one contradiction found in a constructor. */
export function failProps(construct: Construct, kind: string, message: string): never {
  throw new ValidationError([{ object: `${kind} ${construct.node.path}`, path: '', message }]);
}
