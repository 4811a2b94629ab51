import { describe, expect, it } from '@jest/globals';
import { formatCamundaDate, parseCamundaDate } from '@motcua/domain';
import { fromTypedValue, fromTypedVariables, toTypedValue, toTypedVariables, typed } from './typed-values.js';

describe('typed values', () => {
  it('writes dates in Camunda format, in UTC, and reads them back to the same instant', () => {
    const at = new Date(Date.UTC(2026, 10, 27, 3, 4, 5, 67));
    const v = typed.date(at);
    expect(v).toEqual({ value: '2026-11-27T03:04:05.067+0000', type: 'Date' });
    expect((fromTypedValue(v) as Date).getTime()).toBe(at.getTime());
  });

  it('reads Camunda dates with any offset, with or without the colon', () => {
    expect(parseCamundaDate('2026-11-27T10:00:00.000+0700')?.toISOString()).toBe('2026-11-27T03:00:00.000Z');
    expect(parseCamundaDate('2026-11-27T10:00:00+07:00')?.toISOString()).toBe('2026-11-27T03:00:00.000Z');
    expect(parseCamundaDate('27/11/2026')).toBeNull();
    expect(formatCamundaDate(null)).toBeNull();
    // A Date value that is not a date is kept as text rather than turned into an invalid Date.
    expect(fromTypedValue({ value: 'soon', type: 'Date' })).toBe('soon');
  });

  it('infers String, Boolean, Long, Double, Date, Json and Null and reads each back', () => {
    const values = {
      s: 'Hồ sơ đã tiếp nhận',
      b: false,
      l: 9_007_199_254_740_991,
      d: 1.5,
      at: new Date('2026-01-02T00:00:00.000Z'),
      j: { fee: 500_000, docs: ['a', 'b'] },
      n: null,
    };
    const map = toTypedVariables(values);
    expect(Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v.type]))).toEqual({
      s: 'String',
      b: 'Boolean',
      l: 'Long',
      d: 'Double',
      at: 'Date',
      j: 'Json',
      n: 'Null',
    });
    expect(map.j!.value).toBe('{"fee":500000,"docs":["a","b"]}');
    expect(fromTypedVariables(map)).toEqual(values);
  });

  it('refuses numbers outside a type instead of sending a value the engine would change', () => {
    expect(typed.integer(2_147_483_647)).toEqual({ value: 2_147_483_647, type: 'Integer' });
    expect(() => typed.integer(2_147_483_648)).toThrow(RangeError);
    expect(() => typed.integer(1.5)).toThrow(RangeError);
    expect(() => typed.long(2 ** 53)).toThrow(RangeError);
    expect(() => typed.double(Number.NaN)).toThrow(RangeError);
    expect(() => toTypedValue(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => typed.date(new Date('not a date'))).toThrow(RangeError);
  });

  it('serialises an Object as JSON with its Java type and reads it back', () => {
    const v = typed.object({ amount: 100 }, { objectTypeName: 'java.util.HashMap' });
    expect(v).toEqual({
      value: '{"amount":100}',
      type: 'Object',
      valueInfo: { objectTypeName: 'java.util.HashMap', serializationDataFormat: 'application/json' },
    });
    expect(fromTypedValue(v)).toEqual({ amount: 100 });
    // Another data format (e.g. Java serialisation) stays as the engine sent it.
    expect(
      fromTypedValue({ value: 'rO0AB', type: 'Object', valueInfo: { serializationDataFormat: 'x-java' } }),
    ).toBe('rO0AB');
  });

  it('sends a File with its bytes in base64 and reads the bytes back', () => {
    const content = Buffer.from('%PDF-1.7 kết quả', 'utf8');
    const v = typed.file({ content, filename: 'ket-qua.pdf', mimeType: 'application/pdf' });
    expect(v.type).toBe('File');
    expect(v.valueInfo).toEqual({ filename: 'ket-qua.pdf', mimeType: 'application/pdf' });
    expect(fromTypedValue(v)).toEqual({
      filename: 'ket-qua.pdf',
      mimeType: 'application/pdf',
      encoding: null,
      content,
    });
    // GET …/variables describes a File without its bytes.
    expect(fromTypedValue({ value: null, type: 'File', valueInfo: { filename: 'a.pdf' } })).toMatchObject({
      filename: 'a.pdf',
      content: null,
    });
  });

  it('reads type names case-insensitively and keeps a Json text that is not JSON', () => {
    expect(fromTypedValue({ value: '[1,2]', type: 'json' })).toEqual([1, 2]);
    expect(fromTypedValue({ value: '{oops', type: 'Json' })).toBe('{oops');
    expect(fromTypedValue({ value: 42, type: 'integer' })).toBe(42);
    expect(fromTypedValue(undefined)).toBeUndefined();
  });
});
