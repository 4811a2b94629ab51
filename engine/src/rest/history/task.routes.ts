import { historicTaskQuery } from '../../services/history/historic-task.service.js';
import { listCount, listPage } from '../../services/query-params.js';
import { historicTaskInstanceDto } from '../dto-mappers.js';
import { sendJson } from '../http.js';
import { getAndPost, pageParams, queryParams } from '../list-query.js';
import type { RouteDeps } from '../rest-context.js';

/** `/history/task`: the query (GET and POST) and its count. */
export function historicTaskRoutes({ router, core }: RouteDeps): void {
  getAndPost(router, '/history/task', async (ctx) => {
    const rows = await listPage(core, historicTaskQuery(queryParams(ctx)), pageParams(ctx));
    sendJson(ctx, rows.map(historicTaskInstanceDto));
  });
  getAndPost(router, '/history/task/count', async (ctx) => {
    sendJson(ctx, { count: await listCount(core, historicTaskQuery(queryParams(ctx))) });
  });
}
