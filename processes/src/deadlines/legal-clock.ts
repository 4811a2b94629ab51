import { addDays, parseIsoDate, formatIsoDate, type IsoDate, type WorkingCalendar } from '@motcua/domain';
import type { ProcessingTime } from '../catalogue/procedure-description.js';

/**
 * The legal clock of a procedure as the law counts it, read from its description's processing
 * time, and the date arithmetic of each unit.
 *
 * - **Working days**: n working days counted from the first working day after the start day
 *   (the working-day calendar of `@motcua/domain`: weekends, Labour Code art. 112 holidays, the
 *   administrator's table).
 * - **Calendar days and months**: Civil Code 2015 (Bộ luật Dân sự 91/2015/QH13) art. 144–148, which
 *   apply to a time limit in days or months unless another law says otherwise (art. 145):
 *   art. 147(2) — the start day is not counted, the time runs from the next day; art. 148(1) — a
 *   time in days ends at the end of its last day (start day + n); art. 148(3) — a time in months
 *   ends on the corresponding day of the last month, or on that month's last day when it has no
 *   such day (31 Jan + 1 month = 28/29 Feb); art. 148(5) — when the last day is a weekend day or a
 *   holiday, the time ends at the end of the next working day (the same calendar decides).
 *
 * A part stated as "ngày" without saying working or calendar days (`unit: 'days'`) is not guessed:
 * the clock is unknown and the procedure cannot be published until the legal text is checked.
 */

export type ClockUnit = 'working-days' | 'calendar-days' | 'months';

export interface ClockDuration {
  amount: number;
  unit: ClockUnit;
}

/**
 * When the main part starts counting.
 * - `valid-and-paid`: the time is split (a completeness-check part, then appraisal and decision),
 *   or its part is the appraisal and decision: it counts from the day the dossier is valid (the
 *   check passed, after the last supplement if any) and the fee is paid (when there is a fee).
 * - `receipt`: one time for the whole procedure, counted from the receipt of the (valid) dossier;
 *   a supplement round and the wait for the payment extend it (neither consumes it).
 */
export type MainClockStart = 'valid-and-paid' | 'receipt';

export interface LegalClock {
  /** The completeness check's own time, counted from receipt; null = the check has no own clock. */
  check: ClockDuration | null;
  /** The main part(s), counted one after the other from the main clock's start. */
  main: ClockDuration[];
  mainStartsAt: MainClockStart;
}

export type LegalClockReading = { clock: LegalClock; reason?: undefined } | { clock: null; reason: string };

const isClockUnit = (u: string): u is ClockUnit =>
  u === 'working-days' || u === 'calendar-days' || u === 'months';

/** The legal clock of a processing time, or why none can be computed (in English, for the flags). */
export function legalClockOf(time: ProcessingTime | null): LegalClockReading {
  if (!time) return { clock: null, reason: 'legal processing time unknown' };
  const unknownKind = time.parts.filter((p) => p.unit === 'days');
  if (unknownKind.length)
    return {
      clock: null,
      reason: `legal processing time "${time.asStated}" counts "ngày" without saying working or calendar days`,
    };
  if (time.parts.some((p) => p.step === 'other'))
    return {
      clock: null,
      reason: `legal processing time "${time.asStated}" has a part that is neither the completeness check nor the appraisal and decision (its place in the dossier life is not modelled)`,
    };
  const checks = time.parts.filter((p) => p.step === 'completeness-check');
  const main = time.parts.filter((p) => p.step !== 'completeness-check');
  if (checks.length > 1)
    return {
      clock: null,
      reason: `legal processing time "${time.asStated}" has two completeness-check parts`,
    };
  if (main.length === 0)
    return {
      clock: null,
      reason: `legal processing time "${time.asStated}" gives only the completeness check, not the appraisal and decision`,
    };
  const own = checks[0] ?? time.completenessCheck;
  const check = own && isClockUnit(own.unit) ? { amount: own.amount, unit: own.unit } : null;
  return {
    clock: {
      check,
      main: main.map((p) => ({ amount: p.amount, unit: p.unit as ClockUnit })),
      mainStartsAt:
        checks.length || main[0]!.step === 'appraisal-and-decision' ? 'valid-and-paid' : 'receipt',
    },
  };
}

