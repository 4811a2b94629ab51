import { type DataSource } from '@motcua/db';
import { createHolidayStore, type DossierLifeStore } from '@motcua/db/workers';
import { createWorkingCalendar, type WorkingCalendar } from '@motcua/domain';
import { TOPICS, resumeClock } from '@motcua/processes';
import { defineHandler, type TopicHandler } from '../runtime/define-handler.js';
import { formatDateVi, requireDossierId, stringVar } from './task-variables.js';

export interface ResumeClockDeps {
  ds: DataSource;
  life: DossierLifeStore;
  calendar?: WorkingCalendar;
  clock?: () => Date;
}

const asDate = (v: unknown): Date | null => (v instanceof Date ? v : null);
const asCount = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * `dossier.resume-clock` (`ServiceTask_ResumeClock`) — after a supplement round the main clock
 * resumes: the appointment date (and the completeness check's date) move by the working days the
 * dossier waited for the applicant (`resumeClock()` of @motcua/processes, on the calendar with the
 * holiday years saved in the database). The round ends at `supplementedAt` as the portal sent it
 * with the message (else now), so a redelivered task computes the same dates.
 */
export function resumeClockHandler(deps: ResumeClockDeps): TopicHandler {
  const holidays = createHolidayStore(deps.ds);
  const clock = deps.clock ?? (() => new Date());
  return defineHandler(TOPICS.resumeClock, async ({ task, logger }) => {
    const vars = task.variables;
    const dossierId = requireDossierId(task);
    const requestedAt = asDate(vars.supplementRequestedAt);
    if (!requestedAt) throw new Error('supplementRequestedAt is missing: the clock cannot resume');
    const supplementedAt = asDate(vars.supplementedAt) ?? clock();
    const calendar = deps.calendar ?? createWorkingCalendar(await holidays.loadSavedTable());
    const r = resumeClock(
      {
        supplementRequestedAt: requestedAt,
        appointmentDate: stringVar(vars.appointmentDate),
        completenessDueDate: stringVar(vars.completenessDueDate),
        pausedWorkingDays: asCount(vars.pausedWorkingDays),
        // A clock in calendar days or months moves by calendar days (Civil Code art. 147–148).
        legalClock: stringVar(vars.legalClock),
      },
      supplementedAt,
      calendar,
    );
    await deps.life.appendHistory({
      eventKey: `resume-clock:${task.processInstanceId}:${requestedAt.getTime()}`,
      dossierId,
      processInstanceId: task.processInstanceId,
      statusCode: null,
      kind: 'clock-resumed',
      textVi: r.appointmentDate
        ? `Thời gian chờ bổ sung (${r.roundWorkingDays} ngày làm việc) không tính vào thời hạn: ngày hẹn trả mới là ${formatDateVi(r.appointmentDate)}.`
        : `Thời gian chờ bổ sung (${r.roundWorkingDays} ngày làm việc) không tính vào thời hạn giải quyết.`,
      actor: 'system',
      detail: { ...r },
      at: supplementedAt,
    });
    logger.info(
      { roundWorkingDays: r.roundWorkingDays, appointmentDate: r.appointmentDate },
      'clock resumed',
    );
    return {
      pausedWorkingDays: r.pausedWorkingDays,
      supplementedAt,
      ...(r.appointmentDate ? { appointmentDate: r.appointmentDate } : {}),
      ...(r.previousAppointmentDate ? { previousAppointmentDate: r.previousAppointmentDate } : {}),
      ...(r.completenessDueDate ? { completenessDueDate: r.completenessDueDate } : {}),
    };
  });
}
