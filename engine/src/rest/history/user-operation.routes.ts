import type { Context } from 'koa';
import type { EngineUserOperationLog } from '@motcua/db/engine';
import { annotateOperation, userOperationQuery } from '../../services/history/user-operation-log.service.js';
import { listCount, listPage } from '../../services/query-params.js';
import { formatCamundaDate } from '../../variables/typed-value.js';
import { noContent, optString, readJson, sendJson } from '../http.js';
import { pageParams, queryParams } from '../list-query.js';
import { engineOf, type RouteDeps } from '../rest-context.js';

/** Camunda's UserOperationLogEntryDto. */
const operationDto = (o: EngineUserOperationLog) => ({
  id: o.id,
  userId: o.userId,
  timestamp: formatCamundaDate(o.timestamp),
  operationId: o.operationId,
  operationType: o.operationType,
  entityType: o.entityType,
  category: o.category,
  annotation: o.annotation,
  property: o.property,
  orgValue: o.orgValue,
  newValue: o.newValue,
  deploymentId: o.deploymentId,
  processDefinitionId: o.processDefinitionId,
  processDefinitionKey: o.processDefinitionKey,
  processInstanceId: o.processInstanceId,
  executionId: o.executionId,
  caseDefinitionId: null,
  caseInstanceId: null,
  caseExecutionId: null,
  taskId: o.taskId,
  externalTaskId: o.externalTaskId,
  batchId: null,
  jobId: null,
  jobDefinitionId: null,
  removalTime: null,
  rootProcessInstanceId: o.processInstanceId,
});

/** `/history/user-operation`: the operation log, its count, and annotating an operation. */
export function userOperationRoutes({ router, core }: RouteDeps): void {
  router.get('/history/user-operation', async (ctx) => {
    const rows = await listPage(engineOf(core, ctx), userOperationQuery(queryParams(ctx)), pageParams(ctx));
    sendJson(ctx, rows.map(operationDto));
  });
  router.get('/history/user-operation/count', async (ctx) => {
    sendJson(ctx, { count: await listCount(engineOf(core, ctx), userOperationQuery(queryParams(ctx))) });
  });
  const annotate = (set: boolean) => async (ctx: Context) => {
    const annotation = set ? optString(await readJson(ctx), 'annotation') : null;
    await annotateOperation(engineOf(core, ctx), ctx.params.operationId!, annotation);
    noContent(ctx);
  };
  router.put('/history/user-operation/:operationId/set-annotation', annotate(true));
  router.put('/history/user-operation/:operationId/clear-annotation', annotate(false));
}
