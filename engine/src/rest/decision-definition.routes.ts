import type { Context } from 'koa';
import { EngineDecisionDefinition, EngineResource, type EngineTx, type Where } from '@motcua/db';
import { evaluateDeployed, findDecisionDefinition, typedResultRow } from '../dmn/decisions.js';
import { invalidRequest, notFound } from '../runtime/errors.js';
import { fromDtoMap, toDto, toJs, VariableValueError } from '../variables/typed-value.js';
import { paging, queryBool, queryString, readJson, sendJson } from './http.js';
import type { RouteDeps } from './rest-context.js';
import { drdsOf } from './drd.routes.js';
import { latestDecisionForTenant } from '../dmn/decision-lookup.js';

/** Camunda's DecisionDefinitionDto; `drd`: the DRD deployed from the same file, if any. */
export function decisionDefinitionDto(
  d: EngineDecisionDefinition,
  drd: { id: string; key: string } | null = null,
) {
  return {
    id: d.id,
    key: d.key,
    category: 'http://camunda.org/schema/1.0/dmn',
    name: d.name,
    version: d.version,
    resource: d.resourceName,
    deploymentId: d.deploymentId,
    tenantId: d.tenantId,
    decisionRequirementsDefinitionId: drd?.id ?? null,
    decisionRequirementsDefinitionKey: drd?.key ?? null,
    historyTimeToLive: d.historyTimeToLive,
    versionTag: d.versionTag,
  };
}

/**
 * Decision definitions: list and get, and `…/evaluate` with typed variables, answering one map of
 * typed output values per matched rule (Camunda's result list). Evaluation is read-only.
 */
export function decisionDefinitionRoutes({ router, core }: RouteDeps): void {
  const list = async (ctx: Context) => {
    const where: Where<EngineDecisionDefinition> = {};
    if (queryString(ctx, 'key')) where.key = queryString(ctx, 'key');
    if (queryString(ctx, 'decisionDefinitionId')) where.id = queryString(ctx, 'decisionDefinitionId');
    if (queryString(ctx, 'deploymentId')) where.deploymentId = queryString(ctx, 'deploymentId');
    if (queryString(ctx, 'versionTag')) where.versionTag = queryString(ctx, 'versionTag');
    const rows = await core.query((tx) =>
      tx.find(EngineDecisionDefinition, where, { order: { key: 'ASC', version: 'ASC' } }),
    );
    if (!queryBool(ctx, 'latestVersion')) return rows;
    const latest = new Map<string, EngineDecisionDefinition>();
    for (const r of rows) latest.set(r.key, r);
    return [...latest.values()];
  };
  router.get('/decision-definition', async (ctx) => {
    const { skip = 0, take } = paging(ctx);
    const rows = (await list(ctx)).slice(skip, take === undefined ? undefined : skip + take);
    const drds = await core.query((tx) => drdsOf(tx, rows));
    sendJson(
      ctx,
      rows.map((d) => decisionDefinitionDto(d, drds.get(d.id) ?? null)),
    );
  });
  router.get('/decision-definition/count', async (ctx) => sendJson(ctx, { count: (await list(ctx)).length }));
  router.get('/decision-definition/key/:key', async (ctx) => {
    const def = await core.query((tx) =>
      findDecisionDefinition(tx, { key: ctx.params.key!, tenantId: null }),
    );
    const drds = await core.query((tx) => drdsOf(tx, [def]));
    sendJson(ctx, decisionDefinitionDto(def, drds.get(def.id) ?? null));
  });
  router.get('/decision-definition/:id', async (ctx) => {
    const def = await core.query((tx) => tx.get(EngineDecisionDefinition, ctx.params.id!));
    if (!def)
      throw notFound(`No matching decision definition with id ${ctx.params.id}`, 'InvalidRequestException');
    const drds = await core.query((tx) => drdsOf(tx, [def]));
    sendJson(ctx, decisionDefinitionDto(def, drds.get(def.id) ?? null));
  });

  const evaluate = async (ctx: Context, find: (tx: EngineTx) => Promise<EngineDecisionDefinition>) => {
    const body = await readJson(ctx);
    let variables: Record<string, unknown>;
    try {
      variables = Object.fromEntries([...fromDtoMap(body.variables)].map(([k, v]) => [k, toJs(v)]));
    } catch (err) {
      if (err instanceof VariableValueError) throw invalidRequest(err.message);
      throw err;
    }
    // A command, not a query: the evaluation is written to the decision history.
    const result = await core.command(async (c) =>
      evaluateDeployed(c.tx, await find(c.tx), variables, { now: c.now }),
    );
    sendJson(
      ctx,
      result.map((r) => Object.fromEntries(Object.entries(typedResultRow(r)).map(([k, v]) => [k, toDto(v)]))),
    );
  };
  router.post('/decision-definition/key/:key/evaluate', (ctx) =>
    evaluate(ctx, (tx) => findDecisionDefinition(tx, { key: ctx.params.key!, tenantId: null })),
  );
  // The latest version deployed for that tenant.
  router.post('/decision-definition/key/:key/tenant-id/:tenantId/evaluate', (ctx) =>
    evaluate(ctx, (tx) => latestDecisionForTenant(tx, ctx.params.key!, ctx.params.tenantId!)),
  );
  router.post('/decision-definition/:id/evaluate', (ctx) =>
    evaluate(ctx, async (tx) => {
      const def = await tx.get(EngineDecisionDefinition, ctx.params.id!);
      if (!def)
        throw notFound(`No matching decision definition with id ${ctx.params.id}`, 'InvalidRequestException');
      return def;
    }),
  );

  // ---- the DMN XML of a decision definition
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
