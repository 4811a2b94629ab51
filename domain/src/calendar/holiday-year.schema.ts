import { z } from 'zod';
import type { HolidayYear } from './holidays.js';
import { isWeekend, parseIsoDate } from './iso-date.js';

function isCalendarDate(s: string): boolean {
  try {
    parseIsoDate(s);
    return true;
  } catch {
    return false;
  }
}

const isoDate = z
  .string()
  .refine(isCalendarDate, { message: 'Ngày phải có dạng YYYY-MM-DD và là ngày có thật.' });

const dayEntry = z.object({ date: isoDate, nameVi: z.string().trim().min(1).max(200) });

/**
 * A year of the holiday table as an administrator edits it: every day inside the year, no day
 * twice, days off on weekdays only (a weekend day is already off) and worked days on weekends only.
 */
export const holidayYearSchema = z
  .object({
    year: z.number().int().min(1900).max(2199),
    daysOff: z.array(dayEntry).max(60),
    workingWeekendDays: z.array(dayEntry).max(60),
    notes: z.array(z.string().max(1000)).max(50),
  })
  .superRefine((y, ctx) => {
    const seen = new Set<string>();
    const check = (list: 'daysOff' | 'workingWeekendDays') =>
      y[list].forEach((d, i) => {
        const path = [list, i, 'date'];
        if (!isCalendarDate(d.date)) return; // reported by the field's own check
        if (!d.date.startsWith(`${y.year}-`))
          ctx.addIssue({ code: 'custom', path, message: `Ngày ${d.date} không thuộc năm ${y.year}.` });
        if (seen.has(d.date)) ctx.addIssue({ code: 'custom', path, message: `Ngày ${d.date} có hai lần.` });
        seen.add(d.date);
        if (list === 'daysOff' && isWeekend(d.date))
          ctx.addIssue({
            code: 'custom',
            path,
            message: `Ngày nghỉ ${d.date} rơi vào cuối tuần: hãy ghi ngày nghỉ bù.`,
          });
        if (list === 'workingWeekendDays' && !isWeekend(d.date))
          ctx.addIssue({
            code: 'custom',
            path,
            message: `Ngày làm bù ${d.date} không phải thứ Bảy hoặc Chủ nhật.`,
          });
      });
    check('daysOff');
    check('workingWeekendDays');
  }) satisfies z.ZodType<HolidayYear>;
