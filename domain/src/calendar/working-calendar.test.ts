import { describe, expect, it } from '@jest/globals';
import { buildStatutoryYear, defaultHolidayTable, LUNAR_ANCHORS } from './holidays.js';
import { vietnamDate } from './vietnam-time.js';
import { addWorkingDays, createWorkingCalendar, isWorkingDay } from './working-calendar.js';

describe('working-day calendar', () => {
  it('treats Saturday and Sunday as rest days', () => {
    expect(isWorkingDay('2026-11-27')).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29')).toBe(false); // Sunday
  });

  it('gives Giỗ Tổ 2026 (Sunday 26/04) a compensatory Monday 27/04, then 30/4 and 1/5', () => {
    expect(isWorkingDay('2026-04-26')).toBe(false);
    expect(isWorkingDay('2026-04-27')).toBe(false);
    expect(isWorkingDay('2026-04-28')).toBe(true);
    expect(isWorkingDay('2026-04-30')).toBe(false);
    expect(isWorkingDay('2026-05-01')).toBe(false);
    const y2026 = createWorkingCalendar().year(2026);
    expect(y2026.daysOff.find((d) => d.date === '2026-04-27')?.nameVi).toBe(
      'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 Âm lịch)',
    );
  });

  it('counts from the working day after `from`, skipping holidays', () => {
    // Fri 24/04/2026 + 1 → Tue 28/04 (weekend, then Mon 27/04 nghỉ bù).
    expect(addWorkingDays('2026-04-24', 1)).toBe('2026-04-28');
    // Tue 28/04 + 2 → Wed 29/04, then 30/4, 1/5 off and the weekend → Mon 04/05.
    expect(addWorkingDays('2026-04-28', 2)).toBe('2026-05-04');
    expect(addWorkingDays('2026-11-27', 0)).toBe('2026-11-27');
    // Received on a Saturday: the first working day counted is Monday.
    expect(addWorkingDays('2026-11-28', 1)).toBe('2026-11-30');
  });

  it('computes the 15-working-day appointment of procedure 1.009846 across Tết 2026', () => {
    // Mùng 1 Tết = Tue 17/02/2026 → default off Mon 16 … Fri 20/02.
    for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'])
      expect(isWorkingDay(d)).toBe(false);
    // From Wed 11/02: 12, 13, [16–20 Tết], 23, 24, 25, 26, 27, 2/3, 3, 4, 5, 6, 9, 10, 11 → 15th = 11/03.
    expect(addWorkingDays('2026-02-11', 15)).toBe('2026-03-11');
  });

  it('compensates Tết days that fall on a weekend (2024: mùng 1 on Saturday)', () => {
    const y = buildStatutoryYear(2024, LUNAR_ANCHORS[2024]);
    const off = y.daysOff.map((d) => d.date);
    expect(off).toEqual(
      expect.arrayContaining(['2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15']),
    );
    expect(off).not.toContain('2024-02-10');
  });

  it('adds a day adjacent to 2/9 and compensates 1/1, 30/4 and 1/5 on weekends (2028)', () => {
    const y = buildStatutoryYear(2028, LUNAR_ANCHORS[2028]);
    const off = y.daysOff.map((d) => d.date);
    // 1/1/2028 is a Saturday → Monday 3/1; 30/4 Sunday and 1/5 Monday → 1/5 and Tuesday 2/5.
    expect(off).toEqual(expect.arrayContaining(['2028-01-03', '2028-05-01', '2028-05-02']));
    // 2/9/2028 is a Saturday: the adjacent day is Friday 1/9, the Saturday is compensated on Monday 4/9.
    expect(off).toEqual(expect.arrayContaining(['2028-09-01', '2028-09-04']));
    expect(buildStatutoryYear(2025).daysOff.map((d) => d.date)).toEqual(
      expect.arrayContaining(['2025-09-01', '2025-09-02']),
    );
  });

  it('has 11 statutory days off in each default year plus their compensations', () => {
    const table = defaultHolidayTable();
    expect(Object.keys(table).map(Number)).toEqual([2024, 2025, 2026, 2027, 2028, 2029, 2030]);
    for (const y of Object.values(table)) expect(y.daysOff).toHaveLength(11);
  });

  it('takes an edited table: a swapped working Saturday and an extra day off', () => {
    const table = defaultHolidayTable();
    table[2026]!.workingWeekendDays.push({ date: '2026-02-07', nameVi: 'Làm bù' });
    table[2026]!.daysOff.push({ date: '2026-02-13', nameVi: 'Nghỉ hoán đổi' });
    const cal = createWorkingCalendar(table);
    expect(cal.isWorkingDay('2026-02-07')).toBe(true);
    expect(cal.isWorkingDay('2026-02-13')).toBe(false);
    expect(cal.addWorkingDays('2026-02-06', 1)).toBe('2026-02-07');
  });

  it('falls back to the solar rules outside the table and rejects bad input', () => {
    expect(isWorkingDay('2031-09-02')).toBe(false);
    expect(isWorkingDay('2031-01-01')).toBe(false);
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(/not a calendar date/);
    expect(() => addWorkingDays('27/11/2026', 1)).toThrow(/YYYY-MM-DD/);
    expect(() => addWorkingDays('2026-11-27', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-27', 1.5)).toThrow(RangeError);
  });

  it('takes the calendar day in Vietnam time', () => {
    expect(vietnamDate(new Date('2026-11-27T17:30:00Z'))).toBe('2026-11-28');
    expect(vietnamDate(new Date('2026-11-27T16:59:00Z'))).toBe('2026-11-27');
  });
});
