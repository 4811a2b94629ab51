import { type DataSource } from '@motcua/db';
import { assignDossierCode, createHolidayStore } from '@motcua/db/workers';
import { BusinessError, createWorkingCalendar, vietnamDate, type WorkingCalendar } from '@motcua/domain';
import { listFormFields, validateSubmission } from '@motcua/forms';
import {
  findProcedureByCode,
  provincialUnitOf,
  receiptDeadlines,
  TOPICS,
  UNIT_CODE_VARIABLE,
  type CatalogueEntry,
} from '@motcua/processes';
import { defineHandler, type TopicHandler } from '../runtime/define-handler.js';

export const DOSSIER_REJECTED = 'DOSSIER_REJECTED';

export interface ReceiveDossierDeps {
  ds: DataSource;
  catalogue: CatalogueEntry[];
  /** Overrides every procedure's unit code in dossier codes (env UNIT_CODE). */
  unitCode?: string;
  /** Fixed calendar (tests); default: the statutory calendar with the years edited in the database. */
  calendar?: WorkingCalendar;
  clock?: () => Date;
}

function reject(reason: string): never {
  throw new BusinessError(DOSSIER_REJECTED, reason, { rejectionReason: reason });
}

/**
 * `dossier.receive` — tiếp nhận hồ sơ: checks the dossier can be received (known procedure, the
 * application form's data complete and valid), assigns the dossier code and computes the
 * appointment date (ngày hẹn trả) = receipt day in Vietnam + the procedure's working days.
 * Idempotent: a redelivered task gets the code and receipt time it got the first time.
 */
export function receiveDossierHandler(deps: ReceiveDossierDeps): TopicHandler {
  const holidays = createHolidayStore(deps.ds);
  // Read per task: an administrator's edit of a year's holidays applies to the next dossier received.
  const calendarNow = async () => deps.calendar ?? createWorkingCalendar(await holidays.loadSavedTable());
  const clock = deps.clock ?? (() => new Date());

  return defineHandler(TOPICS.receiveDossier, async ({ task, logger }) => {
    const vars = task.variables;
    const code = typeof vars.procedureCode === 'string' ? vars.procedureCode : '';
    const entry = findProcedureByCode(deps.catalogue, code);
    if (!entry)
      reject(
        `Thủ tục "${code || '(không có mã)'}" không có trong danh mục hoặc không tiếp nhận hồ sơ trực tuyến.`,
      );

    // The portal validated the form already; this guards dossiers started by other means.
    const form = entry.forms[entry.startFormId]!;
    const fieldKeys = new Set(listFormFields(form).map((f) => f.key));
    const submitted = Object.fromEntries(Object.entries(vars).filter(([k]) => fieldKeys.has(k)));
    const check = validateSubmission(form, submitted, { unknownKeys: 'strip' });
    if (!check.valid) {
      const labels = [...new Set(check.errors.map((e) => e.label.replace(/[.:]\s*$/, '')))].join('; ');
      reject(`Hồ sơ thiếu hoặc sai thông tin bắt buộc: ${labels}.`);
    }

    // A provincial procedure runs under the code of the department the applicant chose (one
    // process definition for every province); otherwise the deployment's or the procedure's code.
    const province = provincialUnitOf(entry.metadata, vars[UNIT_CODE_VARIABLE]);
    const assignment = await assignDossierCode(deps.ds, {
      processInstanceId: task.processInstanceId,
      unitCode: province?.code ?? deps.unitCode ?? entry.unitCode,
      at: clock(),
    });
    const calendar = await calendarNow();
    // A generated process hands over its legal clock (docs/skeleton-contract.md); a hand model
    // does not, and its procedure's working days apply.
    const legalClock = typeof vars.legalClock === 'string' ? vars.legalClock : null;
    const legal = typeof vars.legalWorkingDays === 'number' ? vars.legalWorkingDays : null;
    const checkDays =
      typeof vars.completenessCheckWorkingDays === 'number' ? vars.completenessCheckWorkingDays : null;
    const dates =
      legalClock !== null || legal !== null || checkDays !== null
        ? receiptDeadlines(
            assignment.assignedAt,
            { legalWorkingDays: legal, completenessCheckWorkingDays: checkDays, legalClock },
            calendar,
          )
        : {
            appointmentDate: calendar.addWorkingDays(
              vietnamDate(assignment.assignedAt),
              entry.processingDays,
            ),
          };
    logger.info(
      { dossierCode: assignment.dossierCode, ...dates, redelivered: assignment.existing },
      'dossier received',
    );
    return {
      dossierCode: assignment.dossierCode,
      ...dates,
      receivedAt: assignment.assignedAt,
      ...(province ? { receivingUnitVi: province.nameVi } : {}),
    };
  });
}
