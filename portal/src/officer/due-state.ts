import { addDays, vietnamDate } from '@motcua/domain';

/**
 * "Near due": the legal due date is today or within the next NEAR_DUE_DAYS calendar days (Vietnam
 * time). A simple calendar window the officer can read at a glance; the process's own reminder
 * timers (BoundaryEvent_DeadlineApproaching) stay the legal escalation.
 */
export const NEAR_DUE_DAYS = 2;

export type DueState = 'overdue' | 'near' | 'ok';

export interface DueWindow {
  /** Today in Vietnam, `YYYY-MM-DD`. */
  today: string;
  /** The last day that counts as near due, `YYYY-MM-DD`. */
  nearUntil: string;
}

export function dueWindow(now: Date): DueWindow {
  const today = vietnamDate(now);
  return { today, nearUntil: addDays(today, NEAR_DUE_DAYS) };
}

/**
 * Where a due date stands: a day (`YYYY-MM-DD`, the dossier's appointment date) is overdue once
 * it has passed in Vietnam; a moment (an engine task's due) once that moment has passed. Null
 * without a date.
 */
export function dueState(due: string | null | undefined, now: Date): DueState | null {
  if (!due) return null;
  const isDay = /^\d{4}-\d{2}-\d{2}$/.test(due);
  const moment = isDay ? null : new Date(due.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  if (moment && Number.isNaN(moment.getTime())) return null;
  const day = moment ? vietnamDate(moment) : due;
  const { today, nearUntil } = dueWindow(now);
  if (moment ? moment.getTime() < now.getTime() : day < today) return 'overdue';
  return day <= nearUntil ? 'near' : 'ok';
}
