import { vietnamDate, type IsoDate, type WorkingCalendar } from '@motcua/domain';

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
 */

/** The process variables the generated process sets before the receipt (execution listener). */
export interface ClockInputs {
  /** The legal processing time in working days; absent = no due date can be computed. */
  legalWorkingDays?: number | null;
  /** The completeness check's own time in working days; absent = no own clock. */
  completenessCheckWorkingDays?: number | null;
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
  if (inputs.legalWorkingDays)
    out.appointmentDate = calendar.addWorkingDays(receivedOn, inputs.legalWorkingDays);
  if (inputs.completenessCheckWorkingDays)
    out.completenessDueDate = calendar.addWorkingDays(receivedOn, inputs.completenessCheckWorkingDays);
  return out;
}

/** Working days d with `from` < d ≤ `to` (0 when `to` is not after `from`). */
export function workingDaysAfter(from: IsoDate, to: IsoDate, calendar: WorkingCalendar): number {
  let n = 0;
  let day = from;
  while (day < to) {
    day = calendar.addWorkingDays(day, 1);
    if (day <= to) n++;
  }
  return n;
}

/** What the dossier holds when a supplement round ends (process variables). */
export interface PausedDossier {
  supplementRequestedAt: Date;
  appointmentDate?: IsoDate | null;
  completenessDueDate?: IsoDate | null;
  /** Working days paused by the earlier rounds. */
  pausedWorkingDays?: number | null;
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
  if (dossier.appointmentDate) {
    out.previousAppointmentDate = dossier.appointmentDate;
    out.appointmentDate = calendar.addWorkingDays(dossier.appointmentDate, round);
  }
  if (dossier.completenessDueDate)
    out.completenessDueDate = calendar.addWorkingDays(dossier.completenessDueDate, round);
  return out;
}
