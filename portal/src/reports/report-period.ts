import type { ReportPeriod } from '@motcua/db/portal';
import { vietnamDate, vietnamInstant } from '@motcua/domain';

/** The instant a Vietnam calendar day starts. */
export function vietnamDayStart(isoDate: string): Date {
  return vietnamInstant(isoDate);
}

/** `YYYY-MM` of an instant in Vietnam. */
export function vietnamMonth(at: Date): string {
  return vietnamDate(at).slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

/** A calendar month in Vietnam as a period [first day 00:00, next month's first day 00:00). */
export function monthPeriod(month: string): ReportPeriod {
  return {
    key: month,
    from: vietnamDayStart(`${month}-01`),
    to: vietnamDayStart(`${addMonths(month, 1)}-01`),
  };
}

/** Days `from`..`to` inclusive (`YYYY-MM-DD`) as a period. */
export function rangePeriod(from: string, to: string): ReportPeriod {
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { key: `${from}..${to}`, from: vietnamDayStart(from), to: vietnamDayStart(end) };
}

/** The `count` months ending with `last`, oldest first. */
export function monthsEndingWith(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
}

/** `11/2026` for `2026-11`. */
export function monthLabelVi(month: string): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

/** `dd/mm/yyyy` for `YYYY-MM-DD`. */
export function dayLabelVi(isoDate: string): string {
  return `${isoDate.slice(8, 10)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;
}

/** `dd/mm/yyyy` → `YYYY-MM-DD`, or null when it is not a real date. */
export function parseDayVi(text: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  const iso = m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : text.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}
