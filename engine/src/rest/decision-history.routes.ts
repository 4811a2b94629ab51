import type { Context } from 'koa';
import {
  EngineDecisionDefinition,
  EngineDecisionRequirementsDefinition,
  EngineHistoricDecisionInput,
  EngineHistoricDecisionInstance,
  EngineHistoricDecisionOutput,
  EngineResource,
  type Where,
} from '@motcua/db';
import type { EngineCore } from '../engine-core.js';
import { invalidRequest, notFound } from '../runtime/errors.js';
import { formatCamundaDate, toDto, type StoredValue } from '../variables/typed-value.js';
import { paging, queryBool, queryList, queryString, sendJson, sortByOf, sortOrderOf } from './http.js';
import type { RouteDeps } from './rest-context.js';
import { drdsOf } from './drd.routes.js';

/** `2026-11-27T10:00:00.000+0700` and ISO forms alike; a bad date is a 400 naming the parameter. */
function queryDate(ctx: Context, key: string): Date | undefined {
  const v = queryString(ctx, key);
  if (v === undefined) return undefined;
  const d = new Date(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(d.getTime())) throw invalidRequest(`Cannot set query parameter '${key}' to value '${v}'`);
  return d;
}

/** Filters of Camunda's historic decision instance query that this engine cannot answer. */
const UNSUPPORTED = ['caseDefinitionId', 'caseDefinitionKey', 'caseInstanceId'];

const SORT = { evaluationTime: 'evaluationTime', tenantId: 'tenantId' } as const;

function filterOf(ctx: Context): Where<EngineHistoricDecisionInstance> {
  for (const key of UNSUPPORTED)
    if (queryString(ctx, key) !== undefined)
      throw invalidRequest(`The historic decision instance filter '${key}' is not supported by this engine`);
  const one = (single: string, list: string) =>
    queryList(ctx, list) ??
    (queryString(ctx, single) !== undefined ? [queryString(ctx, single)!] : undefined);
  const nameLike = queryString(ctx, 'decisionDefinitionNameLike');
  const after = queryDate(ctx, 'evaluatedAfter');
  const before = queryDate(ctx, 'evaluatedBefore');
  // Camunda's bounds are inclusive.
  const bounds = [
    ...(after ? [{ op: 'gte', value: after } as const] : []),
    ...(before ? [{ op: 'lte', value: before } as const] : []),
  ];
  return {
    id: one('decisionInstanceId', 'decisionInstanceIdIn'),
    decisionDefinitionId: one('decisionDefinitionId', 'decisionDefinitionIdIn'),
    decisionDefinitionKey: one('decisionDefinitionKey', 'decisionDefinitionKeyIn'),
    decisionDefinitionName:
      nameLike !== undefined ? { op: 'like', value: nameLike } : queryString(ctx, 'decisionDefinitionName'),
    processDefinitionId: queryString(ctx, 'processDefinitionId'),
    processDefinitionKey: queryString(ctx, 'processDefinitionKey'),
    processInstanceId: queryString(ctx, 'processInstanceId'),
    activityId: queryList(ctx, 'activityIdIn'),
    activityInstanceId: queryList(ctx, 'activityInstanceIdIn'),
    userId: queryString(ctx, 'userId'),
    tenantId: queryBool(ctx, 'withoutTenantId') ? null : queryList(ctx, 'tenantIdIn'),
    rootDecisionInstanceId: queryBool(ctx, 'rootDecisionInstancesOnly')
      ? null
      : queryString(ctx, 'rootDecisionInstanceId'),
    evaluationTime: bounds.length === 2 ? { op: 'all', of: bounds } : bounds[0],
  };
}

/**
 * The query's WHERE, for the list and the count alike (the count is a `COUNT(*)` in the database,
 * never the length of a list read into the process); null when nothing can match.
 */
async function whereOf(
  core: EngineCore,
  ctx: Context,
): Promise<Where<EngineHistoricDecisionInstance> | null> {
  const where = filterOf(ctx);
  // A DRD filter is a filter on the decision definitions deployed from its file.
  const drdId = queryString(ctx, 'decisionRequirementsDefinitionId');
  const drdKey = queryString(ctx, 'decisionRequirementsDefinitionKey');
  if (drdId !== undefined || drdKey !== undefined) {
    const defIds = await core.query(async (tx) => {
      const drds = await tx.find(EngineDecisionRequirementsDefinition, { id: drdId, key: drdKey });
      const ids: string[] = [];
      for (const drd of drds)
        for (const d of await tx.find(EngineDecisionDefinition, {
          deploymentId: drd.deploymentId,
          resourceName: drd.resourceName,
        }))
          ids.push(d.id);
      return ids;
    });
    const asked = where.decisionDefinitionId as string[] | undefined;
    const ids = asked ? asked.filter((id) => defIds.includes(id)) : defIds;
    if (ids.length === 0) return null;
    where.decisionDefinitionId = ids;
  }
  return where;
}

