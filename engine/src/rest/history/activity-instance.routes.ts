import {
  getHistoricActivityInstance,
  historicActivityQuery,
} from '../../services/history/historic-activity-instance.service.js';
import { listCount, listPage } from '../../services/query-params.js';
import { historicActivityInstanceDto } from '../dto-mappers.js';
import { sendJson } from '../http.js';
import { getAndPost, pageParams, queryParams } from '../list-query.js';
import { engineOf, type RouteDeps } from '../rest-context.js';

/** `/history/activity-instance`: the query (GET and POST), its count, one. */
export function historicActivityInstanceRoutes({ router, core }: RouteDeps): void {
  getAndPost(router, '/history/activity-instance', async (ctx) => {
    const rows = await listPage(
      engineOf(core, ctx),
      historicActivityQuery(queryParams(ctx)),
      pageParams(ctx),
    );
    sendJson(ctx, rows.map(historicActivityInstanceDto));
  });
  getAndPost(router, '/history/activity-instance/count', async (ctx) => {
    sendJson(ctx, { count: await listCount(engineOf(core, ctx), historicActivityQuery(queryParams(ctx))) });
  });
  router.get('/history/activity-instance/:id', async (ctx) => {
    sendJson(
      ctx,
      historicActivityInstanceDto(await getHistoricActivityInstance(engineOf(core, ctx), ctx.params.id!)),
    );
  });
}
