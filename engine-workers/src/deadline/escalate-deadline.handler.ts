import type { DossierLifeStore } from '@motcua/db/workers';
import { TOPICS, findProcedureByCode, type CatalogueEntry } from '@motcua/processes';
import { defineHandler, type TopicHandler } from '../runtime/define-handler.js';
import { formatDateVi, requireDossierId, stringVar } from './task-variables.js';

/** The unit leader's candidate group when the procedure's description names none. */
export const DEFAULT_LEADER_GROUP = 'lanh-dao';

export interface EscalateDeps {
  life: DossierLifeStore;
  catalogue: CatalogueEntry[];
  clock?: () => Date;
}

/** The candidate group of the procedure's leader-approval step: the unit leader the reminder goes to. */
export function leaderGroupOf(entry: CatalogueEntry | undefined): string {
  const step = entry?.metadata.steps.find((s) => s.kind === 'leader-approval');
  return step?.candidateGroup ?? DEFAULT_LEADER_GROUP;
}

/**
 * `notify.escalate` (`ServiceTask_EscalateDeadline`) — before the appointment date, reminds the unit
 * leader that the dossier is about to be late: a notification to the leader's group (shown in the
 * portal inbox) and a history entry on the dossier. Both are keyed by the process instance, so a
 * redelivered task records nothing twice (the process sends one reminder per dossier anyway).
 */
export function escalateDeadlineHandler(deps: EscalateDeps): TopicHandler {
  const clock = deps.clock ?? (() => new Date());
  return defineHandler(TOPICS.escalate, async ({ task, logger }) => {
    const vars = task.variables;
    const dossierId = requireDossierId(task);
    const dossierCode = stringVar(vars.dossierCode);
    const appointmentDate = stringVar(vars.appointmentDate);
    const entry = findProcedureByCode(deps.catalogue, stringVar(vars.procedureCode) ?? '');
    const group = leaderGroupOf(entry);
    const now = clock();
    const label = dossierCode ?? dossierId;
    const due = appointmentDate ? formatDateVi(appointmentDate) : 'chưa xác định';
    const created = await deps.life.addNotification({
      eventKey: `escalate:${task.processInstanceId}`,
      recipientGroup: group,
      dossierId,
      processInstanceId: task.processInstanceId,
      dossierCode,
      kind: 'deadline-approaching',
      textVi: `Hồ sơ ${label}${entry ? ` (${entry.nameVi})` : ''} sắp đến hạn trả kết quả ngày ${due} và chưa giải quyết xong.`,
      dueDate: appointmentDate,
      createdAt: now,
    });
    await deps.life.appendHistory({
      eventKey: `escalate:${task.processInstanceId}`,
      dossierId,
      processInstanceId: task.processInstanceId,
      statusCode: null,
      kind: 'deadline-approaching',
      textVi: `Sắp đến hạn trả kết quả (${due}): đã nhắc lãnh đạo đơn vị.`,
      actor: 'system',
      detail: { recipientGroup: group },
      at: now,
    });
    logger.info({ dossierCode: label, recipientGroup: group, redelivered: !created }, 'deadline escalated');
    return { escalatedAt: now };
  });
}
