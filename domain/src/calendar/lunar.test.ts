import { describe, expect, it } from '@jest/globals';
import { buildStatutoryYear, defaultHolidayTable, LUNAR_ANCHORS, lunarAnchors } from './holidays.js';
import { leapMonthOf, lunarToSolar, solarToLunar } from './lunar.js';
import { createWorkingCalendar } from './working-calendar.js';

describe('lunar converter', () => {
  // /shared/domain/legal-and-integrations.md §4.
  it.each(Object.entries(LUNAR_ANCHORS))('gives Tết and Giỗ Tổ %s as the domain brief', (year, anchors) => {
    const y = Number(year);
    expect(lunarToSolar({ year: y, month: 1, day: 1, leap: false })).toBe(anchors.tet);
    expect(lunarToSolar({ year: y, month: 3, day: 10, leap: false })).toBe(anchors.gioTo);
    expect(solarToLunar(anchors.tet)).toEqual({ year: y, month: 1, day: 1, leap: false });
    expect(solarToLunar(anchors.gioTo)).toEqual({ year: y, month: 3, day: 10, leap: false });
  });

  it('counts in Vietnam time: Tết 1985 fell a month before the Chinese new year, Tết 1968 a day before', () => {
    expect(lunarToSolar({ year: 1985, month: 1, day: 1, leap: false })).toBe('1985-01-21');
    expect(lunarToSolar({ year: 1968, month: 1, day: 1, leap: false })).toBe('1968-01-29');
  });

  it.each([
    [2020, 4, '2020-05-23'],
    [2023, 2, '2023-03-22'],
    [2025, 6, '2025-07-25'],
    [2033, 11, '2033-12-22'],
  ])('handles the leap month of %i (tháng %i nhuận starts %s)', (year, month, start) => {
    expect(leapMonthOf(year)).toBe(month);
    expect(lunarToSolar({ year, month, day: 1, leap: true })).toBe(start);
    expect(solarToLunar(start)).toEqual({ year, month, day: 1, leap: true });
    // The ordinary month of the same number comes first, about 29.5 days earlier.
    const ordinary = lunarToSolar({ year, month, day: 1, leap: false });
    const gap = (Date.parse(start) - Date.parse(ordinary)) / 86_400_000;
    expect([29, 30]).toContain(gap);
  });

  it('has no leap month in an ordinary year and refuses days that do not exist', () => {
    expect(leapMonthOf(2024)).toBeNull();
    expect(leapMonthOf(2026)).toBeNull();
    expect(() => lunarToSolar({ year: 2026, month: 5, day: 1, leap: true })).toThrow(/no leap month/);
    expect(() => lunarToSolar({ year: 2025, month: 5, day: 1, leap: true })).toThrow(/leap month is 6/);
    expect(() => lunarToSolar({ year: 2026, month: 13, day: 1, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ year: 1800, month: 1, day: 1, leap: false })).toThrow(/1900–2199/);
    const lengths = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((month) => {
      try {
        lunarToSolar({ year: 2026, month, day: 30, leap: false });
        return 30;
      } catch {
        return 29;
      }
    });
    // A lunar year has 353–355 days when it has no leap month.
    const total = lengths.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(353);
    expect(total).toBeLessThanOrEqual(355);
  });

  it('round-trips every day from 2024 to 2031', () => {
    let previous = solarToLunar('2023-12-31');
    for (let t = Date.parse('2024-01-01'); t <= Date.parse('2031-12-31'); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const lunar = solarToLunar(date);
      expect(lunarToSolar(lunar)).toBe(date);
      // Days count up by one, or a new month starts at 1.
      if (lunar.day !== 1) expect(lunar.day).toBe(previous.day + 1);
      previous = lunar;
    }
  });
});

describe('holiday table from the lunar converter', () => {
  it('is identical to the table built from the brief’s lunar dates for 2024–2030', () => {
    const fromBrief = Object.fromEntries(
      Object.entries(LUNAR_ANCHORS).map(([y, a]) => [y, buildStatutoryYear(Number(y), a)]),
    );
    expect(defaultHolidayTable()).toEqual(fromBrief);
  });

  it('knows Tết for any year, e.g. 2031 (mùng 1 on Thursday 23/01)', () => {
    expect(lunarAnchors(2031)).toEqual({ tet: '2031-01-23', gioTo: '2031-04-01' });
    const cal = createWorkingCalendar();
    for (const d of ['2031-01-22', '2031-01-23', '2031-01-24', '2031-01-27', '2031-01-28'])
      expect([d, cal.isWorkingDay(d)]).toEqual([d, false]);
    expect(cal.isWorkingDay('2031-01-29')).toBe(true);
    expect(cal.isWorkingDay('2031-04-01')).toBe(false);
    expect(buildStatutoryYear(2031, null).daysOff).toHaveLength(5); // solar holidays only
  });
});
