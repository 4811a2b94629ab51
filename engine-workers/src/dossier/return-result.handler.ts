import { type DataSource } from '@motcua/db';
import { issueResultNumber } from '@motcua/db/workers';
import { BusinessError, vietnamWallClock } from '@motcua/domain';
import { findProcedureByCode, TOPICS, type CatalogueEntry } from '@motcua/processes';
import { defineHandler, type TopicHandler } from '../runtime/define-handler.js';

export interface ReturnResultDeps {
  ds: DataSource;
  catalogue: CatalogueEntry[];
  clock?: () => Date;
}

const DEFAULT_SERIES = 'KQ';

/**
 * `dossier.return-result` — trả kết quả. Approved: issues the result number (certificate number,
 * `<series>-<yyyy>-<6 digits>`, once per process instance) and completes with `resultNumber`,
 * `resultIssuedAt`, `outcome: 'approved'`. Otherwise completes with `outcome: 'refused'`.
 */
export function returnResultHandler(deps: ReturnResultDeps): TopicHandler {
  const clock = deps.clock ?? (() => new Date());
  return defineHandler(TOPICS.returnResult, async ({ task, logger }) => {
    const vars = task.variables;
    if (vars.approved !== true) {
      logger.info({ dossierCode: vars.dossierCode as string | undefined }, 'refusal returned');
      return { outcome: 'refused' };
    }
    const code = typeof vars.procedureCode === 'string' ? vars.procedureCode : '';
    const entry = findProcedureByCode(deps.catalogue, code);
    if (!entry) throw new BusinessError('RESULT_NOT_ISSUED', `Thủ tục "${code}" không có trong danh mục.`);
    const now = clock();
    // The certificate year is the year in Vietnam.
    const period = String(vietnamWallClock(now).getUTCFullYear());
    const issued = await issueResultNumber(deps.ds, {
      processInstanceId: task.processInstanceId,
      series: entry.metadata.resultNumberSeries ?? DEFAULT_SERIES,
      period,
      at: now,
    });
    logger.info(
      { dossierCode: vars.dossierCode as string | undefined, resultNumber: issued.resultNumber },
      'result issued',
    );
    return { resultNumber: issued.resultNumber, resultIssuedAt: issued.issuedAt, outcome: 'approved' };
  });
}
