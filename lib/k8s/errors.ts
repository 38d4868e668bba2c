// The error classes every layer throws. A subclass exists only for something a caller catches;
// wrong arguments to an API are plain TypeError / RangeError.

/** One problem found while validating: which object, which field, what is wrong. */
export interface ValidationIssue {
  /** The object, e.g. `Deployment shop/web`, or a construct path such as `shop/web`. */
  readonly object: string;
  /** Dotted field path, e.g. `spec.template.spec.containers[0].image`; empty for the whole object. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** Base class of every error shipshape raises on purpose. */
export class ShipshapeError extends Error {
  /** A short hint the CLI prints under the message. */
  readonly hint?: string;
  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options?.hint) this.hint = options.hint;
  }
}

/** Formats one issue the way users see it: `object: path: message`. */
export function formatIssue(issue: ValidationIssue): string {
  return [issue.object, issue.path, issue.message].filter((part) => part !== '').join(': ');
}

/** Every validation problem of a stack or object, reported in one go. */
export class ValidationError extends ShipshapeError {
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[], options?: { cause?: unknown; hint?: string }) {
    const lines = issues.map(formatIssue);
    const message =
      lines.length === 1 ? lines[0]! : `${lines.length} validation errors:\n${lines.map((l) => `  - ${l}`).join('\n')}`;
    super(message, options);
    this.issues = issues;
  }
}

/** Collects issues while walking a whole stack, then throws them together. */
export class IssueCollector {
  readonly issues: ValidationIssue[] = [];
  add(object: string, path: string, message: string): void {
    this.issues.push({ object, path, message });
  }
  get isEmpty(): boolean {
    return this.issues.length === 0;
  }
  throwIfAny(): void {
    if (this.issues.length > 0) throw new ValidationError(this.issues);
  }
}
