import type { Context } from 'koa';
import type { EngineHistoricExternalTaskLog } from '@motcua/db/engine';
import {
  externalTaskLogQuery,
  getExternalTaskLog,
} from '../../services/history/external-task-log.service.js';
import { listCount, listPage } from '../../services/query-params.js';
import { formatCamundaDate } from '../../variables/typed-value.js';
import { sendJson } from '../http.js';
import { getAndPost, pageParams, queryParams } from '../list-query.js';
import { engineOf, type RouteDeps } from '../rest-context.js';

/** Camunda's HistoricExternalTaskLogDto. */
const externalTaskLogDto = (r: EngineHistoricExternalTaskLog) => ({
  id: r.id,
  externalTaskId: r.externalTaskId,
  timestamp: formatCamundaDate(r.timestamp),
  topicName: r.topicName,
  workerId: r.workerId,
  retries: r.retries,
  priority: r.priority,
  errorMessage: r.errorMessage,
  activityId: r.activityId,
  activityInstanceId: r.activityInstanceId,
  executionId: r.executionId,
  processInstanceId: r.processInstanceId,
  processDefinitionId: r.processDefinitionId,
  processDefinitionKey: r.processDefinitionKey,
  tenantId: r.tenantId,
  creationLog: r.state === 'created',
  failureLog: r.state === 'failed',
  successLog: r.state === 'successful',
  deletionLog: r.state === 'deleted',
  removalTime: null,
  rootProcessInstanceId: r.processInstanceId,
});

/** `/history/external-task-log`: the query (GET and POST), its count, one entry, its error details. */
export function externalTaskLogRoutes({ router, core }: RouteDeps): void {
  getAndPost(router, '/history/external-task-log', async (ctx) => {
    const rows = await listPage(engineOf(core, ctx), externalTaskLogQuery(queryParams(ctx)), pageParams(ctx));
    sendJson(ctx, rows.map(externalTaskLogDto));
  });
  getAndPost(router, '/history/external-task-log/count', async (ctx) => {
    sendJson(ctx, { count: await listCount(engineOf(core, ctx), externalTaskLogQuery(queryParams(ctx))) });
  });
  router.get('/history/external-task-log/:id', async (ctx) => {
    sendJson(ctx, externalTaskLogDto(await getExternalTaskLog(engineOf(core, ctx), ctx.params.id!)));
  });
  router.get('/history/external-task-log/:id/error-details', async (ctx: Context) => {
    const r = await getExternalTaskLog(engineOf(core, ctx), ctx.params.id!);
    ctx.status = 200;
    ctx.set('Content-Type', 'text/plain');
    ctx.body = r.errorDetails ?? '';
  });
}
