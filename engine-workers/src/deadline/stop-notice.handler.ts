import type { DossierLifeStore } from '@motcua/db/workers';
import { TOPICS, findProcedureByCode, type CatalogueEntry } from '@motcua/processes';
import { defineHandler, type TopicHandler } from '../runtime/define-handler.js';
import { requireDossierId, stringVar } from './task-variables.js';

export interface StopNoticeDeps {
  life: DossierLifeStore;
  catalogue: CatalogueEntry[];
  clock?: () => Date;
}

/**
 * `dossier.stop` (`ServiceTask_NotifyStop`) — the leader stopped the processing: the notice of
 * stop (form 05, thông báo dừng giải quyết) with the leader's reasons (`decisionNote`), stored as
 * a document the applicant sees. The status change itself (8) is recorded from `EndEvent_Stopped`.
 * Once per process instance, whatever the redeliveries.
 */
export function stopNoticeHandler(deps: StopNoticeDeps): TopicHandler {
  const clock = deps.clock ?? (() => new Date());
  return defineHandler(TOPICS.stop, async ({ task, logger }) => {
    const vars = task.variables;
    const dossierId = requireDossierId(task);
    const entry = findProcedureByCode(deps.catalogue, stringVar(vars.procedureCode) ?? '');
    const agency = entry?.agencyVi ?? 'Cơ quan giải quyết thủ tục';
    const code = stringVar(vars.dossierCode) ?? dossierId;
    const reason = stringVar(vars.decisionNote) ?? 'không nêu lý do.';
    const { document, existing } = await deps.life.addDocument({
      eventKey: `stop:${task.processInstanceId}`,
      dossierId,
      processInstanceId: task.processInstanceId,
      kind: 'stop-notice',
      formNo: '05',
      titleVi: 'Thông báo dừng giải quyết hồ sơ',
      body: [
        `${agency} thông báo dừng giải quyết hồ sơ mã ${code}${entry ? ` (${entry.nameVi})` : ''}.`,
        `Lý do: ${reason}`,
      ].join('\n'),
      createdAt: clock(),
    });
    logger.info({ dossierCode: code, redelivered: existing }, 'stop notice issued');
    return { stoppedAt: document.createdAt };
  });
}
