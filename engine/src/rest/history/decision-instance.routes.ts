import type { Context } from 'koa';
import type { EngineHistoricDecisionInstance } from '@motcua/db/engine';
import {
  countDecisionInstances,
  decisionInstanceDetails,
  getDecisionInstance,
  listDecisionInstances,
  type DecisionInstanceDetails,
} from '../../services/history/historic-decision-instance.service.js';
import { formatCamundaDate, toDto, type StoredValue } from '../../variables/typed-value.js';
import { queryBool, sendJson } from '../http.js';
import { pageParams, queryParams } from '../list-query.js';
import { engineOf, type RouteDeps } from '../rest-context.js';

const valueOf = (r: { type: string; textValue: string | null }) =>
  toDto({ type: r.type as StoredValue['type'], text: r.textValue });

/** Camunda's HistoricDecisionInstanceDto; inputs and outputs only when asked for. */
function decisionInstanceDtos(
  rows: EngineHistoricDecisionInstance[],
  include: { inputs: boolean; outputs: boolean },
  { inputs, outputs, drds }: DecisionInstanceDetails,
) {
  // Ordered as Operaton answers: inputs by clause id, outputs by rule then clause.
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.map((r) => ({
    id: r.id,
    decisionDefinitionId: r.decisionDefinitionId,
    decisionDefinitionKey: r.decisionDefinitionKey,
    decisionDefinitionName: r.decisionDefinitionName,
    evaluationTime: formatCamundaDate(r.evaluationTime),
    removalTime: null,
    processDefinitionId: r.processDefinitionId,
    processDefinitionKey: r.processDefinitionKey,
    processInstanceId: r.processInstanceId,
    caseDefinitionId: null,
    caseDefinitionKey: null,
    caseInstanceId: null,
    activityId: r.activityId,
    activityInstanceId: r.activityInstanceId,
    tenantId: r.tenantId,
    userId: r.userId,
    ...(include.inputs
      ? {
          inputs: inputs
            .filter((i) => i.decisionInstanceId === r.id)
            .sort((a, b) => byText(a.clauseId, b.clauseId))
            .map((i) => ({
              id: i.id,
              decisionInstanceId: r.id,
              clauseId: i.clauseId,
              clauseName: i.clauseName,
              errorMessage: null,
              ...valueOf(i),
              createTime: formatCamundaDate(i.createTime),
              removalTime: null,
              rootProcessInstanceId: r.processInstanceId,
            })),
        }
      : {}), // Operaton leaves `inputs` out unless asked for
    ...(include.outputs
      ? {
          outputs: outputs
            .filter((o) => o.decisionInstanceId === r.id)
            .sort((a, b) => (a.ruleOrder ?? 0) - (b.ruleOrder ?? 0) || byText(a.clauseId, b.clauseId))
            .map((o) => ({
              id: o.id,
              decisionInstanceId: r.id,
              clauseId: o.clauseId,
              clauseName: o.clauseName,
              ruleId: o.ruleId,
              ruleOrder: o.ruleOrder,
              errorMessage: null,
              variableName: o.variableName,
              ...valueOf(o),
              createTime: formatCamundaDate(o.createTime),
              removalTime: null,
              rootProcessInstanceId: r.processInstanceId,
            })),
        }
      : {}),
    collectResultValue: r.collectResultValue,
    rootDecisionInstanceId: r.rootDecisionInstanceId,
    rootProcessInstanceId: r.processInstanceId,
    decisionRequirementsDefinitionId: drds.get(r.decisionDefinitionId)?.id ?? null,
    decisionRequirementsDefinitionKey: drds.get(r.decisionDefinitionId)?.key ?? null,
  }));
}

const includesOf = (ctx: Context) => ({
  inputs: queryBool(ctx, 'includeInputs') === true,
  outputs: queryBool(ctx, 'includeOutputs') === true,
});

/** `/history/decision-instance`: the decision history, its count, one evaluation. */
export function historicDecisionInstanceRoutes({ router, core }: RouteDeps): void {
  const answer = async (ctx: Context, rows: EngineHistoricDecisionInstance[]) => {
    const include = includesOf(ctx);
    return decisionInstanceDtos(
      rows,
      include,
      await decisionInstanceDetails(engineOf(core, ctx), rows, include),
    );
  };
  router.get('/history/decision-instance', async (ctx) => {
    sendJson(
      ctx,
      await answer(ctx, await listDecisionInstances(engineOf(core, ctx), queryParams(ctx), pageParams(ctx))),
    );
  });
  router.get('/history/decision-instance/count', async (ctx) => {
    sendJson(ctx, { count: await countDecisionInstances(engineOf(core, ctx), queryParams(ctx)) });
  });
  router.get('/history/decision-instance/:id', async (ctx) => {
    sendJson(ctx, (await answer(ctx, [await getDecisionInstance(engineOf(core, ctx), ctx.params.id!)]))[0]);
  });
}
