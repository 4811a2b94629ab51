import type { Context } from 'koa';
import type { EngineHistoricVariableUpdate } from '@motcua/db/engine';
import type { HistoricVariableUpdateDto } from '@motcua/engine-client';
import {
  countHistoricDetails,
  getHistoricDetail,
  historicDetailData,
  listHistoricDetails,
} from '../../services/history/historic-variable.service.js';
import { formatCamundaDate, toDto, type StoredValue } from '../../variables/typed-value.js';
import { sendJson } from '../http.js';
import { pageParams, queryParams, withBodyAsQuery } from '../list-query.js';
import { engineOf, type RouteDeps } from '../rest-context.js';
import { sendVariableData } from '../variables-resource.js';

/** Camunda's HistoricVariableUpdateDto: one row per variable write. */
function detailDto(d: EngineHistoricVariableUpdate): HistoricVariableUpdateDto {
  const { value, type, valueInfo } = toDto({ type: d.type as StoredValue['type'], text: d.textValue });
  return {
    id: d.id,
    type: 'variableUpdate',
    processDefinitionKey: null,
    processDefinitionId: null,
    processInstanceId: d.processInstanceId,
    activityInstanceId: d.activityInstanceId,
    executionId: d.executionId,
    caseDefinitionKey: null,
    caseDefinitionId: null,
    caseInstanceId: null,
    caseExecutionId: null,
    taskId: d.taskId,
    tenantId: null,
    userOperationId: null,
    time: formatCamundaDate(d.time),
    removalTime: null,
    rootProcessInstanceId: d.processInstanceId,
    variableName: d.name,
    variableInstanceId: d.variableInstanceId,
    variableType: type,
    value,
    valueInfo,
    initial: d.revision === 1,
    revision: d.revision,
    errorMessage: null,
  };
}

/** `/history/detail`: variable updates — the query (GET and POST), its count, one, its bytes. */
export function historicDetailRoutes({ router, core }: RouteDeps): void {
  const list = async (ctx: Context) => {
    const rows = await listHistoricDetails(engineOf(core, ctx), queryParams(ctx), pageParams(ctx));
    sendJson(ctx, rows.map(detailDto));
  };
  router.get('/history/detail', list);
  router.get('/history/detail/count', async (ctx) => {
    sendJson(ctx, { count: await countHistoricDetails(engineOf(core, ctx), queryParams(ctx)) });
  });
  router.post('/history/detail', withBodyAsQuery(list));
  router.get('/history/detail/:id', async (ctx) => {
    sendJson(ctx, detailDto(await getHistoricDetail(engineOf(core, ctx), ctx.params.id!)));
  });
  router.get('/history/detail/:id/data', async (ctx) => {
    const id = ctx.params.id!;
    sendVariableData(ctx, await historicDetailData(engineOf(core, ctx), id), `historic detail with id ${id}`);
  });
}
