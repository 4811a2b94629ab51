import { buildStatutoryYear, defaultHolidayTable, type HolidayTable, type HolidayYear } from './holidays.js';
import { addDays, isWeekend, parseIsoDate, type IsoDate } from './iso-date.js';

/** Saturdays and Sundays are rest days for state agencies; holidays and swaps come from a table. */
export interface WorkingCalendar {
  isWorkingDay(date: IsoDate): boolean;
  /**
   * The date `n` working days after `from`, counting from the first working day after `from`
   * (so n = 1 is the next working day). n = 0 returns `from` itself.
   */
  addWorkingDays(from: IsoDate, n: number): IsoDate;
  /** The table entry used for a year (built from the statutory rules when the table lacks it). */
  year(year: number): HolidayYear;
}

// A safety stop: no legal deadline is anywhere near this many working days.
const MAX_WORKING_DAYS = 10_000;

export function createWorkingCalendar(table: HolidayTable = defaultHolidayTable()): WorkingCalendar {
  const years = new Map<number, { off: Set<IsoDate>; worked: Set<IsoDate>; entry: HolidayYear }>();
  const yearOf = (y: number) => {
    let cached = years.get(y);
    if (!cached) {
      const entry = table[y] ?? buildStatutoryYear(y);
      cached = {
        entry,
        off: new Set(entry.daysOff.map((d) => d.date)),
        worked: new Set(entry.workingWeekendDays.map((d) => d.date)),
      };
      years.set(y, cached);
    }
    return cached;
  };

  const isWorkingDay = (date: IsoDate): boolean => {
    const y = yearOf(parseIsoDate(date).getUTCFullYear());
    if (y.worked.has(date)) return true;
    if (y.off.has(date)) return false;
    return !isWeekend(date);
  };

  return {
    isWorkingDay,
    addWorkingDays(from, n) {
      parseIsoDate(from);
      if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
        throw new RangeError(`Working days must be an integer in 0..${MAX_WORKING_DAYS}, got ${n}`);
      }
      let date = from;
      let left = n;
      while (left > 0) {
        date = addDays(date, 1);
        if (isWorkingDay(date)) left--;
      }
      return date;
    },
    year: (y) => yearOf(y).entry,
  };
}

const defaultCalendar = createWorkingCalendar();

/** `isWorkingDay` on the default Vietnamese table (statutory rules, Tết and Giỗ Tổ computed, any year). */
export function isWorkingDay(date: IsoDate): boolean {
  return defaultCalendar.isWorkingDay(date);
}

/** `addWorkingDays` on the default Vietnamese table (statutory rules, Tết and Giỗ Tổ computed, any year). */
export function addWorkingDays(from: IsoDate, n: number): IsoDate {
  return defaultCalendar.addWorkingDays(from, n);
}
