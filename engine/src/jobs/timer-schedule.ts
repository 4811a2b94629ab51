import { Cron } from 'croner';
import { compileExpression, ExpressionError, isExpression } from '../expressions/index.js';
import { addIsoDuration } from '../runtime/iso-duration.js';
import { parseCamundaDate } from '../variables/typed-value.js';

/*
 * When timers fire. Camunda 7 evaluates a timer's definition once, when the timer is created:
 * - timeDate: an ISO 8601 date-time (or a Date from an expression);
 * - timeDuration: an ISO 8601 duration from now (`PT5M`, `P3D`);
 * - timeCycle: `R3/PT10M` (3 times, every 10 minutes), `R/PT10M` (forever),
 *   `R3/2026-12-01T08:00:00Z/PT10M` (from a start), or a Quartz cron (6 fields
 *   `sec min hour day-of-month month day-of-week`, an optional 7th year field of `*`).
 * A cycle's job keeps the cycle anchored at its start (`repeatCycle`, `R3/<start>/PT10M`: the start
 * is the creation time unless the text names one), so each firing re-arms the next one.
 *
 * The next firing is the first of the cycle's dates after *now*, as in Operaton (verified by the
 * conformance suite): `R3/PT10M` created at S fires at S+10, S+20, S+30 minutes; a job executed
 * early (`POST /job/{id}/execute` at S+2) is re-armed for S+10 again, and the cycle is over only
 * once its last date has passed. A cron re-arms for its next time after now.
 */

export type TimerKind = 'timeDate' | 'timeDuration' | 'timeCycle';

export interface TimerSchedule {
  dueDate: Date;
  /** The cycle this timer belongs to (anchored at its start); null when nothing repeats. */
  repeat: string | null;
}

const R_CYCLE = /^R(\d*)\/(?:([^/]+)\/)?(P[^/]+)$/;

