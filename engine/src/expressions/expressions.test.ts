import { describe, expect, it } from '@jest/globals';
import { compileExpression, evaluateCondition, ExpressionError, resolverOf } from './index.js';

const vars = {
  a: 5,
  b: 2,
  s: 'abc',
  t: true,
  f: false,
  n: null,
  blank: '',
  list: [1, 2, 3],
  json: { applicant: { name: 'Nguyễn Văn A', age: 30 }, tags: [] as string[] },
  date1: new Date('2026-11-27T00:00:00Z'),
  date2: new Date('2026-11-28T00:00:00Z'),
  numStr: '7',
  boolStr: 'true',
};
const run = (src: string) => compileExpression(src).evaluate(resolverOf(vars));

describe('JUEL subset evaluation', () => {
  it.each<[string, unknown]>([
    // literals
    ['${true}', true],
    ['${false}', false],
    ['${null}', null],
    ["${'a\\'b'}", "a'b"],
    ['${"x"}', 'x'],
    ['${42}', 42],
    ['${1.5e1}', 15],
    // arithmetic (EL coerces strings and null to numbers)
    ['${a + b}', 7],
    ['${a - b * 2}', 1],
    ['${(a - b) * 2}', 6],
    ['${a / b}', 2.5],
    ['${a div b}', 2.5],
    ['${a % b}', 1],
    ['${a mod b}', 1],
    ['${-a}', -5],
    ['${- -a}', 5],
    ['${numStr + 1}', 8],
    ['${n + 1}', 1],
    // comparison, symbolic and word forms
    ['${a == 5}', true],
    ['${a eq 5}', true],
    ['${a != 5}', false],
    ['${a ne 4}', true],
    ['${a > b}', true],
    ['${a gt b}', true],
    ['${a < b}', false],
    ['${a lt b}', false],
    ['${a >= 5}', true],
    ['${a ge 6}', false],
    ['${a <= 5}', true],
    ['${a le 4}', false],
    ["${s == 'abc'}", true],
    ["${s < 'abd'}", true],
    ['${numStr == 7}', true],
    ['${boolStr == true}', true],
    ['${n == null}', true],
    ['${date1 < date2}', true],
    // logic, short-circuit
    ['${t && f}', false],
    ['${t and t}', true],
    ['${f || t}', true],
    ['${f or f}', false],
    ['${!t}', false],
    ['${not f}', true],
    ['${f && unknownVar}', false],
    ['${t || unknownVar}', true],
    ['${!boolStr}', false],
    // empty
    ['${empty blank}', true],
    ['${empty s}', false],
    ['${empty n}', true],
    ['${empty json.tags}', true],
    ['${not empty list}', true],
    // property access on Json values
    ['${json.applicant.name}', 'Nguyễn Văn A'],
    ["${json['applicant'].age > 18}", true],
    ['${list[1]}', 2],
    ['${n.anything}', null],
    // ternary and precedence
    ["${a > 3 ? 'big' : 'small'}", 'big'],
    ["${a > 9 ? 'big' : b > 1 ? 'mid' : 'small'}", 'mid'],
    ['${1 + 2 * 3 == 7 && !(a < b)}', true],
    // composite text and #{}
    ['Hồ sơ ${s}-${a}', 'Hồ sơ abc-5'],
    ['#{a + 1}', 6],
    ['plain text', 'plain text'],
    ['mot-cua, ${s}', 'mot-cua, abc'],
  ])('%s → %j', (src, expected) => {
    expect(run(src)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ['${x}', /^Unknown property used in expression: \$\{x\}\. Cause: Cannot resolve identifier 'x'$/],
    [
      '${json.missing}',
      /Unknown property used in expression: \$\{json\.missing\}\. Cause: Property 'missing' not found/,
    ],
    ['${a / 0}', /Division by zero/],
    ['${s + 1}', /Cannot coerce 'abc' to a number/],
    ['${n < 1}', /Cannot compare with null/],
  ])('%s fails with %s', (src, message) => {
    expect(() => run(src)).toThrow(ExpressionError);
    expect(() => run(src)).toThrow(message);
  });

  it.each(['${a +}', '${(a}', '${foo(}', '${a ? b}', '${a = 1}', '${', "${'open}", '${a b}'])(
    'refuses the syntax of %s',
    (src) => {
      expect(() => compileExpression(src)).toThrow(ExpressionError);
    },
  );

  it('keywords are operators, not variables', () => {
    expect(() => compileExpression('${and}')).toThrow(ExpressionError);
  });

  it('a condition must be Boolean', () => {
    expect(evaluateCondition('${a > 1}', resolverOf(vars))).toBe(true);
    expect(() => evaluateCondition('${a}', resolverOf(vars))).toThrow(/non-Boolean/);
  });
});
