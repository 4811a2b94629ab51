import type { Context } from 'koa';
import type { EngineVariable } from '@motcua/db/engine';
import { listCount, listPage } from '../services/query-params.js';
import { variableInstanceData } from '../services/variable-data.service.js';
import { getVariableInstance, variableInstanceQuery } from '../services/variable-instance.service.js';
import { toDto, type StoredValue } from '../variables/typed-value.js';
import { sendJson } from './http.js';
import { pageParams, queryParams, withBodyAsQuery } from './list-query.js';
import { engineOf, type RouteDeps } from './rest-context.js';
import { sendVariableData } from './variables-resource.js';

/** Camunda's VariableInstanceDto (the value typed as on the variable endpoints). */
export function variableInstanceDto(v: EngineVariable) {
  const dto = toDto({ type: v.type as StoredValue['type'], text: v.textValue });
  return {
    id: v.id,
    name: v.name,
    ...dto,
    processDefinitionId: null,
    processInstanceId: v.processInstanceId,
    executionId: v.executionId,
    caseInstanceId: null,
    caseExecutionId: null,
    taskId: v.taskId,
    batchId: null,
    activityInstanceId: v.processInstanceId,
    tenantId: null,
    errorMessage: null,
  };
}

/**
 * `/variable-instance`: the runtime variables — the query (GET and POST: by name, by owner
 * `processInstanceIdIn`/`executionIdIn`/`taskIdIn`, sorted by `variableName`/`variableType`,
 * paged in the URL), its count, one variable and its bytes.
 */
export function variableInstanceRoutes({ router, core }: RouteDeps): void {
  const list = async (ctx: Context) => {
    const rows = await listPage(
      engineOf(core, ctx),
      variableInstanceQuery(queryParams(ctx)),
      pageParams(ctx),
    );
    sendJson(ctx, rows.map(variableInstanceDto));
  };
  const count = async (ctx: Context) => {
    sendJson(ctx, { count: await listCount(engineOf(core, ctx), variableInstanceQuery(queryParams(ctx))) });
  };
  router.get('/variable-instance', list);
  router.post('/variable-instance', withBodyAsQuery(list));
  router.get('/variable-instance/count', count);
  router.post('/variable-instance/count', withBodyAsQuery(count));
  router.get('/variable-instance/:id', async (ctx) => {
    sendJson(ctx, variableInstanceDto(await getVariableInstance(engineOf(core, ctx), ctx.params.id!)));
  });
  router.get('/variable-instance/:id/data', async (ctx) => {
    const id = ctx.params.id!;
    sendVariableData(ctx, await variableInstanceData(engineOf(core, ctx), id), `variable with id ${id}`);
  });
}
