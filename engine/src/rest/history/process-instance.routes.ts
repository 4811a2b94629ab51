import {
  countHistoricProcessInstances,
  deleteHistoricProcessInstance,
  deleteHistoricVariablesOfInstance,
  durationReport,
  getHistoricProcessInstance,
  historicProcessInstanceQuery,
} from '../../services/history/historic-process-instance.service.js';
import { listPage } from '../../services/query-params.js';
import { historicProcessInstanceDto } from '../dto-mappers.js';
import { noContent, queryBool, sendJson } from '../http.js';
import { getAndPost, pageParams, queryParams } from '../list-query.js';
import { engineOf, type RouteDeps } from '../rest-context.js';

/** `/history/process-instance`: the query (GET and POST), the duration report, one, deletions. */
export function historicProcessInstanceRoutes({ router, core }: RouteDeps): void {
  getAndPost(router, '/history/process-instance', async (ctx) => {
    const rows = await listPage(
      engineOf(core, ctx),
      historicProcessInstanceQuery(queryParams(ctx)),
      pageParams(ctx),
    );
    sendJson(ctx, rows.map(historicProcessInstanceDto));
  });
  getAndPost(router, '/history/process-instance/count', async (ctx) => {
    sendJson(ctx, {
      count: await countHistoricProcessInstances(engineOf(core, ctx), queryParams(ctx)),
    });
  });
  router.get('/history/process-instance/report', async (ctx) => {
    sendJson(ctx, await durationReport(engineOf(core, ctx), queryParams(ctx)));
  });
  router.get('/history/process-instance/:id', async (ctx) => {
    sendJson(
      ctx,
      historicProcessInstanceDto(await getHistoricProcessInstance(engineOf(core, ctx), ctx.params.id!)),
    );
  });
  router.delete('/history/process-instance/:id', async (ctx) => {
    await deleteHistoricProcessInstance(engineOf(core, ctx), ctx.params.id!, {
      failIfNotExists: queryBool(ctx, 'failIfNotExists') ?? true,
    });
    noContent(ctx);
  });
  router.delete('/history/process-instance/:id/variable-instances', async (ctx) => {
    await deleteHistoricVariablesOfInstance(engineOf(core, ctx), ctx.params.id!);
    noContent(ctx);
  });
}
