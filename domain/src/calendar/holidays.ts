import { addDays, dayOfWeek, isWeekend, parseIsoDate, type IsoDate } from './iso-date.js';
import { LUNAR_MAX_YEAR, LUNAR_MIN_YEAR, lunarToSolar } from './lunar.js';

/**
 * The per-year holiday table of the working-day calendar: data, not code, so an administrator can
 * correct it when the Prime Minister fixes the concrete days (Labour Code 2019, Art. 112(3)) or the
 * government announces swaps for civil servants.
 */
export interface DayEntry {
  date: IsoDate;
  nameVi: string;
}

export interface HolidayYear {
  year: number;
  /** Weekdays that are not worked: statutory holidays and compensatory days (nghỉ bù). */
  daysOff: DayEntry[];
  /** Weekend days that are worked, e.g. a Saturday swapped for a bridge day (làm bù). */
  workingWeekendDays: DayEntry[];
  /** Where the year's data comes from and what is only a default. */
  notes: string[];
}

export type HolidayTable = Record<number, HolidayYear>;

/** The lunar dates the statutory rules need, in the solar calendar. */
export interface LunarAnchors {
  /** Mùng 1 Tết (1st day of the 1st lunar month). */
  tet: IsoDate;
  /** Giỗ Tổ Hùng Vương (10th day of the 3rd lunar month). */
  gioTo: IsoDate;
}

/**
 * Mùng 1 Tết and Giỗ Tổ 2024–2030, from /shared/domain/legal-and-integrations.md §4 (Hồ Ngọc Đức's
 * algorithm, UTC+7, cross-checked with a second converter for 2026–2028). Reference data: the
 * calendar computes these with `lunarAnchors()`, and the tests prove both agree.
 */
export const LUNAR_ANCHORS: Record<number, LunarAnchors> = {
  2024: { tet: '2024-02-10', gioTo: '2024-04-18' },
  2025: { tet: '2025-01-29', gioTo: '2025-04-07' },
  2026: { tet: '2026-02-17', gioTo: '2026-04-26' },
  2027: { tet: '2027-02-06', gioTo: '2027-04-16' },
  2028: { tet: '2028-01-26', gioTo: '2028-04-04' },
  2029: { tet: '2029-02-13', gioTo: '2029-04-23' },
  2030: { tet: '2030-02-02', gioTo: '2030-04-12' },
};

/** Mùng 1 Tết and Giỗ Tổ (10/3 âm lịch) of a year, computed by the lunar converter; undefined outside its range. */
export function lunarAnchors(year: number): LunarAnchors | undefined {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) return undefined;
  return {
    tet: lunarToSolar({ year, month: 1, day: 1, leap: false }),
    gioTo: lunarToSolar({ year, month: 3, day: 10, leap: false }),
  };
}

/**
 * The day added to Quốc khánh (2/9). The law says "one adjacent day before or after" and leaves the
 * choice to the Prime Minister; by default we take the side that joins the weekend (Tuesday → Monday
 * 1/9, Friday/Saturday → 1/9), otherwise the day after.
 */
function nationalDayCompanion(year: number): IsoDate {
  const sep2 = `${year}-09-02`;
  const dow = dayOfWeek(sep2);
  return dow === 2 || dow === 5 || dow === 6 ? `${year}-09-01` : `${year}-09-03`;
}

/**
 * Builds one year from the statutory rules (Labour Code 2019, Art. 112, 11 days):
 * 1/1; Tết 5 days; Giỗ Tổ 10/3 AL; 30/4; 1/5; 2/9 + an adjacent day. A holiday that falls on a
 * weekly rest day is compensated on the next working day (Art. 111(3)).
 *
 * Tết: the Prime Minister fixes the concrete 5 days each year; the documented default is the day
 * before mùng 1 through mùng 4. Editable: pass a corrected table to `createWorkingCalendar`.
 * The lunar anchors default to the converter's; `null` (or a year outside its range) leaves only the
 * solar holidays.
 */
export function buildStatutoryYear(
  year: number,
  anchors: LunarAnchors | null | undefined = lunarAnchors(year),
): HolidayYear {
  const statutory: DayEntry[] = [{ date: `${year}-01-01`, nameVi: 'Tết Dương lịch' }];
  const notes: string[] = [];
  if (anchors) {
    parseIsoDate(anchors.tet);
    for (let i = -1; i <= 3; i++) {
      const label = i === -1 ? 'Tết Nguyên đán (ngày cuối năm Âm lịch)' : `Tết Nguyên đán (mùng ${i + 1})`;
      statutory.push({ date: addDays(anchors.tet, i), nameVi: label });
    }
    statutory.push({ date: anchors.gioTo, nameVi: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' });
    notes.push(
      'Tết: mặc định 5 ngày từ ngày cuối năm Âm lịch đến mùng 4; Thủ tướng quyết định ngày cụ thể hằng năm — cần kiểm tra và sửa (editable default).',
    );
  } else {
    notes.push('Không có ngày Âm lịch cho năm này: thiếu Tết Nguyên đán và Giỗ Tổ Hùng Vương.');
  }
  statutory.push(
    { date: `${year}-04-30`, nameVi: 'Ngày Chiến thắng (30/4)' },
    { date: `${year}-05-01`, nameVi: 'Ngày Quốc tế lao động (1/5)' },
    { date: `${year}-09-02`, nameVi: 'Quốc khánh (2/9)' },
    { date: nationalDayCompanion(year), nameVi: 'Quốc khánh (ngày liền kề)' },
  );
  notes.push('Quốc khánh: ngày liền kề theo quy tắc mặc định (nối với cuối tuần) — editable default.');
  notes.push('Chưa có ngày làm bù (thứ Bảy hoán đổi) theo thông báo của Chính phủ — thêm khi có.');

  const off = new Set(statutory.map((d) => d.date));
  const daysOff: DayEntry[] = [];
  for (const h of [...statutory].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!isWeekend(h.date)) {
      daysOff.push(h);
      continue;
    }
    // Art. 111(3): compensated on the next day that is neither a weekend nor already off.
    let d = addDays(h.date, 1);
    while (isWeekend(d) || off.has(d)) d = addDays(d, 1);
    off.add(d);
    daysOff.push({ date: d, nameVi: `Nghỉ bù ${h.nameVi}` });
  }
  daysOff.sort((a, b) => a.date.localeCompare(b.date));
  return { year, daysOff, workingWeekendDays: [], notes };
}

/**
 * The default table, built from the statutory rules with Tết and Giỗ Tổ from the lunar converter:
 * 2024–2030 unless other years are asked for. A calendar builds any other year the same way when
 * it needs it.
 */
export function defaultHolidayTable(fromYear = 2024, toYear = 2030): HolidayTable {
  const table: HolidayTable = {};
  for (let year = fromYear; year <= toYear; year++) table[year] = buildStatutoryYear(year);
  return table;
}
