import { type DataSource } from '@motcua/db';
import { createHolidayStore, type DossierLifeStore } from '@motcua/db/workers';
import { createWorkingCalendar, vietnamDate, type WorkingCalendar } from '@motcua/domain';
import { TOPICS, findProcedureByCode, type CatalogueEntry } from '@motcua/processes';
import { defineHandler, type TopicHandler } from '../runtime/define-handler.js';
import { formatDateVi, requireDossierId, stringVar } from './task-variables.js';

/**
 * Working days the apology letter adds for the new appointment date. The law leaves the new date
 * to the unit that is late (form 04 states it); this is motcua's default, configurable.
 */
export const DEFAULT_APOLOGY_EXTENSION_DAYS = 5;

export interface ApologyDeps {
  ds: DataSource;
  life: DossierLifeStore;
  catalogue: CatalogueEntry[];
  /** Working days from the later of today and the old appointment date. */
  extensionWorkingDays?: number;
  /** Fixed calendar (tests); default: the statutory calendar with the years edited in the database. */
  calendar?: WorkingCalendar;
  clock?: () => Date;
}

/** The text of form 04 (Phiếu xin lỗi và hẹn lại ngày trả kết quả). */
export function apologyLetterText(p: {
  agencyVi: string;
  procedureVi: string;
  dossierCode: string;
  receivedOn: string | null;
  appointmentDate: string | null;
  newAppointmentDate: string;
  reason: string;
}): string {
  return [
    `${p.agencyVi} đã tiếp nhận hồ sơ mã ${p.dossierCode} (${p.procedureVi})` +
      (p.receivedOn ? ` ngày ${formatDateVi(p.receivedOn)}` : '') +
      (p.appointmentDate ? `, hẹn trả kết quả ngày ${formatDateVi(p.appointmentDate)}.` : '.'),
    `Đến nay hồ sơ chưa được giải quyết xong. Lý do: ${p.reason}`,
    `${p.agencyVi} xin lỗi ông/bà vì sự chậm trễ này và hẹn lại ngày trả kết quả là ngày ${formatDateVi(p.newAppointmentDate)}.`,
  ].join('\n');
}

/**
 * `dossier.apology` (`ServiceTask_SendApology`) — past the appointment date: the apology letter
 * (form 04) with a new appointment date counted in working days on the calendar (with the
 * holiday years edited in the database), stored as a document the applicant sees, a history
 * entry, and `late = true` (the model sets it too; the statistics count it). Idempotent: a
 * redelivered task finds the letter of the first delivery and completes with the same date.
 */
export function apologyHandler(deps: ApologyDeps): TopicHandler {
  const holidays = createHolidayStore(deps.ds);
  const clock = deps.clock ?? (() => new Date());
  const extension = deps.extensionWorkingDays ?? DEFAULT_APOLOGY_EXTENSION_DAYS;
  return defineHandler(TOPICS.apology, async ({ task, logger }) => {
    const vars = task.variables;
    const dossierId = requireDossierId(task);
    const dossierCode = stringVar(vars.dossierCode) ?? dossierId;
    const appointmentDate = stringVar(vars.appointmentDate);
    const entry = findProcedureByCode(deps.catalogue, stringVar(vars.procedureCode) ?? '');
    const now = clock();
    const calendar = deps.calendar ?? createWorkingCalendar(await holidays.loadSavedTable());
    const today = vietnamDate(now);
    const from = appointmentDate && appointmentDate > today ? appointmentDate : today;
    const newAppointmentDate = calendar.addWorkingDays(from, extension);
    const receivedAt = vars.receivedAt instanceof Date ? vietnamDate(vars.receivedAt) : null;
    const { document, existing } = await deps.life.addDocument({
      eventKey: `apology:${task.processInstanceId}`,
      dossierId,
      processInstanceId: task.processInstanceId,
      kind: 'apology-letter',
      formNo: '04',
      titleVi: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
      body: apologyLetterText({
        agencyVi: entry?.agencyVi ?? 'Cơ quan giải quyết thủ tục',
        procedureVi: entry?.nameVi ?? stringVar(vars.procedureCode) ?? '',
        dossierCode,
        receivedOn: receivedAt,
        appointmentDate,
        newAppointmentDate,
        reason:
          stringVar(vars.delayReason) ??
          'hồ sơ đang được thẩm định, chưa hoàn thành trong thời hạn quy định.',
      }),
      newAppointmentDate,
      createdAt: now,
    });
    const date = document.newAppointmentDate ?? newAppointmentDate;
    await deps.life.appendHistory({
      eventKey: `apology:${task.processInstanceId}`,
      dossierId,
      processInstanceId: task.processInstanceId,
      statusCode: 4,
      kind: 'late',
      textVi: `Quá hạn trả kết quả: đã gửi phiếu xin lỗi (mẫu 04), hẹn lại ngày ${formatDateVi(date)}.`,
      actor: 'system',
      detail: { newAppointmentDate: date, documentId: document.id },
      at: document.createdAt,
    });
    logger.info({ dossierCode, newAppointmentDate: date, redelivered: existing }, 'apology letter issued');
    return { late: true, newAppointmentDate: date, apologyIssuedAt: document.createdAt };
  });
}
