import { describe, expect, it } from 'vitest';
import { ShipshapeError, ValidationError } from '../lib/k8s/errors.ts';
import { EXIT, exitCodeOf, formatError, StackValidationError, UsageError, UserProgramError } from './errors.ts';

const options = { debug: false, cwd: '/proj' };

describe('formatError()', () => {
  it('formatError() shows a user program error at its file and line, relative to cwd', () => {
    const err = new UserProgramError(new TypeError("App shop/web: 'replicas' (-1) must be at least 0"), {
      file: '/proj/infra.ts',
      line: 12,
      column: 9,
    });
    expect(formatError(err, options)).toBe("Error in infra.ts:12:9: App shop/web: 'replicas' (-1) must be at least 0\n");
  });

  it('formatError() prints every issue of a stack on its own line', () => {
    const issues = [
      { object: 'ConfigMap shop/a', path: 'metadata.name', message: 'Invalid value' },
      { object: 'Service shop/b', path: '', message: 'defined twice' },
    ];
    expect(formatError(new StackValidationError('shop', new ValidationError(issues)), options)).toBe(
      "Error: stack 'shop' has 2 validation errors:\n  ConfigMap shop/a: metadata.name: Invalid value\n  Service shop/b: defined twice\n",
    );
  });

  it('formatError() adds the hint of a ShipshapeError and no stack trace', () => {
    expect(formatError(new ShipshapeError('No infra.ts', { hint: 'pass one' }), options)).toBe('Error: No infra.ts\nhint: pass one\n');
  });

  it('formatError() suggests --debug for an unexpected error, and --debug prints its stack', () => {
    const err = new RangeError('boom');
    expect(formatError(err, options)).toBe('Error: boom\n(run with --debug to see the stack trace)\n');
    expect(formatError(err, { ...options, debug: true })).toContain(`\n${err.stack}`);
  });

  it('formatError() describes a thrown value that is not an Error', () => {
    expect(formatError(new UserProgramError('nope', { file: '/proj/infra.ts' }), options)).toBe(
      'Error in infra.ts: nope (thrown value is not an Error)\n',
    );
  });

  it('exitCodeOf() is 2 for usage errors and 1 for everything else', () => {
    expect(exitCodeOf(new UsageError('x'))).toBe(EXIT.usage);
    expect(exitCodeOf(new Error('x'))).toBe(EXIT.error);
  });
});
