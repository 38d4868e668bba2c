import { describe, expect, it } from 'vitest';
import { findUserFrame, locateSyntaxError } from './source-location.ts';

const STACK = [
  "TypeError: shop/cfg: 'apiVersion' is required",
  '    at new Resource (/pkg/lib/core/resource.ts:39:13)',
  '    at helper (/proj/node_modules/dep/index.js:3:1)',
  '    at makeShop (/proj/infra.ts:12:9)',
  '    at file:///proj/other.ts:1:1',
].join('\n');

describe('findUserFrame()', () => {
  it('findUserFrame() skips frames in excluded dirs and node_modules', () => {
    expect(findUserFrame(STACK, { dir: '/proj', exclude: ['/pkg/lib'] })).toEqual({ file: '/proj/infra.ts', line: 12, column: 9 });
  });

  it('findUserFrame() reads file URLs and strips loader queries', () => {
    const stack = 'Error: x\n    at async file:///proj/sub/a.ts?tsx-namespace=1:4:2\n';
    expect(findUserFrame(stack, { dir: '/proj' })).toEqual({ file: '/proj/sub/a.ts', line: 4, column: 2 });
  });

  it('findUserFrame() returns undefined when no frame is in the program directory', () => {
    expect(findUserFrame(STACK, { dir: '/elsewhere' })).toBeUndefined();
    expect(findUserFrame(undefined, { dir: '/proj' })).toBeUndefined();
  });

  it('findUserFrame() does not take a sibling directory with the same prefix for the program directory', () => {
    expect(findUserFrame('Error\n    at f (/project-b/x.ts:1:1)', { dir: '/project' })).toBeUndefined();
  });
});

describe('locateSyntaxError()', () => {
  it('locateSyntaxError() reads esbuild transform errors and makes the column 1-based', () => {
    const err = new Error('Transform failed with 1 error:\n/proj/infra.ts:3:18: ERROR: Unexpected ";"');
    expect(locateSyntaxError(err)).toEqual({ location: { file: '/proj/infra.ts', line: 3, column: 19 }, message: 'Unexpected ";"' });
  });

  it('locateSyntaxError() reads the file:line head Node puts on a module SyntaxError', () => {
    const err = new SyntaxError("The requested module 'shipshape' does not provide an export named 'App'");
    err.stack = `file:///proj/infra.ts:1\nimport { App } from 'shipshape';\n         ^^^\n${err.name}: ${err.message}`;
    expect(locateSyntaxError(err)).toEqual({
      location: { file: '/proj/infra.ts', line: 1 },
      message: "The requested module 'shipshape' does not provide an export named 'App'",
    });
  });

  it('locateSyntaxError() returns undefined for other errors', () => {
    expect(locateSyntaxError(new TypeError('x'))).toBeUndefined();
    expect(locateSyntaxError('not an error')).toBeUndefined();
  });
});
