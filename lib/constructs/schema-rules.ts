// Small zod building blocks for construct props, each rule with its own message in our shape
// (`must be at least 1`), plus a collector for the cross-prop checks a constructor makes.
// This is not a general validation library; it only serves the props of App, Service and Ingress.

import { z } from 'zod';
import { ValidationError } from '../k8s/errors.ts';
import type { Construct } from '../core/construct.ts';

type TypeIssue = { readonly input?: unknown; readonly code?: string; readonly keys?: readonly string[] };

/** An error function for a schema: `is required` when missing, else `must be <expected>`. */
export function expecting(expected: string): (issue: TypeIssue) => string | undefined {
  return (issue) => {
    if (issue.code === 'unrecognized_keys') return `has unknown key${issue.keys!.length > 1 ? 's' : ''} ${issue.keys!.map((k) => `'${k}'`).join(', ')}`;
    return issue.input === undefined ? 'is required' : `must be ${expected}`;
  };
}

/** An object of known keys only: an unknown key (a typo) is reported, not dropped. */
export function strictObject<T extends z.ZodRawShape>(shape: T): z.ZodObject<T, z.core.$strict> {
  return z.strictObject(shape, { error: expecting('an object') });
}

/** A string. */
export function zString(): z.ZodString {
  return z.string({ error: expecting('a string') });
}

/** A boolean. */
export function zBoolean(): z.ZodBoolean {
  return z.boolean({ error: expecting('true or false') });
}

/** An integer, optionally bounded; the bounds appear in the message. */
export function zInteger(range: { readonly min?: number; readonly max?: number } = {}): z.ZodNumber {
  let schema = z.number({ error: expecting('an integer') }).int({ error: 'must be an integer' });
  const { min, max } = range;
  if (min !== undefined && max !== undefined) {
    const error = `must be between ${min} and ${max}, inclusive`;
    schema = schema.min(min, { error }).max(max, { error });
  } else if (min !== undefined) {
    schema = schema.min(min, { error: `must be at least ${min}` });
  } else if (max !== undefined) {
    schema = schema.max(max, { error: `must be at most ${max}` });
  }
  return schema;
}

/** One of a few literal strings. */
export function zOneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(values, { error: expecting(`one of ${values.map((v) => `'${v}'`).join(', ')}`) });
}

/** A string array. */
export function zStrings(): z.ZodArray<z.ZodString> {
  return z.array(zString(), { error: expecting('an array of strings') });
}

/** A map of string to string (labels, annotations, selectors). */
export function zStringMap(): z.ZodRecord<z.ZodString, z.ZodString> {
  return z.record(z.string(), zString(), { error: expecting('an object of strings') });
}

/** Any value the predicate accepts (objects with behaviour, such as IEnvValue), kept as is. */
export function zCustom<T>(predicate: (value: unknown) => boolean, expected: string): z.ZodType<T> {
  return z.custom<T>((value) => predicate(value), { error: expecting(expected) });
}

const PERCENT = /^(100|[1-9]?[0-9])%$/;

/** A non-negative integer or a percentage (`25%`), as in maxSurge and minAvailable. */
export function zIntOrPercent(): z.ZodType<number | string> {
  const error = "must be a non-negative integer or a percentage such as '25%'";
  return z.union(
    [
      z.number().int({ error }).min(0, { error }),
      z.string().regex(PERCENT, { error }),
    ],
    { error: expecting("a non-negative integer or a percentage such as '25%'") },
  );
}

/** True for a non-negative integer or a percentage string from 0% to 100%. */
export function isIntOrPercent(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0;
  return typeof value === 'string' && PERCENT.test(value);
}

/** Shows a value in a message: JSON, cut at 60 characters. */
export function previewValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Collects the contradictions a constructor finds between props and throws them together as
 * one ValidationError on the construct (`App shop/web: 'replicas' (3) ...`).
 */
export class PropProblems {
  private readonly messages: string[] = [];
  constructor(
    private readonly construct: Construct,
    private readonly kind: string,
  ) {}

  /** Records `'<prop>' (<value>) <message>`. */
  addValue(prop: string, value: unknown, message: string): void {
    this.messages.push(`'${prop}' (${previewValue(value)}) ${message}`);
  }

  /** Records a message; `undefined` (no problem) is ignored. */
  add(message: string | undefined): void {
    if (message !== undefined) this.messages.push(message);
  }

  /** How many problems were recorded so far. */
  get count(): number {
    return this.messages.length;
  }

  /** Throws every recorded problem in one ValidationError; does nothing when there are none. */
  throwIfAny(): void {
    if (this.messages.length === 0) return;
    const object = `${this.kind} ${this.construct.node.path}`;
    throw new ValidationError(this.messages.map((message) => ({ object, path: '', message })));
  }
}
