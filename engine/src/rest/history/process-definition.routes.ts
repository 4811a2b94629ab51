import { historicActivityStatistics } from '../../services/history/historic-statistics.service.js';
import { sendJson } from '../http.js';
import { queryParams } from '../list-query.js';
import { engineOf, type RouteDeps } from '../rest-context.js';

/** `/history/process-definition/{id}/statistics`: per activity over history. */
export function historicProcessDefinitionRoutes({ router, core }: RouteDeps): void {
  router.get('/history/process-definition/:id/statistics', async (ctx) => {
    sendJson(ctx, await historicActivityStatistics(engineOf(core, ctx), ctx.params.id!, queryParams(ctx)));
  });
}
