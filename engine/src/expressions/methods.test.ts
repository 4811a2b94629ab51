import { describe, expect, it } from '@jest/globals';
import { compileExpression, resolverOf } from './index.js';
import { DateTime, NOW } from './methods.js';

const now = new Date('2026-11-27T10:00:00.000Z'); // a Friday
const vars = resolverOf({
  [NOW]: now,
  name: '  Nguyễn Văn An ',
  code: 'BXHN-261127-00001',
  scores: [3, 7, 9],
  dossier: { applicant: { age: 30 }, urgent: true, fees: [100, 200] },
  json: '{"a":{"b":true},"n":5}',
  execution: {
    __execution: true,
    id: 'e1',
    processInstanceId: 'p1',
    processDefinitionId: 'd1',
    activityId: 'a1',
    businessKey: 'bk',
  },
  approved: true,
});
const run = (src: string) => compileExpression(src).evaluate(vars);

describe('method and function calls in expressions', () => {
  it.each<[string, unknown]>([
    ['${name.trim()}', 'Nguyễn Văn An'],
    ['${code.startsWith("BXHN") && code.length() == 17}', true],
    ['${code.substring(5, 11)}', '261127'],
    ["${code.split('-').size()}", 3],
    ['${scores.size()}', 3],
    ['${scores.contains(7)}', true],
    ['${scores.get(2) + 1}', 10],
    ["${dossier.containsKey('urgent')}", true],
    ["${dossier.prop('applicant').prop('age').numberValue() >= 18}", true],
    ['${dossier.fees.elements().size()}', 2],
    ["${S(json).prop('a').prop('b').boolValue() == true}", true],
    ["${S(json).prop('n').numberValue() * 2}", 10],
    ["${execution.getVariable('approved')}", true],
    ["${execution.getVariable('missing')}", null],
    ['${execution.getProcessBusinessKey()}', 'bk'],
    ['#{execution.processBusinessKey}', 'bk'],
    ['${execution.processInstanceId}', 'p1'],
    ['${execution.processInstanceId}', 'p1'],
    ['${now().getTime() == ' + now.getTime() + '}', true],
    ['${dateTime().plusDays(3).getDayOfWeek()}', 1],
    ['${dateTime().plusWeeks(1).toDate().after(now())}', true],
    ['${dateTime().minusMonths(1).getMonthOfYear()}', 10],
    ['Hạn: ${dateTime().plusDays(1)}', 'Hạn: 2026-11-28T10:00:00.000Z'],
  ])('%s', (src, expected) => {
    expect(run(src)).toEqual(expected);
  });

  it('keeps DateTime values for dates', () => {
    expect(run('${dateTime().plusWeeks(1)}')).toBeInstanceOf(DateTime);
    expect(run('${dateTime().plusWeeks(1).toDate()}')).toEqual(new Date('2026-12-04T10:00:00.000Z'));
  });

  it.each<[string, RegExp]>([
    ['${name.constructor()}', /Method 'constructor' not found/],
    ['${name.__proto__}', /Property '__proto__' not found/],
    ['${scores.map(1)}', /Method .map. not found/],
    ['${eval("1")}', /Unknown function 'eval\(\)'/],
    ['${dossier.prop("nope")}', /Unable to find 'nope'/],
    ['${missing.size()}', /Cannot resolve identifier 'missing'/],
    ['${(1 + 2)(3)}', /only named functions and methods can be called/],
  ])('refuses %s', (src, message) => {
    expect(() => run(src)).toThrow(message);
  });
});