/** The clock as the process variable `legalClock` carries it (a JSON string, stable key order). */
export function serializeLegalClock(clock: LegalClock): string {
  return JSON.stringify({
    check: clock.check && { amount: clock.check.amount, unit: clock.check.unit },
    main: clock.main.map((m) => ({ amount: m.amount, unit: m.unit })),
    mainStartsAt: clock.mainStartsAt,
  });
}

const isDuration = (v: unknown): v is ClockDuration =>
  typeof v === 'object' &&
  v !== null &&
  Number.isInteger((v as ClockDuration).amount) &&
  (v as ClockDuration).amount > 0 &&
  typeof (v as ClockDuration).unit === 'string' &&
  isClockUnit((v as ClockDuration).unit);

const UNIT_TEXT: Record<ClockUnit, string> = {
  'working-days': 'working days',
  'calendar-days': 'calendar days',
  months: 'months',
};

/** In words, for the generated model's comment. */
export function describeLegalClock(clock: LegalClock): string {
  const d = (x: ClockDuration) => `${x.amount} ${UNIT_TEXT[x.unit]}`;
  const main = clock.main.map(d).join(' then ');
  const check = clock.check ? `completeness check ${d(clock.check)} from receipt; ` : '';
  return clock.mainStartsAt === 'valid-and-paid'
    ? `${check}appraisal and decision ${main} from the day the dossier is valid and the fee paid`
    : `${check}${main} from receipt, extended by supplement rounds and the wait for the payment`;
}

/** Reads the `legalClock` variable (JSON string or object); throws on anything else. */
export function parseLegalClock(value: string | LegalClock): LegalClock {
  const v: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  const o = v as Partial<LegalClock> | null;
  if (
    !o ||
    !(o.check === null || isDuration(o.check)) ||
    !Array.isArray(o.main) ||
    o.main.length === 0 ||
    !o.main.every(isDuration) ||
    (o.mainStartsAt !== 'valid-and-paid' && o.mainStartsAt !== 'receipt')
  )
    throw new TypeError(`not a legal clock: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return { check: o.check, main: o.main, mainStartsAt: o.mainStartsAt };
}

/** Art. 148(5): a time ending on a weekend day or a holiday ends on the next working day. */
export function nextWorkingDayFrom(date: IsoDate, calendar: WorkingCalendar): IsoDate {
  let d = date;
  while (!calendar.isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** The same day `months` months later, or the last day of that month when it has no such day. */
export function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  const d = parseIsoDate(date);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return formatIsoDate(new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay))));
}

/** The last day of a time of `duration` that starts after `from` (the day of the event). */
export function addDuration(from: IsoDate, duration: ClockDuration, calendar: WorkingCalendar): IsoDate {
  switch (duration.unit) {
    case 'working-days':
      return calendar.addWorkingDays(from, duration.amount);
    case 'calendar-days':
      return nextWorkingDayFrom(addDays(from, duration.amount), calendar);
    case 'months':
      return nextWorkingDayFrom(addCalendarMonths(from, duration.amount), calendar);
  }
}

/** Consecutive parts: each starts after the day the previous one ends. */
export function addDurations(from: IsoDate, parts: ClockDuration[], calendar: WorkingCalendar): IsoDate {
  return parts.reduce((day, part) => addDuration(day, part, calendar), from);
}

/**
 * The days between two dates in the kind of day a clock counts: working days d with
 * `from` < d ≤ `to` for a clock in working days, else calendar days (0 when `to` is not after `from`).
 */
export function daysAfter(from: IsoDate, to: IsoDate, kind: ClockUnit, calendar: WorkingCalendar): number {
  if (to <= from) return 0;
  if (kind !== 'working-days')
    return Math.round((parseIsoDate(to).getTime() - parseIsoDate(from).getTime()) / 86_400_000);
  let n = 0;
  let day = from;
  while (day < to) {
    day = calendar.addWorkingDays(day, 1);
    if (day <= to) n++;
  }
  return n;
}

/** Moves a due date by `days` days of the clock's kind (a pause of that many days). */
export function extendBy(date: IsoDate, days: number, kind: ClockUnit, calendar: WorkingCalendar): IsoDate {
  if (days <= 0) return date;
  return kind === 'working-days'
    ? calendar.addWorkingDays(date, days)
    : nextWorkingDayFrom(addDays(date, days), calendar);
}

/** The kind of day that a pause of the main clock is counted in: that of its last part. */
export const mainDayKind = (clock: LegalClock): ClockUnit => clock.main[clock.main.length - 1]!.unit;
