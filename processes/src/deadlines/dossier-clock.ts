import { vietnamDate, type IsoDate, type WorkingCalendar } from '@motcua/domain';
import {
  addDuration,
  addDurations,
  daysAfter,
  extendBy,
  mainDayKind,
  parseLegalClock,
  type ClockUnit,
  type LegalClock,
} from './legal-clock.js';

/**
 * The dossier's legal clocks, computed by the workers of a generated process with the working-day
 * calendar (the engine's expression language has none). Pure: the caller passes the calendar (the
 * one with the administrator's holiday table) and the moments, so the same inputs give the same dates.
 *
 * - Receipt (`dossier.receive`): `appointmentDate` = the receipt day + the legal working days, and
 *   the completeness check's own `completenessDueDate` = the receipt day + its working days.
 * - Supplement round (`dossier.resume-clock`): the clock stops while the applicant holds the dossier;
 *   the working days from the day after the request up to the day the applicant supplements are
 *   added to both dates (Decree 118/2025/NĐ-CP: the time of a supplement is not counted).
 * - Main clock (`dossier.start-main-clock`, `startMainClock()`): once the dossier is valid and the
 *   fee paid, the appraisal and decision time counts from that day (split times), or the whole
 *   procedure's time is extended by the wait for the payment — see `LegalClock`.
 *
 * With the `legalClock` variable (`serializeLegalClock()`, set by every generated process whose
 * time is known in working days, calendar days or months) the dates follow each part's unit;
 * without it, `legalWorkingDays` / `completenessCheckWorkingDays` count working days as before.
 */

/** The process variables the generated process sets before the receipt (execution listener). */
export interface ClockInputs {
  /** The legal processing time in working days; absent = no due date can be computed. */
  legalWorkingDays?: number | null;
  /** The completeness check's own time in working days; absent = no own clock. */
  completenessCheckWorkingDays?: number | null;
  /**
   * The legal clock (the `legalClock` variable: JSON string, or parsed). When given it wins over
   * the two counts above: the appointment is provisional until the main clock starts.
   */
  legalClock?: string | LegalClock | null;
}

export interface ReceiptDeadlines {
  appointmentDate?: IsoDate;
  completenessDueDate?: IsoDate;
}

/** The dates the receipt sets: only those whose legal time is known. */
export function receiptDeadlines(
  receivedAt: Date,
  inputs: ClockInputs,
  calendar: WorkingCalendar,
): ReceiptDeadlines {
  const receivedOn = vietnamDate(receivedAt);
  const out: ReceiptDeadlines = {};
  if (inputs.legalClock) {
    const clock = parseLegalClock(inputs.legalClock);
    const checkEnds = clock.check ? addDuration(receivedOn, clock.check, calendar) : undefined;
    if (checkEnds) out.completenessDueDate = checkEnds;
    // Provisional: as if the dossier were valid and paid when its check ends (or at receipt).
    out.appointmentDate = addDurations(
      clock.mainStartsAt === 'valid-and-paid' && checkEnds ? checkEnds : receivedOn,
      clock.main,
      calendar,
    );
    return out;
  }
  if (inputs.legalWorkingDays)
    out.appointmentDate = calendar.addWorkingDays(receivedOn, inputs.legalWorkingDays);
  if (inputs.completenessCheckWorkingDays)
    out.completenessDueDate = calendar.addWorkingDays(receivedOn, inputs.completenessCheckWorkingDays);
  return out;
}

/** Working days d with `from` < d ≤ `to` (0 when `to` is not after `from`). */
export function workingDaysAfter(from: IsoDate, to: IsoDate, calendar: WorkingCalendar): number {
  return daysAfter(from, to, 'working-days', calendar);
}

/** What the dossier holds when a supplement round ends (process variables). */
export interface PausedDossier {
  supplementRequestedAt: Date;
  appointmentDate?: IsoDate | null;
  completenessDueDate?: IsoDate | null;
  /** Working days paused by the earlier rounds. */
  pausedWorkingDays?: number | null;
  /**
   * The `legalClock` variable, when the worker passes it: the appointment then moves by the days
   * of the main clock's kind and the completeness date by those of the check's (calendar days
   * for a clock in calendar days or months). Without it both move by working days.
   */
  legalClock?: string | LegalClock | null;
}

export interface ResumedClock {
  /** This round's paused working days. */
  roundWorkingDays: number;
  /** All rounds'. */
  pausedWorkingDays: number;
  appointmentDate?: IsoDate;
  /** The appointment before this round (NgayHenTraTruoc in the national sync). */
  previousAppointmentDate?: IsoDate;
  completenessDueDate?: IsoDate;
  supplementedAt: Date;
}

