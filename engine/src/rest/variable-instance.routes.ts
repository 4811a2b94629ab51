import type { Context } from 'koa';
import type { EngineVariable } from '@motcua/db/engine';
import { invalidRequest } from '../runtime/errors.js';
import { listCount, listPage } from '../services/query-params.js';
import { variableInstanceData } from '../services/variable-data.service.js';
import { getVariableInstance, variableInstanceQuery } from '../services/variable-instance.service.js';
import { toDto, type StoredValue } from '../variables/typed-value.js';
import { readJson, sendJson } from './http.js';
import { pageParams, queryParams } from './list-query.js';
import { useBodyAsQuery } from './query-body.js';
import type { RouteDeps } from './rest-context.js';
import { sendVariableData } from './variables-resource.js';

/**
 * Filters of Camunda's VariableInstanceQueryDto that this engine does not evaluate. A POST body
 * naming one is refused rather than answered as if the filter were not there: a wider answer
 * than asked for is worse than a clear 400.
 */
const UNSUPPORTED = [
  'caseInstanceIdIn',
  'caseExecutionIdIn',
  'batchIdIn',
  'activityInstanceIdIn',
  'tenantIdIn',
  'variableValues',
  'variableNamesIgnoreCase',
  'variableValuesIgnoreCase',
  'variableScopeIdIn',
] as const;

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

async function useQueryBody(ctx: Context): Promise<void> {
  const body = await readJson(ctx);
  for (const key of UNSUPPORTED)
    if (body[key] !== undefined && body[key] !== null)
      throw invalidRequest(`The variable instance query filter '${key}' is not supported by this engine`);
  useBodyAsQuery(ctx, body);
}

/**
 * `/variable-instance`: the runtime variables — the query (GET and POST: by name, by owner
 * `processInstanceIdIn`/`executionIdIn`/`taskIdIn`, sorted by `variableName`/`variableType`,
 * paged in the URL), its count, one variable and its bytes.
 */
export function variableInstanceRoutes({ router, core }: RouteDeps): void {
  const list = async (ctx: Context) => {
    const rows = await listPage(core, variableInstanceQuery(queryParams(ctx)), pageParams(ctx));
    sendJson(ctx, rows.map(variableInstanceDto));
  };
  const count = async (ctx: Context) => {
    sendJson(ctx, { count: await listCount(core, variableInstanceQuery(queryParams(ctx))) });
  };
  router.get('/variable-instance', list);
  router.post('/variable-instance', async (ctx) => {
    await useQueryBody(ctx);
    await list(ctx);
  });
  router.get('/variable-instance/count', count);
  router.post('/variable-instance/count', async (ctx) => {
    await useQueryBody(ctx);
    await count(ctx);
  });
  router.get('/variable-instance/:id', async (ctx) => {
    sendJson(ctx, variableInstanceDto(await getVariableInstance(core, ctx.params.id!)));
  });
  router.get('/variable-instance/:id/data', async (ctx) => {
    const id = ctx.params.id!;
    sendVariableData(ctx, await variableInstanceData(core, id), `variable with id ${id}`);
  });
}
