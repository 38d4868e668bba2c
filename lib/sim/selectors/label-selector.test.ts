import { describe, expect, it } from 'vitest';
import { compileLabelSelector, convertLabelSelector, formatSelector, parseLabelSelector } from './label-selector.ts';

const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('parseLabelSelector', () => {
  it('parseLabelSelector() reads every operator and sorts requirements by key', () => {
    expect(parseLabelSelector('z in (b, a),a=1,b==2,c!=3,d notin (x),e,!f')).toEqual([
      { key: 'a', operator: '=', values: ['1'] },
      { key: 'b', operator: '==', values: ['2'] },
      { key: 'c', operator: '!=', values: ['3'] },
      { key: 'd', operator: 'notin', values: ['x'] },
      { key: 'e', operator: 'exists', values: [] },
      { key: 'f', operator: '!', values: [] },
      { key: 'z', operator: 'in', values: ['a', 'b'] },
    ]);
  });

  it('parseLabelSelector() accepts empty values, in/notin as values, and prefixed keys', () => {
    expect(parseLabelSelector('x in (foo,,baz),y,z notin ()')).toEqual([
      { key: 'x', operator: 'in', values: ['', 'baz', 'foo'] },
      { key: 'y', operator: 'exists', values: [] },
      { key: 'z', operator: 'notin', values: [''] },
    ]);
    expect(parseLabelSelector('app.kubernetes.io/name in (in,notin),a=')).toEqual([
      { key: 'a', operator: '=', values: [''] },
      { key: 'app.kubernetes.io/name', operator: 'in', values: ['in', 'notin'] },
    ]);
    expect(parseLabelSelector('')).toEqual([]);
  });

  it.each([
    ['app web', "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in x', "unable to parse requirement: found 'x' expected: '('"],
    ['a in (x', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a in (x y)', "unable to parse requirement: found 'y', expected: ',' or ')'"],
    ['a=b,', "found '', expected: identifier after ','"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['=x', "found '=', expected: !, identifier, or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['a=!', "unable to parse requirement: found '!', expected: identifier"],
    ['a =! b', "unable to parse requirement: found '!', expected: identifier"],
    ['a>x', "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer"],
    ['-a=b', `unable to parse requirement: <nil>: Invalid value: "-a": ${NAME_PART}`],
    ['a=b%', `unable to parse requirement: values[0][a]: Invalid value: "b%": ${LABEL_VALUE}`],
  ])('parseLabelSelector(%j) fails with the API server message', (input, message) => {
    expect(messageOf(() => parseLabelSelector(input))).toBe(message);
  });
});

describe('compileLabelSelector', () => {
  const labels = { app: 'web', tier: 'front', replicas: '3' };

  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['tier in (front,back)', true],
    ['tier notin (front)', false],
    ['missing notin (front)', true],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['app=web,tier=back', false],
    ['replicas>2,replicas<4', true],
    ['replicas>3', false],
    ['missing>1', false],
    ['', true],
  ])('compileLabelSelector(%j) decides %s', (selector, expected) => {
    expect(compileLabelSelector(selector)(labels)).toBe(expected);
  });

  it('compileLabelSelector() treats missing labels as an empty set', () => {
    expect(compileLabelSelector('!app')(undefined)).toBe(true);
    expect(compileLabelSelector('app')(undefined)).toBe(false);
  });

  it('compileLabelSelector() reads the object form: {} selects everything, null nothing', () => {
    const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }, { key: 'canary', operator: 'DoesNotExist' }] };
    expect(compileLabelSelector(selector)(labels)).toBe(true);
    expect(compileLabelSelector(selector)({ ...labels, canary: 'yes' })).toBe(false);
    expect(compileLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] })(labels)).toBe(false);
    expect(compileLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] })(labels)).toBe(true);
    expect(compileLabelSelector({})(labels)).toBe(true);
    expect(compileLabelSelector(null)(labels)).toBe(false);
  });
});

describe('convertLabelSelector', () => {
  it.each([
    [{ matchExpressions: [{ key: 'a', operator: 'Foo' }] }, '"Foo" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'In' }] }, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist'],
    [{ matchLabels: { '-a': 'b' } }, `key: Invalid value: "-a": ${NAME_PART}`],
  ])('convertLabelSelector(%j) fails with the API server message', (selector, message) => {
    expect(messageOf(() => convertLabelSelector(selector))).toBe(message);
  });
});

describe('formatSelector', () => {
  it('formatSelector() writes requirements sorted by key, values sorted, as kubectl shows them', () => {
    expect(
      formatSelector({
        matchLabels: { tier: 'web', app: 'shop' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['b', 'a'] },
          { key: 'zone', operator: 'NotIn', values: ['x'] },
          { key: 'canary', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=shop,canary,env in (a,b),!legacy,tier=web,zone notin (x)');
  });

  it('formatSelector() shows <none> for an empty or missing selector and <error> for an invalid one', () => {
    expect(formatSelector({})).toBe('<none>');
    expect(formatSelector(undefined)).toBe('<none>');
    expect(formatSelector({ matchExpressions: [{ key: 'a', operator: 'Nope' }] })).toBe('<error>');
  });
});
