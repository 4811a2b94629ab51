import { describe, expect, it } from '@jest/globals';
import {
  formatCamundaDate,
  fromDto,
  parseCamundaDate,
  queryText,
  toDto,
  toJs,
  VariableValueError,
} from './typed-value.js';

describe('typed variable values', () => {
  it.each<[unknown, unknown]>([
    [
      { value: 'x', type: 'string' },
      { value: 'x', type: 'String', valueInfo: {} },
    ],
    [
      { value: 'x', type: 'STRING' },
      { value: 'x', type: 'String', valueInfo: {} },
    ],
    [
      { value: true, type: 'boolean' },
      { value: true, type: 'Boolean', valueInfo: {} },
    ],
    [
      { value: 'false', type: 'Boolean' },
      { value: false, type: 'Boolean', valueInfo: {} },
    ],
    [
      { value: -32768, type: 'short' },
      { value: -32768, type: 'Short', valueInfo: {} },
    ],
    [
      { value: '42', type: 'integer' },
      { value: 42, type: 'Integer', valueInfo: {} },
    ],
    [
      { value: 2 ** 40, type: 'long' },
      { value: 2 ** 40, type: 'Long', valueInfo: {} },
    ],
    [
      { value: 0.1, type: 'double' },
      { value: 0.1, type: 'Double', valueInfo: {} },
    ],
    [
      { value: '2026-11-27T10:00:00.000+0000', type: 'date' },
      { value: '2026-11-27T10:00:00.000+0000', type: 'Date', valueInfo: {} },
    ],
    [
      { value: '2026-11-27T17:00:00.000+07:00', type: 'Date' },
      { value: '2026-11-27T10:00:00.000+0000', type: 'Date', valueInfo: {} },
    ],
    [
      { value: '2026-11-27T10:00:00Z', type: 'Date' },
      { value: '2026-11-27T10:00:00.000+0000', type: 'Date', valueInfo: {} },
    ],
    [
      { value: '[1,2]', type: 'json' },
      { value: '[1,2]', type: 'Json', valueInfo: {} },
    ],
    [
      { value: { a: 1 }, type: 'Json' },
      { value: '{"a":1}', type: 'Json', valueInfo: {} },
    ],
    [
      { value: 'ignored', type: 'null' },
      { value: null, type: 'Null', valueInfo: {} },
    ],
    [
      { value: null, type: 'Integer' },
      { value: null, type: 'Integer', valueInfo: {} },
    ],
    // untyped: the JSON type decides
    [{ value: 'x' }, { value: 'x', type: 'String', valueInfo: {} }],
    [{ value: 7 }, { value: 7, type: 'Integer', valueInfo: {} }],
    [{ value: 2 ** 33 }, { value: 2 ** 33, type: 'Long', valueInfo: {} }],
    [{ value: 1.5 }, { value: 1.5, type: 'Double', valueInfo: {} }],
    [{ value: false }, { value: false, type: 'Boolean', valueInfo: {} }],
    [{ value: null }, { value: null, type: 'Null', valueInfo: {} }],
    [{ value: [1] }, { value: '[1]', type: 'Json', valueInfo: {} }],
  ])('%j round-trips as %j', (input, expected) => {
    expect(toDto(fromDto('v', input))).toEqual(expected);
  });

  it.each([
    { value: 'x', type: 'Integer' },
    { value: 1.5, type: 'Long' },
    { value: 40000, type: 'Short' },
    { value: 2 ** 31, type: 'Integer' },
    { value: 'maybe', type: 'Boolean' },
    { value: 'Infinity', type: 'Double' },
    { value: '2026-11-27', type: 'Date' },
    { value: 5, type: 'Date' },
    { value: '{', type: 'Json' },
    { value: { a: 1 }, type: 'String' },
    { value: 'x', type: 'Bytes' },
    { value: 'x', type: 7 },
    'not an object',
  ])('refuses %j', (input) => {
    expect(() => fromDto('v', input)).toThrow(VariableValueError);
  });

  it('gives expressions JS values', () => {
    expect(toJs(fromDto('d', { value: '2026-11-27T10:00:00.000+0000', type: 'Date' }))).toEqual(
      new Date('2026-11-27T10:00:00Z'),
    );
    expect(toJs(fromDto('j', { value: '{"a":{"b":1}}', type: 'Json' }))).toEqual({ a: { b: 1 } });
    expect(toJs(fromDto('l', { value: 3, type: 'Long' }))).toBe(3);
  });

  it('formats and parses Camunda dates', () => {
    expect(formatCamundaDate(new Date('2026-01-02T03:04:05.006Z'))).toBe('2026-01-02T03:04:05.006+0000');
    expect(parseCamundaDate('2026-01-02T10:04:05.006+0700')?.toISOString()).toBe('2026-01-02T03:04:05.006Z');
    expect(parseCamundaDate('02/01/2026')).toBeNull();
  });

  it('turns query values into the canonical text', () => {
    expect(queryText('true')).toBe('true');
    expect(queryText('2026-11-27T10:00:00.000+0000')).toBe('2026-11-27T10:00:00.000Z');
    expect(queryText(5)).toBe('5');
  });
});
