import { historicTaskQuery } from '../../services/history/historic-task.service.js';
import { listCount, listPage } from '../../services/query-params.js';
import { historicTaskInstanceDto } from '../dto-mappers.js';
import { sendJson } from '../http.js';
import { getAndPost, pageParams, queryParams } from '../list-query.js';
import { engineOf, type RouteDeps } from '../rest-context.js';

/** `/history/task`: the query (GET and POST) and its count. */
export function historicTaskRoutes({ router, core }: RouteDeps): void {
  getAndPost(router, '/history/task', async (ctx) => {
    const rows = await listPage(
      engineOf(core, ctx),
      historicTaskQuery(queryParams(ctx), { queryInBody: ctx.method === 'POST' }),
      pageParams(ctx),
    );
    sendJson(ctx, rows.map(historicTaskInstanceDto));
  });
  getAndPost(router, '/history/task/count', async (ctx) => {
    sendJson(ctx, {
      count: await listCount(
        engineOf(core, ctx),
        historicTaskQuery(queryParams(ctx), { queryInBody: ctx.method === 'POST' }),
      ),
    });
  });
}
