import type { Context } from 'koa';
import type { EngineHistoricJobLog } from '@motcua/db/engine';
import { getJobLog, jobLogQuery, jobLogStacktrace } from '../../services/history/job-log.service.js';
import { listCount, listPage } from '../../services/query-params.js';
import { formatCamundaDate } from '../../variables/typed-value.js';
import { sendJson } from '../http.js';
import { getAndPost, pageParams, queryParams } from '../list-query.js';
import { engineOf, type RouteDeps } from '../rest-context.js';

/** Camunda's HistoricJobLogDto. */
function jobLogDto(r: EngineHistoricJobLog) {
  return {
    id: r.id,
    timestamp: formatCamundaDate(r.timestamp),
    removalTime: null,
    jobId: r.jobId,
    jobDueDate: formatCamundaDate(r.jobDueDate),
    jobRetries: r.jobRetries,
    jobPriority: r.jobPriority,
    jobExceptionMessage: r.jobExceptionMessage,
    failedActivityId: r.state === 'failed' ? r.activityId : null,
    jobDefinitionId: r.jobDefinitionId,
    jobDefinitionType: r.jobDefinitionType,
    jobDefinitionConfiguration: r.jobDefinitionConfiguration,
    activityId: r.activityId,
    executionId: r.executionId,
    processInstanceId: r.processInstanceId,
    processDefinitionId: r.processDefinitionId,
    processDefinitionKey: r.processDefinitionKey,
    deploymentId: null,
    rootProcessInstanceId: r.processInstanceId,
    tenantId: r.tenantId,
    hostname: r.hostname,
    batchId: null,
    creationLog: r.state === 'created',
    failureLog: r.state === 'failed',
    successLog: r.state === 'successful',
    deletionLog: r.state === 'deleted',
  };
}

/**
 * The job log (`GET`/`POST /history/job-log`, `…/count`, `…/{id}`, `…/{id}/stacktrace`): what
 * happened to each timer and async-continuation job — created, failed, successful, deleted.
 */
export function jobLogRoutes({ router, core }: RouteDeps): void {
  getAndPost(router, '/history/job-log', async (ctx) => {
    sendJson(
      ctx,
      (await listPage(engineOf(core, ctx), jobLogQuery(queryParams(ctx)), pageParams(ctx))).map(jobLogDto),
    );
  });
  getAndPost(router, '/history/job-log/count', async (ctx) => {
    sendJson(ctx, { count: await listCount(engineOf(core, ctx), jobLogQuery(queryParams(ctx))) });
  });
  router.get('/history/job-log/:id', async (ctx) => {
    sendJson(ctx, jobLogDto(await getJobLog(engineOf(core, ctx), ctx.params.id!)));
  });
  router.get('/history/job-log/:id/stacktrace', async (ctx: Context) => {
    const stacktrace = await jobLogStacktrace(engineOf(core, ctx), ctx.params.id!);
    // Only a failure has a stack trace; the others answer 204, as Operaton.
    if (stacktrace === null) {
      ctx.status = 204;
      return;
    }
    ctx.type = 'text/plain';
    ctx.body = stacktrace;
  });
}
