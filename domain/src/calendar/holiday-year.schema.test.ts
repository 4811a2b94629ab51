import { describe, expect, it } from '@jest/globals';
import { holidayYearSchema } from './holiday-year.schema.js';
import { buildStatutoryYear } from './holidays.js';

const messages = (input: unknown) => {
  const r = holidayYearSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('holidayYearSchema', () => {
  it('accepts every computed default year', () => {
    for (let y = 2024; y <= 2035; y++) expect([y, messages(buildStatutoryYear(y))]).toEqual([y, []]);
  });

  it('rejects days of another year, repeated days, weekend days off and weekday make-up days', () => {
    const y = buildStatutoryYear(2026);
    expect(
      messages({
        ...y,
        daysOff: [
          ...y.daysOff,
          { date: '2027-01-04', nameVi: 'x' },
          { date: '2026-01-01', nameVi: 'lặp' },
          { date: '2026-03-07', nameVi: 'thứ Bảy' },
        ],
        workingWeekendDays: [{ date: '2026-03-09', nameVi: 'thứ Hai' }],
      }),
    ).toEqual([
      'Ngày 2027-01-04 không thuộc năm 2026.',
      'Ngày 2026-01-01 có hai lần.',
      'Ngày nghỉ 2026-03-07 rơi vào cuối tuần: hãy ghi ngày nghỉ bù.',
      'Ngày làm bù 2026-03-09 không phải thứ Bảy hoặc Chủ nhật.',
    ]);
    expect(messages({ ...y, daysOff: [{ date: '2026-02-29', nameVi: 'x' }] })).toEqual([
      'Ngày phải có dạng YYYY-MM-DD và là ngày có thật.',
    ]);
  });
});
