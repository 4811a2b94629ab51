import type { Context } from 'koa';
import { EngineVariable } from '@motcua/db';
import { invalidRequest } from '../runtime/errors.js';
import { toDto, type StoredValue } from '../variables/typed-value.js';
import { queryList, queryString, readJson, sendJson, sortByOf, sortOrderOf } from './http.js';
import { useBodyAsQuery } from './query-body.js';
import { countOf, pageOf, type ListQuery } from './list-query.js';
import type { RouteDeps } from './rest-context.js';

const SORT = { variableName: 'name', variableType: 'type' } as const;

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

/** Runtime variables matching the (GET-style) query parameters of `ctx`. */
export function variableInstanceQuery(ctx: Context): ListQuery<EngineVariable> {
  const sortBy = sortByOf(ctx, Object.keys(SORT) as (keyof typeof SORT)[]);
  const nameLike = queryString(ctx, 'variableNameLike');
  return {
    entity: EngineVariable,
    where: {
      name:
        nameLike !== undefined
          ? { op: 'like', value: nameLike }
          : (queryList(ctx, 'variableNameIn') ?? queryString(ctx, 'variableName')),
      processInstanceId: queryList(ctx, 'processInstanceIdIn'),
      executionId: queryList(ctx, 'executionIdIn'),
      taskId: queryList(ctx, 'taskIdIn'),
    },
    order: sortBy ? { [SORT[sortBy]]: sortOrderOf(ctx), id: 'ASC' } : { id: 'ASC' },
  };
}

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
 * `GET`/`POST /variable-instance` and `…/count`: the runtime variables, filtered by name
 * (`variableName`, `variableNameLike`), by owner (`processInstanceIdIn`, `executionIdIn`,
 * `taskIdIn`), sorted by `variableName`/`variableType`, paged by `firstResult`/`maxResults` in
 * the URL. Registered before `/variable-instance/{id}`, which would otherwise take `count`.
 */
export function variableInstanceQueryRoutes({ router, core }: RouteDeps): void {
  router.get('/variable-instance', async (ctx) => {
    sendJson(ctx, (await pageOf(core, ctx, variableInstanceQuery(ctx))).map(variableInstanceDto));
  });
  router.post('/variable-instance', async (ctx) => {
    await useQueryBody(ctx);
    sendJson(ctx, (await pageOf(core, ctx, variableInstanceQuery(ctx))).map(variableInstanceDto));
  });
  router.get('/variable-instance/count', async (ctx) => {
    sendJson(ctx, { count: await countOf(core, variableInstanceQuery(ctx)) });
  });
  router.post('/variable-instance/count', async (ctx) => {
    await useQueryBody(ctx);
    sendJson(ctx, { count: await countOf(core, variableInstanceQuery(ctx)) });
  });
}
