import { cleanupConfiguration, cleanupHistory } from '../../services/history-cleanup.service.js';
import { formatCamundaDate } from '../../variables/typed-value.js';
import { sendJson } from '../http.js';
import { engineOf, type RouteDeps } from '../rest-context.js';

/** `/history/cleanup`: time-to-live cleanup, run when asked, answered as Camunda's cleanup job. */
export function historyCleanupRoutes({ router, core }: RouteDeps): void {
  router.post('/history/cleanup', async (ctx) => {
    const run = await cleanupHistory(engineOf(core, ctx));
    sendJson(ctx, {
      id: run.id,
      jobDefinitionId: null,
      dueDate: formatCamundaDate(run.at),
      processInstanceId: null,
      executionId: null,
      processDefinitionId: null,
      processDefinitionKey: null,
      retries: 3,
      exceptionMessage: null,
      failedActivityId: null,
      suspended: false,
      priority: 0,
      tenantId: null,
      createTime: formatCamundaDate(run.at),
      batchId: null,
    });
  });
  router.get('/history/cleanup/configuration', async (ctx) => {
    sendJson(ctx, await cleanupConfiguration(engineOf(engineOf(core, ctx), ctx)));
  });
}