/** A parse-time check of a literal timer text; null when fine (expressions are checked as such). */
export function checkTimerText(kind: TimerKind, text: string): string | null {
  if (isExpression(text)) {
    try {
      compileExpression(text);
      return null;
    } catch (err) {
      if (err instanceof ExpressionError) return `invalid ${kind} expression: ${err.message}`;
      throw err;
    }
  }
  try {
    schedule(kind, text, new Date(0));
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The first firing of a timer whose (evaluated) definition is `value`, created at `now`. */
export function schedule(kind: TimerKind, value: unknown, now: Date): TimerSchedule {
  if (kind === 'timeDate') {
    const due = value instanceof Date ? value : parseDate(String(value));
    if (!due) throw new Error(`timeDate '${String(value)}' is not an ISO 8601 date-time`);
    return { dueDate: due, repeat: null };
  }
  const text = String(value).trim();
  if (kind === 'timeDuration') {
    // A repeating text as a duration (`R10/PT5S`, seen in the JS client's examples): its first
    // date, once — Camunda's duration calendar reads it so and does not repeat it.
    if (R_CYCLE.test(text)) return { dueDate: schedule('timeCycle', text, now).dueDate, repeat: null };
    const due = addIsoDuration(now, text);
    if (!due) throw new Error(`timeDuration '${text}' is not an ISO 8601 duration (PT5M, P3D)`);
    return { dueDate: due, repeat: null };
  }
  const r = R_CYCLE.exec(text);
  if (r) {
    const [, count, start, period] = r;
    const times = count === '' ? null : Number(count);
    if (times === 0) throw new Error(`timeCycle '${text}' repeats zero times`);
    if (!addIsoDuration(now, period!))
      throw new Error(`timeCycle '${text}': '${period}' is not an ISO 8601 duration`);
    let first: Date;
    if (start) {
      const from = parseDate(start);
      if (!from) throw new Error(`timeCycle '${text}': '${start}' is not an ISO 8601 date-time`);
      first = from; // the named start is the first firing
    } else first = addIsoDuration(now, period!)!;
    return { dueDate: first, repeat: times === 1 ? null : anchored(times, first, period!) };
  }
  const cron = toCroner(text);
  const next = cron.nextRun(now);
  if (!next) throw new Error(`timeCycle '${text}' never fires`);
  return { dueDate: next, repeat: text };
}

/**
 * The next firing of a cycle, fired at `now` (its job was due at `previousDue`), or null when the
 * cycle is over: the first of its dates after now (see the header).
 */
export function nextFiring(
  repeat: string | null,
  previousDue: Date,
  now: Date = previousDue,
): TimerSchedule | null {
  if (!repeat) return null;
  const r = R_CYCLE.exec(repeat);
  if (r) {
    const times = r[1] === '' ? null : Number(r[1]);
    const first = r[2] ? parseDate(r[2]) : null;
    if (!first) {
      // Stored without its anchor (a job created before cycles were anchored): what is left of
      // the cycle after this firing, counted down.
      const left = times === null ? `R/${r[3]}` : times > 1 ? `R${times - 1}/${r[3]}` : null;
      return { dueDate: addIsoDuration(previousDue, r[3]!)!, repeat: left };
    }
    // The cycle's dates are first + k periods, k < times: the first of them after now.
    let due = first;
    for (let k = 0; times === null || k < times; k++) {
      if (k > 0) due = addIsoDuration(due, r[3]!)!;
      if (due.getTime() > now.getTime()) return { dueDate: due, repeat };
      if (k > MAX_CYCLE_STEPS) return null;
    }
    return null;
  }
  const next = toCroner(repeat).nextRun(now);
  return next ? { dueDate: next, repeat } : null;
}

/** An endless cycle anchored long ago would walk many periods: beyond this it is over. */
const MAX_CYCLE_STEPS = 1_000_000;

/** The stored cycle: its count, its first firing (to the second, as Camunda keeps it), its period. */
function anchored(times: number | null, first: Date, period: string): string {
  const seconds = new Date(Math.floor(first.getTime() / 1000) * 1000);
  return `R${times ?? ''}/${seconds.toISOString()}/${period}`;
}

function parseDate(text: string): Date | null {
  const d = parseCamundaDate(text.trim());
  if (d) return d;
  // ISO without seconds or zone (`2026-12-01T08:00`), read as the server's local time, as Java does.
  return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?([Zz]|[+-]\d{2}:?\d{2})?$/.test(text.trim())
    ? new Date(text.trim())
    : null;
}

/** Field maxima of a 6-field Quartz expression, for `start/step` steps croner spells `start-max/step`. */
const QUARTZ_MAX = [59, 59, 23, 31, 12, 7];

/**
 * Quartz cron → croner. Quartz writes `0/5` (from 0 every 5) where croner wants `0-59/5`; croner's
 * Quartz options number weekdays 1 (Sunday) to 7 and require day-of-month AND day-of-week (`?` =
 * any). A 7th field (year) must be `*` or absent.
 */
function toCroner(quartz: string): Cron {
  const fields = quartz.trim().split(/\s+/);
  // Operaton (cron-utils) refuses a 7th (year) field, in these words; so do we.
  if (fields.length === 7)
    throw new Error(
      `ENGINE-09026 Exception while parsing cycle expression '${quartz}': Cron expression contains 7 parts but we expect one of [6]`,
    );
  if (fields.length !== 6)
    throw new Error(
      `timeCycle '${quartz}' is neither Rn/<duration> nor a cron expression of 6 fields (sec min hour day month weekday)`,
    );
  const converted = fields.map((f, i) => f.replace(/^(\d+)\/(\d+)$/, `$1-${QUARTZ_MAX[i]}/$2`));
  try {
    return new Cron(converted.join(' '), { paused: true, alternativeWeekdays: true, domAndDow: true });
  } catch (err) {
    throw new Error(`timeCycle '${quartz}' is not a valid cron expression: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
