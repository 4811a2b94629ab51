/**
 * Vietnam's time and the way Vietnamese public services write dates, once for every package:
 * UTC+7 all year (no daylight saving), dates dd/mm/yyyy, moments dd/mm/yyyy HH:mm.
 */
import { formatIsoDate, type IsoDate } from './iso-date.js';

/** Vietnam's offset from UTC, ms (+7 h, the same all year). */
export const VIETNAM_UTC_OFFSET_MS = 7 * 3600_000;
/** The offset as ISO-8601 writes it, for date-times and BPMN expressions: `2026-12-07T17:00:00+07:00`. */
export const VIETNAM_UTC_OFFSET = '+07:00';

/** A Date whose UTC fields read Vietnam's wall clock at `at` (getUTCHours() is the hour in Hà Nội). */
export function vietnamWallClock(at: Date): Date {
  return new Date(at.getTime() + VIETNAM_UTC_OFFSET_MS);
}

/** The calendar day in Vietnam (UTC+7, no daylight saving) of an instant. */
export function vietnamDate(at: Date): IsoDate {
  return formatIsoDate(vietnamWallClock(at));
}

/** The instant a wall-clock time (`HH:mm` or `HH:mm:ss`, default midnight) of a day in Vietnam is. */
export function vietnamInstant(day: IsoDate, time = '00:00:00'): Date {
  return new Date(`${day}T${time}${VIETNAM_UTC_OFFSET}`);
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A Date, or a date-time text (ISO-8601 or Camunda's `…+0700`); null when it is not one. */
function instantOf(at: Date | string): Date | null {
  const date = typeof at === 'string' ? new Date(at.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : at;
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * `dd/mm/yyyy`: a calendar day `YYYY-MM-DD` as it is, an instant (a Date or a date-time text) on
 * Vietnam's calendar. Empty for nothing or for text that is not a date.
 */
export function formatDateVi(at: Date | string | null | undefined): string {
  if (!at) return '';
  if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at)) {
    const [y, m, d] = at.split('-');
    return `${d}/${m}/${y}`;
  }
  const date = instantOf(at);
  if (!date) return '';
  const vn = vietnamWallClock(date);
  return `${pad(vn.getUTCDate())}/${pad(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()}`;
}

/**
 * A moment in Vietnam's time: `dd/mm/yyyy HH:mm`, or `HH:mm dd/mm/yyyy` with `timeFirst` (the
 * portal's lists). Empty for nothing or for text that is not a date-time.
 */
export function formatDateTimeVi(
  at: Date | string | null | undefined,
  options: { timeFirst?: boolean } = {},
): string {
  if (!at) return '';
  const date = instantOf(at);
  if (!date) return '';
  const vn = vietnamWallClock(date);
  const time = `${pad(vn.getUTCHours())}:${pad(vn.getUTCMinutes())}`;
  const day = formatDateVi(date);
  return options.timeFirst ? `${time} ${day}` : `${day} ${time}`;
}

/** `yyyyMMddHHmmss` in Vietnam's time: the stamp VNPay and the national portal exchange. */
export function formatVietnamStamp(at: Date): string {
  const v = vietnamWallClock(at);
  return `${v.getUTCFullYear()}${pad(v.getUTCMonth() + 1)}${pad(v.getUTCDate())}${pad(v.getUTCHours())}${pad(v.getUTCMinutes())}${pad(v.getUTCSeconds())}`;
}

/** The inverse of formatVietnamStamp(); null when it is not one. */
export function parseVietnamStamp(s: string | undefined): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s ?? '');
  if (!m) return null;
  const at = vietnamInstant(`${m[1]}-${m[2]}-${m[3]}`, `${m[4]}:${m[5]}:${m[6]}`);
  return Number.isNaN(at.getTime()) ? null : at;
}