async function listInstances(core: EngineCore, ctx: Context): Promise<EngineHistoricDecisionInstance[]> {
  const where = await whereOf(core, ctx);
  if (!where) return [];
  const sortBy = sortByOf(ctx, Object.keys(SORT) as (keyof typeof SORT)[]);
  const order = sortBy ? { [SORT[sortBy]]: sortOrderOf(ctx), id: 'ASC' as const } : { id: 'ASC' as const };
  return core.query((tx) => tx.find(EngineHistoricDecisionInstance, where, { order, ...paging(ctx) }));
}

async function countInstances(core: EngineCore, ctx: Context): Promise<number> {
  const where = await whereOf(core, ctx);
  return where ? core.query((tx) => tx.count(EngineHistoricDecisionInstance, where)) : 0;
}

const valueOf = (r: { type: string; textValue: string | null }) =>
  toDto({ type: r.type as StoredValue['type'], text: r.textValue });

/** Camunda's HistoricDecisionInstanceDto; inputs and outputs only when asked for. */
async function decisionInstanceDtos(
  core: EngineCore,
  rows: EngineHistoricDecisionInstance[],
  include: { inputs: boolean; outputs: boolean },
) {
  const ids = rows.map((r) => r.id);
  const drds = await core.query(async (tx) => {
    const defIds = [...new Set(rows.map((r) => r.decisionDefinitionId))];
    return drdsOf(tx, defIds.length ? await tx.find(EngineDecisionDefinition, { id: defIds }) : []);
  });
  // Ordered as Operaton answers: inputs by clause id, outputs by rule then clause.
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const [inputs, outputs] = await core.query(async (tx) => [
    include.inputs && ids.length
      ? await tx.find(
          EngineHistoricDecisionInput,
          { decisionInstanceId: ids },
          { order: { position: 'ASC' } },
        )
      : [],
    include.outputs && ids.length
      ? await tx.find(
          EngineHistoricDecisionOutput,
          { decisionInstanceId: ids },
          { order: { position: 'ASC' } },
        )
      : [],
  ]);
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
          inputs: (inputs as EngineHistoricDecisionInput[])
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
          outputs: (outputs as EngineHistoricDecisionOutput[])
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

const includes = (ctx: Context) => ({
  inputs: queryBool(ctx, 'includeInputs') === true,
  outputs: queryBool(ctx, 'includeOutputs') === true,
});

/**
 * Decision history (`GET /history/decision-instance`, `…/count`, `…/{id}`) and the DMN XML of a
 * decision definition (`GET /decision-definition/{id}/xml`, `…/key/{key}/xml`).
 */
export function decisionHistoryRoutes({ router, core }: RouteDeps): void {
  router.get('/history/decision-instance', async (ctx) => {
    sendJson(ctx, await decisionInstanceDtos(core, await listInstances(core, ctx), includes(ctx)));
  });
  router.get('/history/decision-instance/count', async (ctx) => {
    sendJson(ctx, { count: await countInstances(core, ctx) });
  });
  router.get('/history/decision-instance/:id', async (ctx) => {
    const row = await core.query((tx) => tx.get(EngineHistoricDecisionInstance, ctx.params.id!));
    if (!row)
      throw notFound(
        `Historic decision instance with id '${ctx.params.id}' does not exist`,
        'InvalidRequestException',
      );
    sendJson(ctx, (await decisionInstanceDtos(core, [row], includes(ctx)))[0]);
  });

  const xmlOf = async (def: EngineDecisionDefinition) => {
    const resource = await core.query((tx) =>
      tx.findOne(EngineResource, { deploymentId: def.deploymentId, name: def.resourceName }),
    );
    return { id: def.id, dmnXml: resource?.content ?? null };
  };
  // The 404s in Operaton 1.0.3's words and types.
  router.get('/decision-definition/key/:key/xml', async (ctx) => {
    const key = ctx.params.key!;
    const def = await core.query((tx) =>
      tx.findOne(EngineDecisionDefinition, { key, tenantId: null }, { order: { version: 'DESC' } }),
    );
    if (!def)
      throw notFound(`No matching decision definition with key: ${key} and no tenant-id`, 'RestException');
    sendJson(ctx, await xmlOf(def));
  });
  router.get('/decision-definition/:id/xml', async (ctx) => {
    const def = await core.query((tx) => tx.get(EngineDecisionDefinition, ctx.params.id!));
    if (!def)
      throw notFound(
        `no deployed decision definition found with id '${ctx.params.id}': decisionDefinition is null`,
        'InvalidRequestException',
      );
    sendJson(ctx, await xmlOf(def));
  });
}
