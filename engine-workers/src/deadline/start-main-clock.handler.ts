import { type DataSource } from '@motcua/db';
import { createHolidayStore, type DossierLifeStore } from '@motcua/db/workers';
import { createWorkingCalendar, type WorkingCalendar } from '@motcua/domain';
import { TOPICS, mainClockVariables } from '@motcua/processes';
import { defineHandler, type TopicHandler } from '../runtime/define-handler.js';
import { formatDateVi, requireDossierId } from './task-variables.js';

export interface StartMainClockDeps {
  ds: DataSource;
  life: DossierLifeStore;
  calendar?: WorkingCalendar;
}

/**
 * `dossier.start-main-clock` (`ServiceTask_StartMainClock`) — the dossier is valid and paid: the
 * main clock starts and the appointment date is recomputed (`mainClockVariables()` of
 * @motcua/processes, on the calendar with the holiday years saved in the database). Everything is
 * computed from the task's variables, stamped by the engine (`mainClockStartedAt`,
 * `paymentRequestedAt`), so a redelivery gives the same dates; the history entry is keyed by the
 * process instance.
 */
export function startMainClockHandler(deps: StartMainClockDeps): TopicHandler {
  const holidays = createHolidayStore(deps.ds);
  return defineHandler(TOPICS.startMainClock, async ({ task, logger }) => {
    const dossierId = requireDossierId(task);
    const calendar = deps.calendar ?? createWorkingCalendar(await holidays.loadSavedTable());
    const started = mainClockVariables(task.variables, calendar);
    await deps.life.appendHistory({
      eventKey: `main-clock:${task.processInstanceId}`,
      dossierId,
      processInstanceId: task.processInstanceId,
      statusCode: 4,
      kind: 'main-clock-started',
      textVi: `Hồ sơ hợp lệ${started.paymentWaitDays || task.variables.paymentRequestedAt ? ', đã nộp phí' : ''}: bắt đầu tính thời hạn giải quyết, hẹn trả kết quả ngày ${formatDateVi(started.appointmentDate)}.`,
      actor: 'system',
      detail: { ...started },
      at: task.variables.mainClockStartedAt instanceof Date ? task.variables.mainClockStartedAt : new Date(),
    });
    logger.info({ appointmentDate: started.appointmentDate }, 'main clock started');
    return { ...started };
  });
}