/** The variables `dossier.resume-clock` returns: the dates moved by the round's paused working days. */
export function resumeClock(
  dossier: PausedDossier,
  supplementedAt: Date,
  calendar: WorkingCalendar,
): ResumedClock {
  const round = workingDaysAfter(
    vietnamDate(dossier.supplementRequestedAt),
    vietnamDate(supplementedAt),
    calendar,
  );
  const out: ResumedClock = {
    roundWorkingDays: round,
    pausedWorkingDays: (dossier.pausedWorkingDays ?? 0) + round,
    supplementedAt,
  };
  const clock = dossier.legalClock ? parseLegalClock(dossier.legalClock) : null;
  // A clock in calendar days or months pauses by calendar days (art. 148(5) applied again).
  const moved = (date: IsoDate, kind: ClockUnit) =>
    kind === 'working-days'
      ? calendar.addWorkingDays(date, round)
      : extendBy(
          date,
          daysAfter(vietnamDate(dossier.supplementRequestedAt), vietnamDate(supplementedAt), kind, calendar),
          kind,
          calendar,
        );
  if (dossier.appointmentDate) {
    out.previousAppointmentDate = dossier.appointmentDate;
    out.appointmentDate = moved(dossier.appointmentDate, clock ? mainDayKind(clock) : 'working-days');
  }
  if (dossier.completenessDueDate)
    out.completenessDueDate = moved(dossier.completenessDueDate, clock?.check?.unit ?? 'working-days');
  return out;
}

/** What the dossier holds when the main clock starts (process variables). */
export interface ValidDossier {
  legalClock: string | LegalClock;
  /** Stamped by the engine when the token reaches `ServiceTask_StartMainClock`: valid and paid. */
  mainClockStartedAt: Date;
  /** Stamped when the payment wait began (the dossier was valid then); absent without a fee. */
  paymentRequestedAt?: Date | null;
  /** The appointment so far (the receipt's, moved by the supplement rounds). */
  appointmentDate?: IsoDate | null;
}

export interface StartedMainClock {
  /** The day the main clock starts from (Hà Nội date of `mainClockStartedAt`). */
  mainClockStartedOn: IsoDate;
  appointmentDate: IsoDate;
  /** The appointment before, when it changed (NgayHenTraTruoc). */
  previousAppointmentDate?: IsoDate;
  /** Days (of the main clock's kind) the dossier waited for the payment. */
  paymentWaitDays: number;
}

/**
 * The appointment once the dossier is valid and the fee paid (`dossier.start-main-clock`):
 * - a split time (`5wd+10wd`) or an appraisal-and-decision time counts its main part from the
 *   day after that day — the completeness part had its own clock, and waiting for the payment
 *   consumed nothing because the main part had not started;
 * - one time for the whole procedure, counted from receipt: the appointment so far is extended by
 *   the days the dossier waited for the payment (the wait does not consume the clock).
 */
export function startMainClock(dossier: ValidDossier, calendar: WorkingCalendar): StartedMainClock {
  const clock = parseLegalClock(dossier.legalClock);
  const startedOn = vietnamDate(dossier.mainClockStartedAt);
  const kind = mainDayKind(clock);
  const waited = dossier.paymentRequestedAt
    ? daysAfter(vietnamDate(dossier.paymentRequestedAt), startedOn, kind, calendar)
    : 0;
  let appointmentDate: IsoDate;
  if (clock.mainStartsAt === 'valid-and-paid') {
    appointmentDate = addDurations(startedOn, clock.main, calendar);
  } else {
    if (!dossier.appointmentDate)
      throw new Error('appointmentDate is missing: the receipt did not set the clock of the whole procedure');
    appointmentDate = extendBy(dossier.appointmentDate, waited, kind, calendar);
  }
  const out: StartedMainClock = { mainClockStartedOn: startedOn, appointmentDate, paymentWaitDays: waited };
  if (dossier.appointmentDate && dossier.appointmentDate !== appointmentDate)
    out.previousAppointmentDate = dossier.appointmentDate;
  return out;
}

/** A Date variable as the external-task client gives it (Date) or as REST does (Camunda's format). */
function dateVariable(v: unknown): Date | null {
  if (v instanceof Date) return v;
  if (typeof v !== 'string' || !v) return null;
  const d = new Date(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * For the `dossier.start-main-clock` worker: the task's variables in, the variables to complete
 * the task with out (`appointmentDate`, `mainClockStartedOn`, `paymentWaitDays`, and
 * `previousAppointmentDate` when the date changed). Throws when `legalClock` or
 * `mainClockStartedAt` is missing (a process that is not a generated one).
 */
export function mainClockVariables(
  variables: Record<string, unknown>,
  calendar: WorkingCalendar,
): StartedMainClock {
  const legalClock = variables.legalClock;
  const startedAt = dateVariable(variables.mainClockStartedAt);
  if (typeof legalClock !== 'string') throw new Error('legalClock is missing: the main clock cannot start');
  if (!startedAt) throw new Error('mainClockStartedAt is missing: the main clock cannot start');
  return startMainClock(
    {
      legalClock,
      mainClockStartedAt: startedAt,
      paymentRequestedAt: dateVariable(variables.paymentRequestedAt),
      appointmentDate: typeof variables.appointmentDate === 'string' ? variables.appointmentDate : null,
    },
    calendar,
  );
}
