/**
 * Date rules shared by the server validator and the browser form page (imported there as
 * `@motcua/forms/date-rules`, so it depends only on domain's pure `calendar/vietnam-time`).
 *
 * - A date that does not exist (31/02/2024) is refused, never moved to another day.
 * - A datetime field may declare a natural range with form-js custom properties (the editor's
 *   "Custom properties"): `"properties": { "notAfter": "today" }` (a birth date, an issue date),
 *   `"notBefore": "today"` (an appointment), or a fixed `YYYY-MM-DD`. "Today" is the day in
 *   Vietnam (UTC+7).
 */
import { formatDateVi, vietnamDate } from '@motcua/domain/calendar/vietnam-time';

export const DATE_MESSAGES = {
  format: 'Ngày phải viết theo dạng dd/mm/yyyy (ví dụ 05/12/1990).',
  impossible: (shown: string) => `Ngày ${shown} không có trên lịch. Vui lòng nhập đúng ngày (dd/mm/yyyy).`,
  notAfterToday: 'Ngày này không được sau ngày hôm nay.',
  notBeforeToday: 'Ngày này không được trước ngày hôm nay.',
  notAfter: (shown: string) => `Ngày này không được sau ngày ${shown}.`,
  notBefore: (shown: string) => `Ngày này không được trước ngày ${shown}.`,
} as const;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DMY = /^\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})\s*$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Whether `YYYY-MM-DD` names a day that exists (no 30 February, no month 13). */
export function isCalendarDate(iso: string): boolean {
  const m = ISO.exec(iso);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const at = new Date(Date.UTC(y, mo - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d;
}

/** `YYYY-MM-DD` → `dd/mm/yyyy`. */
export function isoToDayMonthYear(iso: string): string {
  return ISO.test(iso) ? formatDateVi(iso) : iso;
}

/**
 * What the user typed, read as day/month/year (never month/day): `{ iso }` for a real day, else
 * the reason (`format`: not d/m/yyyy at all; `impossible`: 31/02/2024, 00/01/2024, 12/13/2024).
 */
export function parseDayMonthYear(
  text: string,
): { iso: string } | { error: 'format' | 'impossible'; message: string } {
  const m = DMY.exec(text);
  if (!m) return { error: 'format', message: DATE_MESSAGES.format };
  const iso = `${m[3]}-${pad(Number(m[2]))}-${pad(Number(m[1]))}`;
  if (!isCalendarDate(iso)) return { error: 'impossible', message: DATE_MESSAGES.impossible(text.trim()) };
  return { iso };
}

/** Today in Vietnam (UTC+7, no daylight saving), `YYYY-MM-DD`. */
export function vietnamToday(now: Date = new Date()): string {
  return vietnamDate(now);
}

export interface DateRange {
  notBefore?: string;
  notAfter?: string;
}

/** The range a datetime component declares in its custom properties (ignored when malformed). */
export function dateRangeOf(component: { properties?: unknown; [extra: string]: unknown }): DateRange {
  const p = component.properties;
  if (!p || typeof p !== 'object') return {};
  const bound = (v: unknown) =>
    v === 'today' || (typeof v === 'string' && isCalendarDate(v)) ? v : undefined;
  const notBefore = bound((p as Record<string, unknown>).notBefore);
  const notAfter = bound((p as Record<string, unknown>).notAfter);
  return { ...(notBefore ? { notBefore } : {}), ...(notAfter ? { notAfter } : {}) };
}

/** The message when `iso` (a real day) is outside the range, else null. */
export function checkDateRange(iso: string, range: DateRange, today: string): string | null {
  if (range.notAfter) {
    const limit = range.notAfter === 'today' ? today : range.notAfter;
    if (iso > limit)
      return range.notAfter === 'today'
        ? DATE_MESSAGES.notAfterToday
        : DATE_MESSAGES.notAfter(isoToDayMonthYear(limit));
  }
  if (range.notBefore) {
    const limit = range.notBefore === 'today' ? today : range.notBefore;
    if (iso < limit)
      return range.notBefore === 'today'
        ? DATE_MESSAGES.notBeforeToday
        : DATE_MESSAGES.notBefore(isoToDayMonthYear(limit));
  }
  return null;
}
