import { decisionRequirementsStatistics } from '../../services/history/historic-statistics.service.js';
import { queryString, sendJson } from '../http.js';
import { engineOf, type RouteDeps } from '../rest-context.js';

/** `/history/decision-requirements-definition/{id}/statistics`: evaluations per decision of a DRD. */
export function historicDecisionRequirementsRoutes({ router, core }: RouteDeps): void {
  router.get('/history/decision-requirements-definition/:id/statistics', async (ctx) => {
    const rootId = queryString(ctx, 'decisionInstanceId');
    sendJson(ctx, await decisionRequirementsStatistics(engineOf(core, ctx), ctx.params.id!, rootId));
  });
}
