import { describe, expect, it } from '@jest/globals';
import {
  DATE_MESSAGES,
  checkDateRange,
  dateRangeOf,
  isCalendarDate,
  parseDayMonthYear,
  vietnamToday,
} from './date-rules.js';
import { validateSubmission } from './validate-submission.js';
import type { FormSchema } from './form-schema.js';

describe('typed dates (dd/mm/yyyy)', () => {
  it.each([
    ['05/12/1990', '1990-12-05'],
    ['5/1/2024', '2024-01-05'],
    [' 29/02/2024 ', '2024-02-29'],
  ])('%s is the day %s (day first, never month first)', (text, iso) => {
    expect(parseDayMonthYear(text)).toEqual({ iso });
  });

  it.each(['31/02/2024', '29/02/2023', '31/04/2024', '00/01/2024', '12/13/2024', '32/01/2024'])(
    '%s does not exist and is refused, not moved',
    (text) => {
      expect(parseDayMonthYear(text)).toEqual({
        error: 'impossible',
        message: DATE_MESSAGES.impossible(text),
      });
    },
  );

  it.each(['2024-02-01', '05-12-1990', '05/12/90', 'hôm nay', ''])('%s is not dd/mm/yyyy', (text) => {
    expect(parseDayMonthYear(text)).toEqual({ error: 'format', message: DATE_MESSAGES.format });
  });

  it('knows leap years and month lengths', () => {
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2024-06-31')).toBe(false);
  });
});

describe('natural ranges', () => {
  it('counts today in Vietnam', () => {
    expect(vietnamToday(new Date('2026-03-09T17:30:00Z'))).toBe('2026-03-10');
    expect(vietnamToday(new Date('2026-03-09T16:59:00Z'))).toBe('2026-03-09');
  });

  it('reads the custom properties and ignores malformed ones', () => {
    expect(dateRangeOf({ properties: { notAfter: 'today' } })).toEqual({ notAfter: 'today' });
    expect(dateRangeOf({ properties: { notBefore: '2024-01-01', notAfter: '2024-02-30' } })).toEqual({
      notBefore: '2024-01-01',
    });
    expect(dateRangeOf({})).toEqual({});
  });

  it('refuses a day after today or before a bound, with the bound dd/mm/yyyy', () => {
    expect(checkDateRange('2026-03-11', { notAfter: 'today' }, '2026-03-10')).toBe(
      DATE_MESSAGES.notAfterToday,
    );
    expect(checkDateRange('2026-03-10', { notAfter: 'today' }, '2026-03-10')).toBeNull();
    expect(checkDateRange('2023-12-31', { notBefore: '2024-01-01' }, '2026-03-10')).toBe(
      'Ngày này không được trước ngày 01/01/2024.',
    );
    expect(checkDateRange('2026-03-09', { notBefore: 'today' }, '2026-03-10')).toBe(
      DATE_MESSAGES.notBeforeToday,
    );
  });
});

describe('the validator applies them', () => {
  const form = {
    type: 'default',
    id: 'f',
    schemaVersion: 19,
    components: [
      {
        type: 'datetime',
        subtype: 'date',
        key: 'dateOfBirth',
        label: 'Ngày sinh',
        properties: { notAfter: 'today' },
      },
      { type: 'datetime', subtype: 'date', key: 'meetingDate', label: 'Ngày hẹn' },
    ],
  } as FormSchema;
  const today = '2026-03-10';

  it('a birth date in the future is refused in Vietnamese', () => {
    const r = validateSubmission(form, { dateOfBirth: '2026-03-11' }, { today });
    expect(r.errors).toEqual([
      { field: 'dateOfBirth', label: 'Ngày sinh', message: 'Ngày này không được sau ngày hôm nay.' },
    ]);
  });

  it('an impossible day is refused, a real past one kept, a field without a range takes any real day', () => {
    expect(validateSubmission(form, { dateOfBirth: '2024-02-31' }, { today }).errors[0]?.message).toMatch(
      /không có trên lịch/,
    );
    const ok = validateSubmission(form, { dateOfBirth: '1990-12-05', meetingDate: '2030-01-01' }, { today });
    expect(ok).toEqual({
      valid: true,
      errors: [],
      values: { dateOfBirth: '1990-12-05', meetingDate: '2030-01-01' },
    });
  });
});
