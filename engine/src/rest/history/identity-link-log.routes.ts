import {
  countIdentityLinkLog,
  listIdentityLinkLog,
  type IdentityLinkLogEntry,
} from '../../services/history/identity-link-log.service.js';
import { formatCamundaDate } from '../../variables/typed-value.js';
import { sendJson } from '../http.js';
import { pageParams, queryParams } from '../list-query.js';
import { engineOf, type RouteDeps } from '../rest-context.js';

/** Camunda's HistoricIdentityLinkLogDto. */
const identityLinkLogDto = ({ row, task }: IdentityLinkLogEntry) => ({
  id: row.id,
  time: formatCamundaDate(row.time),
  type: row.type,
  userId: row.userId,
  groupId: row.groupId,
  taskId: row.taskId,
  processDefinitionId: task?.processDefinitionId ?? null,
  processDefinitionKey: task?.processDefinitionKey ?? null,
  operationType: row.operationType,
  assignerId: row.assignerId,
  tenantId: task?.tenantId ?? null,
  removalTime: null,
  rootProcessInstanceId: task?.processInstanceId ?? null,
});

/** `/history/identity-link-log`: candidates and assignees of tasks, added and deleted. */
export function identityLinkLogRoutes({ router, core }: RouteDeps): void {
  router.get('/history/identity-link-log', async (ctx) => {
    sendJson(
      ctx,
      (await listIdentityLinkLog(engineOf(core, ctx), queryParams(ctx), pageParams(ctx))).map(
        identityLinkLogDto,
      ),
    );
  });
  router.get('/history/identity-link-log/count', async (ctx) => {
    sendJson(ctx, { count: await countIdentityLinkLog(engineOf(core, ctx), queryParams(ctx)) });
  });
}
